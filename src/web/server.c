/*
 * server.c: the libh2o glue. Every thread runs its own event loop on its
 * own SO_REUSEPORT listener, with its own store connection and memory pool,
 * so requests never wait on a lock: the kernel spreads connections across
 * the threads. The newsroom's pages go to web_admin_handle; everything
 * else (theme files from memory, pictures, readers' pages) to
 * web_handle_request, which routes, renders and sends.
 *
 * Shutdown: SIGINT or SIGTERM sets a flag that each loop sees within its
 * wait interval; threads finish the request at hand and exit, and the main
 * thread closes the stores.
 */
#include "web/web.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <h2o.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "web/admin.h"
#include "web/cache.h"
#include "web/reads.h"
#include "web/publisher.h"
#include "web/watcher.h"
#include "web/web_private.h"

enum {
    LOOP_WAIT_MS = 100,
    LISTEN_BACKLOG = 1024,
    MAX_THREADS = 256,
    COLLECT_READS_SECONDS = 5,
    STORE_TIMEOUT_MS = 3000 /* longest wait for one answer of the database */
};

static volatile sig_atomic_t stopping;

static void on_stop_signal(int signal_number)
{
    (void)signal_number;
    stopping = 1;
}

/* ---- listeners and threads ------------------------------------------------ */

static int split_listen(const char *listen, char *host, size_t host_size, char *port,
                        size_t port_size)
{
    const char *colon = strrchr(listen, ':');
    if (colon == NULL) {
        return GZ_EINVAL;
    }
    const char *host_start = listen;
    size_t host_len = (size_t)(colon - listen);
    if (host_len >= 2 && listen[0] == '[' && listen[host_len - 1] == ']') {
        host_start++;
        host_len -= 2;
    }
    if (host_len >= host_size || strlen(colon + 1) >= port_size) {
        return GZ_EINVAL;
    }
    memcpy(host, host_start, host_len);
    host[host_len] = '\0';
    snprintf(port, port_size, "%s", colon + 1);
    return GZ_OK;
}

/* Binds a listening socket with SO_REUSEPORT, so each thread has one. */
static int open_listener(const char *address, int port_override, int *fd_out, int *port_out,
                         gz_buf_t *error)
{
    char host[256], port[16];
    if (split_listen(address, host, sizeof host, port, sizeof port) != GZ_OK) {
        gz_buf_printf(error, "listen address '%s' is not HOST:PORT", address);
        return GZ_EINVAL;
    }
    if (port_override > 0) {
        snprintf(port, sizeof port, "%d", port_override);
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *addresses = NULL;
    int status = getaddrinfo(host, port, &hints, &addresses);
    if (status != 0) {
        gz_buf_printf(error, "cannot resolve '%s': %s", host, gai_strerror(status));
        return GZ_EINVAL;
    }
    int fd = socket(addresses->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int on = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0 ||
        bind(fd, addresses->ai_addr, addresses->ai_addrlen) != 0 ||
        listen(fd, LISTEN_BACKLOG) != 0) {
        gz_buf_printf(error, "cannot listen on %s: %s", address, strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        freeaddrinfo(addresses);
        return GZ_EIO;
    }
    freeaddrinfo(addresses);
    struct sockaddr_storage bound;
    socklen_t bound_len = sizeof bound;
    getsockname(fd, (struct sockaddr *)&bound, &bound_len);
    *port_out = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                                  : ((struct sockaddr_in *)&bound)->sin_port);
    *fd_out = fd;
    return GZ_OK;
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
    if (err != NULL) {
        return;
    }
    web_thread_t *thread = listener->data;
    h2o_socket_t *sock;
    /* Accept everything that is waiting: fewer wake-ups under load. */
    for (int i = 0; i < 16 && (sock = h2o_evloop_socket_accept(listener)) != NULL; i++) {
        h2o_accept(&thread->accept, sock);
    }
}

static void *run_thread(void *argument)
{
    web_thread_t *thread = argument;
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    gz_time_t collected = gz_now();
    while (!stopping) {
        h2o_evloop_run(thread->context.loop, LOOP_WAIT_MS);
        if (gz_now() - collected >= COLLECT_READS_SECONDS) {
            web_reads_collect(thread->site->reads, thread->reads);
            collected = gz_now();
        }
    }
    /* The loop, its connections and libh2o's buffers are left to the exit:
     * libh2o 2.2 cannot destroy a loop that still has keep-alive sockets. */
    web_reads_collect(thread->site->reads, thread->reads);
    return NULL;
}

static void start_thread_loop(web_thread_t *thread, h2o_globalconf_t *globalconf, SSL_CTX *tls)
{
    h2o_context_init(&thread->context, h2o_evloop_create(), globalconf);
    thread->accept.ctx = &thread->context;
    thread->accept.hosts = globalconf->hosts;
    thread->accept.ssl_ctx = tls;
    thread->listener = h2o_evloop_socket_create(thread->context.loop, thread->listen_fd,
                                                H2O_SOCKET_FLAG_DONT_READ);
    thread->listener->data = thread;
    h2o_socket_read_start(thread->listener, on_accept);
}

/* ---- configuration of h2o -------------------------------------------------- */

static void configure_h2o(h2o_globalconf_t *globalconf)
{
    h2o_config_init(globalconf);
    globalconf->server_name = h2o_iovec_init(H2O_STRLIT("gazette"));
    /* The largest upload the media library takes (a 40 MB picture): see
     * newsroom_media_config_default. */
    globalconf->max_request_entity_size = 41 * 1024 * 1024;
    h2o_hostconf_t *host =
        h2o_config_register_host(globalconf, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    /* h2o picks the first registered path that matches: specific first.
     * Theme files are served from memory by the readers' handler
     * (assets.c). The newsroom: never through the page cache (admin.c). */
    h2o_pathconf_t *admin = h2o_config_register_path(host, "/admin", 0);
    h2o_handler_t *admin_handler = h2o_create_handler(admin, sizeof *admin_handler);
    admin_handler->on_req = web_admin_handle;
    h2o_pathconf_t *root = h2o_config_register_path(host, "/", 0);
    h2o_handler_t *handler = h2o_create_handler(root, sizeof *handler);
    handler->on_req = web_handle_request;
}

/* The read replica's URL, or NULL when there is none or it cannot be
 * reached now: a node starts on its primary alone rather than not at all
 * (it says so, and a restart brings the replica in). */
static const char *replica_if_reachable(const gz_config_t *config)
{
    if (config->store_replica_url[0] == '\0') {
        return NULL;
    }
    gz_buf_t error = GZ_BUF_INIT;
    store_t *probe = NULL;
    int code = store_open(config->store_replica_url, &probe, &error);
    if (code != GZ_OK) {
        gz_log(GZ_LOG_WARN, "the read replica cannot be reached (%s); readers read the primary",
               gz_buf_cstr(&error));
    }
    store_close(probe);
    gz_buf_free(&error);
    return code == GZ_OK ? config->store_replica_url : NULL;
}

/* No inline script and nothing from elsewhere; frame-src names the
 * players a page may load, 'none' for most pages. */
static void append_csp(gz_buf_t *policy, const char *frame_sources)
{
    gz_buf_printf(policy,
                  "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                  "base-uri 'self'; frame-ancestors 'self'; frame-src %s",
                  frame_sources != NULL && frame_sources[0] != '\0' ? frame_sources : "'none'");
}

static char *reader_csp(void)
{
    gz_buf_t policy = GZ_BUF_INIT;
    append_csp(&policy, NULL);
    char *text = gz_strdup(gz_buf_cstr(&policy));
    gz_buf_free(&policy);
    return text;
}

const char *web_page_csp(const web_site_t *site, const char *body, size_t len, gz_pool_t *pool)
{
    static const char marker[] = "data-embed-provider=\"";
    const bool *allowed = web_media_site_embeds(site);
    bool wanted[MEDIA_EMBED_COUNT] = {false};
    bool any = false;
    const char *p = body, *end = body + len;
    while (p != NULL && p < end &&
           (p = memmem(p, (size_t)(end - p), marker, sizeof marker - 1)) != NULL) {
        p += sizeof marker - 1;
        const char *quote = memchr(p, '"', (size_t)(end - p));
        char name[24];
        size_t name_len = quote != NULL ? (size_t)(quote - p) : 0;
        media_embed_t provider;
        if (name_len > 0 && name_len < sizeof name) {
            memcpy(name, p, name_len);
            name[name_len] = '\0';
            if (media_embed_parse_name(name, &provider) == GZ_OK && allowed[provider])
                any = wanted[provider] = true;
        }
    }
    if (!any)
        return NULL;
    gz_buf_t origins = GZ_BUF_INIT, policy = GZ_BUF_INIT;
    for (int i = 0; i < MEDIA_EMBED_COUNT; i++) {
        if (wanted[i])
            gz_buf_printf(&origins, "%s%s", origins.len > 0 ? " " : "",
                          media_embed_provider((media_embed_t)i)->origin);
    }
    append_csp(&policy, gz_buf_cstr(&origins));
    const char *text = gz_pool_strdup(pool, gz_buf_cstr(&policy));
    gz_buf_free(&origins);
    gz_buf_free(&policy);
    return text;
}

static int load_site(const gz_config_t *config, web_site_t *site, gz_buf_t *error)
{
    site->config = config;
    web_editions_load(site);
    site->templates = tmpl_set_new();
    gz_buf_t dir = GZ_BUF_INIT;
    gz_buf_printf(&dir, "%s/templates", config->theme_dir);
    int code = tmpl_set_load_dir(site->templates, gz_buf_cstr(&dir), error);
    gz_buf_free(&dir);
    if (code == GZ_OK && !tmpl_set_has(site->templates, "article")) {
        gz_buf_printf(error, "theme '%s' has no article template", config->theme_dir);
        code = GZ_ENOTFOUND;
    }
    site->media_dir = gz_strdup(config->media_dir);
    site->media_prefix = gz_strdup(config->media_prefix);
    site->reads = web_reads_new();
    if (code == GZ_OK) {
        site->media = web_media_new(config, error);
        code = site->media != NULL ? GZ_OK : GZ_EUNAVAILABLE;
    }
    if (code == GZ_OK) {
        gz_buf_t static_dir = GZ_BUF_INIT;
        gz_buf_printf(&static_dir, "%s/static", config->theme_dir);
        site->assets = web_assets_load(gz_buf_cstr(&static_dir), error);
        gz_buf_free(&static_dir);
        code = site->assets != NULL ? GZ_OK : GZ_EINVAL;
    }
    site->reader_csp = reader_csp();
    site->reader_csp_len = strlen(site->reader_csp);
    if (code == GZ_OK && config->cache_mb > 0) {
        site->cache = web_cache_new((size_t)config->cache_mb * 1024 * 1024);
    }
    if (code == GZ_OK) {
        site->replica_url = replica_if_reachable(config);
        code = web_watcher_start(site->cache, site->reads, config, site->replica_url,
                                 &site->watcher, error);
    }
    if (code == GZ_OK) {
        code = web_publisher_start(config, site->watcher, &site->publisher, error);
    }
    return code;
}

static void unload_site(web_site_t *site)
{
    web_publisher_stop(site->publisher);
    web_watcher_stop(site->watcher);
    web_media_free(site->media);
    web_assets_free(site->assets);
    free(site->reader_csp);
    web_cache_free(site->cache);
    web_reads_free(site->reads);
    tmpl_set_free(site->templates);
    free(site->media_dir);
    free(site->media_prefix);
    web_editions_free(site);
}

/* A TLS context with HTTP/2 offered by ALPN, or NULL for plain HTTP. */
static int load_tls(const gz_config_t *config, SSL_CTX **out, gz_buf_t *error)
{
    *out = NULL;
    if (config->tls_certificate[0] == '\0') {
        return GZ_OK;
    }
    SSL_CTX *tls = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_min_proto_version(tls, TLS1_2_VERSION);
    SSL_CTX_set_options(tls, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    if (SSL_CTX_use_certificate_chain_file(tls, config->tls_certificate) != 1 ||
        SSL_CTX_use_PrivateKey_file(tls, config->tls_key, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(tls) != 1) {
        char reason[256];
        ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
        gz_buf_printf(error, "cannot use certificate '%s' with key '%s': %s",
                      config->tls_certificate, config->tls_key, reason);
        SSL_CTX_free(tls);
        return GZ_EINVAL;
    }
    h2o_ssl_register_alpn_protocols(tls, h2o_http2_alpn_protocols);
    *out = tls;
    return GZ_OK;
}

static int thread_count(const gz_config_t *config)
{
    long count = config->threads > 0 ? config->threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (count < 1) {
        count = 1;
    }
    return count > MAX_THREADS ? MAX_THREADS : (int)count;
}

/* Opens one listener and one store connection per thread, and one more to
 * the read replica when there is one. */
static int prepare_threads(const gz_config_t *config, web_thread_t *threads, int count,
                           const web_site_t *site, int *port, gz_buf_t *error)
{
    for (int i = 0; i < count; i++) {
        threads[i].site = site;
        threads[i].listen_fd = -1;
        threads[i].reads = web_thread_reads_new();
        threads[i].holders = web_entry_holders_new((size_t)i);
        int code =
            open_listener(config->listen, i == 0 ? 0 : *port, &threads[i].listen_fd, port, error);
        if (code == GZ_OK) {
            code = store_open(config->store_url, &threads[i].store, error);
        }
        if (code == GZ_OK && site->replica_url != NULL) {
            code = store_open(site->replica_url, &threads[i].reader, error);
        }
        if (code == GZ_OK) {
            /* A stalled database must not hold an event loop for long. */
            store_set_timeout(threads[i].store, STORE_TIMEOUT_MS);
            if (threads[i].reader != NULL) {
                store_set_timeout(threads[i].reader, STORE_TIMEOUT_MS);
            }
        }
        if (code != GZ_OK) {
            return code;
        }
    }
    return GZ_OK;
}

static void close_threads(web_thread_t *threads, int count)
{
    for (int i = 0; i < count; i++) {
        store_close(threads[i].store);
        store_close(threads[i].reader);
        if (threads[i].listen_fd >= 0 && threads[i].listener == NULL) {
            close(threads[i].listen_fd);
        }
        gz_pool_clear(&threads[i].pool);
        web_thread_reads_free(threads[i].reads);
        web_entry_holders_free(threads[i].holders);
    }
}

static void install_signal_handlers(void)
{
    struct sigaction action = {.sa_handler = on_stop_signal};
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static void print_listening(const char *address, int port, bool tls)
{
    char host[256], ignored[16];
    split_listen(address, host, sizeof host, ignored, sizeof ignored);
    bool ipv6 = strchr(host, ':') != NULL;
    printf("listening on %s://%s%s%s:%d/\n", tls ? "https" : "http", ipv6 ? "[" : "", host,
           ipv6 ? "]" : "", port);
    fflush(stdout);
}

static void run_threads(web_thread_t *threads, int count, h2o_globalconf_t *globalconf,
                        SSL_CTX *tls)
{
    for (int i = 0; i < count; i++) {
        start_thread_loop(&threads[i], globalconf, tls);
        pthread_create(&threads[i].thread, NULL, run_thread, &threads[i]);
    }
    for (int i = 0; i < count; i++) {
        pthread_join(threads[i].thread, NULL);
    }
}

int web_serve(const gz_config_t *config, gz_buf_t *error)
{
    web_site_t site = {0};
    SSL_CTX *tls = NULL;
    int code = load_site(config, &site, error);
    if (code == GZ_OK) {
        code = load_tls(config, &tls, error);
    }
    int count = thread_count(config);
    web_thread_t *threads = gz_calloc((size_t)count, sizeof *threads);
    int port = 0;
    if (code == GZ_OK) {
        code = prepare_threads(config, threads, count, &site, &port, error);
    }
    if (code == GZ_OK) {
        static h2o_globalconf_t globalconf;
        configure_h2o(&globalconf);
        stopping = 0;
        install_signal_handlers();
        print_listening(config->listen, port, tls != NULL);
        gz_log(GZ_LOG_INFO, "serving with %d threads, page cache %d MB", count, config->cache_mb);
        run_threads(threads, count, &globalconf, tls);
        /* The reads counted since the last minute's save. */
        web_watcher_save_reads(site.watcher, threads[0].store);
        gz_log(GZ_LOG_INFO, "stopped");
    }
    close_threads(threads, count);
    free(threads);
    unload_site(&site);
    if (tls != NULL) {
        SSL_CTX_free(tls);
    }
    return code;
}
