/* Checks shared by the ext2 host tests (tests/host/test_ext2*.c): mounting an
 * image file, reading and writing whole files through the kernel file API,
 * and comparing contents.  Header-only so every check counts in the including
 * test's check.h counter. */
#ifndef TESTS_HOST_SUPPORT_EXT2_CHECK_H
#define TESTS_HOST_SUPPORT_EXT2_CHECK_H

#include <stdlib.h>

#include "fs/file.h"
#include "fs/fs.h"
#include "tests/host/check.h"
#include "tests/host/support/ext2_image.h"
#include "tests/host/support/host_block.h"

static struct block_device *ext2t_dev; /* the mounted image's device */

/* Mounts image IMG read-write with a cache of BUFFERS blocks. */
static inline void
ext2t_mount(const char *img, size_t buffers)
{
    ext2t_dev = host_block_open(img, true);
    CHECK_MSG(ext2t_dev != NULL, "cannot open %s", img);
    CHECK_MSG(fs_mount_cache(ext2t_dev, buffers) == 0, "mounting %s", img);
}

/* Unmounts and closes the device. */
static inline void
ext2t_unmount(void)
{
    fs_unmount();
    host_block_close(ext2t_dev);
    ext2t_dev = NULL;
}

/* Unmounts, then checks that e2fsck -fn finds IMG clean. */
static inline void
ext2t_unmount_fsck(const char *img)
{
    ext2t_unmount();
    CHECK_MSG(img_fsck(img) == 0, "e2fsck -fn %s is not clean", img);
}

/* Reads all of PATH (relative to CWD) through the API; returns a malloc'd
 * buffer (at least 1 byte) and the length in *LEN, or NULL if it does not
 * open. */
static inline uint8_t *
ext2t_read_all(struct inode *cwd, const char *path, int64_t *len)
{
    struct file *f = file_open(cwd, path);
    if (f == NULL)
        return NULL;
    *len = file_length(f);
    uint8_t *buf = malloc(*len + 1);
    CHECK(buf != NULL);
    CHECK_EQ_INT(file_read(f, buf, *len), *len);
    CHECK_EQ_INT(file_read(f, buf, 1), 0); /* at the end */
    file_close(f);
    return buf;
}

/* Checks that PATH holds LEN bytes of pattern SEED. */
static inline void
ext2t_check_pattern(const char *path, uint32_t seed, int64_t len)
{
    int64_t got;
    uint8_t *buf = ext2t_read_all(NULL, path, &got);
    CHECK_MSG(buf != NULL, "cannot open %s", path);
    CHECK_EQ_INT(got, len);
    size_t d = pattern_diff(buf, len, seed, 0);
    CHECK_MSG(d == (size_t)len, "%s differs at byte %zu", path, d);
    free(buf);
}

/* Checks that debugfs reads LEN bytes of pattern SEED from PATH of IMG. */
static inline void
ext2t_check_debugfs(const char *img, const char *path, uint32_t seed, size_t len)
{
    size_t got;
    uint8_t *buf = img_cat(img, path, &got);
    CHECK_MSG(buf != NULL, "debugfs cannot read %s", path);
    CHECK_EQ_INT(got, len);
    size_t d = pattern_diff(buf, len, seed, 0);
    CHECK_MSG(d == len, "debugfs: %s differs at byte %zu", path, d);
    free(buf);
}

/* Writes LEN bytes of pattern SEED to the start of open file F, CHUNK bytes
 * per call.  Returns the bytes written (stops at the first short write). */
static inline int64_t
ext2t_write_pattern(struct file *f, uint32_t seed, int64_t len, size_t chunk)
{
    uint8_t *buf = malloc(chunk);
    int64_t done = 0;
    CHECK(buf != NULL);
    while (done < len) {
        size_t n = len - done < (int64_t)chunk ? (size_t)(len - done) : chunk;
        pattern_fill(buf, n, seed, done);
        int64_t w = file_write(f, buf, n);
        done += w;
        if (w != (int64_t)n)
            break;
    }
    free(buf);
    return done;
}

/* Creates PATH and writes LEN bytes of pattern SEED to it. */
static inline void
ext2t_make_file(const char *path, uint32_t seed, int64_t len)
{
    CHECK_MSG(fs_create(NULL, path, 0), "create %s", path);
    struct file *f = file_open(NULL, path);
    CHECK_MSG(f != NULL, "open %s", path);
    CHECK_EQ_INT(ext2t_write_pattern(f, seed, len, 4093), len);
    file_close(f);
}

#endif
