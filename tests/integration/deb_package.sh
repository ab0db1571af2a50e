#!/usr/bin/env bash
# The Debian package: cpack builds it from BUILD_DIR; it declares the libraries driftgate loads
# and the ones it links; unpacked with `dpkg -x` into an empty folder, its driftgate runs
# (--version, and lint on the demo project), and its man page and rule docs are there.
# Usage: deb_package.sh BUILD_DIR DEMO_DIR
set -euo pipefail
build=$(realpath "$1")
demo=$(realpath "$2")
command -v cpack >/dev/null && command -v dpkg-deb >/dev/null || { echo "SKIP: cpack or dpkg-deb is absent"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/driftgate-deb-XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/driftgate_*.deb)
depends=$(dpkg-deb --field "$deb" Depends)
for lib in libpq5 libmariadb3 libssl3 libpg-query libtomlplusplus libxxhash libstdc++6; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
[[ $(dpkg-deb --field "$deb" Recommends) == *postgresql* ]] || fail "Recommends should name the shadow's servers"

dpkg -x "$deb" "$work/unpacked"
bin=$work/unpacked/usr/bin/driftgate
[[ -x $bin ]] || { echo "FAIL: no usr/bin/driftgate in the package"; exit 1; }
version=$("$bin" --version)
[[ $version == "driftgate "* ]] || fail "--version printed: $version"
rc=0
(cd "$demo" && "$bin" lint --root . --format json) >"$work/lint.json" || rc=$?
[[ $rc == 2 ]] && jq -e '.summary.migrations == 3 and any(.findings[]; .rule == "DG102")' "$work/lint.json" >/dev/null ||
  fail "lint from the package: exit $rc, $(head -c 300 "$work/lint.json")"
man=$work/unpacked/usr/share/man/man1/driftgate.1.gz
[[ -f $man ]] && zcat "$man" | grep -q '^\.SS check' || fail "the man page is missing or has no check section"
ls "$work"/unpacked/usr/share/doc/driftgate/rules/DG102-drop-column.md >/dev/null || fail "the rule docs are missing"
exit $failed
