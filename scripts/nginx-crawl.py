#!/usr/bin/env python3
"""Crawl a built site through a real web server, as a reader's browser and a feed reader would.

Usage: nginx-crawl.py [--brotli] BASE_URL SITE_DIR

BASE_URL is where the server serves SITE_DIR (e.g. http://127.0.0.1:8123/tin/, the base_url the
site was built with); SITE_DIR is bantin's output folder, to compare served bytes with.

From the home page, the 404 page, robots.txt and both sitemaps, it follows every href, src,
srcset, form action and meta refresh of every page, every URL in feeds and sitemaps, url() in
stylesheets, and the search index the search page fetches (data-search-index: the manifest, its
token and result files, and every result's URL). Every URL on the site's host must lie under
the base path and answer 200 with exactly the bytes of its file (no redirects); a #fragment
must name an id on its page. Then:

- an unknown URL under the base path, at any depth, answers 404 with the site's 404.html;
- each HTML, CSS, JS, XML and JSON URL fetched again with `Accept-Encoding: gzip` answers with
  `Content-Encoding: gzip` and `Vary: Accept-Encoding`, a body byte-identical to the file's
  `.gz` sibling (so it was sent by gzip_static, not compressed on the fly), which decompresses
  to the plain file's bytes; other files come back uncompressed;
- with --brotli (nginx has brotli_static on), the same with `Accept-Encoding: br`: bodies
  byte-identical to the `.br` siblings (the Rust tests check that those decompress to the plain
  bytes; the standard library has no Brotli decoder);
- fingerprinted files (`name.<8 hex>.css|js`) are served with an immutable, year-long
  Cache-Control, and nothing else is.

Prints each problem and a summary; exits 1 if there is any problem. Python standard library only.
"""
import gzip
import html.parser
import http.client
import json
import os
import re
import sys
import time
import urllib.parse

COMPRESSIBLE = (".html", ".css", ".js", ".xml", ".json")
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.(css|js)$")


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in ("href", "src", "action", "data-search-index", "poster"):
                self.links.append(value)
            elif name == "srcset":
                for part in value.split(","):
                    url = part.strip().split(" ")[0]
                    if url:
                        self.links.append(url)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            content = a.get("content") or ""
            if "url=" in content.lower():
                self.links.append(content[content.lower().index("url=") + 4:].strip())


class Client:
    """One keep-alive HTTP/1.1 connection, reopened when the server closes it."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.conn = None

    def get(self, path, headers=None):
        for attempt in range(50):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
                self.conn.request("GET", path, headers=headers or {})
                r = self.conn.getresponse()
                body = r.read()
                return r.status, {k.lower(): v for k, v in r.getheaders()}, body
            except (ConnectionError, http.client.HTTPException, OSError):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                time.sleep(0.2)  # the server may still be starting
        raise SystemExit(f"nginx-crawl: cannot reach {self.host}:{self.port}{path}")


def main():
    args = sys.argv[1:]
    brotli = "--brotli" in args
    if brotli:
        args.remove("--brotli")
    base, site_dir = args[0], args[1]
    if not base.endswith("/"):
        base += "/"
    b = urllib.parse.urlsplit(base)
    origin = f"{b.scheme}://{b.netloc}"
    base_path = b.path
    client = Client(b.hostname, b.port or 80)
    abs_url = re.compile(re.escape(origin) + r"[^\s\"'<>&\\)]*")

    problems = []
    fetched = {}  # path -> (content type, body)
    pages = {}  # path -> Page
    referrers = {}  # path -> first page linking it
    fragments = []  # (path, fragment, referrer)
    queue = []
    counts = {"links": 0, "external": 0}

    def file_of(path):
        rel = urllib.parse.unquote(path[len(base_path):])
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        return os.path.join(site_dir, rel)

    def add(link, page_url, referrer):
        link = link.strip()
        if not link or link.startswith(("data:", "mailto:", "javascript:", "tel:")):
            return
        counts["links"] += 1
        url = urllib.parse.urljoin(page_url, link)
        u = urllib.parse.urlsplit(url)
        if u.scheme not in ("http", "https"):
            return
        if f"{u.scheme}://{u.netloc}" != origin:
            counts["external"] += 1
            return
        if not u.path.startswith(base_path):
            problems.append(f"{referrer}: {link} leaves the base path {base_path}")
            return
        path = u.path + (f"?{u.query}" if u.query else "")
        if u.fragment:
            fragments.append((path, urllib.parse.unquote(u.fragment), referrer))
        if path not in referrers:
            referrers[path] = referrer
            queue.append(path)

    for start in ("", "404.html", "robots.txt", "sitemap.xml", "news-sitemap.xml"):
        add(base + start, base, "(start)")

    while queue:
        path = queue.pop(0)
        status, headers, body = client.get(path)
        if status != 200:
            where = headers.get("location", "")
            problems.append(f"{referrers[path]}: {path} answered {status} {where}".rstrip())
            continue
        ctype = headers.get("content-type", "").split(";")[0].strip()
        fetched[path] = (ctype, body)
        local = file_of(path.split("?")[0])
        if not os.path.isfile(local):
            problems.append(f"{path}: served, but {local} is not a file of the site")
        elif open(local, "rb").read() != body:
            problems.append(f"{path}: served bytes differ from {local}")
        url = origin + path
        text = body.decode("utf-8", errors="replace")
        if ctype == "text/html":
            p = Page()
            p.feed(text)
            pages[path] = p
            for link in p.links:
                add(link, url, path)
        elif ctype == "text/css":
            for m in re.finditer(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", text):
                add(m.group(1), url, path)
        elif path.endswith((".xml", ".json", ".txt")):
            for m in abs_url.finditer(text):
                add(m.group(0), url, path)
            if path.endswith(".json"):
                data = json.loads(body)
                if isinstance(data, dict) and "shards" in data and "docs" in data:
                    # The search manifest: what search.js fetches for a query.
                    for f in data["docs"]:
                        add(f, url, path)
                    for _, f in data["shards"]:
                        add(f, url, path)
                elif isinstance(data, list):
                    for d in data:
                        if isinstance(d, dict) and "url" in d:
                            add(d["url"], url, path)

    for path, frag, referrer in fragments:
        page = pages.get(path)
        if page is not None and frag not in page.ids:
            problems.append(f"{referrer}: {path}#{frag}: no such id")

    # Not found, at any depth: the site's own 404 page with status 404.
    with open(os.path.join(site_dir, "404.html"), "rb") as f:
        not_found = f.read()
    for missing in ("no-such-page/", "a/b/c/no-such-page.html"):
        status, _, body = client.get(base_path + missing)
        if status != 404 or body != not_found:
            problems.append(f"{base_path}{missing}: answered {status}, not 404 with 404.html")

    # Pre-compressed bodies.
    gz_files = gz_plain = gz_bytes = 0
    for path, (ctype, plain) in sorted(fetched.items()):
        local = file_of(path.split("?")[0])
        status, headers, body = client.get(path, {"Accept-Encoding": "gzip"})
        encoding = headers.get("content-encoding")
        if not local.endswith(COMPRESSIBLE):
            if encoding:
                problems.append(f"{path}: {encoding} although it has no compressed sibling")
            continue
        if status != 200 or encoding != "gzip":
            problems.append(f"{path}: with Accept-Encoding: gzip answered {status}, Content-Encoding {encoding}")
            continue
        if "accept-encoding" not in headers.get("vary", "").lower():
            problems.append(f"{path}: compressed without Vary: Accept-Encoding")
        try:
            with open(local + ".gz", "rb") as f:
                on_disk = f.read()
        except OSError as e:
            problems.append(f"{path}: {e}")
            continue
        if body != on_disk:
            problems.append(f"{path}: the gzip body is not the file {local}.gz (compressed on the fly?)")
        elif gzip.decompress(body) != plain:
            problems.append(f"{path}: the gzip body does not decompress to the plain file")
        gz_files += 1
        gz_plain += len(plain)
        gz_bytes += len(body)

    # Brotli, when the server has brotli_static.
    br_files = br_bytes = 0
    if brotli:
        for path, (ctype, plain) in sorted(fetched.items()):
            local = file_of(path.split("?")[0])
            if not local.endswith(COMPRESSIBLE):
                continue
            status, headers, body = client.get(path, {"Accept-Encoding": "br"})
            encoding = headers.get("content-encoding")
            if status != 200 or encoding != "br":
                problems.append(f"{path}: with Accept-Encoding: br answered {status}, Content-Encoding {encoding}")
                continue
            with open(local + ".br", "rb") as f:
                if f.read() != body:
                    problems.append(f"{path}: the br body is not the file {local}.br")
            br_files += 1
            br_bytes += len(body)

    # Cache headers: immutable exactly for fingerprinted names.
    immutable = 0
    for path in sorted(fetched):
        _, headers, _ = client.get(path)
        cc = headers.get("cache-control", "")
        if FINGERPRINTED.search(path.split("?")[0]):
            immutable += 1
            if "immutable" not in cc or "max-age=31536000" not in cc:
                problems.append(f"{path}: fingerprinted but Cache-Control is {cc!r}")
        elif "immutable" in cc:
            problems.append(f"{path}: not fingerprinted but Cache-Control is {cc!r}")

    for p in problems:
        print(f"broken: {p}")
    kinds = {}
    for path, (ctype, _) in fetched.items():
        kinds[ctype] = kinds.get(ctype, 0) + 1
    kind_list = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda x: -x[1]))
    print(f"nginx-crawl {base}: {len(fetched)} URLs fetched ({kind_list}); "
          f"{counts['links']} links followed, {counts['external']} external skipped; "
          f"{len(problems)} broken")
    print(f"nginx-crawl {base}: gzip_static sent {gz_files} pre-compressed files, "
          f"{gz_plain:,} → {gz_bytes:,} bytes, each identical to its .gz and to the plain file "
          f"once decompressed; {immutable} fingerprinted files cached immutable")
    if brotli:
        print(f"nginx-crawl {base}: brotli_static sent {br_files} pre-compressed files, "
              f"{gz_plain:,} → {br_bytes:,} bytes, each identical to its .br")
    if len(pages) < 2 or gz_files == 0 or immutable == 0 or (brotli and br_files == 0):
        print("nginx-crawl: too little was crawled to mean anything")
        sys.exit(1)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
