/*
 * test_set.c: template sets as a theme uses them: loading a folder of
 * *.mustache files (in a fresh temporary folder per test), replacing a
 * template, finding names, and the all-or-nothing rule on errors.
 */
#include "tmpl_test_support.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char dir[256];
} folder_t;

static void write_file(const folder_t *folder, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", folder->dir, name);
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(text, 1, strlen(text), file), strlen(text));
    assert_int_equal(fclose(file), 0);
}

static int make_folder(void **state)
{
    folder_t *folder = gz_calloc(1, sizeof *folder);
    const char *tmp = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";
    snprintf(folder->dir, sizeof folder->dir, "%s/gazette-tmpl-XXXXXX", tmp);
    if (mkdtemp(folder->dir) == NULL)
        return -1;
    *state = folder;
    return 0;
}

/* Removes the folder's files and folders, one level deep. */
static int remove_folder(void **state)
{
    folder_t *folder = *state;
    char path[512];
    DIR *stream = opendir(folder->dir);
    struct dirent *entry;
    while (stream != NULL && (entry = readdir(stream)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", folder->dir, entry->d_name);
        if (unlink(path) != 0)
            rmdir(path);
    }
    if (stream != NULL)
        closedir(stream);
    rmdir(folder->dir);
    free(folder);
    return 0;
}

static void load_dir_names_templates_by_file(void **state)
{
    folder_t *folder = *state;
    write_file(folder, "article.mustache", "{{>header}}<p>{{text}}</p>\n");
    write_file(folder, "header.mustache", "<h1>{{title}}</h1>");
    write_file(folder, "notes.txt", "{{#not a template");
    write_file(folder, ".hidden.mustache", "{{#broken");
    write_file(folder, ".mustache", "{{#broken");
    char subfolder[512];
    snprintf(subfolder, sizeof subfolder, "%s/folder.mustache", folder->dir);
    assert_int_equal(mkdir(subfolder, 0700), 0);

    tmpl_set_t *set = tmpl_set_new();
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(tmpl_set_load_dir(set, folder->dir, &error), GZ_OK);
    assert_string_equal(gz_buf_cstr(&error), "");
    assert_true(tmpl_set_has(set, "article"));
    assert_true(tmpl_set_has(set, "header"));
    assert_false(tmpl_set_has(set, "notes"));
    assert_false(tmpl_set_has(set, ".hidden"));
    assert_false(tmpl_set_has(set, "folder"));
    assert_set_renders(set, "article", "{\"title\": \"T\", \"text\": \"x<y\"}", GZ_OK,
                       "<h1>T</h1><p>x&lt;y</p>\n");
    gz_buf_free(&error);
    tmpl_set_free(set);
}

static void load_dir_error_names_file_and_line_and_changes_nothing(void **state)
{
    folder_t *folder = *state;
    write_file(folder, "a_good.mustache", "fine");
    write_file(folder, "broken.mustache", "line one\n{{#items}}\n");
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "old", "still here");
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(tmpl_set_load_dir(set, folder->dir, &error), GZ_EPARSE);
    char expected[600];
    snprintf(expected, sizeof expected, "%s/broken.mustache:2: unclosed section 'items'",
             folder->dir);
    assert_string_equal(gz_buf_cstr(&error), expected);
    assert_false(tmpl_set_has(set, "a_good"));
    assert_set_renders(set, "old", "{}", GZ_OK, "still here");
    gz_buf_free(&error);
    tmpl_set_free(set);
}

static void load_dir_of_missing_folder_is_not_found(void **state)
{
    folder_t *folder = *state;
    char missing[512];
    snprintf(missing, sizeof missing, "%s/absent", folder->dir);
    tmpl_set_t *set = tmpl_set_new();
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(tmpl_set_load_dir(set, missing, &error), GZ_ENOTFOUND);
    assert_non_null(strstr(gz_buf_cstr(&error), missing));
    gz_buf_free(&error);
    tmpl_set_free(set);
}

static void load_dir_replaces_templates_of_the_same_name(void **state)
{
    folder_t *folder = *state;
    write_file(folder, "page.mustache", "from file");
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "page", "from memory");
    assert_int_equal(tmpl_set_load_dir(set, folder->dir, NULL), GZ_OK);
    assert_set_renders(set, "page", "{}", GZ_OK, "from file");
    tmpl_set_free(set);
}

static void add_replaces_a_template(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "page", "one");
    add_template(set, "page", "two");
    assert_set_renders(set, "page", "{}", GZ_OK, "two");
    tmpl_set_free(set);
}

static void many_templates_stay_findable(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    char name[32];
    char text[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "t%d", i);
        snprintf(text, sizeof text, "<%d>", i);
        add_template(set, name, text);
    }
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "t%d", i);
        snprintf(text, sizeof text, "<%d>", i);
        assert_set_renders(set, name, "{}", GZ_OK, text);
    }
    assert_false(tmpl_set_has(set, "t1000"));
    tmpl_set_free(set);
}

static void bad_arguments_are_invalid(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    gz_buf_t out = GZ_BUF_INIT;
    assert_int_equal(tmpl_set_add(set, NULL, "x", 1, NULL), GZ_EINVAL);
    assert_int_equal(tmpl_set_add(set, "x", NULL, 1, NULL), GZ_EINVAL);
    assert_int_equal(tmpl_set_load_dir(set, NULL, NULL), GZ_EINVAL);
    assert_int_equal(tmpl_render(set, NULL, NULL, &out), GZ_EINVAL);
    assert_false(tmpl_set_has(NULL, "x"));
    tmpl_set_free(NULL);
    tmpl_set_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(load_dir_names_templates_by_file, make_folder,
                                        remove_folder),
        cmocka_unit_test_setup_teardown(load_dir_error_names_file_and_line_and_changes_nothing,
                                        make_folder, remove_folder),
        cmocka_unit_test_setup_teardown(load_dir_of_missing_folder_is_not_found, make_folder,
                                        remove_folder),
        cmocka_unit_test_setup_teardown(load_dir_replaces_templates_of_the_same_name,
                                        make_folder, remove_folder),
        cmocka_unit_test(add_replaces_a_template),
        cmocka_unit_test(many_templates_stay_findable),
        cmocka_unit_test(bad_arguments_are_invalid),
    };
    return cmocka_run_group_tests_name("tmpl/set", tests, NULL, NULL);
}
