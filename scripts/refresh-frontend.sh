#!/usr/bin/env bash
# Refreshes the vendored front-end assets in internal/web/static/vendor from
# the npm registry: Det Fælles Designsystem (dkfds) and htmx. Only built files
# are copied – the minified stylesheet, exactly the fonts and images that
# stylesheet refers to (no source maps, no JavaScript: no component udrul
# uses needs dkfds.min.js), htmx.min.js and each package's licence – and
# VERSIONS.md records what was taken. Running and testing udrul need no Node:
# the files are committed and embedded into the binary; only this script
# needs npm.
#
# Usage: scripts/refresh-frontend.sh            (the pinned versions below)
#        DKFDS_VERSION=x.y.z HTMX_VERSION=a.b.c scripts/refresh-frontend.sh
# Then run `go test ./internal/web/ -run TestVendored` (every url() in the
# stylesheet must resolve) and the browser suite, and commit the result.
set -euo pipefail

DKFDS_VERSION="${DKFDS_VERSION:-11.2.0}"
HTMX_VERSION="${HTMX_VERSION:-2.0.11}" # the stable 2.x line

root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/internal/web/static/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "refresh-frontend: fetching dkfds@$DKFDS_VERSION and htmx.org@$HTMX_VERSION"
(cd "$tmp" && npm pack --silent "dkfds@$DKFDS_VERSION" "htmx.org@$HTMX_VERSION" >/dev/null)
mkdir -p "$tmp/dkfds" "$tmp/htmx"
tar -xzf "$tmp/dkfds-$DKFDS_VERSION.tgz" -C "$tmp/dkfds" --strip-components=1
tar -xzf "$tmp/htmx.org-$HTMX_VERSION.tgz" -C "$tmp/htmx" --strip-components=1

rm -rf "$vendor/dkfds" "$vendor/htmx"
mkdir -p "$vendor/dkfds/css" "$vendor/htmx"

# dkfds: the minified stylesheet without its source map reference, and every
# file it refers to with url(...), at the same relative place.
dist="$tmp/dkfds/dist"
sed -e 's#/\*[#@] sourceMappingURL=[^*]*\*/##' "$dist/css/dkfds.min.css" >"$vendor/dkfds/css/dkfds.min.css"
grep -o 'url([^)]*)' "$vendor/dkfds/css/dkfds.min.css" |
  sed -e 's/^url(//' -e 's/)$//' -e "s/^[\"']//" -e "s/[\"']$//" -e 's/[?#].*$//' |
  grep -v '^data:' | sort -u |
  while read -r ref; do
    src="$dist/css/$ref"
    dst="$vendor/dkfds/css/$ref"
    if [ ! -f "$src" ]; then
      echo "refresh-frontend: dkfds.min.css refers to $ref, which the package lacks" >&2
      exit 1
    fi
    mkdir -p "$(dirname "$dst")"
    cp "$src" "$dst"
  done
# (The references are ../fonts/… and ../img/…, so those land in
# vendor/dkfds/fonts and vendor/dkfds/img.) dkfds.min.js is left out: udrul
# uses no component that needs it, and every page works without JavaScript.
# The one it would serve, the mobile menu's drawer, is a <details> element
# in layout.html instead, which opens without any script.
cp "$dist/img/all-svg-icons.svg" "$vendor/dkfds/img/all-svg-icons.svg" # icons for <svg><use href="…#name">
cp "$tmp/dkfds/LICENSE.md" "$vendor/dkfds/LICENSE.md"
font_licence="$(find "$dist/fonts" -name 'license.txt' | head -n 1)"
if [ -n "$font_licence" ]; then
  cp "$font_licence" "$vendor/dkfds/fonts/IBMPlexSans-LICENSE.txt"
fi

# htmx: the minified build and its licence.
cp "$tmp/htmx/dist/htmx.min.js" "$vendor/htmx/htmx.min.js"
cp "$tmp/htmx/LICENSE" "$vendor/htmx/LICENSE"

licence() { node -e 'process.stdout.write(require(process.argv[1]).license || "")' "$1/package.json"; }
cat >"$vendor/VERSIONS.md" <<EOF
# Vendored front-end packages

Written by \`scripts/refresh-frontend.sh\` on $(date -u +%Y-%m-%d); do not edit by hand.

| package | version | licence | source | files |
|---|---|---|---|---|
| dkfds (Det Fælles Designsystem) | $DKFDS_VERSION | $(licence "$tmp/dkfds") | https://www.npmjs.com/package/dkfds/v/$DKFDS_VERSION | dkfds/css/dkfds.min.css, the fonts and images it refers to, dkfds/img/all-svg-icons.svg, LICENSE.md |
| htmx.org | $HTMX_VERSION | $(licence "$tmp/htmx") | https://www.npmjs.com/package/htmx.org/v/$HTMX_VERSION | htmx/htmx.min.js, LICENSE |
EOF

echo "refresh-frontend: wrote $(find "$vendor" -type f | wc -l) files, $(du -sh "$vendor" | cut -f1) in $vendor"
