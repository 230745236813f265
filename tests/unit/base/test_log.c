/* Logging: line format, threshold, and whole lines under threads. */
#include "test_support.h"

#include <pthread.h>
#include <regex.h>

/* Runs action with stderr sent to a temporary file; returns what it wrote
 * (free() it). */
static char *capture_stderr(void (*action)(void))
{
    char path[] = "/tmp/gazette-log-XXXXXX";
    int file = mkstemp(path);
    assert_true(file >= 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(file, STDERR_FILENO);
    action();
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    off_t size = lseek(file, 0, SEEK_END);
    char *text = calloc(1, (size_t)size + 1);
    assert_int_equal(pread(file, text, (size_t)size, 0), size);
    close(file);
    unlink(path);
    return text;
}

static void assert_matches(const char *text, const char *pattern)
{
    regex_t regex;
    assert_int_equal(regcomp(&regex, pattern, REG_EXTENDED | REG_NOSUB), 0);
    int result = regexec(&regex, text, 0, NULL, 0);
    regfree(&regex);
    if (result != 0)
        fail_msg("\"%s\" does not match /%s/", text, pattern);
}

static void log_each_level(void)
{
    gz_log_set_level(GZ_LOG_INFO);
    gz_log(GZ_LOG_DEBUG, "hidden %d", 1);
    gz_log(GZ_LOG_INFO, "listening on http://%s/", "127.0.0.1:8080");
    gz_log(GZ_LOG_WARN, "slow render of %s", "/news/1/x");
    gz_log(GZ_LOG_ERROR, "store: %s", "disk full");
}

static void test_lines_have_time_level_and_message(void **state)
{
    (void)state;
    char *text = capture_stderr(log_each_level);
    assert_matches(text, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z "
                         "info: listening on http://127\\.0\\.0\\.1:8080/\n"
                         "[0-9TZ:-]{20} warn: slow render of /news/1/x\n"
                         "[0-9TZ:-]{20} error: store: disk full\n$");
    free(text);
}

static void log_with_debug_then_error_threshold(void)
{
    gz_log_set_level(GZ_LOG_DEBUG);
    gz_log(GZ_LOG_DEBUG, "shown");
    gz_log_set_level(GZ_LOG_ERROR);
    gz_log(GZ_LOG_WARN, "dropped");
    gz_log(GZ_LOG_ERROR, "kept");
    gz_log_set_level(GZ_LOG_INFO);
}

static void test_threshold(void **state)
{
    (void)state;
    char *text = capture_stderr(log_with_debug_then_error_threshold);
    assert_matches(text, "^[0-9TZ:-]{20} debug: shown\n[0-9TZ:-]{20} error: kept\n$");
    free(text);
}

static void log_long_message(void)
{
    char long_text[10000];
    memset(long_text, 'q', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    gz_log(GZ_LOG_INFO, "%s", long_text);
}

static void test_long_message_is_cut_not_overflowed(void **state)
{
    (void)state;
    char *text = capture_stderr(log_long_message);
    assert_matches(text, "^[0-9TZ:-]{20} info: q+\n$");
    assert_true(strlen(text) < 5000);
    free(text);
}

enum { THREADS = 4, LINES_PER_THREAD = 300 };

static void *log_many(void *argument)
{
    int thread = (int)(intptr_t)argument;
    for (int i = 0; i < LINES_PER_THREAD; i++)
        gz_log(GZ_LOG_INFO, "thread %d line %d %s", thread, i, "padding padding padding");
    return NULL;
}

static void log_from_threads(void)
{
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&threads[i], NULL, log_many, (void *)(intptr_t)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
}

static void test_threads_never_interleave_lines(void **state)
{
    (void)state;
    char *text = capture_stderr(log_from_threads);
    int lines = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        assert_matches(line, "^[0-9TZ:-]{20} info: thread [0-3] line [0-9]+ padding padding "
                             "padding$");
        lines++;
    }
    assert_int_equal(lines, THREADS * LINES_PER_THREAD);
    free(text);
}

static void die(void *argument)
{
    gz_fatal("cannot continue: %s", (const char *)argument);
}

static void test_fatal_logs_and_aborts(void **state)
{
    (void)state;
    expect_fatal(die, "out of luck", "cannot continue: out of luck");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_have_time_level_and_message),
        cmocka_unit_test(test_threshold),
        cmocka_unit_test(test_long_message_is_cut_not_overflowed),
        cmocka_unit_test(test_threads_never_interleave_lines),
        cmocka_unit_test(test_fatal_logs_and_aborts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
