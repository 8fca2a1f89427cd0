/* mmap-refused: mmap returns NULL (and maps nothing) when the address is 0 or
 * not page-aligned, the length is 0, the offset is not page-aligned, the
 * range overlaps the code, the data, the stack region or reaches kernel
 * space, fd is 0, 1 or not open, or the file is empty (docs/abi.md,
 * section 5). */
#include <stdint.h>

#include "syscall.h"
#include "test.h"
#include "userprog.h"

#define FREE_ADDR  ((void *)0x10000000)
#define USER_STACK 0x47480000UL

static char data_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE))) = {1};

/* Tries each refused mapping. */
void
test_main(void)
{
    int fd = open("sample.txt"), empty;

    if (fd < 2 || !create("empty", 0) || (empty = open("empty")) < 2)
        fail("cannot open sample.txt and empty");
    CHECK(mmap(NULL, 137, 0, fd, 0) == NULL, "address 0: NULL");
    CHECK(mmap((char *)FREE_ADDR + 100, 137, 0, fd, 0) == NULL,
          "unaligned address: NULL");
    CHECK(mmap(FREE_ADDR, 0, 0, fd, 0) == NULL, "length 0: NULL");
    CHECK(mmap(FREE_ADDR, 137, 0, fd, 100) == NULL, "unaligned offset: NULL");
    CHECK(mmap((void *)0x400000, 137, 0, fd, 0) == NULL, "over the code: NULL");
    CHECK(mmap(data_page, 137, 0, fd, 0) == NULL, "over the data: NULL");
    CHECK(mmap((void *)(USER_STACK - PAGE_SIZE), 137, 0, fd, 0) == NULL,
          "over the stack: NULL");
    CHECK(mmap((void *)(USER_STACK - 64 * PAGE_SIZE), 137, 0, fd, 0) == NULL,
          "in the stack region below the stack: NULL");
    CHECK(mmap((char *)USER_TOP_ADDR - PAGE_SIZE, 2 * PAGE_SIZE, 0, fd, 0) == NULL,
          "reaching into kernel space: NULL");
    CHECK(mmap(FREE_ADDR, 137, 0, 0, 0) == NULL, "fd 0: NULL");
    CHECK(mmap(FREE_ADDR, 137, 0, 1, 0) == NULL, "fd 1: NULL");
    CHECK(mmap(FREE_ADDR, 137, 0, 100, 0) == NULL, "fd not open: NULL");
    CHECK(mmap(FREE_ADDR, 137, 0, empty, 0) == NULL, "an empty file: NULL");
    CHECK(data_page[0] == 1, "the data page is unharmed");
}
