/* A process's file descriptors.  Descriptors made by dup2 share one open file
 * (and its position); fork gives the child its own open files, at the same
 * positions, sharing in the same way. */
#ifndef USERPROG_FD_H
#define USERPROG_FD_H

#include <stdbool.h>

#define FD_MAX       1024 /* descriptors are 0 .. FD_MAX - 1 */
#define FD_FIRST_CAP 32   /* slots a new table has; it grows on demand */

enum fd_kind { FD_STDIN, FD_STDOUT, FD_FILE };

struct open_file {
    enum fd_kind kind;
    struct file *file; /* FD_FILE only */
    unsigned refs;     /* descriptors of this table that name it */
};

struct fd_table {
    int cap;                 /* slots in SLOT (FD_FIRST_CAP .. FD_MAX) */
    struct open_file **slot; /* CAP entries, NULL where not open */
};

/* A table with 0 = keyboard and 1 = console; NULL if out of memory. */
struct fd_table *fd_table_create(void);
/* A copy for a forked child; NULL if out of memory. */
struct fd_table *fd_table_copy(struct fd_table *t);
/* Closes every descriptor and frees T. */
void fd_table_destroy(struct fd_table *t);
/* Gives FILE the lowest free descriptor >= 2; -1 (FILE closed) if none. */
int fd_install(struct fd_table *t, struct file *file);
/* The open file of FD, or NULL if FD is not open. */
struct open_file *fd_get(struct fd_table *t, int fd);
/* Closes FD; false if it was not open. */
bool fd_close(struct fd_table *t, int fd);
/* Makes NEWFD name OLDFD's open file (closing NEWFD first); returns NEWFD or -1. */
int fd_dup2(struct fd_table *t, int oldfd, int newfd);

#endif
