/* The user address-space layout that the ABI fixes (docs/abi.md), defined once
 * for the whole kernel.  Usable from C and assembly. */
#ifndef VM_LAYOUT_H
#define VM_LAYOUT_H

#define VM_PAGE_SIZE     4096UL
#define USER_TOP         0x8004000000UL  /* first address that is not user space */
#define USER_STACK       0x47480000UL    /* initial stack top */
#define USER_STACK_LIMIT (1024 * 1024UL) /* the stack may grow this far below it */
#define USER_STACK_FLOOR (USER_STACK - USER_STACK_LIMIT)

#endif
