/* The system calls that move data (userprog/syscall_io.c) and set-up. */
#ifndef USERPROG_SYSCALL_H
#define USERPROG_SYSCALL_H

#include <stdint.h>

/* The largest file size the calls can report (filesize returns an int, off_t
 * is 32 bits): write() stops there and create() refuses a larger size. */
#define USER_FILE_MAX INT32_MAX

/* read(FD, UBUF, SIZE) and write(FD, UBUF, SIZE) as docs/abi.md says. */
uint64_t syscall_read(int fd, uint64_t ubuf, uint32_t size);
uint64_t syscall_write(int fd, uint64_t ubuf, uint32_t size);
/* sbrk(INCREMENT): moves the end of the heap; returns the old end or -1. */
uint64_t syscall_sbrk(int64_t increment);
/* vmstat(UOUT, SIZE): copies the VM counters out; returns the bytes filled. */
uint64_t syscall_vmstat(uint64_t uout, uint32_t size);
/* procinfo(UOUT, MAX): copies out up to MAX process records; returns how many. */
uint64_t syscall_procinfo(uint64_t uout, uint32_t max);

/* Installs the page-fault and user-exception handlers and int 0x42. */
void exception_init(void);

#endif
