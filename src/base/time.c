/*
 * Time: UTC instants in, text in several formats out, and back.
 *
 * Inside Gazette a time is a count of Unix seconds in UTC. The machine
 * formats (RFC 3339 for feeds and JSON, RFC 1123 for HTTP headers) are
 * computed here from the day count with Howard Hinnant's civil calendar
 * algorithms, so they do not depend on the C library's locale or time zone
 * and cannot fail. Only the reader-facing format ("Wed Dec 7, 2016
 * 08:09:47", the sample page's) goes through strftime/strptime and the
 * process time zone, which gz_time_set_zone sets once at start (TZ plus
 * tzset), since localtime_r needs the zone tables the C library loads.
 *
 * .NET ticks (the sample's picture names) count 100 ns since 0001-01-01;
 * conversion floors so an instant always maps to the second that holds it.
 */
#include "base/base.h"
#include "base/base_private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

enum { SECONDS_PER_DAY = 86400 };

static const int64_t TICKS_PER_SECOND = 10000000;
/* 621355968000000000 ticks, a whole number of seconds. */
static const int64_t UNIX_EPOCH_IN_SECONDS_SINCE_YEAR_1 = 62135596800;
static const int64_t MIN_FORMATTED_TIME = -62167219200; /* 0000-01-01T00:00:00Z */
static const int64_t MAX_FORMATTED_TIME = 253402300799; /* 9999-12-31T23:59:59Z */

static const char *const WEEKDAY_NAMES[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const MONTH_NAMES[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

typedef struct {
    int64_t year;
    int month; /* 1..12 */
    int day;   /* 1..31 */
    int hour, minute, second;
    int weekday; /* 0 = Sunday */
} civil_time_t;

static int64_t floor_divide(int64_t a, int64_t b)
{
    int64_t quotient = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        quotient--;
    return quotient;
}

static bool is_leap_year(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int64_t year, int month)
{
    static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : DAYS[month - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t year, int month, int day)
{
    year -= month <= 2;
    int64_t era = floor_divide(year, 400);
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

static civil_time_t civil_from_time(gz_time_t t)
{
    civil_time_t civil;
    int64_t days = floor_divide(t, SECONDS_PER_DAY);
    int64_t second_of_day = t - days * SECONDS_PER_DAY;
    civil.hour = (int)(second_of_day / 3600);
    civil.minute = (int)(second_of_day / 60 % 60);
    civil.second = (int)(second_of_day % 60);
    civil.weekday = (int)(days + 4 - floor_divide(days + 4, 7) * 7);

    int64_t shifted = days + 719468;
    int64_t era = floor_divide(shifted, 146097);
    int64_t day_of_era = shifted - era * 146097;
    int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t month_index = (5 * day_of_year + 2) / 153; /* 0 = March */
    civil.day = (int)(day_of_year - (153 * month_index + 2) / 5 + 1);
    civil.month = (int)(month_index < 10 ? month_index + 3 : month_index - 9);
    civil.year = year_of_era + era * 400 + (civil.month <= 2);
    return civil;
}

/* Four-digit years only: RFC 3339 and RFC 1123 have no room for others. */
static gz_time_t clamp_to_formattable(gz_time_t t)
{
    if (t < MIN_FORMATTED_TIME)
        return MIN_FORMATTED_TIME;
    if (t > MAX_FORMATTED_TIME)
        return MAX_FORMATTED_TIME;
    return t;
}

gz_time_t gz_now(void)
{
    return (gz_time_t)time(NULL);
}

static bool is_zone_name_character(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '/' || c == '_' || c == '-' || c == '+';
}

bool gz_time_zone_exists(const char *zone)
{
    if (zone == NULL || zone[0] == '\0' || zone[0] == '/' || strstr(zone, "..") != NULL)
        return false;
    if (strcmp(zone, "UTC") == 0)
        return true;
    for (const char *c = zone; *c != '\0'; c++) {
        if (!is_zone_name_character(*c))
            return false;
    }
    gz_buf_t path = GZ_BUF_INIT;
    gz_buf_printf(&path, "/usr/share/zoneinfo/%s", zone);
    struct stat info;
    bool exists = stat(path.data, &info) == 0 && S_ISREG(info.st_mode);
    gz_buf_free(&path);
    return exists;
}

/* The zone's IANA name, for ICU's formatters (locale.c). */
static char site_zone[128] = "UTC";

const char *gz_time_zone_name(void)
{
    return site_zone;
}

int gz_time_set_zone(const char *zone)
{
    if (zone == NULL || !gz_time_zone_exists(zone))
        return GZ_EINVAL;
    size_t len = strlen(zone);
    if (len >= sizeof site_zone)
        return GZ_EINVAL;
    memcpy(site_zone, zone, len + 1);
    /* "UTC0" works even where the tzdata files are missing. */
    const char *value = strcmp(zone, "UTC") == 0 ? "UTC0" : zone;
    if (setenv("TZ", value, 1) != 0)
        return GZ_EINVAL;
    tzset();
    return GZ_OK;
}

void gz_time_append_rfc3339(gz_buf_t *buf, gz_time_t t)
{
    civil_time_t c = civil_from_time(clamp_to_formattable(t));
    gz_buf_printf(buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)c.year, c.month, c.day, c.hour,
                  c.minute, c.second);
}

void gz_time_append_rfc1123(gz_buf_t *buf, gz_time_t t)
{
    civil_time_t c = civil_from_time(clamp_to_formattable(t));
    gz_buf_printf(buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", WEEKDAY_NAMES[c.weekday], c.day,
                  MONTH_NAMES[c.month - 1], (int)c.year, c.hour, c.minute, c.second);
}

void gz_time_append_local(gz_buf_t *buf, gz_time_t t, const char *strftime_format)
{
    time_t seconds = (time_t)t;
    struct tm local;
    if (strftime_format == NULL || strftime_format[0] == '\0' ||
        localtime_r(&seconds, &local) == NULL)
        return;
    /* strftime returns 0 both for "too small" and "empty": retry a few
     * times larger, then take it as empty. */
    for (size_t room = 128; room <= 16384; room *= 8) {
        gz_buf_reserve(buf, room);
        size_t written = strftime(buf->data + buf->len, room, strftime_format, &local);
        if (written > 0) {
            buf->len += written;
            return;
        }
    }
    buf->data[buf->len] = '\0';
}

/* Reads exactly count digits at text[*position]; false if any is not one. */
static bool read_digits(gz_str_t text, size_t *position, size_t count, int *value)
{
    if (text.len - *position < count)
        return false;
    int result = 0;
    for (size_t i = 0; i < count; i++) {
        char c = text.ptr[*position + i];
        if (c < '0' || c > '9')
            return false;
        result = result * 10 + (c - '0');
    }
    *position += count;
    *value = result;
    return true;
}

static bool expect_character(gz_str_t text, size_t *position, const char *allowed)
{
    if (*position >= text.len || strchr(allowed, text.ptr[*position]) == NULL ||
        text.ptr[*position] == '\0')
        return false;
    (*position)++;
    return true;
}

/* Reads "Z" or "+hh:mm"/"-hh:mm" as seconds east of UTC. */
static bool read_offset(gz_str_t text, size_t *position, int64_t *offset_seconds)
{
    if (expect_character(text, position, "Zz")) {
        *offset_seconds = 0;
        return true;
    }
    if (*position >= text.len)
        return false;
    char sign = text.ptr[*position];
    int hours, minutes;
    if (!expect_character(text, position, "+-") || !read_digits(text, position, 2, &hours) ||
        !expect_character(text, position, ":") || !read_digits(text, position, 2, &minutes) ||
        hours > 23 || minutes > 59)
        return false;
    *offset_seconds = (hours * 3600 + minutes * 60) * (sign == '-' ? -1 : 1);
    return true;
}

int gz_time_parse_rfc3339(gz_str_t text, gz_time_t *out)
{
    size_t at = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!read_digits(text, &at, 4, &year) || !expect_character(text, &at, "-") ||
        !read_digits(text, &at, 2, &month) || !expect_character(text, &at, "-") ||
        !read_digits(text, &at, 2, &day) || !expect_character(text, &at, "Tt ") ||
        !read_digits(text, &at, 2, &hour) || !expect_character(text, &at, ":") ||
        !read_digits(text, &at, 2, &minute) || !expect_character(text, &at, ":") ||
        !read_digits(text, &at, 2, &second))
        return GZ_EPARSE;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
        minute > 59 || second > 60)
        return GZ_EPARSE;
    if (expect_character(text, &at, ".")) {
        size_t digits_start = at;
        while (at < text.len && text.ptr[at] >= '0' && text.ptr[at] <= '9')
            at++;
        if (at == digits_start)
            return GZ_EPARSE;
    }
    int64_t offset;
    if (!read_offset(text, &at, &offset) || at != text.len)
        return GZ_EPARSE;
    int64_t days = days_from_civil(year, month, day);
    *out = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offset;
    return GZ_OK;
}

int gz_time_parse_local(gz_str_t text, const char *strptime_format, gz_time_t *out)
{
    if (strptime_format == NULL || (text.len > 0 && memchr(text.ptr, '\0', text.len) != NULL))
        return GZ_EPARSE;
    char *copy = gz_strndup(text.len > 0 ? text.ptr : "", text.len);
    struct tm local = {0};
    local.tm_mday = 1;
    const char *end = strptime(copy, strptime_format, &local);
    bool consumed = end != NULL && *end == '\0';
    free(copy);
    if (!consumed || local.tm_mon < 0 || local.tm_mon > 11 ||
        local.tm_mday > days_in_month((int64_t)local.tm_year + 1900, local.tm_mon + 1))
        return GZ_EPARSE;
    local.tm_isdst = -1;
    local.tm_wday = -1; /* mktime sets it on success */
    errno = 0;
    time_t seconds = mktime(&local);
    if (seconds == (time_t)-1 && local.tm_wday == -1)
        return GZ_EPARSE;
    *out = (gz_time_t)seconds;
    return GZ_OK;
}

gz_time_t gz_time_from_dotnet_ticks(int64_t ticks)
{
    /* The epoch offset is a whole number of seconds, so flooring the ticks
     * first gives the same result without overflowing near INT64_MIN. */
    return floor_divide(ticks, TICKS_PER_SECOND) - UNIX_EPOCH_IN_SECONDS_SINCE_YEAR_1;
}

int64_t gz_time_to_dotnet_ticks(gz_time_t t)
{
    int64_t seconds_since_year_1, ticks;
    if (__builtin_add_overflow(t, UNIX_EPOCH_IN_SECONDS_SINCE_YEAR_1, &seconds_since_year_1) ||
        __builtin_mul_overflow(seconds_since_year_1, TICKS_PER_SECOND, &ticks))
        return t < 0 ? INT64_MIN : INT64_MAX;
    return ticks;
}
