/* read, write, sbrk and vmstat: the system calls that move data between user
 * memory and the kernel.  Data goes through a kernel bounce buffer one chunk
 * at a time, so user page faults never happen under file-system locks. */
#include "dev/block.h"
#include "dev/serial.h"
#include "fs/file.h"
#include "kernel/clock.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "kernel/printf.h"
#include "kernel/timer.h"
#include "lib/string.h"
#include "lib/vmstat.h"
#include "userprog/fd.h"
#include "userprog/process.h"
#include "userprog/syscall.h"
#include "userprog/usercopy.h"
#include "vm/swap.h"
#include "vm/pagecache.h"
#include "vm/vm.h"

#define CHUNK         4096
#define CONSOLE_PIECE (64 * 1024) /* console writes up to this size are atomic */
#define HEAP_LIMIT    USER_STACK_FLOOR

/* Ends the process: it passed memory it may not touch. */
static void __attribute__((noreturn)) bad_buffer(void)
{
    process_kill_self(PROC_EXIT_BAD_ACCESS, 0);
}

/* Reads SIZE keyboard bytes into UBUF; a process killed while it waits
 * (Ctrl-C, kill) ends there, as killed. */
static uint64_t
read_keyboard(uint64_t ubuf, uint32_t size)
{
    for (uint32_t i = 0; i < size; i++) {
        int got = serial_getc_unless(process_is_killed);
        if (got < 0)
            process_kill_self(PROC_EXIT_KILLED, 0); /* killed while waiting */
        char c = (char)got;
        if (!user_copy_out(ubuf + i, &c, 1))
            bad_buffer();
    }
    return size;
}

#define CHUNK_BAD_BUFFER (-1) /* file_chunk: the user memory was bad */
#define CHUNK_DISK_ERROR (-2) /* file_chunk: the disk failed before any byte */

/* Moves one CHUNK-sized piece: N bytes between FILE and user address UBUF
 * through KBUF (WRITE: to the file).  Returns the bytes moved, or
 * CHUNK_BAD_BUFFER or CHUNK_DISK_ERROR. */
static int64_t
file_chunk(struct file *file, uint64_t ubuf, char *kbuf, uint32_t n, bool write)
{
    if (write) {
        if (!user_copy_in(kbuf, ubuf, n))
            return CHUNK_BAD_BUFFER;
        int64_t put = pagecache_write(file, kbuf, n, file_tell(file));
        if (put > 0)
            file_seek(file, file_tell(file) + put);
        return put > 0 ? put : 0;
    }
    int64_t got = pagecache_read(file, kbuf, n, file_tell(file));
    if (got < 0)
        return CHUNK_DISK_ERROR;
    file_seek(file, file_tell(file) + got);
    if (got > 0 && !user_copy_out(ubuf, kbuf, got))
        return CHUNK_BAD_BUFFER;
    return got;
}

/* Reads or writes (WRITE) SIZE bytes between FILE and UBUF, one kernel page
 * at a time; stops at the end of the file, a full disk, a disk error or (a
 * write) at USER_FILE_MAX bytes.  Returns the bytes moved, or -1 if a read
 * failed on the disk before the first byte.  Kills the process if UBUF is
 * not the user memory it claims to be. */
static uint64_t
file_transfer(struct file *file, uint64_t ubuf, uint32_t size, bool write)
{
    int64_t pos = file_tell(file);
    if (write && (int64_t)size > USER_FILE_MAX - pos)
        size = pos < USER_FILE_MAX ? (uint32_t)(USER_FILE_MAX - pos) : 0;
    char *kbuf = palloc_get_page(0);
    if (kbuf == NULL)
        return (uint64_t)-1;
    uint64_t done = 0;
    while (done < size) {
        uint32_t n = size - done < CHUNK ? size - done : CHUNK;
        int64_t moved = file_chunk(file, ubuf + done, kbuf, n, write);
        if (moved == CHUNK_BAD_BUFFER) {
            palloc_free_page(kbuf);
            bad_buffer();
        }
        if (moved == CHUNK_DISK_ERROR) {
            palloc_free_page(kbuf);
            return done > 0 ? done : (uint64_t)-1;
        }
        done += moved;
        if (moved < n)
            break;
    }
    palloc_free_page(kbuf);
    return done;
}

uint64_t
syscall_read(int fd, uint64_t ubuf, uint32_t size)
{
    if (!user_range_ok(ubuf, size))
        bad_buffer();
    struct open_file *of = fd_get(process_current()->fds, fd);
    if (of == NULL || of->kind == FD_STDOUT)
        return (uint64_t)-1;
    if (of->kind == FD_STDIN)
        return read_keyboard(ubuf, size);
    if (file_is_dir(of->file))
        return (uint64_t)-1; /* readdir reads a directory */
    return file_transfer(of->file, ubuf, size, false);
}

/* Writes SIZE bytes at UBUF to the console, in pieces of CONSOLE_PIECE bytes
 * that no other output interrupts. */
static uint64_t
write_console(uint64_t ubuf, uint32_t size)
{
    uint32_t piece = size < CONSOLE_PIECE ? size : CONSOLE_PIECE;
    char *kbuf = malloc(piece ? piece : 1);
    if (kbuf == NULL)
        return (uint64_t)-1;
    for (uint64_t done = 0; done < size; done += piece) {
        uint32_t n = size - done < piece ? size - done : piece;
        if (!user_copy_in(kbuf, ubuf + done, n)) {
            free(kbuf);
            bad_buffer();
        }
        console_write(kbuf, n);
    }
    free(kbuf);
    return size;
}

uint64_t
syscall_write(int fd, uint64_t ubuf, uint32_t size)
{
    if (!user_range_ok(ubuf, size))
        bad_buffer();
    struct open_file *of = fd_get(process_current()->fds, fd);
    if (of == NULL || of->kind == FD_STDIN)
        return (uint64_t)-1;
    if (of->kind == FD_STDOUT)
        return write_console(ubuf, size);
    if (file_is_dir(of->file))
        return (uint64_t)-1; /* as Pintos's dir-open expects */
    return file_transfer(of->file, ubuf, size, true);
}

uint64_t
syscall_sbrk(int64_t increment)
{
    struct process *p = process_current();
    uint64_t old = p->heap_end;
    uint64_t new_end = old + increment;
    if ((increment > 0 && new_end > HEAP_LIMIT) || (increment > 0 && new_end < old) ||
        (increment < 0 && (new_end < p->heap_start || new_end > old)))
        return (uint64_t)-1;
    uint64_t first = (old + VM_PAGE_SIZE - 1) & ~(VM_PAGE_SIZE - 1);
    uint64_t last = (new_end + VM_PAGE_SIZE - 1) & ~(VM_PAGE_SIZE - 1);
    if (last > first && !vm_map_anon(p->space, first, last, REGION_ANON, true, false))
        return (uint64_t)-1;
    if (last < first && !vm_unmap(p->space, last, first))
        return (uint64_t)-1;
    p->heap_end = new_end;
    return old;
}

uint64_t
syscall_vmstat(uint64_t uout, uint32_t size)
{
    struct vm_stats st = vm_stats();
    struct process *p = process_current();
    struct block_device *fs_dev = block_by_role(BLOCK_FS);
    struct vmstat v = {
        .size = sizeof v,
        .frames_in_use = st.frames_in_use,
        .frames_total = palloc_total_pages(POOL_USER),
        .faults_file = st.faults_file,
        .faults_zero = st.faults_zero,
        .faults_stack = st.faults_stack,
        .faults_killed = st.faults_killed,
        .pages = vm_space_pages(p->space),
        .resident = vm_space_resident(p->space),
        .uptime_ms = clock_us() / 1000,
        .evictions = st.evictions,
        .swap_outs = st.swap_outs,
        .swap_ins = st.swap_ins,
        .clean_drops = st.clean_drops,
        .swap_in_use = st.swap_in_use,
        .swap_total = swap_total(),
        .mmap_faults = st.mmap_faults,
        .mmap_writebacks = st.mmap_writebacks,
        .fs_disk_writes = fs_dev ? fs_dev->write_sectors : 0,
        .shared_frames = st.shared_frames,
        .cow_faults = st.cow_faults,
        .cow_avoided = st.cow_avoided,
        .zero_maps = st.zero_maps,
        .shared_code = st.shared_code,
        .regions = st.regions,
        .page_records = st.page_records,
        .page_record_bytes = st.page_record_bytes,
        .swap_writes_avoided = st.swap_writes_avoided,
        .swap_cache_hits = st.swap_cache_hits,
        .processes = process_count(),
        .killed_bad_access = process_kills(PROC_EXIT_BAD_ACCESS),
        .killed_no_memory = process_kills(PROC_EXIT_NO_MEMORY),
        .killed_other = process_kills(PROC_EXIT_KILLED),
        .uptime_us = clock_us(),
        .swap_ra_pages = st.swap_ra_pages,
        .swap_ra_used = st.swap_ra_used,
        .swap_ra_wasted = st.swap_ra_wasted,
        .cache_hits = st.cache_hits,
        .cache_misses = st.cache_misses,
        .cache_pages = st.cache_pages,
        .fault_around = st.fault_around,
        .oom_kills = st.oom_kills,
        .swap_bad_slots = st.swap_bad_slots,
        .swap_write_errors = st.swap_write_errors,
        .swap_read_errors = st.swap_read_errors,
        .killed_disk_error = process_kills(PROC_EXIT_DISK_ERROR),
        .file_ra_pages = st.file_ra_pages,
        .file_ra_used = st.file_ra_used,
        .file_ra_wasted = st.file_ra_wasted,
        .file_read_requests = st.file_read_requests,
        .file_read_pages = st.file_read_pages,
        .file_write_requests = st.file_write_requests,
        .file_write_pages = st.file_write_pages,
        .file_ra_async = st.file_ra_async,
        .file_ra_waits = st.file_ra_waits,
    };
    struct swap_io io;
    swap_io_counts(&io);
    v.swap_read_requests = io.read_requests;
    v.swap_write_requests = io.write_requests;
    v.swap_pages_read = io.pages_read;
    v.swap_pages_written = io.pages_written;
    process_pages(&v.process_pages, &v.process_resident);
    uint32_t n = size < sizeof v ? size : sizeof v;
    v.size = n;
    if (!user_copy_out(uout, &v, n))
        bad_buffer();
    return n;
}

uint64_t
syscall_procinfo(uint64_t uout, uint32_t max)
{
    size_t room = PROCINFO_EXITS + process_count() + 8; /* a few may start meanwhile */
    size_t n = max < room ? max : room;
    struct procinfo *buf = n ? calloc(n, sizeof *buf) : NULL;
    if (n != 0 && buf == NULL)
        return (uint64_t)-1;
    n = process_list(buf, n);
    bool ok = user_copy_out(uout, buf, n * sizeof *buf);
    free(buf);
    if (!ok)
        bad_buffer();
    return n;
}
