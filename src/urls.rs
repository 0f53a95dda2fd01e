//! Absolute URLs. Pages link with site paths (`/tin/a/`); feeds, sitemaps, Open Graph and
//! JSON-LD need absolute ones (`https://host/tin/a/`), and a feed reader shows an article's HTML
//! away from the site, so its relative `href`/`src` must be made absolute too.
//!
//! Also the site's own addresses that more than one part asks for: page N of a list, the output
//! file of a page, alias paths, the feed files and the search manifest (`render` links them,
//! `output` writes them, `plan` places them).

/// `https://host/tin/` → `https://host` (scheme and authority, no trailing slash).
pub fn origin(url: &str) -> &str {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            &url[..scheme.len() + 3 + end]
        }
        None => url.trim_end_matches('/'),
    }
}

/// Has a scheme (`https:`, `mailto:`, `data:`) or is protocol-relative (`//cdn.example/x`).
pub fn is_absolute(url: &str) -> bool {
    url.starts_with("//") || scheme_end(url).is_some()
}

fn scheme_end(url: &str) -> Option<usize> {
    let colon = url.find(':')?;
    let mut chars = url[..colon].chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(colon)
}

/// A site path or URL as an absolute URL on the site whose base URL is `base`
/// (`/tin/a.png` → `https://host/tin/a.png`; absolute URLs are kept).
pub fn absolute(base: &str, url: &str) -> String {
    resolve(base, url)
}

/// Resolve `url` as a browser would on the page at `page` (an absolute URL): RFC 3986
/// reference resolution, with `.` and `..` segments removed.
pub fn resolve(page: &str, url: &str) -> String {
    if url.starts_with("//") {
        let scheme = page.split_once(':').map(|x| x.0).unwrap_or("https");
        return format!("{scheme}:{url}");
    }
    if scheme_end(url).is_some() {
        return url.to_string();
    }
    let page_no_frag = page.split('#').next().unwrap_or(page);
    if url.is_empty() {
        return page_no_frag.to_string();
    }
    if url.starts_with('#') {
        return format!("{page_no_frag}{url}");
    }
    let page_path_end = page_no_frag.find('?').unwrap_or(page_no_frag.len());
    let page_no_query = &page_no_frag[..page_path_end];
    if url.starts_with('?') {
        return format!("{page_no_query}{url}");
    }
    let origin = origin(page);
    let joined = if url.starts_with('/') {
        url.to_string()
    } else {
        let path = &page_no_query[origin.len()..];
        let dir = match path.rfind('/') {
            Some(i) => &path[..=i],
            None => "/",
        };
        format!("{dir}{url}")
    };
    format!("{origin}{}", remove_dot_segments(&joined))
}

/// `/a/b/../c/./d` → `/a/c/d` (the part before `?`/`#` only).
fn remove_dot_segments(path: &str) -> String {
    let split = path.find(['?', '#']).unwrap_or(path.len());
    let (p, rest) = path.split_at(split);
    let segs: Vec<&str> = p.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::with_capacity(segs.len());
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}{rest}", out.join("/"))
}

/// `html` with every relative `href`, `src`, `poster` and `srcset` URL made absolute against
/// `page` (the absolute URL of the page the HTML was written for). Tags are found by a small
/// scanner that honours quotes and skips comments; text and everything else is copied as is.
pub fn absolutize_html(html: &str, page: &str) -> String {
    let b = html.as_bytes();
    let n = b.len();
    let mut out = String::with_capacity(n + 256);
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        if html[start..].starts_with("<!--") {
            i = html[start..].find("-->").map_or(n, |e| start + e + 3);
            continue;
        }
        if !b.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let mut j = start + 1;
        while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        // Attributes, up to the closing `>`.
        loop {
            while j < n && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= n || b[j] == b'>' {
                break;
            }
            let name_start = j;
            while j < n && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let name = &html[name_start..j];
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= n || b[j] != b'=' {
                if name.is_empty() {
                    j += 1;
                }
                continue;
            }
            j += 1;
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let (vs, ve, next) = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[j + 1..].find(q as char).map_or(n, |e| j + 1 + e);
                    (j + 1, end, (end + 1).min(n))
                }
                _ => {
                    let mut e = j;
                    while e < n && !b[e].is_ascii_whitespace() && b[e] != b'>' {
                        e += 1;
                    }
                    (j, e, e)
                }
            };
            let value = &html[vs..ve];
            let fixed = if name.eq_ignore_ascii_case("srcset") {
                Some(absolutize_srcset(value, page))
            } else if ["href", "src", "poster"]
                .iter()
                .any(|a| name.eq_ignore_ascii_case(a))
                && !is_absolute(value.trim())
            {
                Some(resolve(page, value.trim()))
            } else {
                None
            };
            if let Some(v) = fixed.filter(|v| v != value) {
                out.push_str(&html[copied..vs]);
                out.push_str(&v);
                copied = ve;
            }
            j = next;
        }
        i = j.min(n);
    }
    out.push_str(&html[copied..]);
    out
}

/// `a.png 1x, /b.png 2x` → each URL resolved, descriptors kept.
fn absolutize_srcset(value: &str, page: &str) -> String {
    value
        .split(',')
        .map(|part| {
            let part = part.trim();
            let (url, desc) = part.split_once(char::is_whitespace).unwrap_or((part, ""));
            let url = if is_absolute(url) {
                url.to_string()
            } else {
                resolve(page, url)
            };
            if desc.is_empty() {
                url
            } else {
                format!("{url} {}", desc.trim())
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One feed format: its file name under a list's folder, MIME type and a label for links.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub file: &'static str,
    pub mime: &'static str,
    pub label: &'static str,
}

pub const RSS: Kind = Kind {
    file: "rss.xml",
    mime: "application/rss+xml",
    label: "RSS",
};
pub const ATOM: Kind = Kind {
    file: "atom.xml",
    mime: "application/atom+xml",
    label: "Atom",
};
pub const JSON: Kind = Kind {
    file: "feed.json",
    mime: "application/feed+json",
    label: "JSON Feed",
};
pub const KINDS: [Kind; 3] = [RSS, ATOM, JSON];

/// The search index's manifest, relative to the site's base path.
pub const SEARCH_MANIFEST: &str = "search/index.json";

/// URL of page `n` (1-based) of a list whose first page is at `first_url`.
pub fn page_url(first_url: &str, n: usize) -> String {
    if n <= 1 {
        first_url.to_string()
    } else {
        format!("{first_url}page/{n}/")
    }
}

/// The output file (relative to OUTPUT, `/`-separated) of the page at site path `url` on a site
/// whose base path is `base_path`: `/tin/a/b/` → `a/b/index.html`, `/tin/` → `index.html`.
pub fn output_path(url: &str, base_path: &str) -> String {
    let dir = url.strip_prefix(base_path).unwrap_or(url);
    format!("{dir}index.html")
}

/// Output path of an alias: `/2019/old.html` → `2019/old.html`; `old/path` → `old/path/index.html`.
pub fn alias_path(alias: &str) -> String {
    let a = alias.trim().trim_start_matches('/');
    if a.ends_with(".html") || a.ends_with(".htm") {
        a.to_string()
    } else if a.is_empty() {
        "index.html".into()
    } else {
        format!("{}/index.html", a.trim_end_matches('/'))
    }
}

/// The site path of an output file: `a/b/index.html` → `/tin/a/b/`, `404.html` → `/tin/404.html`.
pub fn url_of_output(path: &str, base_path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("{base_path}{dir}"),
        _ => format!("{base_path}{path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://example.com/tin/khoa-hoc/bai-a/";

    #[test]
    fn origin_of_urls() {
        assert_eq!(origin("https://u.github.io/tin/"), "https://u.github.io");
        assert_eq!(origin("http://localhost:1111"), "http://localhost:1111");
    }

    #[test]
    fn resolves_like_a_browser() {
        assert_eq!(resolve(PAGE, "/tin/a.png"), "https://example.com/tin/a.png");
        assert_eq!(
            resolve(PAGE, "anh.png"),
            "https://example.com/tin/khoa-hoc/bai-a/anh.png"
        );
        assert_eq!(
            resolve(PAGE, "../bai-b/"),
            "https://example.com/tin/khoa-hoc/bai-b/"
        );
        assert_eq!(resolve(PAGE, "../../.."), "https://example.com/");
        assert_eq!(resolve(PAGE, "#chu-thich"), format!("{PAGE}#chu-thich"));
        assert_eq!(resolve(PAGE, "?a=1"), format!("{PAGE}?a=1"));
        assert_eq!(resolve(PAGE, "//cdn.x/a.js"), "https://cdn.x/a.js");
        assert_eq!(resolve(PAGE, "mailto:a@b.c"), "mailto:a@b.c");
        assert_eq!(
            absolute("https://example.com/tin/", "/tin/x/"),
            "https://example.com/tin/x/"
        );
    }

    #[test]
    fn makes_relative_links_in_html_absolute() {
        let html = r##"<p><a href="../bai-b/">B</a> <a href='https://o.org/x'>O</a> <img src=anh.png alt="a > b"> <a href="#n">n</a></p><!-- <a href="c"> --><img srcset="a.png 1x, /b.png 2x" src="/c.png">"##;
        let out = absolutize_html(html, PAGE);
        assert!(
            out.contains(r#"href="https://example.com/tin/khoa-hoc/bai-b/""#),
            "{out}"
        );
        assert!(out.contains("href='https://o.org/x'"), "{out}");
        assert!(
            out.contains("src=https://example.com/tin/khoa-hoc/bai-a/anh.png alt=\"a > b\""),
            "{out}"
        );
        assert!(out.contains(&format!("href=\"{PAGE}#n\"")), "{out}");
        assert!(
            out.contains(r#"<!-- <a href="c"> -->"#),
            "comments untouched: {out}"
        );
        assert!(out.contains(r#"srcset="https://example.com/tin/khoa-hoc/bai-a/a.png 1x, https://example.com/b.png 2x""#), "{out}");
        assert!(out.contains(r#"src="https://example.com/c.png""#), "{out}");
        // Text that looks like markup is not touched.
        let text = "<p>1 &lt; 2 and a<b</p>";
        assert_eq!(absolutize_html(text, PAGE), text);
    }
}
