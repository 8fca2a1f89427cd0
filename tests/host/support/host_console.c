/* The host console: fs/ messages go to stdout and into a bounded log. */
#include "tests/host/support/host_console.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define LOG_SIZE 16384

static pthread_mutex_t console_mutex = PTHREAD_MUTEX_INITIALIZER;
static char console_log[LOG_SIZE]; /* console_mutex; NUL-terminated */
static size_t console_len;         /* console_mutex */
static bool console_quiet;         /* console_mutex */

/* Appends TEXT to the log, dropping the oldest half when it is full. */
static void
console_remember(const char *text)
{
    size_t n = strlen(text);
    if (n >= LOG_SIZE / 2)
        n = LOG_SIZE / 2 - 1;
    if (console_len + n >= LOG_SIZE) {
        memmove(console_log, console_log + LOG_SIZE / 2, console_len - LOG_SIZE / 2);
        console_len -= LOG_SIZE / 2;
    }
    memcpy(console_log + console_len, text, n);
    console_len += n;
    console_log[console_len] = '\0';
}

int
host_console_printf(const char *fmt, ...)
{
    char text[1024];
    va_list ap;

    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&console_mutex);
    console_remember(text);
    if (!console_quiet) {
        fputs(text, stdout);
        fflush(stdout);
    }
    pthread_mutex_unlock(&console_mutex);
    return n;
}

void
host_console_set_quiet(bool quiet)
{
    pthread_mutex_lock(&console_mutex);
    console_quiet = quiet;
    pthread_mutex_unlock(&console_mutex);
}

void
host_console_clear(void)
{
    pthread_mutex_lock(&console_mutex);
    console_len = 0;
    console_log[0] = '\0';
    pthread_mutex_unlock(&console_mutex);
}

bool
host_console_contains(const char *text)
{
    pthread_mutex_lock(&console_mutex);
    bool found = strstr(console_log, text) != NULL;
    pthread_mutex_unlock(&console_mutex);
    return found;
}

const char *
host_console_text(void)
{
    return console_log;
}
