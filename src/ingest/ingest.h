/*
 * ingest: importers that turn files from other systems into Gazette
 * articles. The first one reads the text format of the sample page
 * (samples/000_71a9bc3c562dee5d.txt), block by block, separated by blank
 * lines:
 *
 *     VIDEO: Militant Rocket Attacks Kill 7 in Syria's Aleppo   headline, with an
 *                                                               optional type prefix
 *     Wed Dec 7, 2016 08:09:47                                  publication time,
 *                                                               site's zone
 *     Militant rocket fire has killed ...                       lede (summary)
 *     Alalam - Syria                                            dateline: source - section
 *     The victims of ...                                        body paragraphs
 *     ...
 *     SA - 12                                                   editor code (optional)
 *     string(378) "[{"id":"1892278","sort":"3677926",...}]"    related items (optional)
 *
 * Importing is two steps, so that the first can be tested and fuzzed with
 * no database: ingest_text_parse turns bytes into content values (the main
 * article and one stub article per related item), and ingest_store_parsed
 * writes them in one store transaction. ingest_import_file does both.
 *
 * The page shows no id for its own article, so the importer identifies it
 * by source_ref "text:" + 16 hex digits of a BLAKE2b hash of the headline
 * and time lines: importing the same file again updates (or, when nothing
 * changed, leaves alone) the same article.
 *
 * Thread safety: every function works only on what it is given; one store_t
 * per thread as the store requires.
 */
#ifndef GAZETTE_INGEST_H
#define GAZETTE_INGEST_H

#include "base/base.h"
#include "content/content.h"
#include "store/store.h"

/* Files above this size are refused before parsing. */
#define INGEST_MAX_FILE_BYTES ((size_t)16 * 1024 * 1024)

/* The content type of an article whose headline has no known prefix. */
#define INGEST_DEFAULT_CONTENT_TYPE_ID 1

typedef struct {
    /* BCP 47 language of articles that are not mostly Arabic script ("en"). */
    const char *site_language;
    /* The known content types: headline prefixes ("VIDEO" in "VIDEO: ...")
     * are matched against their headline_prefix, and related items'
     * contenttypeid must be one of their ids. With no types at all, no
     * prefix is recognized and any positive contenttypeid is accepted. */
    const content_type_t *content_types;
    size_t content_type_count;
} ingest_options_t;

/* One parsed file. Everything points into the pool given to the parser. */
typedef struct {
    const char *file_name;
    /* The main article: id 0, status published, source_ref set, section
     * with name (and slug) but id 0 until stored, content type filled from
     * the options, related[] in the file's order with ids, sort keys, types,
     * headlines and pictures. */
    content_article_t article;
    /* One stub article per related item, same order as article.related:
     * is_stub, published, id and sort key from the file, headline without
     * its type prefix, lead_image = pic, published_at from the .NET ticks in
     * the picture's file name (else the main article's time). */
    content_article_t *stubs;
    size_t stub_count;
} ingest_parsed_t;

/* Parses one file of the text format held in bytes (not NUL-terminated;
 * a UTF-8 byte order mark is skipped, lines end in \n or \r\n). The
 * publication time is read in the site's zone (gz_time_set_zone).
 * file_name only names the file in messages. Strings in *out are allocated
 * from pool. Returns GZ_OK, or GZ_EPARSE with one message
 * "FILE:LINE: what is wrong" appended to error (also for files larger than
 * INGEST_MAX_FILE_BYTES, invalid UTF-8, and articles content_article_validate
 * refuses). Touches no store. */
int ingest_text_parse(const char *file_name, const char *bytes, size_t len,
                      const ingest_options_t *options, gz_pool_t *pool, ingest_parsed_t *out,
                      gz_buf_t *error);

typedef enum {
    INGEST_CREATED = 1,  /* a new article was stored */
    INGEST_UPDATED = 2,  /* the article existed and some field changed */
    INGEST_UNCHANGED = 3 /* the stored article already equals the file: nothing written */
} ingest_outcome_t;

/* "created", "updated", "unchanged". */
const char *ingest_outcome_name(ingest_outcome_t outcome);

typedef struct {
    ingest_outcome_t outcome;
    int64_t article_id;   /* the main article's id in the store */
    size_t stubs_created; /* related items that were not stored before */
} ingest_result_t;

/* Writes a parsed file in one transaction: the section (created when
 * missing), a stub for every related item not stored yet, then the main
 * article (updating the one with the same source_ref).
 *
 * The file owns what it carries: headline, summary, body, dateline,
 * section, content type, language, editor code, publication time, related
 * ids in order (and a lead image, were the format to carry one). The
 * newsroom owns the rest: on update the stored status, subtitle, lead
 * image, authors and tags are kept. When the stored article already equals
 * the file in every field the file owns, nothing is written, so revision
 * and updated_at stay.
 *
 * On any failure the transaction is rolled back (nothing of the file is
 * stored), the store's code is returned and "FILE: message" appended to
 * error. parsed is not modified. */
int ingest_store_parsed(store_t *store, const ingest_parsed_t *parsed, ingest_result_t *result,
                        gz_buf_t *error);

/* ingest_text_parse then ingest_store_parsed, with a pool of its own. */
int ingest_import_text(store_t *store, const char *file_name, const char *bytes, size_t len,
                       const ingest_options_t *options, ingest_result_t *result, gz_buf_t *error);

/* Reads the file at path (at most INGEST_MAX_FILE_BYTES: GZ_EPARSE above,
 * GZ_EIO when it cannot be read) and imports it; messages name the file by
 * path. */
int ingest_import_file(store_t *store, const char *path, const ingest_options_t *options,
                       ingest_result_t *result, gz_buf_t *error);

/* Fills options with site_language and the store's content types
 * (store_content_type_list), allocated from pool. Returns the store's code
 * with a message in error on failure. */
int ingest_options_load(store_t *store, const char *site_language, gz_pool_t *pool,
                        ingest_options_t *out, gz_buf_t *error);

#endif
