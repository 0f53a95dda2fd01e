//! What a page says about itself, read in the order trafilatura's `metadata.py` trusts:
//! JSON-LD first (the publisher wrote it for machines), then Open Graph and article meta tags,
//! then the markup (`<h1>`, `<time>`, the breadcrumb, byline and sapo elements).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use dom_query::{Document, Selection};
use serde_json::Value;
use url::Url;

use crate::text::{fold, nfc, word_count};

#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    pub title: Option<String>,
    /// The sapo paragraph shown above the body.
    pub lead: Option<String>,
    pub description: Option<String>,
    pub date: Option<DateTime<FixedOffset>>,
    pub date_from: Option<&'static str>,
    pub updated: Option<DateTime<FixedOffset>>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub tags: Vec<String>,
    pub section: Option<String>,
    /// The page's canonical address as written.
    pub canonical: Option<String>,
    /// What relative links resolve against: `<base href>`, the canonical URL or `og:url`.
    pub base: Option<Url>,
    pub image: Option<String>,
    pub image_caption: Option<String>,
}

/// JSON-LD types that describe the article itself.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "SocialMediaPosting",
    "VideoObject",
];

/// JSON-LD scripts larger than this are not read (a page's own article object is a few KB).
const MAX_JSON_LD: usize = 1 << 20;

pub fn read(doc: &Document) -> PageMeta {
    let mut m = PageMeta::default();
    let ld = json_ld(doc);
    let article = ld.iter().find(|v| has_type(v, ARTICLE_TYPES));

    let meta = |sel: &str| -> Option<String> {
        doc.select(sel)
            .iter()
            .filter_map(|s| s.attr("content").map(|c| clean(&c)))
            .find(|c| !c.is_empty())
    };

    // Address first: everything relative resolves against it.
    m.canonical = doc
        .select("link[rel=canonical]")
        .attr("href")
        .map(|h| h.trim().to_string())
        .or_else(|| meta("meta[property='og:url']"))
        .or_else(|| article.and_then(|a| str_of(a.get("url"))))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let base_href = doc.select("base[href]").attr("href").map(|h| h.to_string());
    let canonical_url = m.canonical.as_deref().and_then(|u| Url::parse(u).ok());
    m.base = match (base_href, &canonical_url) {
        (Some(b), Some(c)) => c.join(b.trim()).ok().or(Some(c.clone())),
        (Some(b), None) => Url::parse(b.trim()).ok(),
        (None, c) => c.clone(),
    };

    let site_name = meta("meta[property='og:site_name']").or_else(|| {
        ld.iter()
            .find(|v| has_type(v, &["WebSite", "Organization", "NewsMediaOrganization"]))
            .and_then(|v| str_of(v.get("name")))
    });
    let h1 = doc
        .select("h1")
        .iter()
        .map(|h| clean(&h.text()))
        .find(|t| word_count(t) >= 2);
    // og:title first: the headline the publisher chose for readers to share, present on
    // nearly every news page; JSON-LD's headline is often a search-engine variant of it.
    let raw_title = meta("meta[property='og:title']")
        .or_else(|| {
            article.and_then(|a| str_of(a.get("headline")).or_else(|| str_of(a.get("name"))))
        })
        .or_else(|| meta("meta[name='twitter:title']"))
        .or_else(|| {
            // The <h1>, unless the <title> does not contain it (then the <h1> is the site's
            // logo or a section name, and the <title> names the article).
            let t = clean(&doc.select("head title").text());
            match &h1 {
                Some(h) if t.is_empty() || fold(&t).contains(&fold(h)) => Some(h.clone()),
                _ => (!t.is_empty()).then_some(t),
            }
        });
    m.title = raw_title.map(|t| strip_site_name(&t, site_name.as_deref(), h1.as_deref()));

    m.description = meta("meta[name=description]")
        .or_else(|| meta("meta[property='og:description']"))
        .or_else(|| article.and_then(|a| str_of(a.get("description"))));
    m.lead = sapo(doc);

    // Dates.
    let published = [
        article
            .and_then(|a| str_of(a.get("datePublished")))
            .map(|d| (d, "JSON-LD datePublished")),
        meta("meta[property='article:published_time']").map(|d| (d, "article:published_time")),
        meta("meta[itemprop=datePublished]").map(|d| (d, "datePublished")),
        meta("meta[name=pubdate]").map(|d| (d, "pubdate")),
        meta("meta[name=publishdate]").map(|d| (d, "publishdate")),
        meta("meta[name='parsely-pub-date']").map(|d| (d, "parsely-pub-date")),
        meta("meta[name='sailthru.date']").map(|d| (d, "sailthru.date")),
        meta("meta[name=date]").map(|d| (d, "date meta")),
        meta("meta[name='dc.date']").map(|d| (d, "dc.date")),
        meta("meta[name='DC.date.issued']").map(|d| (d, "DC.date.issued")),
        doc.select("time[datetime]")
            .attr("datetime")
            .map(|d| (d.to_string(), "<time datetime>")),
    ];
    if let Some((d, from)) = published
        .into_iter()
        .flatten()
        .find_map(|(d, from)| parse_date(&d).map(|d| (d, from)))
    {
        m.date = Some(d);
        m.date_from = Some(from);
    }
    m.updated = [
        article.and_then(|a| str_of(a.get("dateModified"))),
        meta("meta[property='article:modified_time']"),
        meta("meta[property='og:updated_time']"),
    ]
    .into_iter()
    .flatten()
    .find_map(|d| parse_date(&d))
    .filter(|u| m.date.is_none_or(|d| *u > d));

    // People.
    m.author = article
        .and_then(|a| names(a.get("author")))
        .or_else(|| meta("meta[name=author]").filter(|a| !a.starts_with("http")))
        .or_else(|| {
            doc.select("[rel=author], .author-name, .byline a, .byline")
                .iter()
                .map(|s| clean(&s.text()))
                .find(|t| (1..=6).contains(&word_count(t)))
        })
        .map(|a| strip_by(&a));
    m.publisher = article.and_then(|a| names(a.get("publisher")));

    // Tags and section.
    let mut tags: Vec<String> = doc
        .select("meta[property='article:tag']")
        .iter()
        .filter_map(|s| s.attr("content").map(|c| clean(&c)))
        .collect();
    if tags.is_empty() {
        if let Some(k) = article.and_then(|a| a.get("keywords")) {
            tags = match k {
                Value::Array(a) => a.iter().filter_map(|v| str_of(Some(v))).collect(),
                Value::String(s) => s.split(',').map(clean).collect(),
                _ => Vec::new(),
            };
        }
    }
    if tags.is_empty() {
        tags = doc
            .select("a[rel=tag], .tags a, .tag-list a, .article-tags a")
            .iter()
            .map(|s| clean(&s.text()))
            .collect();
    }
    if tags.is_empty() {
        if let Some(k) = meta("meta[name=keywords]") {
            tags = k.split(',').map(clean).collect();
        }
    }
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| !t.is_empty() && word_count(t) <= 6 && seen.insert(fold(t)));
    tags.truncate(12);
    m.tags = tags;
    m.section = article
        .and_then(|a| match a.get("articleSection") {
            Some(Value::Array(v)) => v.iter().find_map(|s| str_of(Some(s))),
            v => str_of(v),
        })
        .or_else(|| meta("meta[property='article:section']"))
        .or_else(|| breadcrumb(&ld))
        .filter(|s| !s.is_empty() && word_count(s) <= 6);

    // Lead image.
    m.image = article
        .and_then(|a| image_of(a.get("image")))
        .or_else(|| meta("meta[property='og:image']"))
        .or_else(|| meta("meta[name='twitter:image']"))
        .and_then(|src| absolute(m.base.as_ref(), &src));
    if let Some(src) = &m.image {
        m.image_caption = caption_of(doc, src);
    }
    m
}

/// Every JSON-LD object of the page, `@graph` members and array items flattened.
fn json_ld(doc: &Document) -> Vec<Value> {
    let mut out = Vec::new();
    for s in doc.select("script[type='application/ld+json']").iter() {
        let text = s.text();
        if text.len() > MAX_JSON_LD {
            continue;
        }
        // serde_json refuses nesting past 128 levels: a hostile script is just not read.
        let Ok(v) = serde_json::from_str::<Value>(text.trim().trim_end_matches(';')) else {
            continue;
        };
        flatten(v, &mut out, 0);
    }
    out
}

fn flatten(v: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(a) => a.into_iter().for_each(|x| flatten(x, out, depth + 1)),
        Value::Object(mut o) => {
            if let Some(g) = o.remove("@graph") {
                flatten(g, out, depth + 1);
            }
            out.push(Value::Object(o));
        }
        _ => {}
    }
}

fn has_type(v: &Value, types: &[&str]) -> bool {
    let is = |t: &Value| t.as_str().is_some_and(|t| types.contains(&t));
    match v.get("@type") {
        Some(Value::Array(a)) => a.iter().any(is),
        Some(t) => is(t),
        None => false,
    }
}

/// A JSON-LD text: entities decoded (twice: some CMSes escape them again), NFC, trimmed.
fn str_of(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.as_str(),
        Value::Object(o) => return str_of(o.get("name").or_else(|| o.get("@value"))),
        _ => return None,
    };
    let t = clean(&decode_entities(&decode_entities(s)));
    (!t.is_empty()).then_some(t)
}

/// Names of a JSON-LD person, organisation or list of them, joined by ", ".
fn names(v: Option<&Value>) -> Option<String> {
    let list: Vec<String> = match v? {
        Value::Array(a) => a.iter().filter_map(|x| str_of(Some(x))).collect(),
        x => str_of(Some(x)).into_iter().collect(),
    };
    let list: Vec<String> = list
        .into_iter()
        .filter(|n| !n.starts_with("http") && word_count(n) <= 8)
        .collect();
    (!list.is_empty()).then(|| list.join(", "))
}

fn image_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Array(a) => a.iter().find_map(|x| image_of(Some(x))),
        Value::Object(o) => o
            .get("url")
            .or_else(|| o.get("contentUrl"))
            .and_then(|u| image_of(Some(u))),
        _ => None,
    }
}

/// The section from a JSON-LD BreadcrumbList: the last item that is not the page itself.
fn breadcrumb(ld: &[Value]) -> Option<String> {
    let list = ld.iter().find(|v| has_type(v, &["BreadcrumbList"]))?;
    let items = list.get("itemListElement")?.as_array()?;
    let names: Vec<String> = items
        .iter()
        .filter_map(|i| str_of(i.get("name")).or_else(|| str_of(i.get("item"))))
        .collect();
    // [Home, Section, (Article)]: the second, unless it is the only one.
    names.get(1).or(names.first()).cloned()
}

/// The sapo: an element the CMS marks as the lead, of paragraph length.
fn sapo(doc: &Document) -> Option<String> {
    const SELECTORS: &str = ".sapo, .detail-sapo, .article__sapo, .article-sapo, .sapo_detail, \
        h2.description, p.description, .lead, .article-lead, .article__lead, .standfirst, \
        .article-summary, .article__summary, .summary-lead, .dek, .article-dek, .subheadline, \
        [itemprop=description]";
    doc.select(SELECTORS)
        .iter()
        .filter(|s| !s.is("meta"))
        .map(|s| clean(&s.text()))
        .find(|t| (8..=120).contains(&word_count(t)))
}

/// The caption of the figure showing `src`, when the page has one.
fn caption_of(doc: &Document, src: &str) -> Option<String> {
    let name = src
        .split(['?', '#'])
        .next()?
        .rsplit('/')
        .next()?
        .to_string();
    let stem = name.split('.').next().unwrap_or(&name).to_string();
    if stem.len() < 4 {
        return None;
    }
    for fig in doc.select("figure").iter() {
        let matches = fig.select("img").iter().any(|img| {
            ["src", "data-src", "data-original", "srcset", "data-srcset"]
                .iter()
                .any(|a| img.attr(a).is_some_and(|v| v.contains(stem.as_str())))
        });
        if matches {
            let c = clean(&fig.select("figcaption").text());
            if !c.is_empty() {
                return Some(c);
            }
        }
    }
    None
}

/// `Title - Site`, `Site | Title`: the site's name dropped.
pub fn strip_site_name(title: &str, site: Option<&str>, h1: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » "];
    let title = title.trim();
    let site_key = site.map(fold).filter(|s| !s.is_empty());
    let h1_key = h1.map(fold);
    for sep in SEPARATORS {
        // Suffix.
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let tail_key = fold(tail);
            let is_site = site_key.as_ref().is_some_and(|s| {
                tail_key == *s || s.contains(&tail_key) || tail_key.contains(s.as_str())
            }) || h1_key.as_ref().is_some_and(|h| *h == fold(head))
                || is_domain(tail)
                || (word_count(tail) <= 3 && head.len() > 2 * tail.len() && looks_like_site(tail));
            if is_site && word_count(head) >= 2 {
                return strip_site_name(head, site, h1);
            }
        }
        // Prefix.
        if let Some((head, tail)) = title.split_once(sep) {
            let head_key = fold(head);
            let is_site = site_key.as_ref().is_some_and(|s| head_key == *s)
                || h1_key.as_ref().is_some_and(|h| *h == fold(tail));
            if is_site && word_count(tail) >= 2 {
                return tail.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// `Reuters.com`, `thanhnien.vn`: one word with a dot inside.
fn is_domain(t: &str) -> bool {
    let t = t.trim();
    !t.contains(' ') && t.trim_matches('.').contains('.') && t.chars().any(char::is_alphabetic)
}

/// A short name that reads as a site's: capitalised words.
fn looks_like_site(t: &str) -> bool {
    t.split_whitespace().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    })
}

/// "By Jane Doe" → "Jane Doe".
fn strip_by(a: &str) -> String {
    let t = a.trim();
    for p in ["By ", "by ", "BY ", "Bởi ", "Tác giả: "] {
        if let Some(r) = t.strip_prefix(p) {
            return r.trim().to_string();
        }
    }
    t.to_string()
}

/// Whitespace collapsed, NFC, trimmed.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    nfc(&out)
}

/// `&amp;`, `&#8217;`, `&quot;`… in a text that should hold none.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = if let Some(n) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(n, 16).ok().and_then(char::from_u32)
            } else if let Some(n) = name.strip_prefix('#') {
                n.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "lsquo" => Some('‘'),
                    "rsquo" => Some('’'),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    "hellip" => Some('…'),
                    _ => None,
                }
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A page's date: RFC 3339 and the forms CMSes write (`2019-11-19T07:03:25+0000`,
/// `2019-11-19 07:03:25`, `2019-11-19`); without an offset, UTC.
pub fn parse_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%dT%H:%M%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, fmt) {
            return Some(d);
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d);
    }
    let utc = FixedOffset::east_opt(0)?;
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return utc.from_local_datetime(&n).single();
        }
    }
    let day = s.get(..10).unwrap_or(s);
    let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    let d = utc.from_local_datetime(&d.and_hms_opt(0, 0, 0)?).single()?;
    // A year a news page could carry.
    (1990..=2100).contains(&d.year()).then_some(d)
}

/// `src` resolved against the page; only http(s) URLs (no `javascript:`, no `data:`).
pub fn absolute(base: Option<&Url>, src: &str) -> Option<String> {
    let src = src.trim();
    if src.is_empty() {
        return None;
    }
    let u = match Url::parse(src) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(src).ok()?,
        Err(_) => return None,
    };
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}

/// Used by `related` too: the text of an element, cleaned.
pub fn text_of(s: &Selection) -> String {
    clean(&s.text())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_come_off_titles() {
        let t = |t, s| strip_site_name(t, s, None);
        assert_eq!(
            t("Giá vàng tăng mạnh - VnExpress", Some("VnExpress")),
            "Giá vàng tăng mạnh"
        );
        assert_eq!(
            t("Markets fall again | Reuters", Some("Reuters")),
            "Markets fall again"
        );
        assert_eq!(
            t("Reuters | Markets fall again", Some("Reuters")),
            "Markets fall again"
        );
        assert_eq!(
            t("Markets fall again | Reuters.com", None),
            "Markets fall again"
        );
        // A dash inside a headline stays.
        assert_eq!(
            t("Hà Nội - Hải Phòng mở đường cao tốc", Some("Báo Mới")),
            "Hà Nội - Hải Phòng mở đường cao tốc"
        );
        assert_eq!(t("Plain title", Some("Site")), "Plain title");
    }

    #[test]
    fn dates_keep_their_offset() {
        let d = parse_date("2025-01-25T13:53:22+07:00").unwrap();
        assert_eq!(d.offset().local_minus_utc(), 7 * 3600);
        let d = parse_date("2019-11-19T07:03:25+0000").unwrap();
        assert_eq!(d.to_rfc3339(), "2019-11-19T07:03:25+00:00");
        assert!(parse_date("2019-11-19").is_some());
        assert!(parse_date("yesterday").is_none());
    }

    #[test]
    fn entities_decoded_even_twice() {
        assert_eq!(decode_entities("Tom &amp; Jerry"), "Tom & Jerry");
        assert_eq!(decode_entities(&decode_entities("It&amp;#8217;s")), "It’s");
        assert_eq!(
            decode_entities("a & b &unknown; &#x1F600;"),
            "a & b &unknown; 😀"
        );
    }

    #[test]
    fn only_web_urls_are_kept() {
        let base = Url::parse("https://tin.vn/a/b.html").ok();
        assert_eq!(
            absolute(base.as_ref(), "/img/x.jpg").unwrap(),
            "https://tin.vn/img/x.jpg"
        );
        assert_eq!(absolute(base.as_ref(), "javascript:alert(1)"), None);
        assert_eq!(absolute(base.as_ref(), "data:image/png;base64,AAAA"), None);
        assert_eq!(absolute(None, "x.jpg"), None);
    }
}
