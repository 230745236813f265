/*
 * Shared inside src/media only: the encoder both the trial save and the
 * derivatives use, and the one way a libvips error becomes a message.
 */
#ifndef GAZETTE_MEDIA_PRIVATE_H
#define GAZETTE_MEDIA_PRIVATE_H

#include "media/media.h"

#include <vips/vips.h>

/* Encodes image in format with Gazette's settings (quality, effort, only
 * the copyright kept); appends to out. GZ_EIO on a libvips failure. */
int media_encode(VipsImage *image, media_format_t format, gz_buf_t *out);

/* Appends "what: libvips' first line" to message (may be NULL) and clears
 * libvips' error buffer. */
void media_vips_error(gz_buf_t *message, const char *what);

#endif
