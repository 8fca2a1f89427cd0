/* File pages: pages of a memory-mapped file. */
#ifndef VM_FILE_H
#define VM_FILE_H

#include "vm/page.h"

extern const struct page_ops file_ops;

#endif
