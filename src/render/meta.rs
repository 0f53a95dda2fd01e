//! Per-page metadata, computed here so templates only print it: the Open Graph image, the feeds
//! a page announces with `<link rel="alternate">`, and JSON-LD (`NewsArticle` + `BreadcrumbList`
//! on articles, `WebSite` with a `SearchAction` on the home page).

use serde::Serialize;
use serde_json::{json, Value};

use crate::config::Config;
use crate::dates;
use crate::site::{Article, Site};
use crate::urls;

/// What `base.html` prints in `<head>` besides title, description and canonical.
#[derive(Debug, Default, Serialize)]
pub struct Meta {
    /// Absolute URL of the page's picture for `og:image` (`""` when none).
    pub image: String,
    pub image_alt: String,
    pub image_width: u32,
    pub image_height: u32,
    /// `summary_large_image` when the page has a picture, else `summary`.
    pub twitter_card: &'static str,
    /// Feeds to announce, the page's own list first (a category's feeds on its pages).
    pub alternates: Vec<Alternate>,
    /// JSON-LD, ready for `<script type="application/ld+json">` (see [`script_json`]).
    pub jsonld: String,
}

#[derive(Debug, Serialize)]
pub struct Alternate {
    /// MIME type: `application/rss+xml`, `application/atom+xml`, `application/feed+json`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub url: String,
}

/// JSON that is safe inside a `<script>` element: `<`, `>` and `&` (and U+2028/2029) are
/// written as `\u` escapes, which JSON reads back unchanged, so text such as `</script>` or
/// `<!--` in a title cannot end the element.
pub fn script_json<T: Serialize + ?Sized>(v: &T) -> String {
    let s = serde_json::to_string(v).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The feeds of a list whose pages start at the site path `list_url`, titled `title`.
fn alternates_of(cfg: &Config, list_url: &str, title: &str) -> Vec<Alternate> {
    urls::KINDS
        .iter()
        .map(|k| Alternate {
            kind: k.mime,
            title: format!("{title} ({})", k.label),
            url: urls::absolute(&cfg.base(), &format!("{list_url}{}", k.file)),
        })
        .collect()
}

/// The site's own feeds (every page announces them).
pub fn site_alternates(site: &Site) -> Vec<Alternate> {
    let cfg = &site.config;
    alternates_of(cfg, &cfg.base_path(), &cfg.title)
}

/// A category's feeds, then the site's.
pub fn category_alternates(site: &Site, index: usize) -> Vec<Alternate> {
    let cfg = &site.config;
    let c = &site.categories[index];
    let mut v = alternates_of(cfg, &c.url, &format!("{} – {}", c.name, cfg.title));
    v.extend(site_alternates(site));
    v
}

/// A tag's feeds (when `feeds.tags` is on), then the site's.
pub fn tag_alternates(site: &Site, index: usize) -> Vec<Alternate> {
    let cfg = &site.config;
    let mut v = Vec::new();
    if cfg.feeds.tags {
        let t = &site.tags[index];
        v = alternates_of(cfg, &t.url, &format!("#{} – {}", t.name, cfg.title));
    }
    v.extend(site_alternates(site));
    v
}

/// Metadata of a page that is not an article.
pub fn page(alternates: Vec<Alternate>, jsonld: String) -> Meta {
    Meta {
        twitter_card: "summary",
        alternates,
        jsonld,
        ..Meta::default()
    }
}

/// Metadata of an article page.
pub fn article(site: &Site, a: &Article) -> Meta {
    let cfg = &site.config;
    let base = cfg.base();
    let image = a.image.as_ref().filter(|im| !im.info.missing);
    Meta {
        image: image
            .map(|im| urls::absolute(&base, &im.info.url))
            .unwrap_or_default(),
        image_alt: image.map(|im| im.alt.clone()).unwrap_or_default(),
        image_width: image.map_or(0, |im| im.info.width),
        image_height: image.map_or(0, |im| im.info.height),
        twitter_card: if image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        },
        alternates: category_alternates(site, a.category),
        jsonld: script_json(&article_jsonld(site, a)),
    }
}

/// `NewsArticle` and its `BreadcrumbList` (home › category › article).
pub fn article_jsonld(site: &Site, a: &Article) -> Value {
    let cfg = &site.config;
    let base = cfg.base();
    let tz = cfg.tz();
    let cat = &site.categories[a.category];
    let fm = &a.src.fm;
    let publisher = json!({ "@type": "Organization", "name": cfg.title, "url": base });
    let author = match (nonempty(&fm.author), nonempty(&fm.source)) {
        (Some(name), _) => json!({ "@type": "Person", "name": name }),
        (None, Some(source)) => json!({ "@type": "Organization", "name": source }),
        (None, None) => publisher.clone(),
    };
    let mut article = json!({
        "@type": "NewsArticle",
        "@id": format!("{}#article", a.permalink),
        "headline": a.title,
        "url": a.permalink,
        "mainEntityOfPage": { "@type": "WebPage", "@id": a.permalink },
        "datePublished": dates::iso(&a.date.with_timezone(&tz)),
        "dateModified": dates::iso(&a.updated.unwrap_or(a.date).with_timezone(&tz)),
        "author": [author],
        "publisher": publisher,
        "articleSection": cat.name,
        "inLanguage": cfg.language,
    });
    if let Some(obj) = article.as_object_mut() {
        if let Some(summary) = nonempty(&fm.summary) {
            obj.insert("description".into(), json!(summary));
        }
        if let Some(im) = a.image.as_ref().filter(|im| !im.info.missing) {
            obj.insert(
                "image".into(),
                json!([{
                    "@type": "ImageObject",
                    "url": urls::absolute(&base, &im.info.url),
                    "width": im.info.width,
                    "height": im.info.height,
                }]),
            );
        }
        if !a.tags.is_empty() {
            let tags: Vec<&str> = a.tags.iter().map(|&t| site.tags[t].name.as_str()).collect();
            obj.insert("keywords".into(), json!(tags));
        }
    }
    let crumbs = json!({
        "@type": "BreadcrumbList",
        "itemListElement": [
            { "@type": "ListItem", "position": 1, "name": cfg.title, "item": base },
            { "@type": "ListItem", "position": 2, "name": cat.name, "item": urls::absolute(&base, &cat.url) },
            { "@type": "ListItem", "position": 3, "name": a.title, "item": a.permalink },
        ],
    });
    json!({ "@context": "https://schema.org", "@graph": [article, crumbs] })
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The home page's `WebSite`, with a `SearchAction` when the site has a search page at
/// `search_url` (a site path, `""` when none).
pub fn website_jsonld(site: &Site, search_url: &str) -> Value {
    let cfg = &site.config;
    let base = cfg.base();
    let mut w = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": cfg.title,
        "url": base,
        "inLanguage": cfg.language,
    });
    if let Some(obj) = w.as_object_mut() {
        if !cfg.description.trim().is_empty() {
            obj.insert("description".into(), json!(cfg.description.trim()));
        }
        if !search_url.is_empty() {
            let target = format!(
                "{}?q={{search_term_string}}",
                urls::absolute(&base, search_url)
            );
            obj.insert(
                "potentialAction".into(),
                json!({
                    "@type": "SearchAction",
                    "target": { "@type": "EntryPoint", "urlTemplate": target },
                    "query-input": "required name=search_term_string",
                }),
            );
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let s = script_json(&json!({ "headline": "a</script><script>alert(1)</script> & <!--" }));
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(
            back["headline"],
            "a</script><script>alert(1)</script> & <!--"
        );
    }
}
