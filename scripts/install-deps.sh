#!/usr/bin/env bash
# Installs the Debian packages Gazette needs to build, test and benchmark.
# Idempotent: asks dpkg what is missing and installs only that; uses sudo
# when not run as root. Safe on a fresh Debian 12 machine and in CI.
set -euo pipefail

packages=(
    build-essential pkg-config meson ninja-build clang tzdata curl openssl
    libh2o-evloop-dev libssl-dev
    libsqlite3-dev libpq-dev postgresql
    libjansson-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libutf8proc-dev libstemmer-dev
    libinih-dev libsodium-dev zlib1g-dev libbrotli-dev libxml2-dev
    libcmocka-dev libicu-dev
    libvips-dev libvips-tools
    nodejs npm chromium
    libxml2-utils python3-feedparser
    nginx-light wrk
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

# Node.js may come from outside Debian (as on these machines): keep it.
if command -v node >/dev/null && command -v npm >/dev/null; then
    filtered=()
    for package in "${missing[@]}"; do
        [[ "$package" == nodejs || "$package" == npm ]] || filtered+=("$package")
    done
    missing=("${filtered[@]}")
fi

if ((${#missing[@]} == 0)); then
    exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
    sudo_cmd=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
