//! `sitemap.xml` (every indexable page with its `lastmod`; a sitemap index over `sitemap-1.xml`,
//! `sitemap-2.xml`, ... past 50,000 URLs or 50 MB), the Google News sitemap `news-sitemap.xml`
//! (articles of the 48 hours before "now", at most 1,000 per file) and `robots.txt`.
//!
//! "Now" is `SOURCE_DATE_EPOCH` when set; otherwise the newest article's publication date, not
//! the wall clock, so that two builds of the same content are byte-identical. (A site that
//! publishes every day sees no difference; one that stopped publishing keeps its last two days
//! of stories in the news sitemap, which Google ignores once they are older than two days.)

use chrono::{DateTime, Duration, FixedOffset};

use super::xml::{escape, Doc};
use crate::dates;
use crate::error::Located;
use crate::plan::Plan;
use crate::site::Site;
use crate::urls;

/// When a sitemap becomes an index over several files.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// URLs per file.
    pub urls: usize,
    /// Bytes per file.
    pub bytes: usize,
}

/// The sitemaps.org limits.
pub const LIMITS: Limits = Limits {
    urls: 50_000,
    bytes: 50 * 1024 * 1024,
};

/// Google News: at most 1,000 `<news:news>` per file.
pub const NEWS_LIMITS: Limits = Limits {
    urls: 1_000,
    bytes: 50 * 1024 * 1024,
};

/// The window of the news sitemap.
pub const NEWS_HOURS: i64 = 48;

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

/// One page of the sitemap: its absolute URL and last change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub loc: String,
    pub lastmod: Option<DateTime<FixedOffset>>,
}

/// Every page worth indexing, as the plan lists them: home, articles, category and tag pages
/// (every page of each), the tags index. Not the 404 page, the search page or alias redirects.
pub fn pages(site: &Site, plan: &Plan) -> Vec<Entry> {
    let base_path = site.config.base_path();
    let base = site.config.base();
    plan.pages()
        .filter_map(|(e, _)| {
            let lastmod = e.sitemap?;
            let url = urls::url_of_output(&e.path, &base_path);
            Some(Entry {
                loc: urls::absolute(&base, &url),
                lastmod,
            })
        })
        .collect()
}

/// Split pre-rendered `<url>` elements over files of at most `limits`: one `NAME.xml` when they
/// fit, else `NAME.xml` as a sitemap index over `NAME-1.xml`, `NAME-2.xml`, ...
fn write_sets(
    site: &Site,
    name: &str,
    urlset_open: &str,
    items: &[(String, Option<DateTime<FixedOffset>>)],
    limits: Limits,
) -> Vec<(String, Vec<u8>)> {
    let head = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{urlset_open}\n");
    let tail = "</urlset>\n";
    let mut chunks: Vec<(String, Option<DateTime<FixedOffset>>)> = Vec::new();
    let mut cur = head.clone();
    let (mut count, mut newest) = (0usize, None);
    for (xml, lastmod) in items {
        let full = count >= limits.urls.max(1)
            || (count > 0 && cur.len() + xml.len() + tail.len() > limits.bytes);
        if full {
            cur.push_str(tail);
            chunks.push((std::mem::replace(&mut cur, head.clone()), newest));
            count = 0;
            newest = None;
        }
        cur.push_str(xml);
        count += 1;
        newest = newest.max(*lastmod);
    }
    cur.push_str(tail);
    chunks.push((cur, newest));
    if chunks.len() == 1 {
        let (xml, _) = chunks.remove(0);
        return vec![(format!("{name}.xml"), xml.into_bytes())];
    }
    let base = site.config.base();
    let mut out = Vec::with_capacity(chunks.len() + 1);
    let mut index = Doc::new();
    index.open("sitemapindex", &[("xmlns", NS)]);
    for (k, (xml, lastmod)) in chunks.into_iter().enumerate() {
        let file = format!("{name}-{}.xml", k + 1);
        index.open("sitemap", &[]);
        index.text("loc", &[], &urls::absolute(&base, &file));
        if let Some(d) = lastmod {
            index.text("lastmod", &[], &dates::iso(&d));
        }
        index.close("sitemap");
        out.push((file, xml.into_bytes()));
    }
    index.close("sitemapindex");
    out.push((format!("{name}.xml"), index.finish()));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// `sitemap.xml` (and its numbered parts when over `limits`).
pub fn sitemaps(site: &Site, entries: &[Entry], limits: Limits) -> Vec<(String, Vec<u8>)> {
    let items: Vec<(String, Option<DateTime<FixedOffset>>)> = entries
        .iter()
        .map(|e| {
            let mut x = format!("<url><loc>{}</loc>", escape(&e.loc));
            if let Some(d) = e.lastmod {
                x.push_str(&format!("<lastmod>{}</lastmod>", dates::iso(&d)));
            }
            x.push_str("</url>\n");
            (x, e.lastmod)
        })
        .collect();
    write_sets(
        site,
        "sitemap",
        &format!("<urlset xmlns=\"{NS}\">"),
        &items,
        limits,
    )
}

/// "Now" for the news sitemap: `SOURCE_DATE_EPOCH` (`epoch`, when given) or the newest
/// article's date, in the site's timezone.
pub fn news_now(site: &Site, epoch: Option<&str>) -> Result<DateTime<FixedOffset>, Located> {
    let tz = site.config.tz();
    match epoch.map(str::trim).filter(|s| !s.is_empty()) {
        Some(v) => {
            let secs: i64 = v.parse().map_err(|_| {
                Located::new(
                    "SOURCE_DATE_EPOCH",
                    None,
                    format!("\"{v}\" is not a number of seconds since 1970-01-01 (unset it, or set e.g. SOURCE_DATE_EPOCH=$(date +%s))"),
                )
            })?;
            DateTime::from_timestamp(secs, 0)
                .map(|d| d.with_timezone(&tz))
                .ok_or_else(|| {
                    Located::new("SOURCE_DATE_EPOCH", None, format!("{secs} is out of range"))
                })
        }
        None => Ok(site
            .articles
            .iter()
            .map(|a| a.date)
            .max()
            .unwrap_or_default()
            .with_timezone(&tz)),
    }
}

/// Articles published in the `NEWS_HOURS` up to `now` (inclusive), newest first.
pub fn news_articles(site: &Site, now: DateTime<FixedOffset>) -> Vec<usize> {
    let from = now - Duration::hours(NEWS_HOURS);
    site.articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.date >= from && a.date <= now)
        .map(|(i, _)| i)
        .collect()
}

/// `news-sitemap.xml` (and numbered parts past `limits.urls`) for the articles around `now`.
pub fn news(site: &Site, now: DateTime<FixedOffset>, limits: Limits) -> Vec<(String, Vec<u8>)> {
    let cfg = &site.config;
    let tz = cfg.tz();
    let name = escape(&cfg.title);
    let lang = escape(&cfg.language);
    let items: Vec<(String, Option<DateTime<FixedOffset>>)> = news_articles(site, now)
        .into_iter()
        .map(|i| {
            let a = &site.articles[i];
            let date = a.date.with_timezone(&tz);
            let x = format!(
                "<url><loc>{}</loc><news:news><news:publication><news:name>{name}</news:name><news:language>{lang}</news:language></news:publication><news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>\n",
                escape(&a.permalink),
                dates::iso(&date),
                escape(&a.title),
            );
            (x, Some(date))
        })
        .collect();
    write_sets(
        site,
        "news-sitemap",
        &format!("<urlset xmlns=\"{NS}\" xmlns:news=\"{NEWS_NS}\">"),
        &items,
        limits,
    )
}

/// `robots.txt`: everything may be crawled; the sitemaps are named with absolute URLs.
pub fn robots(site: &Site) -> Vec<u8> {
    let base = site.config.base();
    format!(
        "# Written by bantin. Crawlers read robots.txt only at the root of a host.\nUser-agent: *\nDisallow:\n\nSitemap: {}\nSitemap: {}\n",
        urls::absolute(&base, "sitemap.xml"),
        urls::absolute(&base, "news-sitemap.xml"),
    )
    .into_bytes()
}
