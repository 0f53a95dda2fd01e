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
    /// `related` grouped by the heading they were listed under.
    pub related_groups: Vec<crate::site::RelatedGroupView<'a>>,
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
        related_groups: a
            .related_groups
            .iter()
            .map(|g| g.view(&site.articles))
            .collect(),
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
    /// 0 for a gap ("…") between far-apart page numbers.
    pub number: usize,
    pub url: String,
    pub current: bool,
    pub gap: bool,
}

#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PageLink>,
}

pub use crate::urls::page_url;

pub fn pagination(first_url: &str, current: usize, total: usize) -> Pagination {
    Pagination {
        current,
        total,
        prev_url: (current > 1).then(|| page_url(first_url, current - 1)),
        next_url: (current < total).then(|| page_url(first_url, current + 1)),
        pages: window(current, total)
            .into_iter()
            .map(|n| match n {
                Some(n) => PageLink {
                    number: n,
                    url: page_url(first_url, n),
                    current: n == current,
                    gap: false,
                },
                None => PageLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                    gap: true,
                },
            })
            .collect(),
    }
}

/// Page numbers to show: the first and last, and two on each side of the current one; `None`
/// marks a gap. A category with 500 pages gets a short list, not 500 links.
fn window(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    let mut last = 0;
    for n in 1..=total {
        let near = n + 2 >= current && n <= current + 2;
        if n == 1 || n == total || near {
            if n > last + 1 {
                // Show a lone skipped number rather than a gap standing for just it.
                if n == last + 2 {
                    out.push(Some(last + 1));
                } else {
                    out.push(None);
                }
            }
            out.push(Some(n));
            last = n;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn short_lists_show_every_page() {
        assert_eq!(window(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(window(4, 7), (1..=7).map(Some).collect::<Vec<_>>());
    }

    #[test]
    fn long_lists_have_gaps() {
        assert_eq!(
            window(10, 50),
            vec![
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(50)
            ]
        );
        assert_eq!(
            window(1, 50),
            vec![Some(1), Some(2), Some(3), None, Some(50)]
        );
        assert_eq!(
            window(50, 50),
            vec![Some(1), None, Some(48), Some(49), Some(50)]
        );
    }
}

/// The search page's `search`: where its index and script are.
#[derive(Serialize)]
pub struct SearchCtx {
    pub index_url: String,
    pub script_url: String,
}
