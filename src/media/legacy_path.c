/*
 * The legacy path scheme: /YYYY/MM/DD/{site}_{ticks}_{size}_{ratio}.{ext}.
 *
 * The old site named every picture by its upload day, its site prefix,
 * the upload instant in .NET ticks (100 ns since 0001-01-01), a size code
 * and the crop ratio: /2016/12/03/alalam_636163786258551197_25f_4x3.jpg.
 * Imported articles keep those paths, so Gazette reads them exactly, and
 * names its own uploads the same way so old and new sit side by side.
 *
 * The parser is strict because these paths come from URLs: one fixed
 * shape of lower-case letters, digits and separators, which leaves no
 * room for "..", "%2e", a backslash or a second slash, and a length cap.
 * The date must be a real day, and the ticks must fall on it: the old
 * site wrote its local date, so the instant may sit anywhere from 14
 * hours before that UTC day (UTC+14) to 12 hours after its end (UTC-12).
 */
#include "media/media.h"

#include <string.h>
#include <time.h>

enum {
    SITE_MAX = 32,
    SIZE_CODE_MAX = 8,
    EXTENSION_MAX = 5,
    TICKS_DIGITS_MAX = 19,
    SECONDS_PER_DAY = 86400,
    EARLIEST_OFFSET = 14 * 3600, /* UTC+14 */
    LATEST_OFFSET = 12 * 3600,   /* UTC-12 */
};

static const int64_t TICKS_PER_SECOND = 10000000;

typedef struct {
    gz_str_t rest;
    gz_buf_t *message;
} cursor_t;

static bool is_lower_or_digit(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int fail(gz_buf_t *message, const char *why)
{
    if (message) {
        gz_buf_append_cstr(message, "not a picture path: ");
        gz_buf_append_cstr(message, why);
    }
    return GZ_EPARSE;
}

/* Takes the run of accepted characters up to the separator (consumed). */
static bool take_until(cursor_t *cursor, char separator, bool (*accepted)(char), size_t min,
                       size_t max, gz_str_t *out)
{
    size_t length = 0;
    while (length < cursor->rest.len && cursor->rest.ptr[length] != separator &&
           accepted(cursor->rest.ptr[length]))
        length++;
    if (length < min || length > max || length >= cursor->rest.len ||
        cursor->rest.ptr[length] != separator)
        return false;
    *out = (gz_str_t){cursor->rest.ptr, length};
    cursor->rest.ptr += length + 1;
    cursor->rest.len -= length + 1;
    return true;
}

static bool take_number(cursor_t *cursor, char separator, size_t digits, int *out)
{
    gz_str_t text;
    int64_t value;
    if (!take_until(cursor, separator, is_digit, digits, digits, &text) ||
        gz_parse_int64(text, &value))
        return false;
    *out = (int)value;
    return true;
}

/* The UTC midnight of a real day, or false. */
static bool day_start(int year, int month, int day, gz_time_t *midnight)
{
    struct tm fields = {.tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day};
    time_t start = timegm(&fields);
    if (year < 1 || month < 1 || month > 12 || day < 1 || fields.tm_mday != day ||
        fields.tm_mon != month - 1)
        return false;
    *midnight = (gz_time_t)start;
    return true;
}

static int parse_date(cursor_t *cursor, media_legacy_path_t *parsed)
{
    gz_str_t empty;
    if (!take_until(cursor, '/', is_digit, 0, 0, &empty))
        return fail(cursor->message, "it must start with /YYYY/MM/DD/");
    if (!take_number(cursor, '/', 4, &parsed->year) ||
        !take_number(cursor, '/', 2, &parsed->month) || !take_number(cursor, '/', 2, &parsed->day))
        return fail(cursor->message, "it must start with /YYYY/MM/DD/");
    gz_time_t midnight;
    if (!day_start(parsed->year, parsed->month, parsed->day, &midnight))
        return fail(cursor->message, "the date is not a real day");
    return GZ_OK;
}

static bool is_site_character(char c)
{
    return is_lower_or_digit(c) || c == '-';
}

static int parse_ticks(cursor_t *cursor, media_legacy_path_t *parsed)
{
    gz_str_t text;
    if (!take_until(cursor, '_', is_digit, 1, TICKS_DIGITS_MAX, &text) ||
        gz_parse_int64(text, &parsed->ticks))
        return fail(cursor->message, "the upload instant must be .NET ticks (digits)");
    parsed->instant = gz_time_from_dotnet_ticks(parsed->ticks);
    parsed->nanoseconds = (uint32_t)(parsed->ticks % TICKS_PER_SECOND) * 100;
    gz_time_t midnight = 0;
    if (!day_start(parsed->year, parsed->month, parsed->day, &midnight) ||
        parsed->instant < midnight - EARLIEST_OFFSET ||
        parsed->instant >= midnight + SECONDS_PER_DAY + LATEST_OFFSET)
        return fail(cursor->message, "the upload instant is not on the path's date");
    return GZ_OK;
}

static int parse_ratio(cursor_t *cursor, media_legacy_path_t *parsed)
{
    gz_str_t width, height;
    int64_t value;
    if (!take_until(cursor, 'x', is_digit, 1, 3, &width) ||
        !take_until(cursor, '.', is_digit, 1, 3, &height))
        return fail(cursor->message, "the crop ratio must be like 4x3");
    gz_parse_int64(width, &value);
    parsed->ratio_width = (uint32_t)value;
    gz_parse_int64(height, &value);
    parsed->ratio_height = (uint32_t)value;
    if (parsed->ratio_width == 0 || parsed->ratio_height == 0)
        return fail(cursor->message, "the crop ratio must be like 4x3");
    return GZ_OK;
}

static int parse_extension(cursor_t *cursor, media_legacy_path_t *parsed)
{
    gz_str_t extension = cursor->rest;
    for (size_t i = 0; i < extension.len; i++)
        if (!is_lower_or_digit(extension.ptr[i]))
            return fail(cursor->message, "the extension must be lower-case letters");
    if (extension.len == 0 || extension.len > EXTENSION_MAX)
        return fail(cursor->message, "the extension must be lower-case letters");
    parsed->extension = extension;
    return GZ_OK;
}

int media_legacy_path_parse(gz_str_t path, media_legacy_path_t *parsed, gz_buf_t *message)
{
    *parsed = (media_legacy_path_t){0};
    if (path.len > MEDIA_LEGACY_PATH_MAX)
        return fail(message, "it is too long");
    if (memchr(path.ptr, '\0', path.len) || (path.len >= 2 && memmem(path.ptr, path.len, "..", 2)))
        return fail(message, "it may not leave its folder");
    cursor_t cursor = {path, message};
    int status = parse_date(&cursor, parsed);
    if (status)
        return status;
    if (!take_until(&cursor, '_', is_site_character, 1, SITE_MAX, &parsed->site))
        return fail(message, "the site prefix must be lower-case letters, digits or '-'");
    if ((status = parse_ticks(&cursor, parsed)))
        return status;
    if (!take_until(&cursor, '_', is_lower_or_digit, 1, SIZE_CODE_MAX, &parsed->size_code))
        return fail(message, "the size code must be lower-case letters or digits");
    if ((status = parse_ratio(&cursor, parsed)))
        return status;
    return parse_extension(&cursor, parsed);
}

/* ---- naming a new upload -------------------------------------------------- */

static bool made_of(gz_str_t text, bool (*accepted)(char), size_t max)
{
    if (text.len == 0 || text.len > max)
        return false;
    for (size_t i = 0; i < text.len; i++)
        if (!accepted(text.ptr[i]))
            return false;
    return true;
}

int media_legacy_path_append(gz_buf_t *buf, gz_str_t site, struct timespec uploaded_at,
                             gz_str_t size_code, uint32_t ratio_width, uint32_t ratio_height,
                             gz_str_t extension)
{
    if (!made_of(site, is_site_character, SITE_MAX) ||
        !made_of(size_code, is_lower_or_digit, SIZE_CODE_MAX) ||
        !made_of(extension, is_lower_or_digit, EXTENSION_MAX) || ratio_width == 0 ||
        ratio_height == 0 || ratio_width > 999 || ratio_height > 999 || uploaded_at.tv_nsec < 0 ||
        uploaded_at.tv_nsec >= 1000000000 || uploaded_at.tv_sec < 0)
        return GZ_EINVAL;
    time_t seconds = uploaded_at.tv_sec;
    struct tm day;
    if (!gmtime_r(&seconds, &day) || day.tm_year + 1900 > 9999)
        return GZ_EINVAL;
    int64_t ticks = gz_time_to_dotnet_ticks((gz_time_t)seconds) + uploaded_at.tv_nsec / 100;
    gz_buf_printf(buf, "/%04d/%02d/%02d/%.*s_%lld_%.*s_%ux%u.%.*s", day.tm_year + 1900,
                  day.tm_mon + 1, day.tm_mday, (int)site.len, site.ptr, (long long)ticks,
                  (int)size_code.len, size_code.ptr, ratio_width, ratio_height, (int)extension.len,
                  extension.ptr);
    return GZ_OK;
}

/* ---- derivatives' and originals' paths --------------------------------------- */

static bool is_stem_character(char c)
{
    return is_lower_or_digit(c) || c == '-' || c == '_';
}

bool media_stem_is_valid(gz_str_t stem)
{
    if (!stem.ptr || stem.len == 0 || stem.len > MEDIA_STEM_MAX)
        return false;
    for (size_t i = 0; i < stem.len; i++) {
        bool part_starts = i == 0 || stem.ptr[i - 1] == '/';
        if (stem.ptr[i] == '/' ? part_starts : !is_stem_character(stem.ptr[i]))
            return false;
    }
    return stem.ptr[stem.len - 1] != '/';
}

int media_derivative_path_append(gz_buf_t *buf, gz_str_t stem, uint32_t width,
                                 uint32_t ratio_width, uint32_t ratio_height,
                                 media_format_t format)
{
    if (!media_stem_is_valid(stem) || width == 0 || width > 8192 || ratio_width == 0 ||
        ratio_height == 0 || ratio_width > 999 || ratio_height > 999 || format < 0 ||
        format >= MEDIA_FORMAT_COUNT)
        return GZ_EINVAL;
    gz_buf_printf(buf, "/%.*s_%u_%ux%u.%s", (int)stem.len, stem.ptr, width, ratio_width,
                  ratio_height, media_format_extension(format));
    return GZ_OK;
}

int media_original_path_append(gz_buf_t *buf, gz_str_t stem, gz_str_t extension)
{
    if (!media_stem_is_valid(stem) || !made_of(extension, is_lower_or_digit, EXTENSION_MAX))
        return GZ_EINVAL;
    gz_buf_printf(buf, "/%.*s.%.*s", (int)stem.len, stem.ptr, (int)extension.len,
                  extension.ptr);
    return GZ_OK;
}
