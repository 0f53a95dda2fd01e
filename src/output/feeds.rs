//! Feeds: RSS 2.0, Atom (RFC 4287) and JSON Feed 1.1, for the whole site, each category, and
//! each tag when `feeds.tags` is on. Items carry the full article with its links made absolute,
//! the summary, the lead image, category and tags; `feeds.limit` newest first.
//!
//! Dates are in the site's timezone: RFC 822 in RSS, RFC 3339 in Atom and JSON Feed. A feed's
//! own "updated" date is its newest item's, never the clock, so builds stay reproducible.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use serde::Serialize;

use super::xml::Doc;
use crate::dates;
use crate::site::Site;
use crate::urls;

pub use crate::urls::{Kind, ATOM, JSON, KINDS, RSS};

/// A list of articles that gets feeds: the site, a category or a tag.
#[derive(Debug, Clone)]
pub struct Feed<'a> {
    pub title: String,
    pub description: String,
    /// Site path of the list's page (`/`, `/khoa-hoc/`, `/tags/ai/`); feeds sit beside it.
    pub list_url: String,
    /// Indices into `Site::articles`, newest first (the limit is applied when writing).
    pub articles: Cow<'a, [usize]>,
}

/// Every feed of the site, in a fixed order: the site, categories, then tags (when enabled).
pub fn feeds(site: &Site) -> Vec<Feed<'_>> {
    let cfg = &site.config;
    let mut out = vec![Feed {
        title: cfg.title.clone(),
        description: if cfg.description.trim().is_empty() {
            cfg.title.clone()
        } else {
            cfg.description.clone()
        },
        list_url: cfg.base_path(),
        articles: Cow::Owned((0..site.articles.len()).collect()),
    }];
    for c in &site.categories {
        out.push(Feed {
            title: format!("{} – {}", c.name, cfg.title),
            description: if c.description.trim().is_empty() {
                format!("{} – {}", c.name, cfg.title)
            } else {
                c.description.clone()
            },
            list_url: c.url.clone(),
            articles: Cow::Borrowed(&c.articles),
        });
    }
    if cfg.feeds.tags {
        for t in &site.tags {
            out.push(Feed {
                title: format!("#{} – {}", t.name, cfg.title),
                description: format!("#{} – {}", t.name, cfg.title),
                list_url: t.url.clone(),
                articles: Cow::Borrowed(&t.articles),
            });
        }
    }
    out
}

/// An article as every feed shows it (computed once however many feeds list it).
struct Item {
    title: String,
    url: String,
    summary: String,
    html: String,
    published: DateTime<FixedOffset>,
    updated: DateTime<FixedOffset>,
    author: String,
    category: String,
    tags: Vec<String>,
    image: Option<Enclosure>,
}

struct Enclosure {
    url: String,
    length: u64,
    mime: &'static str,
}

/// MIME type of an image from its file name (feeds must name one).
pub fn image_mime(url: &str) -> &'static str {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        _ => "image/jpeg",
    }
}

fn item(site: &Site, i: usize, size_of: &(dyn Fn(&str) -> Option<u64> + Sync)) -> Item {
    let cfg = &site.config;
    let tz = cfg.tz();
    let base = cfg.base();
    let a = &site.articles[i];
    let fm = &a.src.fm;
    let pick = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    Item {
        title: a.title.clone(),
        url: a.permalink.clone(),
        summary: pick(&fm.summary).unwrap_or_default(),
        html: urls::absolutize_html(&a.content, &a.permalink),
        published: a.date.with_timezone(&tz),
        updated: a.updated.unwrap_or(a.date).with_timezone(&tz),
        author: pick(&fm.author)
            .or_else(|| pick(&fm.source))
            .unwrap_or_else(|| cfg.title.clone()),
        category: site.categories[a.category].name.clone(),
        tags: a.tags.iter().map(|&t| site.tags[t].name.clone()).collect(),
        image: a
            .image
            .as_ref()
            .filter(|im| !im.info.missing)
            .map(|im| Enclosure {
                url: urls::absolute(&base, &im.info.url),
                length: size_of(&im.info.url).unwrap_or(0),
                mime: image_mime(&im.info.url),
            }),
    }
}

/// Every feed file: `(output path, bytes)`, sorted by path. `size_of` gives the byte size of
/// a site path's file (for RSS enclosures), when it is known.
pub fn files(
    site: &Site,
    size_of: &(dyn Fn(&str) -> Option<u64> + Sync),
) -> Vec<(String, Vec<u8>)> {
    let limit = site.config.feeds.limit;
    let list = feeds(site);
    let needed: BTreeSet<usize> = list
        .iter()
        .flat_map(|f| f.articles.iter().take(limit).copied())
        .collect();
    let items: BTreeMap<usize, Item> = needed
        .into_par_iter()
        .map(|i| (i, item(site, i, size_of)))
        .collect();
    let base_path = site.config.base_path();
    let mut out: Vec<(String, Vec<u8>)> = list
        .par_iter()
        .flat_map_iter(|f| {
            let its: Vec<&Item> = f
                .articles
                .iter()
                .take(limit)
                .filter_map(|i| items.get(i))
                .collect();
            let dir = f
                .list_url
                .strip_prefix(&base_path)
                .unwrap_or(&f.list_url)
                .to_string();
            [
                (format!("{dir}{}", RSS.file), rss(site, f, &its)),
                (format!("{dir}{}", ATOM.file), atom(site, f, &its)),
                (format!("{dir}{}", JSON.file), json(site, f, &its)),
            ]
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The feed's own date: its newest item's, else the site's newest, else the Unix epoch.
fn feed_updated(site: &Site, items: &[&Item]) -> DateTime<FixedOffset> {
    let tz = site.config.tz();
    items
        .iter()
        .map(|i| i.updated)
        .max()
        .or_else(|| {
            site.articles
                .iter()
                .map(|a| a.updated.unwrap_or(a.date))
                .max()
        })
        .unwrap_or_default()
        .with_timezone(&tz)
}

fn feed_url(site: &Site, f: &Feed, kind: Kind) -> String {
    urls::absolute(&site.config.base(), &format!("{}{}", f.list_url, kind.file))
}

fn rss(site: &Site, f: &Feed, items: &[&Item]) -> Vec<u8> {
    let cfg = &site.config;
    let mut d = Doc::new();
    d.open(
        "rss",
        &[
            ("version", "2.0"),
            ("xmlns:atom", "http://www.w3.org/2005/Atom"),
            ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
        ],
    );
    d.open("channel", &[]);
    d.text("title", &[], &f.title);
    d.text("link", &[], &urls::absolute(&cfg.base(), &f.list_url));
    // RSS descriptions are HTML: plain text is escaped for HTML, then for XML.
    d.text(
        "description",
        &[],
        &crate::text::escape_html(&f.description),
    );
    d.text("language", &[], &cfg.language);
    d.text("generator", &[], "bantin");
    d.text(
        "lastBuildDate",
        &[],
        &feed_updated(site, items).to_rfc2822(),
    );
    d.empty(
        "atom:link",
        &[
            ("href", &feed_url(site, f, RSS)),
            ("rel", "self"),
            ("type", RSS.mime),
        ],
    );
    for it in items {
        d.open("item", &[]);
        d.text("title", &[], &it.title);
        d.text("link", &[], &it.url);
        d.text("guid", &[("isPermaLink", "true")], &it.url);
        d.text("pubDate", &[], &it.published.to_rfc2822());
        if !it.summary.is_empty() {
            d.text("description", &[], &crate::text::escape_html(&it.summary));
        }
        d.cdata("content:encoded", &it.html);
        d.text("dc:creator", &[], &it.author);
        d.text("category", &[], &it.category);
        for t in &it.tags {
            d.text("category", &[], t);
        }
        if let Some(e) = &it.image {
            d.empty(
                "enclosure",
                &[
                    ("url", &e.url),
                    ("length", &e.length.to_string()),
                    ("type", e.mime),
                ],
            );
        }
        d.close("item");
    }
    d.close("channel");
    d.close("rss");
    d.finish()
}

fn atom(site: &Site, f: &Feed, items: &[&Item]) -> Vec<u8> {
    let cfg = &site.config;
    let self_url = feed_url(site, f, ATOM);
    let mut d = Doc::new();
    d.open(
        "feed",
        &[
            ("xmlns", "http://www.w3.org/2005/Atom"),
            ("xml:lang", &cfg.language),
        ],
    );
    d.text("id", &[], &self_url);
    d.text("title", &[("type", "text")], &f.title);
    d.text("subtitle", &[("type", "text")], &f.description);
    d.text("updated", &[], &dates::iso(&feed_updated(site, items)));
    d.empty(
        "link",
        &[("rel", "self"), ("type", ATOM.mime), ("href", &self_url)],
    );
    d.empty(
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", &urls::absolute(&cfg.base(), &f.list_url)),
        ],
    );
    d.open("author", &[]);
    d.text("name", &[], &cfg.title);
    d.close("author");
    d.text("generator", &[], "bantin");
    for it in items {
        d.open("entry", &[]);
        d.text("id", &[], &it.url);
        d.text("title", &[("type", "text")], &it.title);
        d.empty(
            "link",
            &[
                ("rel", "alternate"),
                ("type", "text/html"),
                ("href", &it.url),
            ],
        );
        d.text("published", &[], &dates::iso(&it.published));
        d.text("updated", &[], &dates::iso(&it.updated));
        d.open("author", &[]);
        d.text("name", &[], &it.author);
        d.close("author");
        d.empty("category", &[("term", &it.category)]);
        for t in &it.tags {
            d.empty("category", &[("term", t)]);
        }
        if !it.summary.is_empty() {
            d.text("summary", &[("type", "text")], &it.summary);
        }
        d.text("content", &[("type", "html")], &it.html);
        if let Some(e) = &it.image {
            let len = e.length.to_string();
            let mut attrs = vec![("rel", "enclosure"), ("type", e.mime), ("href", &e.url)];
            if e.length > 0 {
                attrs.push(("length", &len));
            }
            d.empty("link", &attrs);
        }
        d.close("entry");
    }
    d.close("feed");
    d.finish()
}

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    description: &'a str,
    language: &'a str,
    authors: Vec<JsonAuthor<'a>>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    content_html: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    date_published: String,
    date_modified: String,
    authors: Vec<JsonAuthor<'a>>,
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<JsonAttachment<'a>>,
}

#[derive(Serialize)]
struct JsonAttachment<'a> {
    url: &'a str,
    mime_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    size_in_bytes: Option<u64>,
}

fn json(site: &Site, f: &Feed, items: &[&Item]) -> Vec<u8> {
    let cfg = &site.config;
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &f.title,
        home_page_url: urls::absolute(&cfg.base(), &f.list_url),
        feed_url: feed_url(site, f, JSON),
        description: &f.description,
        language: &cfg.language,
        authors: vec![JsonAuthor { name: &cfg.title }],
        items: items
            .iter()
            .map(|it| JsonItem {
                id: &it.url,
                url: &it.url,
                title: &it.title,
                content_html: &it.html,
                summary: &it.summary,
                image: it.image.as_ref().map(|e| e.url.as_str()),
                date_published: dates::iso(&it.published),
                date_modified: dates::iso(&it.updated),
                authors: vec![JsonAuthor { name: &it.author }],
                tags: std::iter::once(it.category.as_str())
                    .chain(it.tags.iter().map(String::as_str))
                    .collect(),
                attachments: it
                    .image
                    .iter()
                    .map(|e| JsonAttachment {
                        url: &e.url,
                        mime_type: e.mime,
                        size_in_bytes: (e.length > 0).then_some(e.length),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut s = crate::render::meta::script_json(&feed);
    s.push('\n');
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    #[test]
    fn image_mime_from_extension() {
        assert_eq!(super::image_mime("/a/b.PNG"), "image/png");
        assert_eq!(super::image_mime("https://x/y.webp?v=2"), "image/webp");
        assert_eq!(super::image_mime("/a/b.jpeg"), "image/jpeg");
    }
}
