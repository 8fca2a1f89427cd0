/* The console's foreground group and Ctrl-C (see tty.h). */
#include "userprog/tty.h"

#include "dev/serial.h"

#define CTRL_C 0x03

static volatile pid_t foreground; /* written by one store; read in the interrupt */

/* The serial receive filter: Ctrl-C kills the foreground group, if it has a
 * process left (process_kill wakes the keyboard readers, so that a killed one
 * stops waiting).  Any other character, or Ctrl-C with nobody to kill, is
 * kept. */
static bool
tty_filter(char c)
{
    return c == CTRL_C && foreground > 0 && process_kill(-foreground) != 0;
}

void
tty_init(void)
{
    serial_set_input_filter(tty_filter);
}

void
tty_set_foreground(pid_t pgid)
{
    foreground = pgid;
}
