/* symlink-loop: links that lead in a circle (a -> b -> a, and c -> c) can
 * be made, but opening or entering them fails quietly (open returns -1,
 * chdir false, create through them false); the kernel prints nothing. */
#include "syscall.h"
#include "test.h"

/* Makes two loops and tries to use them. */
void
test_main(void)
{
    CHECK(symlink("b", "a") == 0 && symlink("a", "b") == 0, "links a -> b and b -> a");
    CHECK(symlink("c", "c") == 0, "link c -> c");
    CHECK(open("a") == -1 && open("c") == -1, "opening them returns -1");
    CHECK(!chdir("a"), "chdir into them returns false");
    CHECK(!create("a/x", 0), "creating a file through them returns false");
    CHECK(remove("a") && remove("b") && remove("c"),
          "the links themselves can be removed");
}
