#!/usr/bin/env python3
"""Deterministic synthetic news corpus for tests and benchmarks.

Usage: gen_corpus.py OUT_DIR N [--categories C] [--seed S] [--hugo HUGO_DIR]

Writes a bantin site (OUT_DIR/site.yaml, OUT_DIR/content/<category>/<slug>.md) with N articles
over C categories: Vietnamese text with diacritics, 400-1,200-word bodies in 5-15 paragraphs with
bold, links and quotes, a lead image, 3-8 related stories (some naming other articles), 0-5 tags,
dates over two years. With --hugo, also writes the same articles as a Hugo site with a minimal
hand-written layout producing the same pages (article, category list, tag list, home).
The same arguments always give byte-identical files.
"""
import argparse
import datetime
import os
import random

SYLLABLES = (
    "anh bà bản bảo bình bộ cả cao chỉ chính chủ cơ công của cuộc dân dự đã đại đầu để điều đó "
    "đồng đưa được gia giá giải hà hành hệ hiện hoạt học hội hợp khác khi không kinh lại làm lên "
    "lớn lực mà mạnh mới một năm nào này nền ngành người nhà nhiều nhưng những nước phải phát "
    "quan quốc ra sản sau sẽ số sự tại tăng tế thành thế thị thời thông tiếp tin tình tỉnh trên "
    "triển trong trung trường từ vào vẫn về việc với vụ xã xây"
).split()
PLACES = ["Lào Cai", "Hà Nội", "Đà Nẵng", "Huế", "Cần Thơ", "Hải Phòng", "Quảng Ninh", "Đắk Lắk", "Nghệ An", "Bình Dương"]
CATEGORIES = [
    "Thời sự", "Kinh tế", "Khoa học - Công nghệ", "Giáo dục", "Sức khỏe", "Văn hóa", "Thể thao",
    "Du lịch", "Pháp luật", "Thế giới", "Đời sống", "Xe", "Bất động sản", "Giải trí", "Nông nghiệp",
]
TAGS = ["chuyển đổi số", "AI", "đất đai", "giáo dục", "y tế", "du lịch", "xuất khẩu", "nông sản",
        "khởi nghiệp", "môi trường", "giao thông", "văn hóa đọc", "thể thao", "bóng đá", "5G", "năng lượng"]
SOURCES = ["Báo Tin tức", "Theo VnExpress", "TTXVN", "Minh Anh (TTXVN)", "Báo Lào Cai"]


def words(rng, n):
    return " ".join(rng.choice(SYLLABLES) for _ in range(n))


def sentence(rng, lo=8, hi=22):
    s = words(rng, rng.randint(lo, hi))
    return s[0].upper() + s[1:] + "."


def title(rng, i):
    return f"{rng.choice(PLACES)}: {sentence(rng, 6, 12)[:-1]} {i}"


def slugify(s):
    table = str.maketrans("đĐ", "dD")
    import unicodedata
    s = unicodedata.normalize("NFD", s.translate(table))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    out, word = [], []
    for c in s:
        if c.isascii() and c.isalnum():
            word.append(c)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return "-".join(out)[:80].strip("-")


def yq(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def body(rng, titles):
    paras = []
    total = rng.randint(400, 1200)
    n = rng.randint(5, 15)
    for p in range(n):
        k = max(20, total // n)
        text = words(rng, k)
        ws = text.split(" ")
        if p % 3 == 0:
            j = rng.randrange(len(ws) - 3)
            ws[j] = f"**{ws[j]} {ws[j + 1]}**"
            del ws[j + 1]
        if p % 4 == 1:
            j = rng.randrange(len(ws) - 2)
            ws[j] = f"[{ws[j]} {ws[j + 1]}](https://example.org/{rng.randint(1, 999)})"
            del ws[j + 1]
        para = " ".join(ws)
        para = para[0].upper() + para[1:] + "."
        if p % 5 == 2:
            para = f"> “{para}”"
        paras.append(para)
    return "\n\n".join(paras)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--categories", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hugo")
    ap.add_argument("--paginate", type=int, default=20)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    cats = CATEGORIES[: max(1, min(a.categories, len(CATEGORIES)))]
    start = datetime.datetime(2024, 1, 1, 6, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    titles = [title(rng, i) for i in range(a.n)]
    arts = []
    for i, t in enumerate(titles):
        date = start + datetime.timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
        cat = cats[i % len(cats)]
        rel = []
        for _ in range(rng.randint(3, 8)):
            if rng.random() < 0.3:
                rel.append((titles[rng.randrange(a.n)], sentence(rng, 15, 30), None))
            else:
                rel.append((title(rng, rng.randint(10**6, 10**7)), sentence(rng, 15, 30), None))
        arts.append({
            "title": t,
            "slug": slugify(t),
            "date": date.isoformat(),
            "category": cat,
            "tags": rng.sample(TAGS, rng.randint(0, 5)),
            "summary": sentence(rng, 25, 45),
            "image": f"anh-{i}-990x600.jpg",
            "caption": sentence(rng, 6, 14),
            "source": rng.choice(SOURCES),
            "related": rel,
            "body": body(rng, titles),
        })

    os.makedirs(os.path.join(a.out, "content"), exist_ok=True)
    with open(os.path.join(a.out, "site.yaml"), "w", encoding="utf-8") as f:
        f.write("title: Bản tin mẫu\nbase_url: https://example.com/\nlanguage: vi\n")
        f.write(f"paginate: {a.paginate}\ndefault_category: {cats[0]}\ncategories:\n")
        for c in cats:
            f.write(f"  - name: {c}\n")
    for art in arts:
        d = os.path.join(a.out, "content", slugify(art["category"]))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, art["slug"] + ".md"), "w", encoding="utf-8") as f:
            f.write("---\n")
            f.write(f"title: {yq(art['title'])}\ndate: {art['date']}\ncategory: {yq(art['category'])}\n")
            f.write("tags: [" + ", ".join(yq(t) for t in art["tags"]) + "]\n")
            f.write(f"summary: {yq(art['summary'])}\n")
            f.write(f"image: {{src: {art['image']}, caption: {yq(art['caption'])}}}\n")
            f.write(f"source: {yq(art['source'])}\nrelated:\n")
            for rt, rs, _ in art["related"]:
                f.write(f"  - {{title: {yq(rt)}, summary: {yq(rs)}, group: Tin cùng chuyên mục}}\n")
            f.write("---\n")
            f.write(art["body"] + "\n")

    if a.hugo:
        write_hugo(a.hugo, arts, cats, a.paginate)


def write_hugo(root, arts, cats, paginate):
    os.makedirs(os.path.join(root, "content"), exist_ok=True)
    with open(os.path.join(root, "hugo.toml"), "w", encoding="utf-8") as f:
        f.write('baseURL = "https://example.com/"\nlanguageCode = "vi"\ntitle = "Bản tin mẫu"\n')
        f.write(f"[pagination]\n  pagerSize = {paginate}\n")
        f.write('[taxonomies]\n  category = "categories"\n  tag = "tags"\n')
        f.write("disableKinds = ['RSS', 'sitemap', 'robotsTXT']\n")
    for art in arts:
        d = os.path.join(root, "content", "posts", slugify(art["category"]))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, art["slug"] + ".md"), "w", encoding="utf-8") as f:
            f.write("---\n")
            f.write(f"title: {yq(art['title'])}\ndate: {art['date']}\n")
            f.write(f"categories: [{yq(art['category'])}]\n")
            f.write("tags: [" + ", ".join(yq(t) for t in art["tags"]) + "]\n")
            f.write(f"summary: {yq(art['summary'])}\n")
            f.write(f"image: {art['image']}\ncaption: {yq(art['caption'])}\nsource: {yq(art['source'])}\n")
            f.write("related:\n")
            for rt, rs, _ in art["related"]:
                f.write(f"  - {{title: {yq(rt)}, summary: {yq(rs)}}}\n")
            f.write("---\n")
            f.write(art["body"] + "\n")
    lay = os.path.join(root, "layouts")
    os.makedirs(os.path.join(lay, "_default"), exist_ok=True)
    files = {
        "_default/baseof.html": """<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{{ .Title }} – {{ .Site.Title }}</title><link rel="stylesheet" href="/css/style.css"></head><body><header><a href="/">{{ .Site.Title }}</a><nav>{{ range .Site.Taxonomies.categories }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ end }}</nav></header><main>{{ block "main" . }}{{ end }}</main><footer>© {{ .Site.Title }}</footer></body></html>""",
        "_default/single.html": """{{ define "main" }}<article><p><a href="{{ range .GetTerms "categories" }}{{ .RelPermalink }}{{ end }}">{{ range .GetTerms "categories" }}{{ .LinkTitle }}{{ end }}</a></p><h1>{{ .Title }}</h1><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "02/01/2006 15:04" }}</time><p><strong>{{ .Params.summary }}</strong></p><figure><img src="{{ .Params.image }}" alt="{{ .Params.caption }}" width="990" height="600"><figcaption>{{ .Params.caption }}</figcaption></figure>{{ .Content }}<p>{{ .Params.source }}</p><ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}<ul>{{ range .Params.related }}<li><strong>{{ .title }}</strong><p>{{ .summary }}</p></li>{{ end }}</ul></article>{{ end }}""",
        "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}{{ range $p.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><time>{{ .Date.Format "02/01/2006" }}</time><p>{{ .Params.summary }}</p></article>{{ end }}{{ with $p.Prev }}<a href="{{ .URL }}">prev</a>{{ end }}{{ with $p.Next }}<a href="{{ .URL }}">next</a>{{ end }}{{ if eq .Data.Plural "categories" }}<section><h2>Tin cùng chuyên mục</h2>{{ range $p.Pages }}{{ range .Params.related }}<article><h3>{{ .title }}</h3><p>{{ .summary }}</p></article>{{ end }}{{ end }}</section>{{ end }}{{ end }}""",
        "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}""",
        "index.html": """{{ define "main" }}{{ range first 13 (where .Site.RegularPages "Type" "posts") }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Params.summary }}</p></article>{{ end }}{{ end }}""",
        "404.html": """{{ define "main" }}<h1>404</h1>{{ end }}""",
    }
    for rel, text in files.items():
        p = os.path.join(lay, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
    os.makedirs(os.path.join(root, "static", "css"), exist_ok=True)
    with open(os.path.join(root, "static", "css", "style.css"), "w", encoding="utf-8") as f:
        f.write("body{font-family:system-ui;max-width:70ch;margin:auto}\n")


if __name__ == "__main__":
    main()
