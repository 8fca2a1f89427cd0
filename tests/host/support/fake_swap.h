/* A swap disk for the VM host tests (tests/host/support/fake_swap.c): an
 * in-memory block device registered with the BLOCK_SWAP role, so that the
 * real vm/swap.c finds it through block_by_role and swaps to it.
 *
 * It is stricter than a disk: every request must be one whole, aligned
 * page-sized slot (8 sectors at a multiple of 8), and reading a slot that was
 * never written panics (the VM read back something it never saved).  Reads
 * and writes can be made to fail, as a disk error would.  A fresh disk holds
 * 0xdb in every byte. */
#ifndef TESTS_HOST_SUPPORT_FAKE_SWAP_H
#define TESTS_HOST_SUPPORT_FAKE_SWAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev/block.h"

#define FAKE_SWAP_SLOT_SIZE 4096UL
#define FAKE_SWAP_FRESH     0xdb

/* Makes the swap disk, of SLOTS page-sized slots, registers it and gives it
 * the swap role.  Call once per process, before swap_init (vm_init_swap).
 * Panics if called twice. */
struct block_device *fake_swap_attach(size_t slots);
/* The swap disk, or NULL if none was attached. */
struct block_device *fake_swap_device(void);

/* The next SKIP slot reads (writes) succeed, then COUNT fail (return -1,
 * transferring nothing), then all succeed again.  (0, 1): fail the next. */
void fake_swap_fail_reads(unsigned skip, unsigned count);
void fake_swap_fail_writes(unsigned skip, unsigned count);

/* Slots read and written so far (successful transfers only). */
uint64_t fake_swap_reads(void);
uint64_t fake_swap_writes(void);
/* The bytes on the disk in SLOT (FAKE_SWAP_SLOT_SIZE of them), and whether
 * SLOT was ever written. */
const uint8_t *fake_swap_slot(uint32_t slot);
bool fake_swap_slot_written(uint32_t slot);

#endif
