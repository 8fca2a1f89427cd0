/* File-descriptor tables (see fd.h). */
#include "userprog/fd.h"

#include "fs/file.h"
#include "kernel/malloc.h"

/* A new open file of KIND on FILE with no references; NULL if out of memory. */
static struct open_file *
open_file_new(enum fd_kind kind, struct file *file)
{
    struct open_file *of = malloc(sizeof *of);
    if (of != NULL)
        *of = (struct open_file){kind, file, 0};
    return of;
}

/* Drops one reference to OF, closing it with the last. */
static void
open_file_put(struct open_file *of)
{
    if (--of->refs == 0) {
        file_close(of->file);
        free(of);
    }
}

/* An empty table with CAP slots; NULL if out of memory. */
static struct fd_table *
table_new(int cap)
{
    struct fd_table *t = malloc(sizeof *t);
    if (t == NULL)
        return NULL;
    t->cap = cap;
    t->slot = calloc(cap, sizeof *t->slot);
    if (t->slot == NULL) {
        free(t);
        return NULL;
    }
    return t;
}

/* Grows T to have slot FD (FD < FD_MAX); false if out of memory. */
static bool
table_reach(struct fd_table *t, int fd)
{
    if (fd < t->cap)
        return true;
    int cap = t->cap;
    while (cap <= fd)
        cap = cap * 2 < FD_MAX ? cap * 2 : FD_MAX;
    struct open_file **slot = calloc(cap, sizeof *slot);
    if (slot == NULL)
        return false;
    for (int i = 0; i < t->cap; i++)
        slot[i] = t->slot[i];
    free(t->slot);
    t->slot = slot;
    t->cap = cap;
    return true;
}

struct fd_table *
fd_table_create(void)
{
    struct fd_table *t = table_new(FD_FIRST_CAP);
    if (t == NULL)
        return NULL;
    t->slot[0] = open_file_new(FD_STDIN, NULL);
    t->slot[1] = open_file_new(FD_STDOUT, NULL);
    if (t->slot[0] == NULL || t->slot[1] == NULL) {
        free(t->slot[0]);
        free(t->slot[1]);
        free(t->slot);
        free(t);
        return NULL;
    }
    t->slot[0]->refs = t->slot[1]->refs = 1;
    return t;
}

/* A child's copy of OF: a new handle on the same file at the same position. */
static struct open_file *
open_file_dup(const struct open_file *of)
{
    struct file *f = NULL;
    if (of->kind == FD_FILE) {
        f = file_reopen(of->file);
        if (f == NULL)
            return NULL;
        file_seek(f, file_tell(of->file));
    }
    struct open_file *copy = open_file_new(of->kind, f);
    if (copy == NULL)
        file_close(f);
    return copy;
}

struct fd_table *
fd_table_copy(struct fd_table *t)
{
    struct fd_table *c = table_new(t->cap);
    if (c == NULL)
        return NULL;
    for (int fd = 0; fd < t->cap; fd++) {
        struct open_file *of = t->slot[fd];
        if (of == NULL)
            continue;
        int first = 0; /* an earlier descriptor sharing OF gets the same copy */
        while (t->slot[first] != of)
            first++;
        c->slot[fd] = first < fd ? c->slot[first] : open_file_dup(of);
        if (c->slot[fd] == NULL) {
            fd_table_destroy(c);
            return NULL;
        }
        c->slot[fd]->refs++;
    }
    return c;
}

void
fd_table_destroy(struct fd_table *t)
{
    for (int fd = 0; fd < t->cap; fd++)
        if (t->slot[fd] != NULL)
            open_file_put(t->slot[fd]);
    free(t->slot);
    free(t);
}

int
fd_install(struct fd_table *t, struct file *file)
{
    for (int fd = 2; fd < FD_MAX && table_reach(t, fd); fd++) {
        if (t->slot[fd] == NULL) {
            t->slot[fd] = open_file_new(FD_FILE, file);
            if (t->slot[fd] == NULL)
                break;
            t->slot[fd]->refs = 1;
            return fd;
        }
    }
    file_close(file);
    return -1;
}

struct open_file *
fd_get(struct fd_table *t, int fd)
{
    return fd >= 0 && fd < t->cap ? t->slot[fd] : NULL;
}

bool
fd_close(struct fd_table *t, int fd)
{
    struct open_file *of = fd_get(t, fd);
    if (of == NULL)
        return false;
    t->slot[fd] = NULL;
    open_file_put(of);
    return true;
}

int
fd_dup2(struct fd_table *t, int oldfd, int newfd)
{
    struct open_file *of = fd_get(t, oldfd);
    if (of == NULL || newfd < 0 || newfd >= FD_MAX)
        return -1;
    if (oldfd == newfd)
        return newfd;
    if (!table_reach(t, newfd))
        return -1;
    fd_close(t, newfd);
    t->slot[newfd] = of;
    of->refs++;
    return newfd;
}
