#!/usr/bin/env python3
"""Dead internal link check for a built site.

Usage: linkcheck.py OUTPUT_DIR BASE_URL

Every href/src/srcset in every HTML file that points inside the site (a root-relative path, a
relative path, or an absolute URL under BASE_URL) must name a file in OUTPUT_DIR (a folder URL
needs its index.html), and a #fragment must name an id on the target page. Prints each dead link
and exits 1 if there is any.
"""
import html.parser
import os
import sys
import urllib.parse


class Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if name in ("href", "src"):
                self.links.append(value)
            if name == "srcset":
                for part in value.split(","):
                    part = part.strip().split(" ")[0]
                    if part:
                        self.links.append(part)
            if name == "content" and tag == "meta" and ("http-equiv", "refresh") in attrs:
                url = value.split("url=", 1)[-1] if "url=" in value else ""
                if url:
                    self.links.append(url)


def parse(path):
    c = Collector()
    with open(path, encoding="utf-8") as f:
        c.feed(f.read())
    return c


def main():
    out, base = sys.argv[1], sys.argv[2]
    base_path = urllib.parse.urlparse(base).path or "/"
    if not base_path.endswith("/"):
        base_path += "/"
    pages = {}
    for dirpath, _, files in os.walk(out):
        for f in files:
            if f.endswith(".html"):
                full = os.path.join(dirpath, f)
                pages[full] = parse(full)
    dead = []
    checked = 0
    for page, c in sorted(pages.items()):
        rel_dir = os.path.relpath(os.path.dirname(page), out)
        page_url = base_path + ("" if rel_dir == "." else rel_dir + "/")
        for link in c.links:
            if link.startswith(base):
                link = base_path + link[len(base):]
            parsed = urllib.parse.urlparse(link)
            if parsed.scheme or link.startswith("//") or link.startswith("mailto:") or link.startswith("data:"):
                continue
            target = urllib.parse.urljoin(page_url, parsed.path) if parsed.path else urllib.parse.urljoin(page_url, os.path.basename(page))
            if not target.startswith(base_path):
                dead.append((page, link, "outside the base path"))
                continue
            local = os.path.join(out, urllib.parse.unquote(target[len(base_path):]))
            if local.endswith("/") or os.path.isdir(local):
                local = os.path.join(local, "index.html")
            checked += 1
            if not os.path.isfile(local):
                dead.append((page, link, "no such file"))
                continue
            if parsed.fragment and local.endswith(".html"):
                ids = pages[os.path.normpath(local)].ids if os.path.normpath(local) in pages else parse(local).ids
                if urllib.parse.unquote(parsed.fragment) not in ids:
                    dead.append((page, link, "no such #id"))
    for page, link, why in dead:
        print(f"dead link: {os.path.relpath(page, out)}: {link} ({why})")
    print(f"linkcheck: {len(pages)} pages, {checked} internal links, {len(dead)} dead")
    sys.exit(1 if dead else 0)


if __name__ == "__main__":
    main()
