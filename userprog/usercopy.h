/* Safe access to user memory from system calls.  Every pointer a program
 * passes is checked against the user range; the copy itself runs under a
 * fault catch point, so an unmapped or protected page ends the copy instead
 * of the kernel.  A fault on a page the VM can bring in (lazy loading, stack
 * growth) is handled on the way, as if the program had touched it.  These
 * functions are the only kernel code that touches user memory: each opens the
 * user-access window (SMAP, see arch/x86_64/protect.h) for the copy alone;
 * a fault closes it. */
#ifndef USERPROG_USERCOPY_H
#define USERPROG_USERCOPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copies N bytes from user address USRC to DST; false if any byte is not
 * readable user memory. */
bool user_copy_in(void *dst, uint64_t usrc, size_t n);
/* Copies N bytes from SRC to user address UDST; false if any byte is not
 * writable user memory. */
bool user_copy_out(uint64_t udst, const void *src, size_t n);

enum user_str { USER_STR_OK, USER_STR_FAULT, USER_STR_TOO_LONG };
#define USER_STRING_SCAN (1024 * 1024) /* how far a string is followed */
/* Copies the NUL-terminated string at USTR into BUF (SIZE bytes).  A string
 * that does not fit gives USER_STR_TOO_LONG (BUF then holds a prefix), but
 * only once the whole string (up to USER_STRING_SCAN bytes) proved readable:
 * a string that runs into memory the process may not touch is a fault,
 * however long it is. */
enum user_str user_copy_string(char *buf, size_t size, uint64_t ustr);

/* True if [ADDR, ADDR + N) lies in user space without wrapping around. */
bool user_range_ok(uint64_t addr, size_t n);

#endif
