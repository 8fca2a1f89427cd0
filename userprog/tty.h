/* The console as a terminal for job control: it has a foreground process
 * group, and Ctrl-C typed on it kills every process of that group (each
 * ends with the exit line of a killed process, `NAME: exit(-1)`).  With no
 * foreground group (0), Ctrl-C is an ordinary character for whoever reads
 * the keyboard; the shell reads it as "drop this line". */
#ifndef USERPROG_TTY_H
#define USERPROG_TTY_H

#include "userprog/process.h"

/* Lets the console's Ctrl-C reach the foreground group (after serial_init_input). */
void tty_init(void);
/* Makes PGID the foreground group (0: none). */
void tty_set_foreground(pid_t pgid);

#endif
