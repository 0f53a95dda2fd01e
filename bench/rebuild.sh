#!/usr/bin/env bash
# Live-reload latency of `bantin serve`: from saving a file to the reload message reaching a
# listening browser (the Server-Sent Events stream), on a generated site.
#
#   bench/rebuild.sh [ARTICLES] [EDITS]      (defaults: 10000 articles, 20 edits)
#
# Reports the median and worst latency for editing one article's Markdown, and for editing a
# template every page uses (compared with a full `bantin build` of the same site). Uses the
# release binary (built if missing) and a cached generated site under $BANTIN_BENCH_DIR
# (default: /tmp/bantin-bench). A benchmark, not a test: it asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES=${1:-10000}
EDITS=${2:-20}
DIR=${BANTIN_BENCH_DIR:-/tmp/bantin-bench}
SITE="$DIR/site-$ARTICLES"
BIN=${BANTIN_BIN:-target/release/bantin}

[ -x "$BIN" ] || cargo build --release
if [ ! -f "$SITE/site.yaml" ]; then
  echo "generating $ARTICLES articles in $SITE"
  python3 bench/gen_corpus.py "$SITE" "$ARTICLES" >/dev/null
fi
rm -rf "$SITE/templates" "$SITE/public"

echo "== full build (for comparison)"
start=$(date +%s.%N)
"$BIN" build -r "$SITE" -o "$DIR/out-$ARTICLES" --force >/dev/null 2>&1
end=$(date +%s.%N)
python3 -c "print(f'bantin build: {($end - $start) * 1000:.0f} ms')"

python3 - "$BIN" "$SITE" "$EDITS" <<'PY'
import os, socket, statistics, subprocess, sys, threading, time, queue

binary, site, edits = sys.argv[1], sys.argv[2], int(sys.argv[3])
server = subprocess.Popen([binary, "serve", "-r", site, "-p", "0"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True)
rebuilds = queue.Queue()
url = None
try:
    t0 = time.perf_counter()
    for line in server.stdout:
        if line.startswith("serving "):
            url = line.split()[1]
            break
    print(f"bantin serve: first build and listening in {(time.perf_counter() - t0) * 1000:.0f} ms")

    def read_stdout():
        for line in server.stdout:
            if line.startswith("rebuilt in "):
                rebuilds.put(line.strip())
    threading.Thread(target=read_stdout, daemon=True).start()

    host, port = url[len("http://"):].rstrip("/").rsplit(":", 1)
    sock = socket.create_connection((host, int(port)))
    sock.sendall(f"GET /__bantin/events HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
    stream = sock.makefile("rb")
    events = queue.Queue()

    def read_events():
        name = None
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line == "" and name:
                events.put((time.perf_counter(), name))
                name = None
    threading.Thread(target=read_events, daemon=True).start()
    events.get(timeout=30)  # hello

    def timed(path, text):
        while not rebuilds.empty():
            rebuilds.get_nowait()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        saved = time.perf_counter()
        when, name = events.get(timeout=600)
        line = rebuilds.get(timeout=600)
        return (when - saved) * 1000, name, line

    content = os.path.join(site, "content")
    category = sorted(os.listdir(content))[0]
    article = os.path.join(content, category, sorted(os.listdir(os.path.join(content, category)))[len(os.listdir(os.path.join(content, category))) // 2])
    original = open(article, encoding="utf-8").read()
    times = []
    for i in range(edits):
        ms, name, line = timed(article, original + f"\nĐoạn cập nhật số {i}.\n")
        times.append(ms)
        # Saves come at a person's pace; the server updates feeds, sitemaps and the search
        # index in the quiet after each rebuild.
        time.sleep(1.5)
    print(f"one article ({os.path.relpath(article, site)}), {edits} edits: "
          f"median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms "
          f"(server: {line})")
    timed(article, original)
    time.sleep(1.5)

    # A template every page uses: first the site's own copy of the theme's base.html appears,
    # then it is edited.
    templates = os.path.join(site, "templates")
    os.makedirs(templates, exist_ok=True)
    theme_base = os.path.join(os.getcwd(), "themes", "default", "templates", "base.html")
    text = open(theme_base, encoding="utf-8").read()
    ms, name, line = timed(os.path.join(templates, "base.html"),
                           text.replace("</body>", "<p hidden>sửa</p></body>"))
    time.sleep(1.5)
    times = []
    for i in range(3):
        ms, name, line = timed(os.path.join(templates, "base.html"),
                               text.replace("</body>", f"<p hidden>sửa {i}</p></body>"))
        times.append(ms)
        time.sleep(1.5)
    print(f"template used by every page, 3 edits: median {statistics.median(times):.0f} ms "
          f"(server: {line})")
finally:
    server.kill()
    server.wait()
PY
rm -rf "$SITE/templates"
