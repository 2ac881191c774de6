#!/usr/bin/env bash
# The layer order of core/ (core/README.md): a folder includes only itself and folders
# below it. Fails listing every #include "folder/..." in core/<folder> that names a
# folder above it, and every include of ui/, app/ or Qt Widgets/Charts from core.
# Usage: check-layers.sh [source dir]
set -euo pipefail
cd "${1:-$(dirname "$0")/../..}/core"
layers="base process vsphere formats nbd data fetch import inspect target convert netcheck plan run"

find . -mindepth 2 -name '*.h' -o -mindepth 2 -name '*.cpp' | sort | xargs awk -v layers="$layers" '
BEGIN { n = split(layers, names, " "); for (i = 1; i <= n; i++) rank[names[i]] = i }
FNR == 1 { split(FILENAME, parts, "/"); folder = parts[2]
           if (!(folder in rank)) { print FILENAME ": folder " folder " is not in the layer order"; bad = 1 } }
/^[ \t]*#[ \t]*include/ {
    if (match($0, /"[a-z0-9_]+\//)) {
        to = substr($0, RSTART + 1, RLENGTH - 2)
        if (to == "ui" || to == "app") { print FILENAME ":" FNR ": core includes " to "/: " $0; bad = 1 }
        else if (to in rank && rank[to] > rank[folder]) { print FILENAME ":" FNR ": " folder " includes " to " (above it): " $0; bad = 1 }
    }
    if ($0 ~ /<Qt(Widgets|Charts)|<Q(Widget|Chart|Application|MainWindow|Dialog)[A-Za-z]*>/) {
        print FILENAME ":" FNR ": core includes Widgets or Charts: " $0; bad = 1 }
}
END { exit bad }'
