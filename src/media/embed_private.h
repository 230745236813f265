/*
 * Shared by embed.c (the providers, their ids and players) and embed_url.c
 * (the addresses journalists paste) only.
 */
#ifndef GAZETTE_MEDIA_EMBED_PRIVATE_H
#define GAZETTE_MEDIA_EMBED_PRIVATE_H

#include "media/media.h"

/* media_embed_id_valid on a byte range. */
bool media_embed_id_check(media_embed_t provider, gz_str_t id);

#endif
