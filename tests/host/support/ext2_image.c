/* Image helpers for the ext2 host tests (see ext2_image.h). */
#define _GNU_SOURCE
#include "tests/host/support/ext2_image.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char scratch[256]; /* the scratch directory; "" before img_setup */

void
img_setup(const char *test_name)
{
    const char *tmp = getenv("TMPDIR");
    const char *path = getenv("PATH");
    char newpath[4096];

    snprintf(newpath, sizeof newpath, "%s:/usr/sbin:/sbin",
             path ? path : "/usr/bin:/bin");
    setenv("PATH", newpath, 1);
    snprintf(scratch, sizeof scratch, "%s/hwan-%s-XXXXXX", tmp ? tmp : "/tmp", test_name);
    if (mkdtemp(scratch) == NULL) {
        perror("mkdtemp");
        exit(1);
    }
    atexit(img_cleanup);
}

void
img_cleanup(void)
{
    if (getenv("EXT2_TEST_KEEP") != NULL) {
        fprintf(stderr, "keeping %s\n", scratch);
        return;
    }
    if (scratch[0] != '\0')
        img_run("rm -rf '%s'", scratch);
    scratch[0] = '\0';
}

const char *
img_path(const char *name)
{
    static struct {
        char name[64];
        char path[512];
    } paths[64]; /* interned: the same NAME always gets the same buffer */
    static size_t n_paths;

    for (size_t i = 0; i < n_paths; i++)
        if (strcmp(paths[i].name, name) == 0)
            return paths[i].path;
    if (n_paths == sizeof paths / sizeof paths[0] ||
        strlen(name) >= sizeof paths[0].name) {
        fprintf(stderr, "img_path: too many or too long names (%s)\n", name);
        exit(1);
    }
    snprintf(paths[n_paths].name, sizeof paths[0].name, "%s", name);
    snprintf(paths[n_paths].path, sizeof paths[0].path, "%s/%s", scratch, name);
    return paths[n_paths++].path;
}

/* Prints the log of the last command. */
static void
img_show_log(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cat '%s/cmd.log' >&2", scratch);
    if (system(cmd) != 0)
        fprintf(stderr, "(no log)\n");
}

int
img_run(const char *fmt, ...)
{
    char cmd[4096], full[4700];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    snprintf(full, sizeof full, "( %s ) >'%s/cmd.log' 2>&1", cmd, scratch);
    int st = system(full);
    if (st == -1 || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

int
img_mkfs(const char *img, unsigned bs, const char *staging, const char *size,
         const char *extra)
{
    char dopt[600] = "";
    if (staging != NULL)
        snprintf(dopt, sizeof dopt, "-d '%s'", staging);
    int r = img_run("rm -f '%s' && truncate -s %s '%s' && mke2fs -q -F -t ext2 -b %u %s "
                    "%s '%s'",
                    img, size, img, bs, extra ? extra : "", dopt, img);
    if (r != 0) {
        fprintf(stderr, "mke2fs failed (%d):\n", r);
        img_show_log();
        return -1;
    }
    return 0;
}

int
img_fsck(const char *img)
{
    int r = img_run("e2fsck -fn '%s'", img);
    if (r != 0) {
        fprintf(stderr, "e2fsck -fn %s: exit status %d:\n", img, r);
        img_show_log();
    }
    return r;
}

/* Reads all of host file PATH (malloc'd, NUL-terminated), or NULL. */
static char *
img_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, (cap *= 2) + 1);
    }
    fclose(f);
    if (buf == NULL)
        return NULL;
    buf[n] = '\0';
    if (len != NULL)
        *len = n;
    return buf;
}

char *
img_debugfs(const char *img, const char *req, size_t *len)
{
    const char *out = img_path("debugfs.out");
    if (img_run("debugfs -R \"%s\" '%s' >'%s'", req, img, out) != 0)
        return NULL;
    return img_slurp(out, len);
}

uint8_t *
img_cat(const char *img, const char *path, size_t *len)
{
    char req[600];
    snprintf(req, sizeof req, "cat %s", path);
    return (uint8_t *)img_debugfs(img, req, len);
}

int
img_inode_location(const char *img, const char *path, uint32_t *ino, uint64_t *offset)
{
    char req[600];
    unsigned long block, off;
    snprintf(req, sizeof req, "imap %s", path);
    char *out = img_debugfs(img, req, NULL);
    char *at = out ? strstr(out, "located at block") : NULL;
    char *num = out ? strstr(out, "Inode ") : NULL;
    int r = -1;
    if (at != NULL && num != NULL && sscanf(num, "Inode %u", ino) == 1 &&
        sscanf(at, "located at block %lu, offset %lx", &block, &off) == 2) {
        char *bs = img_debugfs(img, "stats", NULL);
        char *bsl = bs ? strstr(bs, "Block size:") : NULL;
        unsigned long size;
        if (bsl != NULL && sscanf(bsl, "Block size: %lu", &size) == 1) {
            *offset = block * size + off;
            r = 0;
        }
        free(bs);
    }
    free(out);
    return r;
}

uint32_t
img_file_block(const char *img, const char *path, unsigned n)
{
    char req[600];
    snprintf(req, sizeof req, "blocks %s", path);
    char *out = img_debugfs(img, req, NULL);
    uint32_t block = 0;
    char *p = out;
    for (unsigned i = 0; p != NULL && i <= n; i++) {
        char *end;
        unsigned long v = strtoul(p, &end, 10);
        if (end == p)
            break;
        if (i == n)
            block = v;
        p = end;
    }
    free(out);
    return block;
}

/* Transfers N bytes at OFF of file PATH.  0 or -1. */
static int
img_xfer(const char *path, uint64_t off, void *data, size_t n, bool write)
{
    int fd = open(path, write ? O_WRONLY | O_CREAT : O_RDONLY, 0644);
    if (fd < 0)
        return -1;
    ssize_t got = write ? pwrite(fd, data, n, off) : pread(fd, data, n, off);
    close(fd);
    return got == (ssize_t)n ? 0 : -1;
}

int
img_poke(const char *path, uint64_t off, const void *data, size_t n)
{
    return img_xfer(path, off, (void *)data, n, true);
}

int
img_peek(const char *path, uint64_t off, void *data, size_t n)
{
    return img_xfer(path, off, data, n, false);
}

int
img_poke32(const char *path, uint64_t off, uint32_t v)
{
    return img_poke(path, off, &v, 4);
}

int
img_poke16(const char *path, uint64_t off, uint16_t v)
{
    return img_poke(path, off, &v, 2);
}

int
img_copy(const char *from, const char *to)
{
    return img_run("cp --sparse=always '%s' '%s'", from, to) == 0 ? 0 : -1;
}

uint8_t
pattern_byte(uint32_t seed, uint64_t off)
{
    uint64_t x = ((uint64_t)seed << 40) ^ (off / 8) ^ 0x9e3779b97f4a7c15ull;
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 29;
    return (uint8_t)(x >> (off % 8 * 8));
}

void
pattern_fill(void *buf, size_t n, uint32_t seed, uint64_t off)
{
    uint8_t *p = buf;
    for (size_t i = 0; i < n; i++)
        p[i] = pattern_byte(seed, off + i);
}

size_t
pattern_diff(const void *buf, size_t n, uint32_t seed, uint64_t off)
{
    const uint8_t *p = buf;
    for (size_t i = 0; i < n; i++)
        if (p[i] != pattern_byte(seed, off + i))
            return i;
    return n;
}

int
stage_write(const char *path, uint64_t off, size_t n, uint32_t seed)
{
    uint8_t *buf = malloc(n ? n : 1);
    if (buf == NULL)
        return -1;
    pattern_fill(buf, n, seed, off);
    int r = img_poke(path, off, buf, n);
    free(buf);
    return r;
}
