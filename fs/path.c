/* Path lookup: walking a path one component at a time from the root or a
 * current directory, following symbolic links (at most EXT2_SYMLINK_MAX per
 * lookup, so loops end with a message).  A symlink's target is spliced in
 * front of the rest of the path, and the walk goes on from the directory that
 * holds the link (or from the root for an absolute target).
 *
 * Only one inode lock is held at a time: a directory's, while its entry is
 * looked up and the child is opened. */
#include "fs/ext2fs.h"
#include "fs/fs.h"

#include "kernel/malloc.h"
#include "kernel/printf.h"
#include "lib/string.h"

/* One lookup in progress. */
struct walk {
    struct ext2_fs *fs;
    char *path;        /* EXT2_PATH_MAX bytes: what is left to resolve, from pos */
    char *target;      /* EXT2_PATH_MAX bytes: scratch for a symlink's target */
    size_t pos;        /* start of the unresolved rest of path */
    struct inode *dir; /* the directory reached so far (a reference) */
    int links;         /* symlinks followed so far */
    bool slash;        /* the last component read is followed by a '/' */
};

/* Reads the target of symlink LINK into BUF (SIZE bytes), NUL-terminated.
 * Returns its length, or -1 after a message if it is damaged or too long. */
int
ext2_symlink_read(struct inode *link, char *buf, size_t size)
{
    struct ext2_fs *fs = link->fs;
    int len = -1;

    lock_acquire(&link->lock);
    uint64_t n = ext2_inode_size(link);
    if (n == 0 || n >= size || n >= fs->block_size) {
        printf("ext2: symlink inode %u has a bad length %llu\n", link->ino,
               (unsigned long long)n);
    } else if (ext2_inode_is_fast_symlink(link) && n <= EXT2_FAST_SYMLINK_MAX) {
        memcpy(buf, link->di.i_block, n);
        len = n;
    } else if (ext2_read_locked(link, buf, n, 0) == (int64_t)n) {
        len = n;
    }
    lock_release(&link->lock);
    if (len < 0)
        return -1;
    buf[len] = '\0';
    if (strlen(buf) != (size_t)len) {
        printf("ext2: symlink inode %u holds a NUL byte\n", link->ino);
        return -1;
    }
    return len;
}

/* Copies the next component of W's path into NAME (NUL-terminated) and
 * returns its length: 0 if none is left, -1 if it is longer than 255 bytes.
 * Sets *LAST if only slashes follow it, W->slash if any slash does. */
static int
walk_next(struct walk *w, char name[EXT2_NAME_MAX + 1], bool *last)
{
    const char *p = w->path + w->pos;
    while (*p == '/')
        p++;
    size_t len = 0;
    while (p[len] != '\0' && p[len] != '/')
        len++;
    if (len > EXT2_NAME_MAX)
        return -1;
    memcpy(name, p, len);
    name[len] = '\0';
    w->pos = p + len - w->path;
    p += len;
    w->slash = *p == '/';
    while (*p == '/')
        p++;
    *last = *p == '\0';
    return len;
}

/* Looks up NAME (LEN bytes) in W's directory.  Returns the child (a new
 * reference), or NULL if W->dir is not a directory or has no such entry.
 * A removed directory (still someone's cwd) has no entries at all: its ".."
 * names an inode that may have been freed or reused since, and "." fails as
 * well, as Pintos's dir-rm-cwd expects of open(".") there. */
static struct inode *
walk_lookup(struct walk *w, const char *name, size_t len)
{
    struct inode *child = NULL;
    uint32_t ino;

    if (!ext2_inode_is_dir(w->dir))
        return NULL;
    lock_acquire(&w->dir->lock);
    if (!w->dir->removed && ext2_dir_lookup(w->dir, name, len, &ino) == 1)
        child = ext2_inode_open(w->fs, ino);
    lock_release(&w->dir->lock);
    return child;
}

/* Replaces what W has resolved of its path by symlink LINK's target: the
 * rest of the path now follows the target.  Returns 0, or -1 if there have
 * been too many links (a loop: a user's doing, not the disk's, so it is not
 * reported on the console) or the result is too long. */
static int
walk_follow(struct walk *w, struct inode *link)
{
    if (++w->links > EXT2_SYMLINK_MAX)
        return -1;
    int tlen = ext2_symlink_read(link, w->target, EXT2_PATH_MAX);
    if (tlen < 0)
        return -1;
    size_t rest = strlen(w->path + w->pos);
    if (tlen + rest >= EXT2_PATH_MAX)
        return -1; /* the user's doing: no console message */
    memmove(w->path + tlen, w->path + w->pos, rest + 1);
    memcpy(w->path, w->target, tlen);
    w->pos = 0;
    if (w->target[0] == '/') {
        inode_close(w->dir);
        w->dir = inode_reopen(w->fs->root);
    }
    return 0;
}

/* Walks W's path.  If NAME is NULL, returns the inode it names (following
 * a final symlink if FOLLOW); else stops before the last component, copies
 * it into NAME and returns its directory.  Either way the result is a new
 * reference, or NULL if the path does not resolve.  A last component
 * followed by a '/' must name a directory: it is followed if a symlink, and
 * anything else does not resolve (parent mode leaves the check to the
 * caller: W->slash). */
static struct inode *
walk_run(struct walk *w, bool follow, char *name_out)
{
    char name[EXT2_NAME_MAX + 1];
    bool last;

    for (;;) {
        int len = walk_next(w, name, &last);
        if (len <= 0)
            return len == 0 && name_out == NULL ? inode_reopen(w->dir) : NULL;
        if (name_out != NULL && last) {
            memcpy(name_out, name, len + 1);
            return inode_reopen(w->dir);
        }
        struct inode *child = walk_lookup(w, name, len);
        if (child == NULL)
            return NULL;
        if (ext2_inode_is_symlink(child) && (!last || follow || w->slash)) {
            int r = walk_follow(w, child);
            inode_close(child);
            if (r != 0)
                return NULL;
            continue;
        }
        if (last && w->slash && !ext2_inode_is_dir(child)) {
            inode_close(child);
            return NULL;
        }
        if (last)
            return child;
        inode_close(w->dir);
        w->dir = child;
    }
}

/* Sets up W for PATH from CWD (the root if NULL) and runs it (see walk_run). */
static struct inode *
path_walk(struct ext2_fs *fs, struct inode *cwd, const char *path, bool follow,
          char *name_out, bool *slash)
{
    struct walk w = {.fs = fs};
    struct inode *result = NULL;
    size_t len = strnlen(path, EXT2_PATH_MAX);

    if (len == 0 || len == EXT2_PATH_MAX)
        return NULL;
    w.path = malloc(2 * EXT2_PATH_MAX);
    if (w.path == NULL)
        return NULL;
    w.target = w.path + EXT2_PATH_MAX;
    memcpy(w.path, path, len + 1);
    w.dir = inode_reopen(path[0] == '/' || cwd == NULL ? fs->root : cwd);
    result = walk_run(&w, follow, name_out);
    if (slash != NULL)
        *slash = w.slash;
    inode_close(w.dir);
    free(w.path);
    return result;
}

/* The inode PATH names, relative to CWD (NULL: the root), following a final
 * symlink if FOLLOW.  A new reference, or NULL. */
struct inode *
ext2_path_resolve(struct ext2_fs *fs, struct inode *cwd, const char *path, bool follow)
{
    return path_walk(fs, cwd, path, follow, NULL, NULL);
}

/* The directory that holds PATH's last component (a new reference), with the
 * component copied into NAME; *DIR_ONLY says whether a '/' follows it (the
 * name must then be a directory's).  NULL if the directory does not resolve
 * or the path has no last component (like "/"). */
struct inode *
ext2_path_parent(struct ext2_fs *fs, struct inode *cwd, const char *path,
                 char name[EXT2_NAME_MAX + 1], bool *dir_only)
{
    return path_walk(fs, cwd, path, true, name, dir_only);
}
