#!/usr/bin/env bash
# bantin serve under load: wrk with 1,000 connections for 20 s on loopback, then the server must
# still answer correctly, hold no more file descriptors than before, and answer oversized or
# malformed requests with 4xx. Prints the figures the README's reliability table quotes.
#
#   scripts/serve-load.sh [BANTIN_BINARY] [SITE_ROOT]     (defaults: target/debug/bantin, .)
# Env: CONNECTIONS (1000), DURATION (20s), THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-target/debug/bantin}
ROOT=${2:-.}
CONNECTIONS=${CONNECTIONS:-1000}
DURATION=${DURATION:-20s}
THREADS=${THREADS:-2}

if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
[ -x "$BIN" ] || cargo build --quiet
# 1,000 connections need more descriptors than the usual soft limit of 1,024 (wrk and server).
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

LOG=$(mktemp)
"$BIN" serve -r "$ROOT" -p 0 >"$LOG" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -f "$LOG"; }
trap cleanup EXIT

URL=
for _ in $(seq 1 600); do
  URL=$(grep -o 'http://[^ ]*' "$LOG" | head -n1 || true)
  [ -n "$URL" ] && break
  kill -0 "$PID" 2>/dev/null || { cat "$LOG"; echo "FAIL: bantin serve exited"; exit 1; }
  sleep 0.1
done
[ -n "$URL" ] || { cat "$LOG"; echo "FAIL: bantin serve printed no URL"; exit 1; }
HOST=${URL#http://}; HOST=${HOST%%/*}
PORT=${HOST##*:}

fail() { echo "FAIL: $*"; exit 1; }
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
fds() { ls "/proc/$PID/fd" | wc -l; }

# Warm up, then count descriptors.
[ "$(status "$URL")" = 200 ] || fail "home page before the load"
HOME_BEFORE=$(curl -s "$URL" | sha256sum)
sleep 1
FDS_BEFORE=$(fds)

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION $URL"
WRK=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$URL" 2>&1)
echo "$WRK"
kill -0 "$PID" 2>/dev/null || fail "bantin serve died under load"

RPS=$(echo "$WRK" | awk '/Requests\/sec/ {print $2}')
REQUESTS=$(echo "$WRK" | awk '/requests in/ {print $1}')
NON2XX=$(echo "$WRK" | awk '/Non-2xx/ {print $NF}')
SOCKET_ERRORS=$(echo "$WRK" | awk -F'Socket errors: ' '/Socket errors/ {print $2}')

# Answers correctly afterwards: the same home page, a 404 for a missing page.
[ "$(status "$URL")" = 200 ] || fail "home page after the load"
[ "$(curl -s "$URL" | sha256sum)" = "$HOME_BEFORE" ] || fail "home page changed under load"
[ "$(status "$URL/no-such-page/")" = 404 ] || fail "missing page is not 404"

# Oversized and malformed requests get 4xx, and the server stays up.
python3 - "$PORT" <<'PY'
import socket, sys
port = int(sys.argv[1])

def ask(raw, name):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        s.sendall(raw)
    except OSError:
        pass  # the server may close while we still send: read its answer
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    s.close()
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    code = line.split(" ")[1] if line.startswith("HTTP/1.") and " " in line else "(closed)"
    ok = code.startswith("4")
    print(f"{name}: {line or '(connection closed without an answer)'}")
    if not ok:
        sys.exit(f"FAIL: {name} did not get a 4xx")

ask(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n", "100 KB header")
ask(b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(500)) + b"\r\n", "500 headers")
ask(b"GET /" + b"a" * 200_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", "200 KB URL")
ask(b"THIS IS NOT HTTP\r\n\r\n", "garbage request line")
ask(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n", "bad Content-Length")
ask(b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", "encoded traversal")
ask(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc", "POST")
PY
[ "$(status "$URL")" = 200 ] || fail "home page after bad requests"

sleep 2
FDS_AFTER=$(fds)
echo "== file descriptors: $FDS_BEFORE before, $FDS_AFTER after"
[ "$FDS_AFTER" -le $((FDS_BEFORE + 2)) ] || fail "descriptor leak: $FDS_BEFORE before, $FDS_AFTER after"
echo "serve-load: ${RPS} requests/s, ${REQUESTS} requests, non-2xx: ${NON2XX:-0}, socket errors: ${SOCKET_ERRORS:-none}, fds ${FDS_BEFORE} -> ${FDS_AFTER}: OK"
