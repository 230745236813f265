/*
 * gazette-bench-media: makes every declared derivative of one picture the
 * way an upload does, and prints what it took, for bench/media.sh to set
 * beside Debian's vipsthumbnail.
 *
 *   gazette-bench-media PICTURE MEDIA_INI [sequential|jobs]
 *
 * "sequential" (the default) makes them one after another on one thread,
 * as vipsthumbnail does one per run, so the two compare like for like
 * (libvips spreads each one over its own threads in both); "jobs" hands
 * them all to the job runner's workers at once, as an upload does. Crops
 * use libvips' attention (no focal point), as vipsthumbnail's
 * --smartcrop attention does.
 *
 * Output, one line each, for the script to read:
 *   formats NAME...  (those this libvips can write)
 *   derivative WIDTH HEIGHT FORMAT BYTES SECONDS
 *   total COUNT SECONDS PEAK_KILOBYTES CPU_SECONDS
 * The peak is the process's whole resident peak (ru_maxrss), the
 * picture's bytes included; the CPU time is user plus system, which a
 * machine shared with other work disturbs less than the wall time.
 */
#include "base/base.h"
#include "media/media.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

enum { SIZES_CAPACITY = MEDIA_SIZES_MAX_RATIOS * MEDIA_SIZES_MAX_WIDTHS * MEDIA_FORMAT_COUNT };

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static struct rusage usage_now(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage;
}

static double cpu_seconds(const struct rusage *usage)
{
    return (double)(usage->ru_utime.tv_sec + usage->ru_stime.tv_sec) +
           (double)(usage->ru_utime.tv_usec + usage->ru_stime.tv_usec) / 1e6;
}

static int read_file(const char *path, gz_buf_t *bytes)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return GZ_EIO;
    char chunk[1 << 16];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0)
        gz_buf_append(bytes, chunk, got);
    int status = ferror(file) ? GZ_EIO : GZ_OK;
    fclose(file);
    return status;
}

static int make_sequentially(gz_str_t picture, const media_size_t *sizes, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        gz_buf_t out = GZ_BUF_INIT, message = GZ_BUF_INIT;
        media_derivative_info_t info;
        double started = seconds_now();
        int status = media_derivative_make(picture.ptr, picture.len, NULL, NULL, &sizes[i], &out,
                                           &info, &message);
        if (status) {
            fprintf(stderr, "gazette-bench-media: %s\n", gz_buf_cstr(&message));
            return status;
        }
        printf("derivative %u %u %s %zu %.3f\n", info.width, info.height,
               media_format_name(info.format), out.len, seconds_now() - started);
        gz_buf_free(&out);
        gz_buf_free(&message);
    }
    return GZ_OK;
}

static int count_stored(void *context, gz_str_t key, gz_str_t bytes, const media_size_t *size)
{
    (void)key;
    (void)bytes;
    (void)size;
    (*(size_t *)context)++;
    return GZ_OK;
}

static int make_with_jobs(gz_str_t picture, const media_size_t *sizes, size_t count)
{
    size_t stored = 0;
    media_jobs_config_t config = {NULL, NULL, count_stored, &stored, 2, count};
    media_jobs_t *jobs = media_jobs_create(&config);
    media_original_t *original =
        media_original_create(picture.ptr, picture.len, (media_focus_t){false, 0, 0});
    for (size_t i = 0; i < count; i++) {
        char key[64];
        snprintf(key, sizeof key, "%zu", i);
        media_jobs_submit(jobs, gz_str_from_cstr(key), original, &sizes[i]);
    }
    media_original_release(original);
    media_jobs_drain(jobs);
    media_jobs_destroy(jobs);
    return stored == count ? GZ_OK : GZ_EIO;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: gazette-bench-media PICTURE MEDIA_INI [sequential|jobs]\n");
        return 2;
    }
    bool with_jobs = argc == 4 && strcmp(argv[3], "jobs") == 0;
    gz_buf_t picture = GZ_BUF_INIT, message = GZ_BUF_INIT;
    media_sizes_t sizes = media_sizes_default();
    if (media_init() || read_file(argv[1], &picture) ||
        media_sizes_load_file(&sizes, argv[2], &message)) {
        fprintf(stderr, "gazette-bench-media: cannot start: %s\n", gz_buf_cstr(&message));
        return 1;
    }
    static media_size_t list[SIZES_CAPACITY];
    size_t count = media_sizes_list(&sizes, list, SIZES_CAPACITY);
    printf("formats");
    for (int format = 0; format < MEDIA_FORMAT_COUNT; format++)
        if (media_format_available((media_format_t)format))
            printf(" %s", media_format_name((media_format_t)format));
    printf("\n");
    struct rusage before = usage_now();
    double started = seconds_now();
    int status = with_jobs ? make_with_jobs(gz_buf_str(&picture), list, count)
                           : make_sequentially(gz_buf_str(&picture), list, count);
    double elapsed = seconds_now() - started;
    struct rusage after = usage_now();
    printf("total %zu %.3f %ld %.3f\n", count, elapsed, after.ru_maxrss,
           cpu_seconds(&after) - cpu_seconds(&before));
    gz_buf_free(&picture);
    gz_buf_free(&message);
    media_shutdown();
    return status ? 1 : 0;
}
