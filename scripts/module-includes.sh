#!/usr/bin/env bash
# Makes the include folder one module is compiled with (Meson runs this
# when it configures the build), so the compiler itself keeps DESIGN.md's
# order: the folder holds the module's own source folder and, for each
# module it may use, that module's public header and nothing else.
#
#   module-includes.sh FOLDER SRC MODULE [USED...]
#
# MODULE "-" is for code outside src/ (the benchmarks): public headers only.
# FOLDER/MODULE       -> SRC/MODULE          (all of its own files)
# FOLDER/USED/USED.h  -> SRC/USED/USED.h     (only the public header)
#
# An include of another module's private header, or of a module not
# declared, then fails with "No such file or directory".
set -euo pipefail
folder=$1 src=$2 module=$3
shift 3
rm -rf "$folder"
mkdir -p "$folder"
[[ $module == - ]] || ln -s "$src/$module" "$folder/$module"
for used in "$@"; do
    mkdir -p "$folder/$used"
    ln -s "$src/$used/$used.h" "$folder/$used/$used.h"
done
