/* Self tests of the ext2 file system through the kernel file API, on the
 * file-system disk the runner builds (e2fsck checks it after every run). */
#include "fs/file.h"
#include "fs/fs.h"
#include "kernel/ktest.h"
#include "kernel/malloc.h"
#include "kernel/printf.h"
#include "kernel/thread.h"
#include "lib/random.h"
#include "lib/sha256.h"
#include "lib/string.h"

#define CHUNK (64 * 1024)

/* The byte at OFFSET of the test pattern SEED. */
static uint8_t
pattern_byte(uint64_t offset, unsigned seed)
{
    uint64_t x = offset / 8 * 0x9e3779b97f4a7c15ull + seed;
    return (uint8_t)(x >> ((offset % 8) * 8));
}

static void
pattern_fill(uint8_t *buf, size_t n, uint64_t offset, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = pattern_byte(offset + i, seed);
}

static bool
pattern_ok(const uint8_t *buf, size_t n, uint64_t offset, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (buf[i] != pattern_byte(offset + i, seed))
            return false;
    return true;
}

static bool
mounted(void)
{
    return KTEST_CHECK(fs_mounted(), "no file system mounted");
}

/* Writes SIZE bytes of pattern SEED to new file NAME; true if all went in. */
static bool
write_pattern_file(const char *name, uint64_t size, unsigned seed)
{
    if (!KTEST_CHECK(fs_create(NULL, name, 0), "create %s", name))
        return false;
    struct file *f = file_open(NULL, name);
    uint8_t *buf = malloc(CHUNK);
    bool ok = KTEST_CHECK(f != NULL && buf != NULL, "open %s", name);
    for (uint64_t off = 0; ok && off < size; off += CHUNK) {
        size_t n = size - off < CHUNK ? size - off : CHUNK;
        pattern_fill(buf, n, off, seed);
        ok = KTEST_CHECK(file_write(f, buf, n) == (int64_t)n, "write %s at %llu", name,
                         (unsigned long long)off);
    }
    free(buf);
    file_close(f);
    return ok;
}

/* Reads NAME back sequentially and checks every byte and the length. */
static bool
check_pattern_file(const char *name, uint64_t size, unsigned seed)
{
    struct file *f = file_open(NULL, name);
    uint8_t *buf = malloc(CHUNK);
    bool ok = KTEST_CHECK(f != NULL && buf != NULL, "open %s", name) &&
              KTEST_CHECK(file_length(f) == (int64_t)size, "length of %s", name);
    for (uint64_t off = 0; ok && off < size; off += CHUNK) {
        size_t n = size - off < CHUNK ? size - off : CHUNK;
        ok = KTEST_CHECK(file_read(f, buf, n) == (int64_t)n &&
                             pattern_ok(buf, n, off, seed),
                         "%s differs near %llu", name, (unsigned long long)off);
    }
    ok = ok && KTEST_CHECK(file_read(f, buf, 1) == 0, "read past the end of %s", name);
    free(buf);
    file_close(f);
    return ok;
}

static void
test_fs_big_file(void)
{
    if (!mounted())
        return;
    const uint64_t size = 6 * 1024 * 1024 + 123;
    if (!write_pattern_file("big", size, 1) || !check_pattern_file("big", size, 1))
        return;
    struct file *f = file_open(NULL, "big");
    struct random_state rs;
    random_seed(&rs, 5);
    uint8_t buf[700];
    for (int i = 0; i < 300; i++) {
        uint64_t off = random_below(&rs, size - sizeof buf);
        size_t n = 1 + random_below(&rs, sizeof buf);
        KTEST_CHECK(file_read_at(f, buf, n, off) == (int64_t)n &&
                        pattern_ok(buf, n, off, 1),
                    "random read at %llu", (unsigned long long)off);
    }
    for (int i = 0; i < 100; i++) { /* overwrite pieces with pattern 2 ... */
        uint64_t off = random_below(&rs, size - sizeof buf);
        pattern_fill(buf, sizeof buf, off, 1);
        KTEST_CHECK(file_write_at(f, buf, sizeof buf, off) == sizeof buf);
    }
    file_close(f);
    check_pattern_file("big", size, 1); /* ... with the same bytes: nothing moved */
    KTEST_CHECK(fs_remove(NULL, "big"));
    KTEST_CHECK(file_open(NULL, "big") == NULL, "removed file still opens");
    ktest_msg("6 MiB written, read back sequentially and at 300 random offsets");
}
KTEST("fs-big-file", test_fs_big_file);

static void
test_fs_many_files(void)
{
    if (!mounted() || !KTEST_CHECK(fs_mkdir(NULL, "many")))
        return;
    char name[32];
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "many/file-%03d", i);
        write_pattern_file(name, i * 37, i);
    }
    struct file *dir = file_open(NULL, "many");
    char entry[FILE_NAME_MAX + 1];
    int count = 0;
    while (dir != NULL && file_readdir(dir, entry))
        count++;
    file_close(dir);
    KTEST_CHECK(count == 300, "readdir saw %d entries", count);
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "many/file-%03d", i);
        check_pattern_file(name, i * 37, i);
        KTEST_CHECK(fs_remove(NULL, name), "remove %s", name);
    }
    KTEST_CHECK(fs_remove(NULL, "many"), "remove the emptied directory");
    ktest_msg("300 small files created, listed, read back and removed");
}
KTEST("fs-many-files", test_fs_many_files);

static void
test_fs_recreate(void)
{
    if (!mounted())
        return;
    for (int round = 0; round < 40; round++) {
        uint64_t size = (round % 7) * 5000 + round;
        write_pattern_file("again", size, round);
        check_pattern_file("again", size, round);
        KTEST_CHECK(!fs_create(NULL, "again", 0), "created an existing file");
        KTEST_CHECK(fs_remove(NULL, "again"), "round %d", round);
    }
    KTEST_CHECK(fs_create(NULL, "sized", 10000));
    struct file *f = file_open(NULL, "sized");
    uint8_t buf[10000];
    KTEST_CHECK(f != NULL && file_length(f) == 10000);
    KTEST_CHECK(file_read(f, buf, sizeof buf) == sizeof buf);
    bool zero = true;
    for (size_t i = 0; i < sizeof buf; i++)
        zero = zero && buf[i] == 0;
    KTEST_CHECK(zero, "a created file does not read as zeros");
    file_close(f);
    fs_remove(NULL, "sized");
    ktest_msg("a file created and removed 40 times; created sizes read as zeros");
}
KTEST("fs-recreate", test_fs_recreate);

static void
test_fs_dirs(void)
{
    if (!mounted())
        return;
    KTEST_CHECK(fs_mkdir(NULL, "a") && fs_mkdir(NULL, "a/b") && fs_mkdir(NULL, "/a/b/c"));
    KTEST_CHECK(!fs_mkdir(NULL, "a/b"), "mkdir of an existing directory");
    KTEST_CHECK(!fs_mkdir(NULL, "x/y"), "mkdir under a missing directory");
    struct inode *b = fs_lookup_dir(NULL, "a/b");
    KTEST_CHECK(b != NULL && fs_create(b, "c/file", 5) && fs_create(b, "../top", 0));
    struct file *f = file_open(NULL, "/a/b/c/file");
    KTEST_CHECK(f != NULL && file_length(f) == 5 && !file_is_dir(f));
    file_close(f);
    f = file_open(b, "..//top");
    KTEST_CHECK(f != NULL, "relative path with .. and //");
    file_close(f);
    f = file_open(b, "c");
    KTEST_CHECK(f != NULL && file_is_dir(f), "a directory opens as one");
    file_close(f);
    KTEST_CHECK(!fs_remove(NULL, "a/b/c"), "removed a non-empty directory");
    KTEST_CHECK(fs_lookup_dir(b, "c/file") == NULL, "a file is not a directory");
    KTEST_CHECK(fs_remove(b, "c/file") && fs_remove(b, "c") && fs_remove(NULL, "a/top"));
    inode_close(b);
    KTEST_CHECK(fs_remove(NULL, "a/b") && fs_remove(NULL, "a"));
    KTEST_CHECK(!fs_remove(NULL, "/"), "removed the root");
    ktest_msg("nested directories, relative paths, rmdir only when empty");
}
KTEST("fs-dirs", test_fs_dirs);

static void
test_fs_removed_open(void)
{
    if (!mounted())
        return;
    write_pattern_file("doomed", 100000, 9);
    struct file *f = file_open(NULL, "doomed");
    KTEST_CHECK(fs_remove(NULL, "doomed"));
    KTEST_CHECK(file_open(NULL, "doomed") == NULL);
    uint8_t buf[1000];
    KTEST_CHECK(file_read_at(f, buf, sizeof buf, 50000) == sizeof buf &&
                    pattern_ok(buf, sizeof buf, 50000, 9),
                "removed file not readable while open");
    pattern_fill(buf, sizeof buf, 100000, 9);
    KTEST_CHECK(file_write_at(f, buf, sizeof buf, 100000) == sizeof buf,
                "removed file not writable while open");
    KTEST_CHECK(fs_create(NULL, "doomed", 0), "the name is free again");
    file_close(f);
    fs_remove(NULL, "doomed");
    ktest_msg("a removed file stays readable and writable until closed");
}
KTEST("fs-removed-open", test_fs_removed_open);

static void
test_fs_deny_write(void)
{
    if (!mounted())
        return;
    write_pattern_file("prog", 5000, 3);
    struct file *a = file_open(NULL, "prog"), *b = file_open(NULL, "prog");
    file_deny_write(a);
    uint8_t byte = 1;
    KTEST_CHECK(file_write_at(b, &byte, 1, 0) == 0, "write to a denied file");
    file_allow_write(a);
    KTEST_CHECK(file_write_at(b, &byte, 1, 0) == 1, "write after allow");
    file_close(a);
    file_close(b);
    fs_remove(NULL, "prog");
    ktest_msg("writes to a file denied for writing write nothing");
}
KTEST("fs-deny-write", test_fs_deny_write);

static void
test_fs_sparse(void)
{
    if (!mounted() || !KTEST_CHECK(fs_create(NULL, "sparse", 0)))
        return;
    struct file *f = file_open(NULL, "sparse");
    const char msg[] = "far away";
    KTEST_CHECK(file_write_at(f, msg, sizeof msg, 3 * 1024 * 1024) == sizeof msg);
    KTEST_CHECK(file_length(f) == 3 * 1024 * 1024 + (int64_t)sizeof msg);
    uint8_t buf[4096];
    bool zero = file_read_at(f, buf, sizeof buf, 1024 * 1024) == sizeof buf;
    for (size_t i = 0; i < sizeof buf; i++)
        zero = zero && buf[i] == 0;
    KTEST_CHECK(zero, "the gap does not read as zeros");
    file_close(f);
    fs_remove(NULL, "sparse");
    ktest_msg("a write 3 MiB past the end leaves a gap that reads as zeros");
}
KTEST("fs-sparse", test_fs_sparse);

/* Prints the SHA-256 of /random.bin, which the runner put on the disk. */
static void
test_fs_put_checksum(void)
{
    struct file *f = mounted() ? file_open(NULL, "random.bin") : NULL;
    uint8_t *buf = malloc(CHUNK);
    if (!KTEST_CHECK(f != NULL && buf != NULL, "no /random.bin"))
        return;
    struct sha256 s;
    sha256_init(&s);
    int64_t n, total = 0;
    while ((n = file_read(f, buf, CHUNK)) > 0) {
        sha256_update(&s, buf, n);
        total += n;
    }
    uint8_t digest[32];
    char hex[65];
    sha256_final(&s, digest);
    sha256_hex(digest, hex);
    KTEST_CHECK(total == file_length(f));
    file_close(f);
    free(buf);
    ktest_msg("sha256 %s  random.bin (%lld bytes)", hex, (long long)total);
}
KTEST("fs-put-checksum", test_fs_put_checksum);

struct fs_job {
    const char *name;
    unsigned seed;
    int kind; /* 0: write own file, 1: read shared file, 2: write half of shared */
    bool ok;
};

/* Thread: one job of the concurrency test, repeated. */
static void
fs_worker(void *aux)
{
    struct fs_job *j = aux;
    uint8_t *buf = malloc(8192);
    struct file *f = file_open(NULL, j->name);
    j->ok = f != NULL && buf != NULL;
    for (int round = 0; round < 40 && j->ok; round++) {
        uint64_t off = (j->kind == 2 ? j->seed * 400000 : 0) + round * 8192;
        if (j->kind == 1) {
            j->ok =
                file_read_at(f, buf, 8192, off) == 8192 && pattern_ok(buf, 8192, off, 77);
        } else {
            pattern_fill(buf, 8192, off, j->kind == 2 ? 77 : j->seed);
            j->ok = file_write_at(f, buf, 8192, off) == 8192;
        }
        if (round % 8 == 0)
            thread_yield();
    }
    file_close(f);
    free(buf);
}

static void
test_fs_concurrent(void)
{
    if (!mounted() || !write_pattern_file("shared", 800000, 77))
        return;
    fs_create(NULL, "own-1", 0);
    fs_create(NULL, "own-2", 0);
    struct fs_job jobs[6] = {
        {"own-1", 1, 0, false},  {"own-2", 2, 0, false},  {"shared", 0, 1, false},
        {"shared", 0, 1, false}, {"shared", 0, 2, false}, {"shared", 1, 2, false},
    };
    struct thread *t[6];
    for (int i = 0; i < 6; i++)
        t[i] = thread_create("fs-job", fs_worker, &jobs[i]);
    for (int i = 0; i < 6; i++) {
        thread_join(t[i]);
        KTEST_CHECK(jobs[i].ok, "job %d (%s) failed", i, jobs[i].name);
    }
    check_pattern_file("own-1", 40 * 8192, 1);
    check_pattern_file("own-2", 40 * 8192, 2);
    check_pattern_file("shared", 800000, 77);
    fs_remove(NULL, "own-1");
    fs_remove(NULL, "own-2");
    fs_remove(NULL, "shared");
    ktest_msg("6 threads reading and writing 3 files at once, contents intact");
}
KTEST("fs-concurrent", test_fs_concurrent);

/* Fills the (small) disk: a write that cannot get a block comes back short,
 * the file system stays consistent, and removing the file frees the space. */
static void
test_fs_full(void)
{
    if (!mounted() || !KTEST_CHECK(fs_create(NULL, "filler", 0)))
        return;
    struct file *f = file_open(NULL, "filler");
    uint8_t *buf = malloc(CHUNK);
    int64_t total = 0, n;
    pattern_fill(buf, CHUNK, 0, 4);
    while ((n = file_write(f, buf, CHUNK)) == CHUNK)
        total += n;
    KTEST_CHECK(n >= 0 && n < CHUNK, "write on a full disk returned %lld", (long long)n);
    total += n;
    KTEST_CHECK(file_write(f, buf, CHUNK) == 0, "a full disk took more data");
    KTEST_CHECK(file_length(f) == total, "length %lld after writing %lld",
                (long long)file_length(f), (long long)total);
    KTEST_CHECK(total > 1024 * 1024, "only %lld bytes fit", (long long)total);
    file_close(f);
    free(buf);
    KTEST_CHECK(fs_remove(NULL, "filler"));
    KTEST_CHECK(write_pattern_file("after", 300000, 5) &&
                    check_pattern_file("after", 300000, 5),
                "the space did not come back");
    ktest_msg("the disk filled up: a short write, then 0; space freed by remove");
}
KTEST("fs-full", test_fs_full);

/* Prints PATH's entries (recursively) with their sizes, reading every file to
 * its end: on a damaged disk every problem must come back as an error, never
 * as a crash or a hang. */
static void
walk(const char *path, int depth)
{
    struct file *dir = file_open(NULL, path);
    if (dir == NULL) {
        ktest_msg("%s: cannot open", path);
        return;
    }
    char name[FILE_NAME_MAX + 1], child[128];
    uint8_t *buf = malloc(4096);
    while (buf != NULL && file_readdir(dir, name)) {
        snprintf(child, sizeof child, "%s%s%s", path, depth ? "/" : "", name);
        struct file *f = file_open(NULL, child);
        if (f == NULL) {
            ktest_msg("%s: cannot open", child);
        } else if (file_is_dir(f)) {
            ktest_msg("%s: directory", child);
            if (depth < 8)
                walk(child, depth + 1);
        } else {
            int64_t n, total = 0;
            while ((n = file_read(f, buf, 4096)) > 0)
                total += n;
            ktest_msg("%s: read %lld of %lld bytes", child, (long long)total,
                      (long long)file_length(f));
        }
        file_close(f);
    }
    free(buf);
    file_close(dir);
}

static void
test_fs_walk(void)
{
    if (!fs_mounted()) {
        ktest_msg("nothing mounted");
        return;
    }
    walk("/", 0);
    bool made = fs_create(NULL, "new-file", 100);
    ktest_msg("create: %s", made ? "ok" : "failed");
    if (made)
        ktest_msg("remove: %s", fs_remove(NULL, "new-file") ? "ok" : "failed");
}
KTEST("fs-walk", test_fs_walk);
