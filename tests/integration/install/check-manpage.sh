#!/usr/bin/env bash
# The man page must match the program: every option `ferry-cli COMMAND --help` prints is
# documented in ferry-cli.1, and every option ferry-cli.1 documents exists. All man pages
# render without groff warnings.
#   check-manpage.sh FERRY_CLI FERRY_CLI_MANPAGE MAN_DIR
set -euo pipefail
cli=$1 page=$2 mandir=$3
export LC_ALL=C.UTF-8
options() { grep -oE -- '--[a-z][a-z0-9-]*' | sort -u; }
commands=$("$cli" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$commands" ] || { echo "manpage: no commands in '$cli --help'" >&2; exit 1; }
help=$( { "$cli" --help; for c in $commands; do "$cli" "$c" --help; done; } | options)
documented=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$page" | options)
missing=$(comm -23 <(echo "$help") <(echo "$documented"))
stale=$(comm -13 <(echo "$help") <(echo "$documented") | grep -vx -e --version -e --help || true)
for c in $commands; do
  grep -q "^\.B ferry-cli $c\$" "$page" || missing="$missing command:$c"
done
[ -z "$missing" ] || { echo "manpage: ferry-cli.1 lacks:" $missing >&2; fail=1; }
[ -z "$stale" ] || { echo "manpage: ferry-cli.1 documents options ferry-cli does not have:" $stale >&2; fail=1; }
for p in "$mandir"/*.1; do
  warnings=$(man --warnings -l -Tutf8 -Z "$p" 2>&1 >/dev/null)
  [ -z "$warnings" ] || { echo "manpage: $p: $warnings" >&2; fail=1; }
done
[ -z "${fail:-}" ] || exit 1
echo "manpage: $(echo "$help" | wc -l) options of $(echo $commands | wc -w) commands documented"
