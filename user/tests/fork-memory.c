/* fork-memory: the child gets a copy of the parent's memory: it sees the
 * parent's data, heap and stack as they were at fork, and its changes do
 * not reach the parent (nor the parent's later changes the child). */
#include "stdlib.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

static int data = 100;
static int bss;

/* The child: checks what it inherited, changes it, exits 0. */
static void
child(int *heap, volatile int *stack)
{
    CHECK(data == 101 && bss == 201 && *heap == 301 && *stack == 401,
          "child: sees data, bss, heap and stack as at fork");
    data = bss = *heap = *stack = -1;
    exit(0);
}

/* Forks with changed memory, and compares afterwards. */
void
test_main(void)
{
    int *heap = malloc(sizeof *heap);
    volatile int stack = 401;
    pid_t pid;

    if (heap == NULL)
        fail("malloc failed");
    data = 101;
    bss = 201;
    *heap = 301;
    pid = fork_checked("copy");
    if (pid == 0)
        child(heap, &stack);
    CHECK(wait(pid) == 0, "wait for the child");
    CHECK(data == 101 && bss == 201 && *heap == 301 && stack == 401,
          "the child's changes did not reach the parent");
    free(heap);
}
