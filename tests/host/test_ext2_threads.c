/* Host tests for fs/ under concurrency (pthreads through the sync.h shim):
 * threads writing and reading their own files, threads writing disjoint
 * stripes of one shared file while others read it, threads creating and
 * removing the same names and directories, all with a cache small enough
 * to evict constantly and a thread calling fs_sync.  Contents are checked
 * and e2fsck -fn must find the image clean afterwards. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "lib/random.h"
#include "tests/host/support/ext2_check.h"
#include "tests/host/support/host_console.h"

#define NTHREADS    8
#define OWN_SIZE    (384 * 1024)
#define STRIPE      4099 /* bytes per stripe of the shared file: not block aligned */
#define STRIPES     96   /* per writer */
#define NWRITERS    6
#define SHARED_SIZE ((int64_t)STRIPE * STRIPES * NWRITERS)

static int stop_sync;                  /* atomic: tells the sync thread to stop */
static volatile int bad[NTHREADS + 4]; /* per-thread failure flags, checked after join */

/* Writes then reads back its own file in random pieces; also lists and
 * changes the shared directory /own.  ARG: the thread number. */
static void *
own_file_thread(void *arg)
{
    int id = (int)(intptr_t)arg;
    char path[64], tmp[64], name[FILE_NAME_MAX + 1];
    struct random_state rs;
    uint8_t *buf = malloc(20000);

    random_seed(&rs, id);
    snprintf(path, sizeof path, "/own/file%d", id);
    if (!fs_create(NULL, path, 0))
        bad[id] = 1;
    struct file *f = file_open(NULL, path);
    for (int64_t off = 0; f != NULL && off < OWN_SIZE;) {
        size_t n = 1 + random_below(&rs, 20000);
        n = off + (int64_t)n > OWN_SIZE ? (size_t)(OWN_SIZE - off) : n;
        pattern_fill(buf, n, 50 + id, off);
        if (file_write(f, buf, n) != (int64_t)n)
            bad[id] = 2;
        off += n;
        snprintf(tmp, sizeof tmp, "/own/tmp%d_%d", id, (int)(off % 7));
        if (fs_create(NULL, tmp, off % 5000) && !fs_remove(NULL, tmp))
            bad[id] = 3;
    }
    for (int64_t off = 0; f != NULL && off < OWN_SIZE; off += 20000) {
        size_t n = OWN_SIZE - off < 20000 ? (size_t)(OWN_SIZE - off) : 20000;
        if (file_read_at(f, buf, n, off) != (int64_t)n ||
            pattern_diff(buf, n, 50 + id, off) != n)
            bad[id] = 4;
    }
    struct file *d = file_open(NULL, "/own");
    while (d != NULL && file_readdir(d, name))
        continue;
    file_close(d);
    file_close(f);
    free(buf);
    return NULL;
}

/* Writes its stripes of /shared (stripe i of writer w is at
 * (i * NWRITERS + w) * STRIPE), in a scrambled order. */
static void *
stripe_writer(void *arg)
{
    int w = (int)(intptr_t)arg;
    struct file *f = file_open(NULL, "/shared");
    uint8_t *buf = malloc(STRIPE);

    for (int k = 0; f != NULL && k < STRIPES; k++) {
        int i = (k * 37) % STRIPES;
        int64_t off = ((int64_t)i * NWRITERS + w) * STRIPE;
        pattern_fill(buf, STRIPE, 7, off);
        if (file_write_at(f, buf, STRIPE, off) != STRIPE)
            bad[w] = 5;
    }
    file_close(f);
    free(buf);
    return NULL;
}

/* Reads random ranges of /shared while it is written: every byte must be 0
 * (not written yet) or its final value. */
static void *
stripe_reader(void *arg)
{
    int id = (int)(intptr_t)arg;
    struct random_state rs;
    struct file *f = file_open(NULL, "/shared");
    uint8_t *buf = malloc(10000);

    random_seed(&rs, 1000 + id);
    for (int k = 0; f != NULL && k < 300; k++) {
        int64_t off = random_below(&rs, SHARED_SIZE);
        int64_t n = file_read_at(f, buf, 10000, off);
        for (int64_t i = 0; i < n; i++)
            if (buf[i] != 0 && buf[i] != pattern_byte(7, off + i))
                bad[id] = 6;
    }
    file_close(f);
    free(buf);
    return NULL;
}

/* Creates and removes the same names and directories as the other threads
 * of its kind; any outcome is fine as long as nothing breaks. */
static void *
churn_thread(void *arg)
{
    int id = (int)(intptr_t)arg;
    struct random_state rs;
    char path[64];

    random_seed(&rs, 77 + id);
    for (int k = 0; k < 300; k++) {
        int n = random_below(&rs, 6);
        switch (random_below(&rs, 5)) {
        case 0:
            snprintf(path, sizeof path, "/churn/d%d", n);
            fs_mkdir(NULL, path);
            break;
        case 1:
            snprintf(path, sizeof path, "/churn/d%d/f", n);
            fs_create(NULL, path, 100);
            break;
        case 2:
            snprintf(path, sizeof path,
                     random_below(&rs, 2) ? "/churn/d%d" : "/churn/d%d/f", n);
            fs_remove(NULL, path);
            break;
        case 3: {
            snprintf(path, sizeof path, "/churn/d%d/f", n);
            struct file *f = file_open(NULL, path);
            if (f != NULL && file_write_at(f, "abc", 3, k) != 3)
                bad[id] = 7;
            file_close(f);
            break;
        }
        default: {
            snprintf(path, sizeof path, "/churn/d%d/../d%d", n, (n + 1) % 6);
            inode_close(fs_lookup_dir(NULL, path));
        }
        }
    }
    return NULL;
}

/* Calls fs_sync until told to stop. */
static void *
sync_thread(void *arg)
{
    while (!__atomic_load_n(&stop_sync, __ATOMIC_RELAXED))
        fs_sync();
    return NULL;
}

/* Starts N threads running FN (argument: FIRST + their index) and waits. */
static void
run_threads(void *(*fn)(void *), int n, int first)
{
    pthread_t t[NTHREADS];
    for (int i = 0; i < n; i++)
        CHECK(pthread_create(&t[i], NULL, fn, (void *)(intptr_t)(first + i)) == 0);
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
}

/* Checks that no thread reported a failure. */
static void
check_threads_ok(void)
{
    for (int i = 0; i < NTHREADS + 4; i++) {
        CHECK_MSG(bad[i] == 0, "thread %d failed with code %d", i, bad[i]);
        bad[i] = 0;
    }
}

/* Runs every kind of thread on a fresh image with block size BS and a
 * cache of CACHE buffers (plus a thread calling fs_sync throughout). */
static void
test_concurrency(unsigned bs, size_t cache)
{
    const char *img = img_path("threads.img");
    pthread_t syncer;
    char path[64];

    CHECK(img_mkfs(img, bs, NULL, "32M", NULL) == 0);
    ext2t_mount(img, cache);
    __atomic_store_n(&stop_sync, 0, __ATOMIC_RELAXED);
    CHECK(pthread_create(&syncer, NULL, sync_thread, NULL) == 0);
    CHECK(fs_mkdir(NULL, "/own") && fs_mkdir(NULL, "/churn") &&
          fs_create(NULL, "/shared", 0));
    run_threads(own_file_thread, NTHREADS, 0);
    check_threads_ok();
    pthread_t readers[2];
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&readers[i], NULL, stripe_reader,
                             (void *)(intptr_t)(NWRITERS + i)) == 0);
    run_threads(stripe_writer, NWRITERS, 0);
    for (int i = 0; i < 2; i++)
        pthread_join(readers[i], NULL);
    check_threads_ok();
    run_threads(churn_thread, NTHREADS, 0);
    check_threads_ok();
    __atomic_store_n(&stop_sync, 1, __ATOMIC_RELAXED);
    pthread_join(syncer, NULL);
    for (int i = 0; i < NTHREADS; i++) {
        snprintf(path, sizeof path, "/own/file%d", i);
        ext2t_check_pattern(path, 50 + i, OWN_SIZE);
    }
    ext2t_check_pattern("/shared", 7, SHARED_SIZE);
    ext2t_unmount_fsck(img);
    ext2t_check_debugfs(img, "/shared", 7, SHARED_SIZE);
    ext2t_check_debugfs(img, "/own/file3", 53, OWN_SIZE);
}

int
main(void)
{
    img_setup("test_ext2_threads");
    host_console_set_quiet(true);
    test_concurrency(1024, 16);
    test_concurrency(4096, 64);
    img_cleanup();
    return check_done("test_ext2_threads");
}
