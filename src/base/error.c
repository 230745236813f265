/*
 * Error codes to messages.
 *
 * Functions that can fail return 0 or a negative GZ_E* code, as libuv does,
 * and this is the one place that turns a code into words. Messages are
 * static so callers can print them from any thread without owning anything.
 */
#include "base/base.h"

const char *gz_strerror(int code)
{
    switch (code) {
    case GZ_OK:
        return "success";
    case GZ_EINVAL:
        return "invalid input";
    case GZ_ENOTFOUND:
        return "not found";
    case GZ_EIO:
        return "input/output error";
    case GZ_ECONFLICT:
        return "conflict";
    case GZ_EPARSE:
        return "malformed text";
    case GZ_EUNAVAILABLE:
        return "service unavailable";
    default:
        return "unknown error";
    }
}
