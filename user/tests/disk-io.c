/* disk-io: what a program sees of disk errors (the runner injects them with
 * --disk-error).
 *     disk-io read FILE          reads FILE in 1 KiB pieces, retrying a
 *                                failed piece once, and sums up
 *     disk-io exec CMDLINE...    runs CMDLINE in a child, prints wait's result
 *     disk-io write FILE BYTES   appends BYTES bytes to FILE (created if
 *                                missing), closes it and prints what sync says */
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PIECE 1024

/* Reads NAME piece by piece; a piece that fails is tried once more. */
static void
read_file(const char *name)
{
    static char buf[PIECE];
    int fd = open(name);
    if (fd < 0)
        fail("open %s", name);
    int size = filesize(fd), good = 0, failed = 0, first_bad = -1, retried_ok = 0;
    for (int pos = 0; pos < size; pos += PIECE) {
        seek(fd, pos);
        int n = read(fd, buf, PIECE);
        if (n < 0) {
            failed++;
            first_bad = first_bad < 0 ? pos : first_bad;
            seek(fd, pos);
            retried_ok += read(fd, buf, PIECE) > 0;
        } else {
            good += n > 0;
        }
    }
    close(fd);
    msg("%s: %d pieces read, %d failed (first at offset %d), %d good on retry", name,
        good, failed, first_bad, retried_ok);
}

/* Forks a child that execs CMDLINE; prints what wait returns. */
static void
exec_child(const char *cmdline)
{
    pid_t pid = fork("exec-child");
    if (pid == 0) {
        exec(cmdline);
        exit(99);
    }
    if (pid < 0)
        fail("fork");
    msg("exec '%s': wait says %d", cmdline, wait(pid));
}

/* Appends BYTES bytes to NAME, closes it, syncs. */
static void
append(const char *name, int bytes)
{
    static char buf[PIECE];
    int fd = open(name);
    if (fd < 0 && (!create(name, 0) || (fd = open(name)) < 0))
        fail("create %s", name);
    seek(fd, filesize(fd));
    int done = 0;
    while (done < bytes) {
        int n = bytes - done < PIECE ? bytes - done : PIECE;
        memset(buf, 'a' + done / PIECE % 26, n);
        int put = write(fd, buf, n);
        if (put <= 0)
            break;
        done += put;
    }
    close(fd);
    msg("wrote %d of %d bytes to %s", done, bytes, name);
    msg("sync returns %d", sync());
}

/* Runs the mode ARGV[1] names (see the top of the file). */
int
main(int argc, char **argv)
{
    test_name = "disk-io";
    if (argc == 3 && strcmp(argv[1], "read") == 0) {
        read_file(argv[2]);
    } else if (argc >= 3 && strcmp(argv[1], "exec") == 0) {
        char cmdline[256] = "";
        for (int i = 2; i < argc; i++) {
            strlcat(cmdline, argv[i], sizeof cmdline);
            strlcat(cmdline, i + 1 < argc ? " " : "", sizeof cmdline);
        }
        exec_child(cmdline);
    } else if (argc == 4 && strcmp(argv[1], "write") == 0) {
        append(argv[2], atoi(argv[3]));
    } else {
        fail("usage: disk-io read FILE | exec CMDLINE | write FILE BYTES");
    }
    return 0;
}
