/* The data pattern of the disk self tests: every byte depends on the sector
 * it is written to, its place in the sector and a seed, so data read back
 * from the wrong sector, the wrong place or an older write is caught. */
#ifndef TESTS_KERNEL_DISK_PATTERN_H
#define TESTS_KERNEL_DISK_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#include "dev/block.h"

/* The byte at offset I of sector SECTOR under SEED. */
static inline uint8_t
disk_pattern_byte(uint64_t sector, size_t i, unsigned seed)
{
    return (uint8_t)(sector * 131 + i * 7 + seed + (i >> 8) * 3);
}

/* Fills COUNT sectors at BUF as they should read at SECTOR under SEED. */
static inline void
disk_pattern_fill(uint8_t *buf, uint64_t sector, size_t count, unsigned seed)
{
    for (size_t i = 0; i < count * BLOCK_SECTOR_SIZE; i++)
        buf[i] = disk_pattern_byte(sector + i / BLOCK_SECTOR_SIZE, i % BLOCK_SECTOR_SIZE,
                                   seed);
}

/* True if COUNT sectors at BUF hold what disk_pattern_fill put there. */
static inline bool
disk_pattern_ok(const uint8_t *buf, uint64_t sector, size_t count, unsigned seed)
{
    for (size_t i = 0; i < count * BLOCK_SECTOR_SIZE; i++)
        if (buf[i] != disk_pattern_byte(sector + i / BLOCK_SECTOR_SIZE,
                                        i % BLOCK_SECTOR_SIZE, seed))
            return false;
    return true;
}

#endif
