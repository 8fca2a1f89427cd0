/* fork+exit+wait once with 16 MiB of heap written (profiling aid). */
#include <syscall.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
int
main(void)
{
    size_t n = 16u << 20;
    char *p = sbrk(n);
    for (size_t i = 0; i < n; i += 4096)
        p[i] = 1;
    int pid = fork("forkone");
    if (pid == 0)
        exit(0);
    wait(pid);
    printf("done\n");
    return 0;
}
