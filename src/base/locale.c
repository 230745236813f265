/*
 * locale: dates, times and numbers in a language's own words, by ICU.
 *
 * A locale is an ICU locale id: a language ("ar", "fa", "en-GB") with
 * optional keywords ("ar@numbers=latn" for Latin digits in Arabic,
 * "fa@calendar=persian" for the Solar Hijri calendar). What a date shows
 * is an ICU skeleton (the fields wanted, "EEEEdMMMMy"); ICU orders them,
 * punctuates them and picks the digits as the language does. Times are
 * shown in the site's zone (gz_time_set_zone).
 *
 * ICU's formatters are costly to open and may not be shared between
 * threads, so each thread keeps the last few it opened (a page formats
 * its dates in one or two styles) and reuses them.
 */
#include "base/base.h"
#include "base/base_private.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/uloc.h>
#include <unicode/unum.h>
#include <unicode/ureldatefmt.h>
#include <unicode/ustring.h>

enum { TEXT_CAP = 256, KEY_CAP = 256 };

/* ---- UTF-16 to the buffer ----------------------------------------------- */

static int append_utf16(gz_buf_t *buf, const UChar *text, int32_t len)
{
    char utf8[TEXT_CAP * 3];
    int32_t written = 0;
    UErrorCode status = U_ZERO_ERROR;
    u_strToUTF8(utf8, (int32_t)sizeof utf8, &written, text, len, &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
        return GZ_EIO;
    gz_buf_append(buf, utf8, (size_t)written);
    return GZ_OK;
}

static int to_utf16(const char *text, UChar *out, int32_t cap)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t len = 0;
    u_strFromUTF8(out, cap, &len, text, -1, &status);
    if (U_FAILURE(status) || len >= cap)
        return -1;
    return len;
}

/* ---- locales ------------------------------------------------------------ */

/* ICU falls back to its root data for a language it has none for, so a
 * locale is known when ICU lists a locale of its language. */
bool gz_locale_known(const char *locale)
{
    if (locale == NULL || locale[0] == '\0' || strlen(locale) >= KEY_CAP / 2)
        return false;
    char language[16];
    UErrorCode status = U_ZERO_ERROR;
    int32_t len = uloc_getLanguage(locale, language, (int32_t)sizeof language, &status);
    if (U_FAILURE(status) || len < 2 || len >= (int32_t)sizeof language)
        return false;
    for (int32_t i = 0; i < uloc_countAvailable(); i++) {
        char available[16];
        status = U_ZERO_ERROR;
        uloc_getLanguage(uloc_getAvailable(i), available, (int32_t)sizeof available, &status);
        if (U_SUCCESS(status) && strcmp(available, language) == 0)
            return true;
    }
    return false;
}

/* ---- one date formatter per thread -------------------------------------- */

enum { DATE_CACHE_SLOTS = 4 };

typedef struct {
    char key[KEY_CAP]; /* locale, a tab, skeleton, a tab, zone */
    UDateFormat *format;
} date_slot_t;

typedef struct {
    date_slot_t slots[DATE_CACHE_SLOTS];
    size_t next; /* the slot the next new formatter replaces */
} date_cache_t;

static pthread_key_t date_cache_key;
static pthread_once_t date_cache_once = PTHREAD_ONCE_INIT;

static void date_cache_free(void *value)
{
    date_cache_t *cache = value;
    for (size_t i = 0; i < DATE_CACHE_SLOTS; i++)
        if (cache->slots[i].format != NULL)
            udat_close(cache->slots[i].format);
    free(cache);
}

static void date_cache_init(void)
{
    (void)pthread_key_create(&date_cache_key, date_cache_free);
}

/* NULL for a locale ICU has no data for: its root fallback would write
 * neither the language's words nor its order. */
static UDateFormat *open_date_format(const char *locale, const char *skeleton)
{
    if (!gz_locale_known(locale))
        return NULL;
    UChar wanted[64];
    UChar zone[128];
    int32_t wanted_len = to_utf16(skeleton, wanted, 64);
    int32_t zone_len = to_utf16(gz_time_zone_name(), zone, 128);
    if (wanted_len <= 0 || zone_len <= 0)
        return NULL;
    UErrorCode status = U_ZERO_ERROR;
    UDateTimePatternGenerator *generator = udatpg_open(locale, &status);
    UChar pattern[TEXT_CAP];
    int32_t pattern_len =
        udatpg_getBestPattern(generator, wanted, wanted_len, pattern, TEXT_CAP, &status);
    if (generator != NULL)
        udatpg_close(generator);
    if (U_FAILURE(status) || pattern_len >= TEXT_CAP)
        return NULL;
    UDateFormat *format = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, zone, zone_len, pattern,
                                    pattern_len, &status);
    if (U_FAILURE(status)) {
        if (format != NULL)
            udat_close(format);
        return NULL;
    }
    return format;
}

static date_cache_t *thread_date_cache(void)
{
    (void)pthread_once(&date_cache_once, date_cache_init);
    date_cache_t *cache = pthread_getspecific(date_cache_key);
    if (cache == NULL) {
        cache = calloc(1, sizeof *cache);
        if (cache == NULL || pthread_setspecific(date_cache_key, cache) != 0) {
            free(cache);
            return NULL;
        }
    }
    return cache;
}

/* This thread's formatter for locale and skeleton; NULL when ICU cannot
 * make one (an unknown locale, an empty skeleton, no memory). */
static UDateFormat *date_format_for(const char *locale, const char *skeleton)
{
    char key[KEY_CAP];
    int len = snprintf(key, sizeof key, "%s\t%s\t%s", locale, skeleton, gz_time_zone_name());
    date_cache_t *cache = thread_date_cache();
    if (len < 0 || (size_t)len >= sizeof key || cache == NULL)
        return NULL;
    for (size_t i = 0; i < DATE_CACHE_SLOTS; i++)
        if (cache->slots[i].format != NULL && strcmp(cache->slots[i].key, key) == 0)
            return cache->slots[i].format;
    UDateFormat *format = open_date_format(locale, skeleton);
    if (format == NULL)
        return NULL;
    date_slot_t *slot = &cache->slots[cache->next];
    cache->next = (cache->next + 1) % DATE_CACHE_SLOTS;
    if (slot->format != NULL)
        udat_close(slot->format);
    slot->format = format;
    memcpy(slot->key, key, (size_t)len + 1);
    return format;
}

int gz_time_append_in_locale(gz_buf_t *buf, gz_time_t t, const char *locale, const char *skeleton)
{
    if (locale == NULL || skeleton == NULL || skeleton[0] == '\0')
        return GZ_EINVAL;
    UDateFormat *format = date_format_for(locale, skeleton);
    if (format == NULL)
        return GZ_EINVAL;
    UChar text[TEXT_CAP];
    UErrorCode status = U_ZERO_ERROR;
    int32_t len = udat_format(format, (UDate)t * 1000.0, text, TEXT_CAP, NULL, &status);
    if (U_FAILURE(status) || len >= TEXT_CAP)
        return GZ_EIO;
    return append_utf16(buf, text, len);
}

/* ---- relative times and numbers ---------------------------------------- */

/* The largest unit that fits the distance, and how many of it. */
static URelativeDateTimeUnit relative_unit(int64_t seconds, double *amount)
{
    int64_t distance = seconds < 0 ? -seconds : seconds;
    static const struct {
        int64_t size;
        URelativeDateTimeUnit unit;
    } units[] = {{365 * 86400, UDAT_REL_UNIT_YEAR}, {30 * 86400, UDAT_REL_UNIT_MONTH},
                 {7 * 86400, UDAT_REL_UNIT_WEEK},   {86400, UDAT_REL_UNIT_DAY},
                 {3600, UDAT_REL_UNIT_HOUR},        {60, UDAT_REL_UNIT_MINUTE}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (distance >= units[i].size) {
            *amount = (double)(seconds / units[i].size);
            return units[i].unit;
        }
    }
    *amount = 0;
    return UDAT_REL_UNIT_SECOND;
}

int gz_time_append_relative(gz_buf_t *buf, gz_time_t t, gz_time_t now, const char *locale)
{
    if (locale == NULL)
        return GZ_EINVAL;
    UErrorCode status = U_ZERO_ERROR;
    URelativeDateTimeFormatter *format = ureldatefmt_open(
        locale, NULL, UDAT_STYLE_LONG, UDISPCTX_CAPITALIZATION_FOR_STANDALONE, &status);
    double amount = 0;
    URelativeDateTimeUnit unit = relative_unit((int64_t)(t - now), &amount);
    UChar text[TEXT_CAP];
    int32_t len = 0;
    if (U_SUCCESS(status))
        len = amount == 0
                  ? ureldatefmt_format(format, 0, unit, text, TEXT_CAP, &status)
                  : ureldatefmt_formatNumeric(format, amount, unit, text, TEXT_CAP, &status);
    if (format != NULL)
        ureldatefmt_close(format);
    if (U_FAILURE(status) || len >= TEXT_CAP)
        return GZ_EIO;
    return append_utf16(buf, text, len);
}

int gz_number_append(gz_buf_t *buf, int64_t number, const char *locale)
{
    if (locale == NULL)
        return GZ_EINVAL;
    UErrorCode status = U_ZERO_ERROR;
    UNumberFormat *format = unum_open(UNUM_DECIMAL, NULL, 0, locale, NULL, &status);
    UChar text[TEXT_CAP];
    int32_t len = 0;
    if (U_SUCCESS(status))
        len = unum_formatInt64(format, number, text, TEXT_CAP, NULL, &status);
    if (format != NULL)
        unum_close(format);
    if (U_FAILURE(status) || len >= TEXT_CAP)
        return GZ_EIO;
    return append_utf16(buf, text, len);
}
