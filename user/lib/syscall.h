/* The system calls of the hwan user ABI, with exactly the C prototypes of
 * docs/abi.md (those of the Pintos-KAIST user library), plus hwan's extensions
 * sbrk, vmstat, uptime_us, the job-control calls and procinfo.  Each is one
 * `syscall` instruction (user/lib/syscall.c). */
#ifndef USER_SYSCALL_H
#define USER_SYSCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vmstat;
struct procinfo;

typedef int pid_t;
typedef int off_t; /* 32-bit, as in Pintos-KAIST */

#define PID_ERROR       ((pid_t)-1)
#define MAP_FAILED      ((void *)NULL)
#define READDIR_MAX_LEN 14 /* longest name readdir returns */
#define EXIT_SUCCESS    0
#define EXIT_FAILURE    1

/* The Pintos-KAIST interface, numbers 0-22. */
void halt(void) __attribute__((noreturn));
void exit(int status) __attribute__((noreturn));
pid_t fork(const char *name);
int exec(const char *cmdline);
int wait(pid_t pid);
bool create(const char *file, unsigned initial_size);
bool remove(const char *file);
int open(const char *file);
int filesize(int fd);
int read(int fd, void *buf, unsigned size);
int write(int fd, const void *buf, unsigned size);
void seek(int fd, unsigned pos);
unsigned tell(int fd);
void close(int fd);
void *mmap(void *addr, size_t length, int writable, int fd, off_t offset);
void munmap(void *addr);
bool chdir(const char *dir);
bool mkdir(const char *dir);
bool readdir(int fd, char name[15]);
bool isdir(int fd);
int inumber(int fd);
int symlink(const char *target, const char *linkpath);
int dup2(int oldfd, int newfd);

/* hwan extensions, numbers 23 and up. */
void *sbrk(intptr_t increment);
int vmstat(struct vmstat *out, unsigned size);
uint64_t uptime_us(void);
int setpgid(pid_t pid, pid_t pgid);
int tcsetpgrp(pid_t pgid);
int trywait(pid_t pid, int *status);
int kill(pid_t pid);
int sync(void);
int procinfo(struct procinfo *out, unsigned max);

#endif
