#!/usr/bin/env python3
"""What a search query downloads: the files themes/default/static/js/search.js fetches for a
query on a built site (the index manifest, the token shards its words need, the document files
of the first 20 results), with their sizes before compression (and gzip, where the build wrote
.gz files). Follows search.js step by step; no browser needed.

    python3 scripts/search-download.py OUTPUT [QUERY ...]

The README's figure (a three-word query on a 20,000-article site):
    python3 bench/gen_corpus.py target/sd 20000
    target/release/bantin build -r target/sd/bantin -o target/sd/out
    python3 scripts/search-download.py target/sd/out "<three words of a title>"
With no QUERY, the first three words of the titles of 5 articles spread over the index.
"""

import json
import os
import sys
import unicodedata

PAGE = 20


def fold(s):
    s = unicodedata.normalize("NFD", s.lower())
    return "".join(c for c in s if not unicodedata.category(c).startswith("M")).replace("đ", "d")


def words(s):
    out, cur = [], ""
    for c in fold(s):
        if unicodedata.category(c)[0] in "LN":
            cur += c
        else:
            if cur:
                out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    seen, uniq = set(), []
    for w in out:
        if w not in seen:
            seen.add(w)
            uniq.append(w)
    return uniq


def shards_for(manifest, w):
    files = []
    for key, f in manifest["shards"]:
        exact = key.endswith("$")
        base = key[:-1] if exact else key
        if base.startswith(w) or (not exact and w.startswith(base)):
            files.append(f)
    return files


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    index = os.path.join(out, "search", "index.json")
    base = os.path.dirname(index)
    manifest = json.load(open(index, encoding="utf-8"))
    queries = sys.argv[2:]
    if not queries:
        docs0 = json.load(open(os.path.join(base, manifest["docs"][0]), encoding="utf-8"))
        last = json.load(open(os.path.join(base, manifest["docs"][-1]), encoding="utf-8"))
        picks = docs0[:3] + last[-2:]
        queries = [" ".join(d["title"].split()[:3]) for d in picks]
    n_docs = sum(1 for _ in manifest["docs"]) * manifest["docs_per_file"]
    print(f"{out}: about {n_docs} documents in {len(manifest['docs'])} files, {len(manifest['shards'])} shards")
    for q in queries:
        fetched = {"index.json"}
        hits = None
        for w in words(q):
            if hits is not None and not hits:
                break
            fields = {}
            for f in shards_for(manifest, w):
                fetched.add(f)
                shard = json.load(open(os.path.join(base, f), encoding="utf-8"))
                for token, postings in shard.items():
                    if not token.startswith(w):
                        continue
                    d = 0
                    for p in postings:
                        d += p // 8
                        fields[d] = fields.get(d, 0) | (p % 8)
            nxt = {}
            for d, bits in fields.items():
                h = [0, 0] if hits is None else hits.get(d)
                if h is None:
                    continue
                nxt[d] = [h[0] + (1 if bits & 1 else 0), h[1] + (1 if bits & 2 else 0)]
            hits = nxt
        ranked = sorted((hits or {}).items(), key=lambda r: (-r[1][0], -r[1][1], r[0]))
        per = manifest["docs_per_file"]
        for d, _ in ranked[:PAGE]:
            fetched.add(manifest["docs"][d // per])
        size = sum(os.path.getsize(os.path.join(base, f)) for f in fetched)
        gz = [os.path.join(base, f) + ".gz" for f in fetched]
        gz_size = sum(os.path.getsize(g) for g in gz) if all(os.path.exists(g) for g in gz) else None
        gz_text = f", {gz_size / 1000:.0f} KB gzipped" if gz_size is not None else ""
        print(f"{q!r}: {len(ranked)} results, {len(fetched)} files, {size / 1000:.0f} KB before compression{gz_text}")


if __name__ == "__main__":
    main()
