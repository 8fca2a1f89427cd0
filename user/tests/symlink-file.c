/* symlink-file: symlink(TARGET, LINK) returns 0 and makes LINK lead to
 * TARGET: opening the link reads the target's bytes, a write through the
 * link shows in the target, both are one inode; removing the link leaves
 * the target. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Links to sample.txt and uses the link. */
void
test_main(void)
{
    char buf[137];
    int link_fd, target_fd;

    CHECK(symlink("sample.txt", "link") == 0,
          "symlink(\"sample.txt\", \"link\") returns 0");
    link_fd = open("link");
    CHECK(link_fd >= 2 && filesize(link_fd) == 137, "open \"link\": 137 bytes");
    CHECK(read(link_fd, buf, 137) == 137 && memcmp(buf, sample_text(), 137) == 0,
          "the bytes of sample.txt");
    target_fd = open("sample.txt");
    CHECK(inumber(link_fd) == inumber(target_fd), "the same inode as sample.txt");
    seek(link_fd, 0);
    CHECK(write(link_fd, "Spectral", 8) == 8, "write through the link");
    CHECK(read(target_fd, buf, 8) == 8 && memcmp(buf, "Spectral", 8) == 0,
          "sample.txt shows the write");
    CHECK(remove("link"), "remove \"link\"");
    CHECK(open("link") == -1 && open("sample.txt") >= 2,
          "the link is gone, the target not");
}
