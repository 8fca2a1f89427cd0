/* Reading the MC146818-compatible CMOS clock: date and time registers, BCD or
 * binary, read twice until two reads agree (so no update tears them). */
#include "dev/rtc.h"

#include <stdbool.h>

#include "arch/x86_64/cpu.h"

#define CMOS_INDEX   0x70
#define CMOS_DATA    0x71
#define REG_SECONDS  0x00
#define REG_MINUTES  0x02
#define REG_HOURS    0x04
#define REG_DAY      0x07
#define REG_MONTH    0x08
#define REG_YEAR     0x09
#define REG_STATUS_A 0x0a
#define REG_STATUS_B 0x0b

struct rtc_time {
    unsigned sec, min, hour, day, mon, year;
};

static uint8_t
cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

/* One read of the registers, waiting out an update in progress. */
static struct rtc_time
rtc_read_once(void)
{
    while (cmos_read(REG_STATUS_A) & 0x80)
        ;
    return (struct rtc_time){cmos_read(REG_SECONDS), cmos_read(REG_MINUTES),
                             cmos_read(REG_HOURS),   cmos_read(REG_DAY),
                             cmos_read(REG_MONTH),   cmos_read(REG_YEAR)};
}

static unsigned
bcd(unsigned v)
{
    return (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to YEAR-MON-DAY (proleptic Gregorian). */
static uint32_t
days_since_epoch(unsigned year, unsigned mon, unsigned day)
{
    static const unsigned before_month[] = {0,   31,  59,  90,  120, 151,
                                            181, 212, 243, 273, 304, 334};
    uint32_t days = (year - 1970) * 365 + (year - 1969) / 4 - (year - 1901) / 100 +
                    (year - 1601) / 400;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    days += before_month[(mon - 1) % 12] + (leap && mon > 2) + day - 1;
    return days;
}

uint32_t
rtc_read_unix_time(void)
{
    struct rtc_time a, b;
    do {
        a = rtc_read_once();
        b = rtc_read_once();
    } while (a.sec != b.sec || a.min != b.min || a.hour != b.hour || a.day != b.day ||
             a.mon != b.mon || a.year != b.year);
    uint8_t status_b = cmos_read(REG_STATUS_B);
    bool pm = a.hour & 0x80;
    a.hour &= 0x7f;
    if (!(status_b & 0x04)) { /* BCD */
        a.sec = bcd(a.sec), a.min = bcd(a.min), a.hour = bcd(a.hour);
        a.day = bcd(a.day), a.mon = bcd(a.mon), a.year = bcd(a.year);
    }
    if (!(status_b & 0x02) && pm) /* 12-hour clock */
        a.hour = (a.hour % 12) + 12;
    unsigned year = a.year + 2000;
    return days_since_epoch(year, a.mon, a.day) * 86400 + a.hour * 3600 + a.min * 60 +
           a.sec;
}
