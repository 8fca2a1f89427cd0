/* Bit array.
 *
 * The header and the bits live together in one block of storage, which the
 * caller provides (bitmap_init: e.g. the page allocator, before any heap
 * exists) or which comes from malloc (bitmap_create).  Bit indexes run from 0
 * to bitmap_size() - 1; every function asserts that the bits it is given
 * (START .. START + CNT - 1) lie inside.  Not thread safe: the caller provides
 * locking.
 */
#ifndef LIB_BITMAP_H
#define LIB_BITMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Returned by bitmap_scan when nothing matches. */
#define BITMAP_NONE SIZE_MAX

struct bitmap;

size_t bitmap_storage_size(size_t bits);
struct bitmap *bitmap_init(void *storage, size_t bits);
struct bitmap *bitmap_create(size_t bits);
void bitmap_destroy(struct bitmap *b);
size_t bitmap_size(const struct bitmap *b);

void bitmap_set(struct bitmap *b, size_t idx);
void bitmap_reset(struct bitmap *b, size_t idx);
void bitmap_flip(struct bitmap *b, size_t idx);
bool bitmap_test(const struct bitmap *b, size_t idx);
/* Sets bit IDX to 0; returns whether it was 1. */
bool bitmap_test_and_reset(struct bitmap *b, size_t idx);
void bitmap_set_range(struct bitmap *b, size_t start, size_t cnt, bool value);

size_t bitmap_count(const struct bitmap *b, size_t start, size_t cnt, bool value);
bool bitmap_all(const struct bitmap *b, size_t start, size_t cnt);
bool bitmap_any(const struct bitmap *b, size_t start, size_t cnt);
bool bitmap_none(const struct bitmap *b, size_t start, size_t cnt);

size_t bitmap_scan(const struct bitmap *b, size_t start, size_t cnt, bool value);
size_t bitmap_scan_and_flip(struct bitmap *b, size_t start, size_t cnt, bool value);

#endif
