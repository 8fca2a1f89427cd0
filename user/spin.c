/* spin: keeps the CPU busy, for trying job control (Ctrl-C, `&`).
 *     spin          loop until killed
 *     spin N        loop N million iterations, then print
 *                   "spin: done" and exit 0 */
#include "stdio.h"
#include "stdlib.h"

int
main(int argc, char **argv)
{
    long rounds = argc > 1 ? atoi(argv[1]) : -1;
    volatile unsigned long counter = 0;

    for (long r = 0; rounds < 0 || r < rounds; r++) {
        for (long i = 0; i < 1000000; i++)
            counter++;
    }
    printf("spin: done\n");
    return 0;
}
