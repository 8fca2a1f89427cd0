/* Helpers for the ext2 host tests: a scratch directory, building images with
 * mke2fs -d from a staging directory, checking them with e2fsck -fn, reading
 * files back with debugfs, patching bytes (to corrupt an image on purpose),
 * and deterministic file contents.  Commands run through /bin/sh with
 * /usr/sbin and /sbin added to PATH; their output goes to a log that is
 * printed when they fail. */
#ifndef TESTS_HOST_SUPPORT_EXT2_IMAGE_H
#define TESTS_HOST_SUPPORT_EXT2_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Makes the scratch directory (under $TMPDIR or /tmp), removed at exit;
 * exits on failure. */
void img_setup(const char *test_name);
/* Removes the scratch directory and everything in it (unless the environment
 * has EXT2_TEST_KEEP, for debugging). */
void img_cleanup(void);
/* Returns "SCRATCH/NAME" (the same buffer for the same NAME, valid until
 * exit; at most 64 different names). */
const char *img_path(const char *name);

/* Runs the shell command made from FMT; returns its exit status (-1 if it
 * could not run).  Output goes to the log. */
int img_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Builds IMG: ext2 with block size BS, SIZE bytes (with a suffix: "8M"),
 * populated from STAGING (NULL: empty), with EXTRA mke2fs options (NULL:
 * none).  Returns 0 or -1 (after printing mke2fs's output). */
int img_mkfs(const char *img, unsigned bs, const char *staging, const char *size,
             const char *extra);
/* Runs e2fsck -fn on IMG; returns its exit status (0: clean), printing its
 * output if it is not 0. */
int img_fsck(const char *img);
/* Runs debugfs request REQ on IMG; returns its standard output (malloc'd,
 * NUL-terminated; also its length in *LEN if LEN is not NULL), or NULL. */
char *img_debugfs(const char *img, const char *req, size_t *len);
/* File PATH of IMG read by debugfs (malloc'd), or NULL. */
uint8_t *img_cat(const char *img, const char *path, size_t *len);
/* Inode number, block number of its table block and byte offset in the
 * image of the inode of PATH in IMG (from debugfs imap).  Returns 0 or -1. */
int img_inode_location(const char *img, const char *path, uint32_t *ino,
                       uint64_t *offset);
/* The Nth block (from 0) debugfs lists for PATH ("blocks"), or 0. */
uint32_t img_file_block(const char *img, const char *path, unsigned n);

/* Writes / reads N bytes at byte OFF of file PATH.  0 or -1. */
int img_poke(const char *path, uint64_t off, const void *data, size_t n);
int img_peek(const char *path, uint64_t off, void *data, size_t n);
/* img_poke of a 32-bit / 16-bit little-endian value. */
int img_poke32(const char *path, uint64_t off, uint32_t v);
int img_poke16(const char *path, uint64_t off, uint16_t v);
/* Copies file FROM to TO.  0 or -1. */
int img_copy(const char *from, const char *to);

/* Byte OFF of the deterministic content numbered SEED. */
uint8_t pattern_byte(uint32_t seed, uint64_t off);
/* Fills BUF with N bytes of content SEED starting at OFF. */
void pattern_fill(void *buf, size_t n, uint32_t seed, uint64_t off);
/* Returns the index of the first byte of BUF (N bytes) that differs from
 * content SEED at OFF, or N if they all match. */
size_t pattern_diff(const void *buf, size_t n, uint32_t seed, uint64_t off);
/* Writes N bytes of content SEED at OFF of host file PATH (created if
 * needed, not truncated).  0 or -1. */
int stage_write(const char *path, uint64_t off, size_t n, uint32_t seed);

#endif
