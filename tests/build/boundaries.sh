#!/usr/bin/env bash
# Checks that the build enforces DESIGN.md's module order: for every
# module, including the public header of a module it may use compiles,
# and including one it may not use, or another module's private header,
# fails with "No such file". Run by meson test with the build's include
# folders (module-includes/) and the compiler.
#
#   boundaries.sh INCLUDES CC SRC MODULE:VISIBLE,VISIBLE ...
set -euo pipefail
includes=$1 cc=$2 src=$3
shift 3
modules=()
for spec in "$@"; do modules+=("${spec%%:*}"); done
compiles() { # module, header
    printf '#include "%s"\n' "$2" |
        "$cc" -fsyntax-only -D_GNU_SOURCE -DH2O_USE_LIBUV=0 $(pkg-config --cflags libpq) \
            -I"$includes/$1" -x c - 2>/dev/null
}
failures=0 checked=0
for spec in "$@"; do
    module=${spec%%:*}
    visible=" ${spec#*:} "
    visible=${visible//,/ }
    for other in "${modules[@]}"; do
        [[ $other == "$module" || $other == cli ]] && continue
        header="$other/$other.h"
        checked=$((checked + 1))
        if [[ $visible == *" $other "* ]]; then
            compiles "$module" "$header" || { echo "$module cannot include $header"; failures=$((failures + 1)); }
        elif compiles "$module" "$header"; then
            echo "$module may include $header, which DESIGN.md's order forbids"
            failures=$((failures + 1))
        fi
        # Private headers of any other module are never visible.
        for private in "$src/$other"/*.h; do
            name=$(basename "$private")
            [[ $name == "$other.h" ]] && continue
            checked=$((checked + 1))
            if compiles "$module" "$other/$name"; then
                echo "$module may include $other/$name, a private header"
                failures=$((failures + 1))
            fi
        done
    done
done
echo "$checked includes checked, $failures wrong"
((failures == 0))
