/* System call stubs (see user/lib/syscall.h and docs/abi.md).  The number goes
 * in rax, arguments 1-6 in rdi, rsi, rdx, r10, r8, r9; the result comes back
 * in rax; the `syscall` instruction itself clobbers rcx and r11.  Every stub
 * widens its arguments to 64 bits the way the ABI says: int sign-extended,
 * unsigned zero-extended.  A bool result is the low byte of rax. */
#include "syscall.h"

#include "lib/syscall_nr.h"

/* Argument conversions to the 64-bit register value. */
#define ARG_INT(x)  ((uint64_t)(int64_t)(int)(x))
#define ARG_UINT(x) ((uint64_t)(unsigned)(x))
#define ARG_PTR(x)  ((uint64_t)(uintptr_t)(x))

/* Makes system call NR with up to five arguments; returns rax. */
static inline uint64_t
syscall5(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    uint64_t ret;

    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
                     : "rcx", "r11", "memory");
    return ret;
}

/* Makes system call NR with up to three arguments; returns rax. */
static inline uint64_t
syscall3(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3)
{
    uint64_t ret;

    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3)
                     : "rcx", "r11", "memory");
    return ret;
}

#define syscall0(nr)       syscall3(nr, 0, 0, 0)
#define syscall1(nr, a)    syscall3(nr, a, 0, 0)
#define syscall2(nr, a, b) syscall3(nr, a, b, 0)
#define RET_BOOL(r)        ((uint8_t)(r) != 0)

/* Powers the machine off.  Never returns. */
void
halt(void)
{
    syscall0(SYS_HALT);
    for (;;)
        continue;
}

/* Ends the process with STATUS.  Never returns. */
void
exit(int status)
{
    syscall1(SYS_EXIT, ARG_INT(status));
    for (;;)
        continue;
}

/* Clones the process; the child is named NAME.  Returns the child's pid in
 * the parent, 0 in the child, PID_ERROR on failure. */
pid_t
fork(const char *name)
{
    return (pid_t)syscall1(SYS_FORK, ARG_PTR(name));
}

/* Replaces the program with the one CMDLINE names.  Does not return on
 * success; on failure the kernel ends the process with -1. */
int
exec(const char *cmdline)
{
    return (int)syscall1(SYS_EXEC, ARG_PTR(cmdline));
}

/* Waits for child PID to end.  Returns its status, or -1 (not a child,
 * already waited for, or killed by the kernel). */
int
wait(pid_t pid)
{
    return (int)syscall1(SYS_WAIT, ARG_INT(pid));
}

/* Creates FILE with INITIAL_SIZE zero bytes.  Returns true on success. */
bool
create(const char *file, unsigned initial_size)
{
    return RET_BOOL(syscall2(SYS_CREATE, ARG_PTR(file), ARG_UINT(initial_size)));
}

/* Removes FILE (open descriptors keep it readable).  Returns true on success. */
bool
remove(const char *file)
{
    return RET_BOOL(syscall1(SYS_REMOVE, ARG_PTR(file)));
}

/* Opens FILE.  Returns a descriptor >= 2, or -1. */
int
open(const char *file)
{
    return (int)syscall1(SYS_OPEN, ARG_PTR(file));
}

/* Returns the size in bytes of the file open as FD. */
int
filesize(int fd)
{
    return (int)syscall1(SYS_FILESIZE, ARG_INT(fd));
}

/* Reads up to SIZE bytes from FD into BUF.  Returns the number read, 0 at the
 * end of the file, -1 for a bad descriptor. */
int
read(int fd, void *buf, unsigned size)
{
    return (int)syscall3(SYS_READ, ARG_INT(fd), ARG_PTR(buf), ARG_UINT(size));
}

/* Writes SIZE bytes from BUF to FD (fd 1: the console, in one piece).
 * Returns the number written, or -1 for a bad descriptor. */
int
write(int fd, const void *buf, unsigned size)
{
    return (int)syscall3(SYS_WRITE, ARG_INT(fd), ARG_PTR(buf), ARG_UINT(size));
}

/* Moves FD's position to POS bytes from the start. */
void
seek(int fd, unsigned pos)
{
    syscall2(SYS_SEEK, ARG_INT(fd), ARG_UINT(pos));
}

/* Returns FD's position. */
unsigned
tell(int fd)
{
    return (unsigned)syscall1(SYS_TELL, ARG_INT(fd));
}

/* Closes FD. */
void
close(int fd)
{
    syscall1(SYS_CLOSE, ARG_INT(fd));
}

/* Maps LENGTH bytes of the file open as FD, from OFFSET on, at ADDR (page
 * aligned).  Returns ADDR, or MAP_FAILED (NULL). */
void *
mmap(void *addr, size_t length, int writable, int fd, off_t offset)
{
    return (void *)(uintptr_t)syscall5(SYS_MMAP, ARG_PTR(addr), (uint64_t)length,
                                       ARG_INT(writable), ARG_INT(fd), ARG_INT(offset));
}

/* Removes the mapping that starts at ADDR, writing dirty pages back. */
void
munmap(void *addr)
{
    syscall1(SYS_MUNMAP, ARG_PTR(addr));
}

/* Makes DIR the current directory.  Returns true on success. */
bool
chdir(const char *dir)
{
    return RET_BOOL(syscall1(SYS_CHDIR, ARG_PTR(dir)));
}

/* Creates the directory DIR.  Returns true on success. */
bool
mkdir(const char *dir)
{
    return RET_BOOL(syscall1(SYS_MKDIR, ARG_PTR(dir)));
}

/* Stores the next entry name of directory FD (not "." or "..") in NAME.
 * Returns false at the end. */
bool
readdir(int fd, char name[15])
{
    return RET_BOOL(syscall2(SYS_READDIR, ARG_INT(fd), ARG_PTR(name)));
}

/* Returns true if FD is an open directory. */
bool
isdir(int fd)
{
    return RET_BOOL(syscall1(SYS_ISDIR, ARG_INT(fd)));
}

/* Returns the inode number of the file or directory open as FD. */
int
inumber(int fd)
{
    return (int)syscall1(SYS_INUMBER, ARG_INT(fd));
}

/* Creates LINKPATH as a symbolic link to TARGET.  Returns 0 or -1. */
int
symlink(const char *target, const char *linkpath)
{
    return (int)syscall2(SYS_SYMLINK, ARG_PTR(target), ARG_PTR(linkpath));
}

/* Makes NEWFD a copy of OLDFD (closing NEWFD first).  Returns NEWFD or -1. */
int
dup2(int oldfd, int newfd)
{
    return (int)syscall2(SYS_DUP2, ARG_INT(oldfd), ARG_INT(newfd));
}

/* hwan: moves the end of the heap by INCREMENT bytes (negative shrinks).
 * Returns the old end, or (void *)-1 on failure. */
void *
sbrk(intptr_t increment)
{
    return (void *)(uintptr_t)syscall1(SYS_SBRK, (uint64_t)increment);
}

/* hwan: copies the kernel's VM counters into OUT, at most SIZE bytes.  Returns
 * the number of bytes filled, or -1 (see user/lib/vmstat.h). */
int
vmstat(struct vmstat *out, unsigned size)
{
    return (int)syscall2(SYS_VMSTAT, ARG_PTR(out), ARG_UINT(size));
}

/* hwan: microseconds since the kernel booted, from its calibrated TSC. */
uint64_t
uptime_us(void)
{
    return syscall0(SYS_UPTIME);
}

/* hwan: puts process PID (0: the caller) in group PGID (0: PID).  Returns 0
 * or -1. */
int
setpgid(pid_t pid, pid_t pgid)
{
    return (int)syscall2(SYS_SETPGID, ARG_INT(pid), ARG_INT(pgid));
}

/* hwan: makes PGID the console's foreground group (0: none), the one Ctrl-C
 * kills.  Returns 0 or -1. */
int
tcsetpgrp(pid_t pgid)
{
    return (int)syscall1(SYS_TCSETPGRP, ARG_INT(pgid));
}

/* hwan: if child PID has ended, stores its status in *STATUS and returns 1
 * (it is then waited for); 0 if it still runs; -1 if it is no child. */
int
trywait(pid_t pid, int *status)
{
    return (int)syscall2(SYS_TRYWAIT, ARG_INT(pid), ARG_PTR(status));
}

/* hwan: kills process PID, or every process of group -PID.  Returns 0, or
 * -1 if there is no such process. */
int
kill(pid_t pid)
{
    return (int)syscall1(SYS_KILL, ARG_INT(pid));
}

/* Writes every change to the file system to the disk; 0, or -1 if a disk
 * write failed. */
int
sync(void)
{
    return (int)syscall0(SYS_SYNC);
}

/* hwan: copies up to MAX process records into OUT (see lib/procinfo.h);
 * returns how many, or -1 if the kernel has no memory for them. */
int
procinfo(struct procinfo *out, unsigned max)
{
    return (int)syscall2(SYS_PROCINFO, ARG_PTR(out), ARG_UINT(max));
}
