/*
 * Shared by the base unit tests: the cmocka includes in the order cmocka
 * needs them, and a way to check that code dies through gz_fatal (a child
 * process runs it; the parent checks the signal and the log line).
 */
#ifndef GAZETTE_TEST_BASE_SUPPORT_H
#define GAZETTE_TEST_BASE_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/base.h"

/* Runs action(argument) in a child; asserts it aborts and that its stderr
 * contains "fatal: " followed by expected_message. */
static inline void expect_fatal(void (*action)(void *), void *argument,
                                const char *expected_message)
{
    int pipe_ends[2];
    assert_int_equal(pipe(pipe_ends), 0);
    fflush(NULL);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        dup2(pipe_ends[1], STDERR_FILENO);
        close(pipe_ends[0]);
        action(argument);
        _exit(0); /* reached only when nothing was fatal */
    }
    close(pipe_ends[1]);
    char output[4096];
    size_t used = 0;
    ssize_t got;
    while ((got = read(pipe_ends[0], output + used, sizeof output - 1 - used)) > 0)
        used += (size_t)got;
    output[used] = '\0';
    close(pipe_ends[0]);
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
    char wanted[1024];
    snprintf(wanted, sizeof wanted, "fatal: %s", expected_message);
    if (strstr(output, wanted) == NULL)
        fail_msg("stderr was \"%s\", wanted \"%s\" in it", output, wanted);
}

#endif
