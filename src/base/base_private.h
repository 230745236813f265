/*
 * Helpers shared between files of the base module only; no other module
 * includes this header.
 */
#ifndef GAZETTE_BASE_PRIVATE_H
#define GAZETTE_BASE_PRIVATE_H

#include <stdbool.h>

/* True when zone is "UTC" or names a file under /usr/share/zoneinfo
 * (a plain IANA name: no leading '/', no "..", no odd characters). */
bool gz_time_zone_exists(const char *zone);

/* The IANA name gz_time_set_zone set ("UTC" before it is called). */
const char *gz_time_zone_name(void);

#endif
