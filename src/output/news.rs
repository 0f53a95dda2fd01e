//! The files that make a site a news site to readers, aggregators and search engines: feeds,
//! sitemaps, `robots.txt` and the search index. A pure function of the `Site` (and of
//! `SOURCE_DATE_EPOCH`), so `build` and `serve` add the same files.

use super::search::{Index, DOCS_PER_FILE, SHARD_BYTES};
use super::{feeds, sitemap, Body};
use crate::error::Many;
use crate::plan::Plan;
use crate::site::Site;

/// Feeds, sitemaps, `robots.txt` (unless the site's static/ has its own) and, when the site has
/// a search page, the search index. `file` looks up the output so far by path: it gives the
/// sizes of images for feed enclosures. Sorted by path.
pub fn files<'f>(
    site: &Site,
    plan: &Plan,
    file: &(dyn Fn(&str) -> Option<&'f Body> + Sync),
    with_search: bool,
) -> Result<Vec<(String, Body)>, Many> {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let now = sitemap::news_now(site, epoch.as_deref()).map_err(|e| Many(vec![e]))?;
    Ok(files_at(site, plan, file, with_search, now))
}

/// [`files`] with "now" for the news sitemap given.
pub fn files_at<'f>(
    site: &Site,
    plan: &Plan,
    file: &(dyn Fn(&str) -> Option<&'f Body> + Sync),
    with_search: bool,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Vec<(String, Body)> {
    let base_path = site.config.base_path();
    let size_of = |url: &str| -> Option<u64> {
        let rel = url.strip_prefix(&base_path)?;
        match file(rel)? {
            Body::Bytes(b) => u64::try_from(b.len()).ok(),
            Body::Copy(p) => std::fs::metadata(p).ok().map(|m| m.len()),
        }
    };
    // Four independent pieces, side by side (the search index is the largest, and serial).
    let ((feeds, search), (sitemaps, news)) = rayon::join(
        || {
            rayon::join(
                || feeds::files(site, &size_of),
                || {
                    if with_search {
                        Index::build(site).files(SHARD_BYTES, DOCS_PER_FILE)
                    } else {
                        Vec::new()
                    }
                },
            )
        },
        || {
            rayon::join(
                || sitemap::sitemaps(site, &sitemap::pages(site, plan), sitemap::LIMITS),
                || sitemap::news(site, now, sitemap::NEWS_LIMITS),
            )
        },
    );
    let mut out: Vec<(String, Vec<u8>)> = feeds;
    out.extend(sitemaps);
    out.extend(news);
    if file("robots.txt").is_none() {
        out.push(("robots.txt".into(), sitemap::robots(site)));
    }
    out.extend(search);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.into_iter().map(|(p, b)| (p, Body::Bytes(b))).collect()
}
