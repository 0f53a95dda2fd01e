#!/usr/bin/env bash
# Builds the example site (the repo root) and a generated multi-page site, then checks both:
#   - the Nu HTML Checker (vnu-jar from npm, run on the machine's Java) reports 0 errors;
#   - no internal link, image or stylesheet reference is dead (scripts/linkcheck.py).
# Usage: scripts/site-check.sh            (uses $CARGO_TARGET_DIR or target/, building bantin if needed)
# Env:   BANTIN=path/to/bantin  VNU_JAR=path/to/vnu.jar  TOOLS=folder for npm installs
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
TOOLS=${TOOLS:-$repo/target/tools}
if [ -z "${BANTIN:-}" ]; then
  cargo build --quiet
  BANTIN=${CARGO_TARGET_DIR:-$repo/target}/debug/bantin
fi
if [ -z "${VNU_JAR:-}" ]; then
  VNU_JAR=$TOOLS/node_modules/vnu-jar/build/dist/vnu.jar
  if [ ! -f "$VNU_JAR" ]; then
    mkdir -p "$TOOLS"
    # --ignore-scripts: vnu-jar's install script would try to download a JDK; Java is already here.
    npm install --prefix "$TOOLS" --ignore-scripts --no-audit --no-fund vnu-jar >/dev/null
  fi
fi
command -v java >/dev/null || { echo "site-check: java is required for the Nu HTML Checker" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== example site"
"$BANTIN" build -r "$repo" -o "$work/example"
echo "== generated site (60 articles, 10 a page)"
python3 bench/gen_corpus.py "$work/gen" 60 --categories 4 --paginate 10
"$BANTIN" build -r "$work/gen" -o "$work/gen-public" 2>/dev/null

status=0
for site in example gen-public; do
  echo "== vnu: $site"
  if ! java -jar "$VNU_JAR" --errors-only --skip-non-html "$work/$site"; then
    status=1
  fi
  echo "== links: $site"
  python3 scripts/linkcheck.py "$work/$site" https://example.com/ || status=1
done
if [ $status -eq 0 ]; then
  echo "site-check: 0 HTML errors, 0 dead links"
fi
exit $status
