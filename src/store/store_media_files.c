/*
 * store_media_files.c: the stored files of media items (an original and
 * its derivatives) and their bytes, written once for both databases over
 * the driver. The SQL is the same on both: the bytes are rows of
 * media_chunks, one per STORE_MEDIA_PART_BYTES part of a file, written
 * and read through the driver's blob calls (binary bytea on PostgreSQL),
 * so a byte range of a long video costs the parts it covers and no
 * statement carries more than one part (a read takes at most
 * READ_BATCH_PARTS per statement, so memory stays bounded too).
 *
 * A file is replaced whole inside one write: its old parts are deleted
 * before the new ones go in, so a shorter file leaves no stale part, and
 * a reader, holding one snapshot for the file's row and its parts, sees
 * the old file or the new one, never a mix. The etag is a 16-byte BLAKE2b
 * of the bytes (libsodium's crypto_generichash), computed once per write
 * and stored with the file, so serving a file never hashes it. Writing an
 * original, and deleting any file, logs "media:ID" (store_media_log_change).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/driver.h"

enum { READ_BATCH_PARTS = 8, ETAG_BYTES = 16 };

/* ---- checking arguments ------------------------------------------------- */

/* NULL when variant names a file ([a-z0-9._-], not starting with '.'). */
static const char *variant_problem(const char *variant)
{
    size_t len = variant ? strlen(variant) : 0;
    if (len == 0 || len > STORE_MEDIA_VARIANT_MAX)
        return "a media file's variant has 1 to 64 bytes";
    if (variant[0] == '.')
        return "a media file's variant does not start with '.'";
    for (const char *c = variant; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' ||
              *c == '-'))
            return "a media file's variant uses only a-z, 0-9, '.', '_' and '-'";
    return NULL;
}

/* NULL when mime reads as "type/subtype" in printable ASCII. */
static const char *mime_problem(const char *mime)
{
    size_t len = mime ? strlen(mime) : 0;
    if (len == 0 || len > STORE_MEDIA_MIME_MAX)
        return "a media file's type has 1 to 127 bytes";
    const char *slash = strchr(mime, '/');
    if (slash == NULL || slash == mime || slash[1] == '\0')
        return "a media file's type reads type/subtype";
    for (const char *c = mime; *c; c++)
        if (*c <= ' ' || *c > '~')
            return "a media file's type is printable ASCII without spaces";
    return NULL;
}

static bool is_original(const char *variant)
{
    return strcmp(variant, "original") == 0;
}

/* Prepares a statement whose ?1 is media_id and ?2 variant. */
static int prepare_file(store_t *store, store_sql_id_t id, int64_t media_id, const char *variant,
                        store_statement_t **statement)
{
    int result = store_sql_prepare(store, id, statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, *statement, 1, media_id);
    store_sql_bind_text(store, *statement, 2, variant);
    return GZ_OK;
}

/* ---- files --------------------------------------------------------------- */

static void copy_text(char *to, size_t size, const char *from)
{
    snprintf(to, size, "%s", from != NULL ? from : "");
}

static void file_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    store_media_file_t *file = out;
    gz_pool_t scratch = GZ_POOL_INIT; /* the texts land in the struct's own arrays */
    (void)pool;
    copy_text(file->variant, sizeof file->variant, store_sql_text_column(store, row, 0, &scratch));
    copy_text(file->mime, sizeof file->mime, store_sql_text_column(store, row, 1, &scratch));
    file->width = (uint32_t)store_sql_int64(store, row, 2);
    file->height = (uint32_t)store_sql_int64(store, row, 3);
    file->byte_count = store_sql_int64(store, row, 4);
    copy_text(file->etag, sizeof file->etag, store_sql_text_column(store, row, 5, &scratch));
    file->made_at = store_sql_int64(store, row, 6);
    gz_pool_clear(&scratch);
}

static void etag_of(const void *bytes, size_t len, char etag[ETAG_BYTES * 2 + 1])
{
    unsigned char hash[ETAG_BYTES];
    crypto_generichash(hash, sizeof hash, bytes, len, NULL, 0);
    sodium_bin2hex(etag, ETAG_BYTES * 2 + 1, hash, sizeof hash);
}

/* The item's row for a write to one of its files: has_original and the
 * original's size and type, or only updated_at. GZ_ENOTFOUND. */
static int mark_item(store_t *store, int64_t media_id, const char *variant, bool stored,
                     const char *mime, size_t len, gz_time_t now)
{
    store_statement_t *statement;
    store_sql_id_t id = !is_original(variant) ? SQL_MEDIA_TOUCH
                        : stored              ? SQL_MEDIA_ORIGINAL_SET
                                              : SQL_MEDIA_ORIGINAL_CLEAR;
    int result = store_sql_prepare(store, id, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, media_id);
    if (id == SQL_MEDIA_ORIGINAL_SET) {
        store_sql_bind_size(store, statement, 2, len);
        store_sql_bind_text(store, statement, 3, mime);
        store_sql_bind_int64(store, statement, 4, now);
    } else {
        store_sql_bind_int64(store, statement, 2, now);
    }
    int64_t changed = 0;
    result = store_sql_run(store, statement, &changed, "marking a media item");
    if (result == GZ_OK && changed == 0)
        result = store_media_missing(store, media_id);
    return result;
}

typedef struct {
    int64_t media_id;
    const char *variant, *mime;
    uint32_t width, height;
    const unsigned char *bytes;
    size_t len;
    char etag[ETAG_BYTES * 2 + 1];
    gz_time_t now;
} file_write_t;

static int put_file_row(store_t *store, const file_write_t *file)
{
    store_statement_t *statement;
    int result = prepare_file(store, SQL_MEDIA_FILE_PUT, file->media_id, file->variant, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 3, file->mime);
    store_sql_bind_int64(store, statement, 4, file->width);
    store_sql_bind_int64(store, statement, 5, file->height);
    store_sql_bind_size(store, statement, 6, file->len);
    store_sql_bind_text(store, statement, 7, file->etag);
    store_sql_bind_int64(store, statement, 8, file->now);
    return store_sql_run(store, statement, NULL, "storing a media file");
}

/* The bytes, one row per part; an empty file has none. */
static int put_parts(store_t *store, const file_write_t *file)
{
    int result = GZ_OK;
    for (size_t offset = 0, part = 0; result == GZ_OK && offset < file->len; part++) {
        size_t len = file->len - offset < STORE_MEDIA_PART_BYTES ? file->len - offset
                                                                 : STORE_MEDIA_PART_BYTES;
        store_statement_t *statement;
        result =
            prepare_file(store, SQL_MEDIA_CHUNK_ADD, file->media_id, file->variant, &statement);
        if (result != GZ_OK)
            break;
        store_sql_bind_size(store, statement, 3, part);
        store_sql_bind_blob(store, statement, 4, file->bytes + offset, len);
        result = store_sql_run(store, statement, NULL, "storing a part of a media file");
        offset += len;
    }
    return result;
}

static int clear_parts(store_t *store, int64_t media_id, const char *variant)
{
    store_statement_t *statement;
    int result = prepare_file(store, SQL_MEDIA_CHUNKS_CLEAR, media_id, variant, &statement);
    if (result != GZ_OK)
        return result;
    return store_sql_run(store, statement, NULL, "removing a media file's old parts");
}

int store_media_file_write(store_t *store, int64_t media_id, const char *variant, const char *mime,
                           uint32_t width, uint32_t height, const void *bytes, size_t len)
{
    const char *problem = variant_problem(variant);
    if (problem == NULL)
        problem = mime_problem(mime);
    if (problem == NULL && bytes == NULL && len > 0)
        problem = "a media file needs its bytes";
    if (problem == NULL && len > (size_t)INT64_MAX)
        problem = "a media file is too large";
    if (problem != NULL)
        return store_fail(store, GZ_EINVAL, "%s", problem);
    file_write_t file = {media_id, variant, mime, width, height, bytes, len, {0}, gz_now()};
    etag_of(bytes, len, file.etag);
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = mark_item(store, media_id, variant, true, mime, len, file.now);
    if (result == GZ_OK)
        result = clear_parts(store, media_id, variant);
    if (result == GZ_OK)
        result = put_file_row(store, &file);
    if (result == GZ_OK)
        result = put_parts(store, &file);
    /* Only an original changes what pages show: a derivative is a new
     * copy of it, and logging each one would drop the item's pages and
     * its cached derivatives once per size made. */
    if (result == GZ_OK && is_original(variant))
        result = store_media_log_change(store, media_id);
    return store_write_finish(store, &write, result);
}

int store_media_file_info(store_t *store, int64_t media_id, const char *variant,
                          store_media_file_t *out)
{
    if (variant == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_media_file_info needs a variant and out");
    memset(out, 0, sizeof *out);
    store_statement_t *statement;
    int result = prepare_file(store, SQL_MEDIA_FILE_INFO, media_id, variant, &statement);
    if (result != GZ_OK)
        return result;
    return store_sql_read_one(store, statement, file_from_row, NULL, out, "no such media file",
                              "reading a media file");
}

/* Appends the slice of part (len bytes, the part-th of file) that falls in
 * [offset, end). GZ_EIO when the part is not the one expected or has the
 * wrong size: the file's parts and its row disagree. */
static int append_part(store_t *store, const store_media_file_t *file, int64_t part,
                       int64_t expected, const unsigned char *bytes, size_t len, uint64_t offset,
                       uint64_t end, gz_buf_t *out)
{
    uint64_t start = (uint64_t)part * STORE_MEDIA_PART_BYTES;
    uint64_t size = (uint64_t)file->byte_count - start;
    if (size > STORE_MEDIA_PART_BYTES)
        size = STORE_MEDIA_PART_BYTES;
    if (part != expected || bytes == NULL || len != size)
        return store_fail(store, GZ_EIO, "media file %s is damaged: part %lld is missing or short",
                          file->variant, (long long)expected);
    uint64_t from = offset > start ? offset - start : 0;
    uint64_t to = end - start < size ? end - start : size;
    gz_buf_append(out, bytes + from, (size_t)(to - from));
    return GZ_OK;
}

/* Reads parts [first, last] (at most READ_BATCH_PARTS) into out. */
static int read_parts(store_t *store, int64_t media_id, const store_media_file_t *file,
                      int64_t first, int64_t last, uint64_t offset, uint64_t end, gz_buf_t *out)
{
    store_statement_t *statement;
    int result = prepare_file(store, SQL_MEDIA_CHUNKS_READ, media_id, file->variant, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_want_blobs(store, statement);
    store_sql_bind_int64(store, statement, 3, first);
    store_sql_bind_int64(store, statement, 4, last);
    int64_t expected = first;
    while ((result = store_sql_step(store, statement, "reading a media file")) == STORE_ROW) {
        size_t len = 0;
        const void *bytes = store_sql_blob_column(store, statement, 1, &len);
        result = append_part(store, file, store_sql_int64(store, statement, 0), expected, bytes,
                             len, offset, end, out);
        if (result != GZ_OK)
            break;
        expected++;
    }
    store_sql_finish(store, statement);
    if (result == STORE_DONE && expected != last + 1)
        result = append_part(store, file, -1, expected, NULL, 0, offset, end, out);
    return result == STORE_DONE ? GZ_OK : result;
}

static int read_range(store_t *store, int64_t media_id, const char *variant, uint64_t offset,
                      uint64_t length, gz_buf_t *out)
{
    store_media_file_t file;
    int result = store_media_file_info(store, media_id, variant, &file);
    if (result != GZ_OK)
        return result;
    uint64_t size = (uint64_t)file.byte_count;
    if (offset > size || length > size - offset)
        return store_fail(store, GZ_EINVAL, "bytes %llu to %llu are past the end of a file of %llu",
                          (unsigned long long)offset, (unsigned long long)(offset + length),
                          (unsigned long long)size);
    uint64_t end = offset + length;
    int64_t first = (int64_t)(offset / STORE_MEDIA_PART_BYTES);
    int64_t last = length == 0 ? first - 1 : (int64_t)((end - 1) / STORE_MEDIA_PART_BYTES);
    for (int64_t batch = first; result == GZ_OK && batch <= last; batch += READ_BATCH_PARTS) {
        int64_t batch_last =
            batch + READ_BATCH_PARTS - 1 < last ? batch + READ_BATCH_PARTS - 1 : last;
        result = read_parts(store, media_id, &file, batch, batch_last, offset, end, out);
    }
    return result;
}

int store_media_file_read(store_t *store, int64_t media_id, const char *variant, uint64_t offset,
                          uint64_t length, gz_buf_t *out)
{
    if (variant == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_media_file_read needs a variant and out");
    size_t kept = out->len;
    store_read_t read;
    int result = store_read_start(store, &read);
    if (result != GZ_OK)
        return result;
    result =
        store_read_finish(store, &read, read_range(store, media_id, variant, offset, length, out));
    if (result != GZ_OK && out->data != NULL) { /* nothing of a failed read is appended */
        out->len = kept;
        out->data[kept] = '\0';
    }
    return result;
}

int store_media_file_list(store_t *store, int64_t media_id, gz_pool_t *pool,
                          store_media_file_t **out, size_t *count)
{
    if (pool == NULL || out == NULL || count == NULL)
        return store_fail(store, GZ_EINVAL, "store_media_file_list needs a pool, out and count");
    *out = NULL;
    *count = 0;
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_MEDIA_FILE_LIST, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, media_id);
    return store_sql_read_all(store, statement, file_from_row, sizeof **out, pool, (void **)out,
                              count, "listing media files");
}

int store_media_file_delete(store_t *store, int64_t media_id, const char *variant)
{
    if (variant == NULL)
        return store_fail(store, GZ_EINVAL, "store_media_file_delete needs a variant");
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    store_statement_t *statement;
    int64_t changed = 0;
    result = prepare_file(store, SQL_MEDIA_FILE_DELETE, media_id, variant, &statement);
    if (result == GZ_OK)
        result = store_sql_run(store, statement, &changed, "deleting a media file");
    if (result == GZ_OK && changed == 0)
        result =
            store_fail(store, GZ_ENOTFOUND, "media item %lld has no file %s", (long long)media_id,
                       variant_problem(variant) ? "by that name" : variant);
    if (result == GZ_OK)
        result = mark_item(store, media_id, variant, false, NULL, 0, gz_now());
    if (result == GZ_OK)
        result = store_media_log_change(store, media_id);
    return store_write_finish(store, &write, result);
}
