# bench/lib.sh: what the benchmark scripts share (sourced, not run).
# Expects $build (the build folder) and, for start_gazette, $work, $threads
# and the array pids.

# Installs what is missing and builds a release build in $build.
bench_build() {
    bash scripts/install-deps.sh
    [[ -f $build/build.ninja ]] || meson setup "$build" --buildtype=release -Db_ndebug=true >/dev/null
    ninja -C "$build" >/dev/null
}

# bench_archive ARTICLES: sets $db to the generated archive of that many
# articles, kept between runs (a million takes a while), making it if missing.
bench_archive() {
    mkdir -p var/bench
    db=var/bench/articles-$1.db
    if [[ ! -f $db ]]; then
        echo "bench: generating $1 articles into $db"
        local started=$SECONDS
        $build/bench/gazette-bench-generate "sqlite:$db.tmp" "$1"
        mv "$db.tmp" "$db"; rm -f "$db.tmp-wal" "$db.tmp-shm"
        echo "bench: generated in $((SECONDS - started)) s"
    fi
}

# bench_cleanup: stops what the script started, by pid, and removes $work
# (for trap EXIT).
bench_cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_gazette NAME STORE EXTRA_FLAGS...: starts a server on a free port,
# waits until it listens, sets $url and $pid and adds the pid to pids.
start_gazette() {
    local name=$1 store=$2; shift 2
    local port; port=$(free_port)
    $build/gazette serve --store "$store" --listen "127.0.0.1:$port" --threads "$threads" \
        --log-level warn "$@" >"$work/$name.out" 2>"$work/$name.err" &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 600); do
        grep -q "listening on" "$work/$name.out" 2>/dev/null && break
        sleep 0.1
    done
    url="http://127.0.0.1:$port"
}

# start_nginx DIR TYPE: nginx serving the files of DIR/root as TYPE, tuned
# as a fast static server would be (sendfile, open file cache, one worker
# per thread); sets $nginx_port and adds the pid to pids.
start_nginx() {
    local dir=$1 type=$2 user=""
    mkdir -p "$dir/root" "$dir/logs"
    nginx_port=$(free_port)
    [[ $(id -u) -eq 0 ]] && user="user root;"
    cat >"$dir/nginx.conf" <<CONF
$user
worker_processes $threads;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; multi_accept on; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache max=1000 inactive=60s;
    open_file_cache_valid 60s;
    etag on;
    server {
        listen 127.0.0.1:$nginx_port reuseport backlog=4096;
        root $dir/root;
        location / { default_type "$type"; }
    }
}
CONF
    nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' &
    pids+=("$!")
    sleep 0.5
}
