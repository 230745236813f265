/*
 * set.c: the named templates of a theme, and loading them from a folder.
 *
 * Partials are found by name at render time (a theme can replace one
 * template without relinking the others), so the set is an open-addressing
 * hash table keyed by the name's FNV hash computed at compile time: a
 * partial costs one probe or two. The table is written only while loading
 * and read-only afterwards, which is what makes concurrent renders safe.
 *
 * Loading a folder is all or nothing: every file is compiled first, and the
 * set changes only when all of them compiled, so a theme with one broken
 * file keeps serving the templates it had.
 */
#include "tmpl/tmpl_private.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define EXTENSION ".mustache"

struct tmpl_set {
    tmpl_template_t **slots; /* capacity entries, NULL when free */
    size_t capacity;         /* a power of two */
    size_t count;
};

tmpl_set_t *tmpl_set_new(void)
{
    tmpl_set_t *set = gz_calloc(1, sizeof *set);
    set->capacity = 16;
    set->slots = gz_calloc(set->capacity, sizeof *set->slots);
    return set;
}

void tmpl_set_free(tmpl_set_t *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->capacity; i++)
        tmpl_template_free(set->slots[i]);
    free(set->slots);
    free(set);
}

/* The slot holding name, or the free slot where it would go. */
static size_t find_slot(const tmpl_set_t *set, const char *name, size_t len, uint32_t hash)
{
    size_t mask = set->capacity - 1;
    size_t i = hash & mask;
    while (set->slots[i] != NULL) {
        const tmpl_template_t *template = set->slots[i];
        if (template->hash == hash && template->name_len == len &&
            memcmp(template->name, name, len) == 0)
            return i;
        i = (i + 1) & mask;
    }
    return i;
}

const tmpl_template_t *tmpl_set_find(const tmpl_set_t *set, const char *name, size_t len,
                                     uint32_t hash)
{
    return set->slots[find_slot(set, name, len, hash)];
}

static void grow(tmpl_set_t *set)
{
    tmpl_template_t **old_slots = set->slots;
    size_t old_capacity = set->capacity;
    if (old_capacity > SIZE_MAX / 2 / sizeof *set->slots)
        gz_fatal("template set too large");
    set->capacity = old_capacity * 2;
    set->slots = gz_calloc(set->capacity, sizeof *set->slots);
    for (size_t i = 0; i < old_capacity; i++) {
        tmpl_template_t *template = old_slots[i];
        if (template != NULL)
            set->slots[find_slot(set, template->name, template->name_len, template->hash)] =
                template;
    }
    free(old_slots);
}

/* Takes ownership of template, replacing one of the same name. */
static void insert(tmpl_set_t *set, tmpl_template_t *template)
{
    if ((set->count + 1) * 2 > set->capacity)
        grow(set);
    size_t i = find_slot(set, template->name, template->name_len, template->hash);
    if (set->slots[i] != NULL)
        tmpl_template_free(set->slots[i]);
    else
        set->count++;
    set->slots[i] = template;
}

int tmpl_set_add(tmpl_set_t *set, const char *name, const char *text, size_t len, gz_buf_t *error)
{
    if (set == NULL || name == NULL || (text == NULL && len > 0))
        return GZ_EINVAL;
    int code = GZ_OK;
    tmpl_template_t *template = tmpl_compile(name, name, text, len, error, &code);
    if (template == NULL)
        return code;
    insert(set, template);
    return GZ_OK;
}

bool tmpl_set_has(const tmpl_set_t *set, const char *name)
{
    if (set == NULL || name == NULL)
        return false;
    size_t len = strlen(name);
    return tmpl_set_find(set, name, len, tmpl_hash(name, len)) != NULL;
}

/* ---- loading a folder --------------------------------------------------------- */

typedef struct {
    tmpl_template_t **items;
    size_t count;
    size_t capacity;
} template_list_t;

static void list_push(template_list_t *list, tmpl_template_t *template)
{
    if (list->count == list->capacity) {
        list->capacity = list->capacity == 0 ? 16 : list->capacity * 2;
        list->items = gz_realloc(list->items, list->capacity * sizeof *list->items);
    }
    list->items[list->count++] = template;
}

static int io_error(gz_buf_t *error, const char *path, int errno_value)
{
    if (error != NULL)
        gz_buf_printf(error, "%s: %s", path, strerror(errno_value));
    return errno_value == ENOENT ? GZ_ENOTFOUND : GZ_EIO;
}

/* Reads the whole file at path into text (freed by the caller). */
static int read_file(const char *path, gz_buf_t *text, gz_buf_t *error)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return io_error(error, path, errno);
    char chunk[16384];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0)
        gz_buf_append(text, chunk, got);
    int failed = ferror(file) ? errno : 0;
    fclose(file);
    return failed != 0 ? io_error(error, path, failed) : GZ_OK;
}

/* The template name of a directory entry, or false for files to skip:
 * hidden ones, and those without the extension or anything before it. */
static bool template_name(const char *file_name, gz_buf_t *name)
{
    size_t len = strlen(file_name);
    size_t extension_len = sizeof EXTENSION - 1;
    if (file_name[0] == '.' || len <= extension_len ||
        strcmp(file_name + len - extension_len, EXTENSION) != 0)
        return false;
    gz_buf_reset(name);
    gz_buf_append(name, file_name, len - extension_len);
    return true;
}

static bool is_regular_file(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 && S_ISREG(info.st_mode);
}

/* Compiles one file into list; a file that is not regular is skipped. */
static int load_file(const char *dir, const char *file_name, template_list_t *list,
                     gz_buf_t *error)
{
    gz_buf_t name = GZ_BUF_INIT;
    gz_buf_t path = GZ_BUF_INIT;
    gz_buf_t text = GZ_BUF_INIT;
    tmpl_template_t *template = NULL;
    int code = GZ_OK;
    if (!template_name(file_name, &name))
        goto done;
    gz_buf_printf(&path, "%s/%s", dir, file_name);
    if (!is_regular_file(gz_buf_cstr(&path)))
        goto done;
    code = read_file(gz_buf_cstr(&path), &text, error);
    if (code != GZ_OK)
        goto done;
    template = tmpl_compile(gz_buf_cstr(&path), gz_buf_cstr(&name), gz_buf_cstr(&text), text.len,
                            error, &code);
    if (template != NULL)
        list_push(list, template);
done:
    gz_buf_free(&name);
    gz_buf_free(&path);
    gz_buf_free(&text);
    return code;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The entries of dir in name order, so errors come out the same each time. */
static int read_entries(const char *dir, char ***names, size_t *count, gz_buf_t *error)
{
    DIR *stream = opendir(dir);
    if (stream == NULL)
        return io_error(error, dir, errno);
    size_t capacity = 0;
    struct dirent *entry;
    while ((entry = readdir(stream)) != NULL) {
        if (*count == capacity) {
            capacity = capacity == 0 ? 32 : capacity * 2;
            *names = gz_realloc(*names, capacity * sizeof **names);
        }
        (*names)[(*count)++] = gz_strdup(entry->d_name);
    }
    closedir(stream);
    if (*count > 0)
        qsort(*names, *count, sizeof **names, compare_names);
    return GZ_OK;
}

int tmpl_set_load_dir(tmpl_set_t *set, const char *dir, gz_buf_t *error)
{
    if (set == NULL || dir == NULL)
        return GZ_EINVAL;
    char **names = NULL;
    size_t count = 0;
    int code = read_entries(dir, &names, &count, error);
    template_list_t list = {NULL, 0, 0};
    for (size_t i = 0; i < count && code == GZ_OK; i++)
        code = load_file(dir, names[i], &list, error);
    for (size_t i = 0; i < list.count; i++) {
        if (code == GZ_OK)
            insert(set, list.items[i]);
        else
            tmpl_template_free(list.items[i]);
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    free(list.items);
    return code;
}
