/*
 * text_related: the related block of the text format, the part of the
 * sample page that leaked onto it as a PHP var_dump:
 *
 *     string(378) "[{"id":"1892278","sort":"3677926","contenttypeid":"21",...}]"
 *
 * Its quotes are not escaped, so the only reliable frame is the declared
 * byte count and the last quote; inside it is JSON, an array of objects
 * whose fields are all strings. Each item becomes a link of the main
 * article and a stub article (id, sort key, type, headline, picture, and
 * a publication time read from the picture's .NET ticks), and every
 * check fails with the line a person would fix.
 */
#include "ingest/text_format_private.h"

#include <jansson.h>
#include <string.h>

typedef struct {
    size_t line;  /* the "string(" line number */
    size_t index; /* 1-based item number, for messages */
} item_context_t;

static bool is_digit_string(const char *s, size_t len)
{
    if (len == 0 || len > MAX_DIGIT_FIELD)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!text_is_digit(s[i]))
            return false;
    return true;
}

/* Reads a field that must be a JSON string of decimal digits. */
static int digits_field(parser_t *parser, const item_context_t *item, json_t *object,
                        const char *name, int64_t minimum, int64_t *out)
{
    json_t *value = json_object_get(object, name);
    if (!json_is_string(value) ||
        !is_digit_string(json_string_value(value), json_string_length(value)) ||
        gz_parse_int64((gz_str_t){json_string_value(value), json_string_length(value)}, out) !=
            GZ_OK)
        return text_fail(parser, item->line, "related item %zu: \"%s\" must be a string of digits",
                         item->index, name);
    if (*out < minimum)
        return text_fail(parser, item->line, "related item %zu: \"%s\" must be at least %lld",
                         item->index, name, (long long)minimum);
    return GZ_OK;
}

static int text_field(parser_t *parser, const item_context_t *item, json_t *object,
                      const char *name, gz_str_t *out)
{
    json_t *value = json_object_get(object, name);
    if (!json_is_string(value))
        return text_fail(parser, item->line, "related item %zu: \"%s\" must be a string",
                         item->index, name);
    *out = gz_str_trim((gz_str_t){json_string_value(value), json_string_length(value)});
    return GZ_OK;
}

/* Picture paths are kept as imported, but only paths and web URLs: the
 * value ends up in an img src. */
static bool is_picture_path(gz_str_t pic)
{
    if (pic.len == 0)
        return true;
    if (gz_str_starts_with(pic, "http://") || gz_str_starts_with(pic, "https://"))
        return true;
    return pic.ptr[0] == '/' && !(pic.len > 1 && pic.ptr[1] == '/');
}

/* The upload instant in the picture's name, "alalam_636163786258551197_25f_4x3.jpg":
 * the first '_'-separated field of 15 to 18 digits, read as .NET ticks. */
static bool time_from_picture(gz_str_t pic, gz_time_t *out)
{
    const char *slash = memrchr(pic.ptr, '/', pic.len);
    const char *p = slash != NULL ? slash + 1 : pic.ptr;
    const char *end = pic.ptr + pic.len;
    while (p < end) {
        const char *field_end = memchr(p, '_', (size_t)(end - p));
        if (field_end == NULL)
            field_end = end;
        size_t length = (size_t)(field_end - p);
        int64_t ticks;
        if (length >= 15 && is_digit_string(p, length) &&
            gz_parse_int64((gz_str_t){p, length}, &ticks) == GZ_OK) {
            gz_time_t t = gz_time_from_dotnet_ticks(ticks);
            if (t > 0) {
                *out = t;
                return true;
            }
        }
        p = field_end + 1;
    }
    return false;
}

static int check_type_known(parser_t *parser, const item_context_t *item, int64_t type_id)
{
    if (parser->options->content_type_count > 0 && text_find_type(parser->options, type_id) == NULL)
        return text_fail(parser, item->line, "related item %zu: unknown content type %lld",
                         item->index, (long long)type_id);
    return GZ_OK;
}

static int check_not_repeated(parser_t *parser, const item_context_t *item,
                              const content_article_t *article, int64_t id)
{
    for (size_t i = 0; i + 1 < item->index; i++)
        if (article->related[i].id == id)
            return text_fail(parser, item->line, "related item %zu repeats the id %lld of item %zu",
                             item->index, (long long)id, i + 1);
    return GZ_OK;
}

typedef struct {
    int64_t id;
    int64_t sort;
    int64_t type_id;
    gz_str_t pic;
    gz_str_t title;
} related_fields_t;

static int read_item_fields(parser_t *parser, const item_context_t *item, json_t *object,
                            related_fields_t *fields)
{
    if (!json_is_object(object))
        return text_fail(parser, item->line, "related item %zu must be a JSON object", item->index);
    int rc = digits_field(parser, item, object, "id", 1, &fields->id);
    if (rc == GZ_OK)
        rc = digits_field(parser, item, object, "sort", 0, &fields->sort);
    if (rc == GZ_OK)
        rc = digits_field(parser, item, object, "contenttypeid", 1, &fields->type_id);
    if (rc == GZ_OK)
        rc = text_field(parser, item, object, "pic", &fields->pic);
    if (rc == GZ_OK)
        rc = text_field(parser, item, object, "title", &fields->title);
    if (rc != GZ_OK)
        return rc;
    if (!is_picture_path(fields->pic))
        return text_fail(parser, item->line,
                         "related item %zu: \"pic\" must be a path like /2016/12/03/name.jpg",
                         item->index);
    return check_type_known(parser, item, fields->type_id);
}

static void fill_stub(parser_t *parser, const related_fields_t *fields, gz_str_t title,
                      const content_article_t *main, content_article_t *stub)
{
    *stub = (content_article_t){0};
    stub->id = fields->id;
    stub->sort_key = fields->sort;
    stub->headline = text_pool_cstr(parser, title);
    stub->slug = text_make_slug(parser, stub->headline);
    stub->language = text_detect_language(parser, stub->headline);
    stub->lead_image = fields->pic.len > 0 ? text_pool_cstr(parser, fields->pic) : NULL;
    stub->status = CONTENT_PUBLISHED;
    stub->is_stub = true;
    if (!time_from_picture(fields->pic, &stub->published_at))
        stub->published_at = main->published_at;
    text_set_type(parser, &stub->content_type, fields->type_id);
}

static int parse_item(parser_t *parser, const item_context_t *item, json_t *object,
                      content_article_t *article, content_article_t *stub)
{
    related_fields_t fields;
    int rc = read_item_fields(parser, item, object, &fields);
    if (rc == GZ_OK)
        rc = check_not_repeated(parser, item, article, fields.id);
    if (rc != GZ_OK)
        return rc;
    gz_str_t title = fields.title;
    text_strip_prefix(parser, &title);
    if (title.len == 0)
        return text_fail(parser, item->line, "related item %zu: \"title\" is empty", item->index);
    fill_stub(parser, &fields, title, article, stub);
    content_related_t *related = &article->related[item->index - 1];
    related->id = stub->id;
    related->sort_key = stub->sort_key;
    related->content_type_id = stub->content_type.id;
    related->slug = stub->slug;
    related->headline = stub->headline;
    related->lead_image = stub->lead_image;
    return GZ_OK;
}

static int parse_items(parser_t *parser, size_t line, json_t *array, ingest_parsed_t *out)
{
    if (!json_is_array(array))
        return text_fail(parser, line, "the related JSON must be an array of objects");
    size_t count = json_array_size(array);
    content_article_t *article = &out->article;
    article->related = gz_pool_calloc(parser->pool, count, sizeof(content_related_t));
    out->stubs = gz_pool_calloc(parser->pool, count, sizeof(content_article_t));
    for (size_t i = 0; i < count; i++) {
        item_context_t item = {line, i + 1};
        int rc = parse_item(parser, &item, json_array_get(array, i), article, &out->stubs[i]);
        if (rc != GZ_OK)
            return rc;
    }
    article->related_count = count;
    out->stub_count = count;
    return GZ_OK;
}

/* Finds the JSON in 'string(N) "JSON"': from the first quote to the last
 * one, which must end the file; N must be its length in bytes. */
static int locate_json(parser_t *parser, const text_line_t *line, gz_str_t *json)
{
    gz_str_t rest = gz_str_trim((gz_str_t){line->text.ptr, (size_t)(parser->end - line->text.ptr)});
    size_t i = strlen("string(");
    size_t digits_start = i;
    while (i < rest.len && text_is_digit(rest.ptr[i]))
        i++;
    int64_t declared;
    if (i == digits_start || i - digits_start > MAX_DIGIT_FIELD || i >= rest.len ||
        rest.ptr[i] != ')' ||
        gz_parse_int64((gz_str_t){rest.ptr + digits_start, i - digits_start}, &declared) != GZ_OK)
        return text_fail(parser, line->number, "expected the related items as string(N) \"[...]\"");
    i++;
    while (i < rest.len && rest.ptr[i] == ' ')
        i++;
    if (i >= rest.len || rest.ptr[i] != '"' || rest.ptr[rest.len - 1] != '"' || rest.len - 1 == i)
        return text_fail(parser, line->number,
                         "expected the related JSON between double quotes after string(%lld)",
                         (long long)declared);
    *json = (gz_str_t){rest.ptr + i + 1, rest.len - i - 2};
    if ((uint64_t)declared != json->len)
        return text_fail(parser, line->number,
                         "string(%lld) declares %lld bytes but the JSON has %zu",
                         (long long)declared, (long long)declared, json->len);
    return GZ_OK;
}

int text_parse_related(parser_t *parser, ingest_parsed_t *out)
{
    if (parser->related_line >= parser->line_count)
        return GZ_OK;
    const text_line_t *line = &parser->lines[parser->related_line];
    gz_str_t json = GZ_STR_NULL;
    int rc = locate_json(parser, line, &json);
    if (rc != GZ_OK)
        return rc;
    json_error_t json_error;
    json_t *array = json_loadb(json.ptr, json.len, JSON_REJECT_DUPLICATES, &json_error);
    if (array == NULL) {
        size_t error_line = line->number + (json_error.line > 1 ? (size_t)json_error.line - 1 : 0);
        return text_fail(parser, error_line, "the related JSON is malformed: %s", json_error.text);
    }
    rc = parse_items(parser, line->number, array, out);
    json_decref(array);
    return rc;
}
