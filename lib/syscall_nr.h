/* System call numbers, shared by the kernel and the user library.
 * 0-22 are the Pintos-KAIST interface (docs/abi.md); 23 and up are hwan's own
 * extensions, documented in docs/abi.md. */
#ifndef LIB_SYSCALL_NR_H
#define LIB_SYSCALL_NR_H

enum {
    SYS_HALT = 0,
    SYS_EXIT = 1,
    SYS_FORK = 2,
    SYS_EXEC = 3,
    SYS_WAIT = 4,
    SYS_CREATE = 5,
    SYS_REMOVE = 6,
    SYS_OPEN = 7,
    SYS_FILESIZE = 8,
    SYS_READ = 9,
    SYS_WRITE = 10,
    SYS_SEEK = 11,
    SYS_TELL = 12,
    SYS_CLOSE = 13,
    SYS_MMAP = 14,
    SYS_MUNMAP = 15,
    SYS_CHDIR = 16,
    SYS_MKDIR = 17,
    SYS_READDIR = 18,
    SYS_ISDIR = 19,
    SYS_INUMBER = 20,
    SYS_SYMLINK = 21,
    SYS_DUP2 = 22,
    /* hwan extensions */
    SYS_SBRK = 23,   /* void *sbrk(intptr_t increment): grows the heap, returns old end */
    SYS_VMSTAT = 24, /* int vmstat(struct vmstat *out, unsigned size): VM counters */
    SYS_UPTIME = 25, /* uint64_t uptime_us(void): microseconds since boot */
    SYS_SETPGID = 26,   /* int setpgid(pid_t pid, pid_t pgid): job control */
    SYS_TCSETPGRP = 27, /* int tcsetpgrp(pid_t pgid): the console's foreground group */
    SYS_TRYWAIT = 28,   /* int trywait(pid_t pid, int *status): wait without blocking */
    SYS_KILL = 29,      /* int kill(pid_t pid): end a process or group with -1 */
    SYS_SYNC = 30,      /* int sync(void): writes every change to the disk; 0 or -1 */
    SYS_PROCINFO = 31,  /* int procinfo(struct procinfo *out, unsigned max): processes */
    SYS_COUNT
};

#endif
