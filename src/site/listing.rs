//! Listings: which articles each list page shows. Decided once here, from the model and
//! site.yaml's counts; the plan, the renderer and the sitemaps only read them.

use super::Category;
use crate::config::{HomeConfig, NotFoundConfig};

/// Number of pages of a list of `len` articles at `per` a page (an empty list has one page).
pub fn page_count(len: usize, per: usize) -> usize {
    len.div_ceil(per.max(1)).max(1)
}

/// The articles on page `page` (1-based) of `ids` at `per` a page; empty past the end.
pub fn page_slice(ids: &[usize], page: usize, per: usize) -> &[usize] {
    let per = per.max(1);
    let start = (page.saturating_sub(1) * per).min(ids.len());
    let end = (start + per).min(ids.len());
    &ids[start..end]
}

/// What the home page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Home {
    /// The newest article.
    pub lead: Option<usize>,
    /// The next newest, after the lead.
    pub latest: Vec<usize>,
    /// Each category with articles (in navigation order) and its newest, the lead left out.
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Index into `Site::categories`.
    pub category: usize,
    pub articles: Vec<usize>,
}

/// The home page of a site of `n` articles (newest first) in `categories`.
pub fn home(n: usize, categories: &[Category], cfg: &HomeConfig) -> Home {
    let lead = (n > 0).then_some(0);
    let latest = (1..n.min(cfg.latest.saturating_add(1))).collect();
    let sections = categories
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.articles.is_empty())
        .map(|(i, c)| Section {
            category: i,
            articles: c
                .articles
                .iter()
                .copied()
                .filter(|&a| Some(a) != lead)
                .take(cfg.per_section)
                .collect(),
        })
        .filter(|s| !s.articles.is_empty())
        .collect();
    Home {
        lead,
        latest,
        sections,
    }
}

/// The stories the not-found page suggests: the newest.
pub fn not_found(n: usize, cfg: &NotFoundConfig) -> Vec<usize> {
    (0..n.min(cfg.latest)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(ids: &[usize]) -> Category {
        Category {
            name: "c".into(),
            slug: "c".into(),
            url: "/c/".into(),
            description: String::new(),
            articles: ids.to_vec(),
            related: Vec::new(),
        }
    }

    #[test]
    fn pages_slice_and_count() {
        let ids: Vec<usize> = (0..45).collect();
        assert_eq!(page_count(45, 20), 3);
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_slice(&ids, 1, 20).len(), 20);
        assert_eq!(page_slice(&ids, 3, 20), &ids[40..45]);
        assert!(page_slice(&ids, 4, 20).is_empty());
    }

    #[test]
    fn the_lead_is_not_repeated_in_its_section() {
        let cats = [cat(&[0, 2, 3]), cat(&[1]), cat(&[])];
        let h = home(4, &cats, &HomeConfig::default());
        assert_eq!(h.lead, Some(0));
        assert_eq!(h.latest, vec![1, 2, 3]);
        let shown: Vec<(usize, Vec<usize>)> = h
            .sections
            .iter()
            .map(|s| (s.category, s.articles.clone()))
            .collect();
        assert_eq!(shown, vec![(0, vec![2, 3]), (1, vec![1])]);
        // A category holding only the lead has no section.
        let h = home(1, &[cat(&[0])], &HomeConfig::default());
        assert!(h.sections.is_empty());
    }

    #[test]
    fn counts_come_from_the_config() {
        let cats = [cat(&(0..30).collect::<Vec<_>>())];
        let cfg = HomeConfig {
            latest: 3,
            per_section: 2,
        };
        let h = home(30, &cats, &cfg);
        assert_eq!(h.latest, vec![1, 2, 3]);
        assert_eq!(h.sections[0].articles, vec![1, 2]);
        assert_eq!(not_found(30, &NotFoundConfig { latest: 2 }), vec![0, 1]);
        assert_eq!(not_found(1, &NotFoundConfig::default()), vec![0]);
    }
}
