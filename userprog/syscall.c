/* System-call dispatch and the calls themselves (docs/abi.md).  Every pointer
 * from user space goes through usercopy; file data goes through a kernel
 * buffer, so no user page fault ever happens while a file-system lock is held. */
#include "arch/x86_64/usermode.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "kernel/clock.h"
#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "kernel/shutdown.h"
#include "kernel/thread.h"
#include "lib/string.h"
#include "lib/syscall_nr.h"
#include "userprog/fd.h"
#include "userprog/process.h"
#include "userprog/syscall.h"
#include "userprog/tty.h"
#include "userprog/usercopy.h"
#include "vm/pagecache.h"
#include "vm/vm.h"

#define PATH_MAX 4096

typedef uint64_t syscall_fn(struct trap_frame *f);

/* Kills the calling process for passing a bad pointer. */
static void __attribute__((noreturn)) bad_pointer(void)
{
    process_kill_self(PROC_EXIT_BAD_ACCESS, 0);
}

/* Copies the user string at USTR into a new page; NULL if it is longer than
 * a page (or no memory).  If USTR is not readable, frees HELD (a page the
 * caller holds, or NULL) and kills the process. */
static char *
copy_string_page_holding(uint64_t ustr, void *held)
{
    char *buf = palloc_get_page(0);
    if (buf == NULL)
        return NULL;
    enum user_str r = user_copy_string(buf, PATH_MAX, ustr);
    if (r == USER_STR_OK)
        return buf;
    palloc_free_page(buf);
    if (r == USER_STR_FAULT) {
        palloc_free_page(held);
        bad_pointer();
    }
    return NULL;
}

/* copy_string_page_holding with nothing held. */
static char *
copy_string_page(uint64_t ustr)
{
    return copy_string_page_holding(ustr, NULL);
}

static struct process *
cur(void)
{
    return process_current();
}

/* The open file of descriptor FD if it is a file, else NULL. */
static struct file *
fd_file(int fd)
{
    struct open_file *of = fd_get(cur()->fds, fd);
    return of && of->kind == FD_FILE ? of->file : NULL;
}

static uint64_t
sys_halt(struct trap_frame *f)
{
    (void)f;
    process_halt_others(); /* no file-system change is then under way */
    shutdown_halt();
}

static uint64_t
sys_exit(struct trap_frame *f)
{
    process_exit((int)f->rdi);
}

static uint64_t
sys_fork(struct trap_frame *f)
{
    char name[PROCESS_NAME_MAX];
    enum user_str r = user_copy_string(name, sizeof name, f->rdi);
    if (r == USER_STR_FAULT)
        bad_pointer();
    return (uint64_t)(int64_t)process_fork(name, f);
}

/* exec: a command line longer than a page is refused with the load line. */
static uint64_t
sys_exec(struct trap_frame *f)
{
    char *cmdline = palloc_get_page(0);
    if (cmdline == NULL)
        process_exit(-1);
    enum user_str r = user_copy_string(cmdline, PATH_MAX, f->rdi);
    if (r == USER_STR_FAULT) {
        palloc_free_page(cmdline);
        bad_pointer();
    }
    process_exec(cmdline, r == USER_STR_TOO_LONG); /* returns only on failure */
    process_exit(-1);
}

static uint64_t
sys_wait(struct trap_frame *f)
{
    return (uint64_t)(int64_t)process_wait((pid_t)f->rdi);
}

/* Runs OP on the path at user address UPATH; false if it is too long. */
static bool
with_path(uint64_t upath, bool (*op)(const char *path, uint64_t arg), uint64_t arg)
{
    char *path = copy_string_page(upath);
    if (path == NULL)
        return false;
    bool ok = op(path, arg);
    palloc_free_page(path);
    return ok;
}

/* create: a size past USER_FILE_MAX is refused (filesize could not say it). */
static bool
do_create(const char *path, uint64_t size)
{
    return (uint32_t)size <= USER_FILE_MAX && fs_create(cur()->cwd, path, (uint32_t)size);
}

static bool
do_remove(const char *path, uint64_t arg)
{
    (void)arg;
    return fs_remove(cur()->cwd, path);
}

static bool
do_mkdir(const char *path, uint64_t arg)
{
    (void)arg;
    return fs_mkdir(cur()->cwd, path);
}

static bool
do_chdir(const char *path, uint64_t arg)
{
    (void)arg;
    struct inode *dir = fs_lookup_dir(cur()->cwd, path);
    if (dir == NULL)
        return false;
    inode_close(cur()->cwd);
    cur()->cwd = dir;
    return true;
}

static uint64_t
sys_create(struct trap_frame *f)
{
    return with_path(f->rdi, do_create, f->rsi);
}

static uint64_t
sys_remove(struct trap_frame *f)
{
    return with_path(f->rdi, do_remove, 0);
}

static uint64_t
sys_mkdir(struct trap_frame *f)
{
    return with_path(f->rdi, do_mkdir, 0);
}

static uint64_t
sys_chdir(struct trap_frame *f)
{
    return with_path(f->rdi, do_chdir, 0);
}

static uint64_t
sys_open(struct trap_frame *f)
{
    char *path = copy_string_page(f->rdi);
    if (path == NULL)
        return (uint64_t)-1;
    struct file *file = file_open(cur()->cwd, path);
    palloc_free_page(path);
    if (file == NULL)
        return (uint64_t)-1;
    return (uint64_t)(int64_t)fd_install(cur()->fds, file);
}

static uint64_t
sys_filesize(struct trap_frame *f)
{
    struct file *file = fd_file((int)f->rdi);
    return file ? (uint64_t)(int64_t)file_length(file) : (uint64_t)-1;
}

static uint64_t
sys_seek(struct trap_frame *f)
{
    struct file *file = fd_file((int)f->rdi);
    if (file != NULL)
        file_seek(file, (uint32_t)f->rsi);
    return 0;
}

static uint64_t
sys_tell(struct trap_frame *f)
{
    struct file *file = fd_file((int)f->rdi);
    return file ? (uint64_t)file_tell(file) : (uint64_t)-1;
}

static uint64_t
sys_close(struct trap_frame *f)
{
    fd_close(cur()->fds, (int)f->rdi);
    return 0;
}

static uint64_t
sys_read(struct trap_frame *f)
{
    return syscall_read((int)f->rdi, f->rsi, (uint32_t)f->rdx);
}

static uint64_t
sys_write(struct trap_frame *f)
{
    return syscall_write((int)f->rdi, f->rsi, (uint32_t)f->rdx);
}

static uint64_t
sys_readdir(struct trap_frame *f)
{
    struct file *file = fd_file((int)f->rdi);
    char name[FILE_NAME_MAX + 1];
    if (file == NULL || !file_readdir(file, name))
        return false;
    if (!user_copy_out(f->rsi, name, strlen(name) + 1))
        bad_pointer();
    return true;
}

static uint64_t
sys_isdir(struct trap_frame *f)
{
    struct file *file = fd_file((int)f->rdi);
    return file != NULL && file_is_dir(file);
}

static uint64_t
sys_inumber(struct trap_frame *f)
{
    struct file *file = fd_file((int)f->rdi);
    return file ? file_inumber(file) : (uint64_t)-1;
}

static uint64_t
sys_symlink(struct trap_frame *f)
{
    char *target = copy_string_page(f->rdi);
    char *link = target ? copy_string_page_holding(f->rsi, target) : NULL;
    int r = link ? fs_symlink(cur()->cwd, target, link) : -1;
    palloc_free_page(target);
    palloc_free_page(link);
    return (uint64_t)(int64_t)r;
}

static uint64_t
sys_dup2(struct trap_frame *f)
{
    return (uint64_t)(int64_t)fd_dup2(cur()->fds, (int)f->rdi, (int)f->rsi);
}

/* mmap(addr, length, writable, fd, offset); fd 0 and 1 cannot be mapped,
 * even when dup2 has put a file there (docs/abi.md names the numbers). */
static uint64_t
sys_mmap(struct trap_frame *f)
{
    int fd = (int)f->r10;
    struct file *file = fd == 0 || fd == 1 ? NULL : fd_file(fd);
    if (file == NULL || file_is_dir(file))
        return 0;
    return vm_mmap(cur()->space, f->rdi, f->rsi, (int)f->rdx != 0, file, (int32_t)f->r8);
}

static uint64_t
sys_munmap(struct trap_frame *f)
{
    vm_munmap(cur()->space, f->rdi);
    return 0;
}

static uint64_t
sys_sbrk(struct trap_frame *f)
{
    return syscall_sbrk((int64_t)f->rdi);
}

static uint64_t
sys_vmstat(struct trap_frame *f)
{
    return syscall_vmstat(f->rdi, (uint32_t)f->rsi);
}

static uint64_t
sys_uptime(struct trap_frame *f)
{
    (void)f;
    return clock_us();
}

static uint64_t
sys_setpgid(struct trap_frame *f)
{
    return (uint64_t)(int64_t)process_setpgid((pid_t)f->rdi, (pid_t)f->rsi);
}

static uint64_t
sys_tcsetpgrp(struct trap_frame *f)
{
    pid_t pgid = (pid_t)f->rdi;
    if (pgid < 0)
        return (uint64_t)-1;
    tty_set_foreground(pgid);
    return 0;
}

/* trywait(pid, status): 1 and *status if the child ended, 0 if it runs, -1. */
static uint64_t
sys_trywait(struct trap_frame *f)
{
    int status;
    int r = process_trywait((pid_t)f->rdi, &status);
    if (r == 1 && !user_copy_out(f->rsi, &status, sizeof status))
        bad_pointer(); /* the child is reaped; its status is lost with the caller */
    return (uint64_t)(int64_t)r;
}

static uint64_t
sys_kill(struct trap_frame *f)
{
    pid_t pid = (pid_t)f->rdi;
    if (pid == 0 || pid == INT32_MIN) /* INT32_MIN: no group -pid */
        return (uint64_t)-1;
    return process_kill(pid) > 0 ? 0 : (uint64_t)-1;
}

static uint64_t
sys_sync(struct trap_frame *f)
{
    (void)f;
    int cached = pagecache_sync();
    return (uint64_t)(int64_t)(fs_sync() == 0 && cached == 0 ? 0 : -1);
}

static uint64_t
sys_procinfo(struct trap_frame *f)
{
    return syscall_procinfo(f->rdi, (uint32_t)f->rsi);
}

static syscall_fn *const table[SYS_COUNT] = {
    [SYS_HALT] = sys_halt,         [SYS_EXIT] = sys_exit,
    [SYS_FORK] = sys_fork,         [SYS_EXEC] = sys_exec,
    [SYS_WAIT] = sys_wait,         [SYS_CREATE] = sys_create,
    [SYS_REMOVE] = sys_remove,     [SYS_OPEN] = sys_open,
    [SYS_FILESIZE] = sys_filesize, [SYS_READ] = sys_read,
    [SYS_WRITE] = sys_write,       [SYS_SEEK] = sys_seek,
    [SYS_TELL] = sys_tell,         [SYS_CLOSE] = sys_close,
    [SYS_MMAP] = sys_mmap,         [SYS_MUNMAP] = sys_munmap,
    [SYS_CHDIR] = sys_chdir,       [SYS_MKDIR] = sys_mkdir,
    [SYS_READDIR] = sys_readdir,   [SYS_ISDIR] = sys_isdir,
    [SYS_INUMBER] = sys_inumber,   [SYS_SYMLINK] = sys_symlink,
    [SYS_DUP2] = sys_dup2,         [SYS_SBRK] = sys_sbrk,
    [SYS_VMSTAT] = sys_vmstat,     [SYS_UPTIME] = sys_uptime,
    [SYS_SETPGID] = sys_setpgid,   [SYS_TCSETPGRP] = sys_tcsetpgrp,
    [SYS_TRYWAIT] = sys_trywait,   [SYS_KILL] = sys_kill,
    [SYS_SYNC] = sys_sync,         [SYS_PROCINFO] = sys_procinfo,
};

void
syscall_dispatch(struct trap_frame *f)
{
    struct thread *t = thread_current();
    if (t->process == NULL)
        panic("system call from a kernel thread");
    t->user_frame = f;
    uint64_t nr = f->rax;
    if (nr >= SYS_COUNT || table[nr] == NULL)
        process_kill_self(PROC_EXIT_KILLED, 0);
    f->rax = table[nr](f);
    process_check_killed();
}
