/* halt: powers the machine off (no exit line is printed). */
#include "syscall.h"

/* Calls halt(); never returns. */
int
main(void)
{
    halt();
}
