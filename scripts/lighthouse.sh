#!/usr/bin/env bash
# Lighthouse on the built example site, served from 127.0.0.1: home, article and category pages.
# Fails unless accessibility, best practices and SEO are >= 95 and performance >= 90.
# Needs: Debian's chromium (apt-get install chromium) and Node 20; installs lighthouse@12 under
# target/tools. Usage: scripts/lighthouse.sh [PUBLIC_DIR]   (default: builds the example site)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
TOOLS=${TOOLS:-$repo/target/tools}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
[ -x "$CHROME_PATH" ] || { echo "lighthouse: $CHROME_PATH not found (apt-get install chromium)" >&2; exit 1; }
if [ ! -x "$TOOLS/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund lighthouse@12 >/dev/null
fi
work=$(mktemp -d)
public=${1:-}
if [ -z "$public" ]; then
  cargo build --quiet
  public=$work/public
  target/debug/bantin build -r "$repo" -o "$public" >/dev/null
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$public" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
article=$(cd "$public" && find . -mindepth 3 -name index.html -not -path './tags/*' -not -path '*/page/*' | sort | head -1 | sed 's|^\./||; s|index.html$||')
category=$(dirname "$article")/
status=0
for path in "" "$article" "$category"; do
  url="http://127.0.0.1:$port/$path"
  "$TOOLS/node_modules/.bin/lighthouse" "$url" --quiet --output=json --output-path="$work/lh.json" \
    --chrome-flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$work/profile" >/dev/null 2>&1 || true
  python3 - "$work/lh.json" "$url" <<'PY' || status=1
import json, sys
r = json.load(open(sys.argv[1]))
s = {k: round((v["score"] or 0) * 100) for k, v in r["categories"].items()}
need = {"performance": 90, "accessibility": 95, "best-practices": 95, "seo": 95}
print(f'{sys.argv[2]}: ' + ", ".join(f"{k} {s[k]}" for k in need))
sys.exit(0 if all(s[k] >= v for k, v in need.items()) else 1)
PY
done
exit $status
