/*
 * Helpers shared between files of the base module only; no other module
 * includes this header.
 */
#ifndef GAZETTE_BASE_PRIVATE_H
#define GAZETTE_BASE_PRIVATE_H

#include <stdbool.h>

#include "base/base.h"

/* True when zone is "UTC" or names a file under /usr/share/zoneinfo
 * (a plain IANA name: no leading '/', no "..", no odd characters). */
bool gz_time_zone_exists(const char *zone);

/* The IANA name gz_time_set_zone set ("UTC" before it is called). */
const char *gz_time_zone_name(void);

/* ---- editions (editions.c, for config.c) ---- */

/* True for an INI section "[edition.KEY]". */
bool gz_edition_section(const char *section);
/* Sets option key of the edition of section ("edition.ar"), adding the
 * edition when it is new; GZ_EINVAL with what it wants in complaint. */
int gz_edition_set(gz_config_t *config, const char *section, const char *key, const char *value,
                   int line, gz_buf_t *complaint);
/* Checks the editions together once the file is read (a language each,
 * the first at the site's root, no two alike) and works out their ICU
 * locales; GZ_EINVAL with the complaint and the line of the section. */
int gz_editions_check(gz_config_t *config, gz_buf_t *complaint, int *line);
void gz_editions_copy(gz_config_t *copy, const gz_config_t *original);
void gz_editions_free(gz_config_t *config);
/* What a language option wants, or NULL when value is a tag ICU knows. */
const char *gz_config_language_complaint(const char *value);

#endif
