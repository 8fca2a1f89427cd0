/* Wall-clock time: the CMOS clock read once at boot plus the ticks since.
 * The precise clock: the TSC, whose rate is measured at boot against PIT
 * channel 2, converted to nanoseconds with a 32.32 fixed-point factor. */
#include "kernel/clock.h"

#include "arch/x86_64/cpu.h"
#include "dev/pit.h"
#include "dev/rtc.h"
#include "kernel/timer.h"

#define CALIBRATION_RUNS   5              /* the median of these is taken */
#define CALIBRATION_COUNTS (PIT_HZ / 100) /* 10 ms each */

static uint32_t boot_time;    /* [C] seconds since 1970 at boot */
static int64_t boot_ticks;    /* [C] timer_ticks() at that moment */
static uint64_t tsc_hz;       /* [C] TSC cycles per second */
static uint64_t tsc_start;    /* [C] the TSC when the precise clock read 0 */
static uint64_t ns_per_cycle; /* [C] nanoseconds per TSC cycle, times 2^32 */

uint64_t
clock_measure_tsc_hz(uint32_t pit_counts, uint64_t max_gap, uint64_t *counts)
{
    uint16_t prev = pit_counter_read();
    uint64_t t0 = rdtsc(), t = t0, elapsed = 0;
    while (elapsed < pit_counts) {
        uint16_t c = pit_counter_read();
        uint64_t now = rdtsc();
        if (max_gap != 0 && now - t > max_gap)
            return 0;
        elapsed += (uint16_t)(prev - c);
        prev = c;
        t = now;
    }
    if (counts != NULL)
        *counts = elapsed;
    return (t - t0) * PIT_HZ / elapsed;
}

/* Sorts the N values of V in place (N is small). */
static void
sort_small(uint64_t *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t x = v[j];
            v[j] = v[j - 1];
            v[j - 1] = x;
        }
}

void
clock_calibrate(void)
{
    uint64_t runs[CALIBRATION_RUNS];
    pit_counter_start();
    for (int i = 0; i < CALIBRATION_RUNS; i++)
        runs[i] = clock_measure_tsc_hz(CALIBRATION_COUNTS, 0, NULL);
    sort_small(runs, CALIBRATION_RUNS);
    tsc_hz = runs[CALIBRATION_RUNS / 2];
    if (tsc_hz == 0)
        tsc_hz = 1; /* no TSC: the clock stands still rather than divide by 0 */
    ns_per_cycle = (1000000000ULL << 32) / tsc_hz;
    tsc_start = rdtsc();
}

uint64_t
clock_ns(void)
{
    if (ns_per_cycle == 0)
        return 0;
    unsigned __int128 x = (unsigned __int128)(rdtsc() - tsc_start) * ns_per_cycle;
    return (uint64_t)(x >> 32);
}

uint64_t
clock_us(void)
{
    return clock_ns() / 1000;
}

uint64_t
clock_tsc_hz(void)
{
    return tsc_hz;
}

void
clock_init(void)
{
    boot_time = rtc_read_unix_time();
    boot_ticks = timer_ticks();
}

uint32_t
clock_now(void)
{
    return boot_time + (uint32_t)((timer_ticks() - boot_ticks) / TIMER_FREQ);
}
