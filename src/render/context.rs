//! What templates see: serialisable views of the model, each article's built once.

use serde::Serialize;

use crate::dates;
use crate::site::{Article, Category, RelatedItem, Site, Tag};

#[derive(Serialize)]
pub struct LinkRef<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct ImageCtx<'a> {
    pub url: &'a str,
    /// Absolute URL (for `og:image` and other pages that leave the site).
    pub permalink: String,
    pub alt: &'a str,
    pub caption: &'a str,
    pub width: u32,
    pub height: u32,
    pub missing: bool,
}

/// An article as it appears in lists.
#[derive(Serialize)]
pub struct Card<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub permalink: &'a str,
    pub date_iso: String,
    pub date_display: String,
    pub date_short: String,
    pub summary: &'a str,
    pub category: LinkRef<'a>,
    pub image: Option<ImageCtx<'a>>,
    pub reading_time: usize,
}

#[derive(Serialize)]
pub struct TitleUrl<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

/// The article page's `page`: a card plus everything shown only on the article itself.
#[derive(Serialize)]
pub struct PageCtx<'a> {
    #[serde(flatten)]
    pub card: Card<'a>,
    pub content: &'a str,
    pub tags: Vec<LinkRef<'a>>,
    pub source: &'a str,
    pub author: &'a str,
    pub updated_iso: String,
    pub updated_display: String,
    pub related: &'a [RelatedItem],
    pub prev: Option<TitleUrl<'a>>,
    pub next: Option<TitleUrl<'a>>,
    pub words: usize,
    pub extra: &'a std::collections::BTreeMap<String, serde_yaml::Value>,
}

pub fn card<'a>(site: &'a Site, a: &'a Article) -> Card<'a> {
    let lang = site.config.language.as_str();
    let cat = &site.categories[a.category];
    Card {
        title: &a.title,
        url: &a.url,
        permalink: &a.permalink,
        date_iso: dates::iso(&a.date),
        date_display: dates::display(&a.date, lang),
        date_short: dates::short(&a.date, lang),
        summary: a.src.fm.summary.as_deref().unwrap_or("").trim(),
        category: cat_ref(cat),
        image: a.image.as_ref().map(|im| ImageCtx {
            url: &im.info.url,
            permalink: crate::urls::absolute(&site.config.base(), &im.info.url),
            alt: &im.alt,
            caption: &im.caption,
            width: im.info.width,
            height: im.info.height,
            missing: im.info.missing,
        }),
        reading_time: a.reading_time(),
    }
}

pub fn page<'a>(site: &'a Site, a: &'a Article) -> PageCtx<'a> {
    let lang = site.config.language.as_str();
    let title_url = |i: Option<usize>| {
        i.map(|i| TitleUrl {
            title: &site.articles[i].title,
            url: &site.articles[i].url,
        })
    };
    PageCtx {
        card: card(site, a),
        content: &a.content,
        tags: a.tags.iter().map(|&t| tag_ref(&site.tags[t])).collect(),
        source: a.src.fm.source.as_deref().unwrap_or(""),
        author: a.src.fm.author.as_deref().unwrap_or(""),
        updated_iso: a.updated.map(|d| dates::iso(&d)).unwrap_or_default(),
        updated_display: a
            .updated
            .map(|d| dates::display(&d, lang))
            .unwrap_or_default(),
        related: &a.related,
        prev: title_url(a.prev),
        next: title_url(a.next),
        words: a.words,
        extra: &a.src.fm.extra,
    }
}

pub fn cat_ref(c: &Category) -> LinkRef<'_> {
    LinkRef {
        name: &c.name,
        slug: &c.slug,
        url: &c.url,
    }
}

pub fn tag_ref(t: &Tag) -> LinkRef<'_> {
    LinkRef {
        name: &t.name,
        slug: &t.slug,
        url: &t.url,
    }
}

#[derive(Serialize)]
pub struct CategoryCtx<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: &'a str,
    pub description: &'a str,
    pub count: usize,
}

#[derive(Serialize)]
pub struct TagCtx<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: &'a str,
    pub count: usize,
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PageLink>,
}

/// URL of page `n` (1-based) of a list whose first page is at `first_url`.
pub fn page_url(first_url: &str, n: usize) -> String {
    if n <= 1 {
        first_url.to_string()
    } else {
        format!("{first_url}page/{n}/")
    }
}

pub fn pagination(first_url: &str, current: usize, total: usize) -> Pagination {
    Pagination {
        current,
        total,
        prev_url: (current > 1).then(|| page_url(first_url, current - 1)),
        next_url: (current < total).then(|| page_url(first_url, current + 1)),
        pages: (1..=total)
            .map(|n| PageLink {
                number: n,
                url: page_url(first_url, n),
                current: n == current,
            })
            .collect(),
    }
}

/// The search page's `search`: where its index and script are.
#[derive(Serialize)]
pub struct SearchCtx {
    pub index_url: String,
    pub script_url: String,
}
