/* rm-self: a running program may remove its own executable; pages of it
 * not yet loaded (a 64 KiB constant table, untouched until then) still load
 * afterwards, from the removed file, which stays on the disk until the
 * process ends (and is then freed: the runner's e2fsck finds the disk
 * clean). */
#include "syscall.h"
#include "test.h"

#define TABLE_SIZE (64 * 1024)

static const volatile unsigned char table[TABLE_SIZE] = {
    [0] = 1, [30000] = 2, [TABLE_SIZE - 1] = 3};

/* Removes itself, then reads the table. */
void
test_main(void)
{
    CHECK(remove("rm-self"), "remove my own executable");
    CHECK(open("rm-self") == -1, "it can no longer be opened");
    CHECK(table[0] == 1 && table[30000] == 2 && table[TABLE_SIZE - 1] == 3,
          "the untouched parts of it still load");
}
