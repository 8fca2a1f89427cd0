/* The CMOS real-time clock. */
#ifndef DEV_RTC_H
#define DEV_RTC_H

#include <stdint.h>

/* Seconds since 1970-01-01 00:00 UTC according to the CMOS clock. */
uint32_t rtc_read_unix_time(void);

#endif
