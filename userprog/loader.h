/* Loading an ELF executable into an address space, lazily. */
#ifndef USERPROG_LOADER_H
#define USERPROG_LOADER_H

#include <stdbool.h>
#include <stdint.h>

struct file;
struct vm_space;

struct load_info {
    uint64_t entry;     /* where the program starts */
    uint64_t image_end; /* end of the highest segment, page aligned */
};

/* Checks that EXE is a static x86-64 executable (ABI rules) and adds a lazy
 * page to SPACE for every page of every loadable segment: nothing is read
 * until the first fault.  A page shared by segments gets the union of their
 * permissions and its bytes from each.  False if EXE is not a valid program
 * or memory ran out. */
bool loader_load(struct vm_space *space, struct file *exe, struct load_info *info);

#endif
