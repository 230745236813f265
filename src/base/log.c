/*
 * Logging to stderr.
 *
 * One line per event, "2026-11-25T08:00:00Z info: message", so logs read
 * the same under systemd, docker and a terminal, and sort by time. Each line
 * is written by a single fprintf while holding the stream lock, so lines
 * from different threads never interleave. The threshold is an atomic so
 * it can be read on every call without a lock.
 *
 * Nothing here allocates: gz_fatal is what allocation failure calls.
 */
#include "base/base.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { LOG_LINE_MAX = 4096 };

static atomic_int log_threshold = GZ_LOG_INFO;

void gz_log_set_level(gz_log_level_t level)
{
    atomic_store(&log_threshold, (int)level);
}

static const char *level_name(gz_log_level_t level)
{
    switch (level) {
    case GZ_LOG_DEBUG:
        return "debug";
    case GZ_LOG_INFO:
        return "info";
    case GZ_LOG_WARN:
        return "warn";
    case GZ_LOG_ERROR:
        return "error";
    }
    return "error";
}

static void write_line(const char *level, const char *fmt, va_list args)
{
    char message[LOG_LINE_MAX];
    vsnprintf(message, sizeof message, fmt, args);

    char stamp[32] = "0000-00-00T00:00:00Z";
    time_t now = time(NULL);
    struct tm utc;
    if (gmtime_r(&now, &utc) != NULL)
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);

    flockfile(stderr);
    fprintf(stderr, "%s %s: %s\n", stamp, level, message);
    fflush(stderr);
    funlockfile(stderr);
}

void gz_log(gz_log_level_t level, const char *fmt, ...)
{
    if ((int)level < atomic_load(&log_threshold))
        return;
    va_list args;
    va_start(args, fmt);
    write_line(level_name(level), fmt, args);
    va_end(args);
}

_Noreturn void gz_fatal(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    write_line("fatal", fmt, args);
    va_end(args);
    abort();
}
