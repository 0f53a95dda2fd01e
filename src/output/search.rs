//! The search index, written at build time for `themes/default/static/js/search.js`: matching
//! ignores case, Vietnamese tones and `đ`/`d`, all query words must match (as word prefixes),
//! title hits rank above summary hits and newer articles above older. No server, no third party.
//!
//! Layout, so that a phone downloads only what a query needs:
//! - `search/index.json`, the manifest: the number of articles, the document files and the
//!   token shards (`[key, file]`, sorted by key).
//! - `search/docs-N.json`: what a result shows (url, title, short summary, category, date),
//!   `DOCS_PER_FILE` articles each, newest first; document `d` is in file `d / DOCS_PER_FILE`.
//! - `search/t-N.json`: folded token → postings, each `gap * 8 + fields` (1 title, 2 summary,
//!   4 category or tag), where `gap` is the document's number minus the previous posting's (the
//!   first counts from 0): common words, listed in most documents, take a digit or two per
//!   document instead of five or six. A shard holds the tokens that start with its key; a shard over
//!   `SHARD_BYTES` is split by the next character, and the tokens equal to the key itself go to
//!   the key followed by `$`. A small site has a single shard with key `""`.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::dates;
use crate::render::meta::script_json;
use crate::site::Site;
use crate::text::fold;

pub use crate::urls::SEARCH_MANIFEST as MANIFEST;
pub const DOCS_PER_FILE: usize = 25;
pub const SHARD_BYTES: usize = 48 * 1024;

/// Field bits in a posting.
pub const TITLE: u32 = 1;
pub const SUMMARY: u32 = 2;
pub const OTHER: u32 = 4;

/// What a search result shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Doc {
    pub url: String,
    pub title: String,
    pub summary: String,
    pub category: String,
    /// Short date in the site's language (`25/01/2025`).
    pub date: String,
    /// RFC 3339, for `<time datetime>`.
    pub iso: String,
}

/// A shard: its key and its `(token, postings)`, in token order.
pub type Shard<'a> = (String, Vec<(&'a str, &'a [u32])>);

/// An article as the index sees it: what is shown, and the text matched.
#[derive(Debug, Clone)]
pub struct Entry {
    pub doc: Doc,
    pub summary: String,
    /// Category and tag names.
    pub other: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Index {
    /// Newest first: a document's number is its rank among equals.
    pub docs: Vec<Doc>,
    /// Folded token → postings (`doc * 8 + fields`), in document order.
    pub tokens: BTreeMap<String, Vec<u32>>,
}

/// Folded words of `s`: `"Lào Cai: đất đai"` → `["lao", "cai", "dat", "dai"]`. The same as
/// search.js's `words()` (lowercase, NFD, combining marks dropped, `đ` → `d`, split on
/// anything that is not a letter or a digit).
pub fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl Index {
    /// The index of every article of `site`.
    pub fn build(site: &Site) -> Index {
        let lang = site.config.language.as_str();
        let tz = site.config.tz();
        let entries = site
            .articles
            .iter()
            .map(|a| {
                let summary = a.src.fm.summary.as_deref().unwrap_or("").trim().to_string();
                let category = site.categories[a.category].name.clone();
                let date = a.date.with_timezone(&tz);
                let mut other = vec![category.clone()];
                other.extend(a.tags.iter().map(|&t| site.tags[t].name.clone()));
                Entry {
                    doc: Doc {
                        url: a.url.clone(),
                        title: a.title.clone(),
                        summary: crate::text::truncate_words(&summary, 200),
                        category,
                        date: dates::short(&date, lang),
                        iso: dates::iso(&date),
                    },
                    summary,
                    other,
                }
            })
            .collect();
        Index::from_entries(entries)
    }

    /// The index of `entries`, which must be newest first.
    pub fn from_entries(entries: Vec<Entry>) -> Index {
        let per_doc: Vec<BTreeMap<String, u32>> = entries
            .par_iter()
            .map(|e| {
                let mut m: BTreeMap<String, u32> = BTreeMap::new();
                let fields = [
                    (TITLE, vec![e.doc.title.as_str()]),
                    (SUMMARY, vec![e.summary.as_str()]),
                    (OTHER, e.other.iter().map(String::as_str).collect()),
                ];
                for (bit, texts) in fields {
                    for t in texts {
                        for w in words(t) {
                            *m.entry(w).or_insert(0) |= bit;
                        }
                    }
                }
                m
            })
            .collect();
        // Postings are gathered through a hash map (a million lookups on a large site) and only
        // the distinct tokens are sorted at the end; each list is filled in document order, so
        // the result does not depend on the hash map's order.
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut lists: Vec<Vec<u32>> = Vec::new();
        for (d, m) in per_doc.into_iter().enumerate() {
            let d = u32::try_from(d).unwrap_or(u32::MAX / 8);
            for (w, bits) in m {
                let id = match ids.get(&w) {
                    Some(&id) => id,
                    None => {
                        ids.insert(w, lists.len());
                        lists.push(Vec::new());
                        lists.len() - 1
                    }
                };
                lists[id].push(d * 8 + bits);
            }
        }
        let tokens: BTreeMap<String, Vec<u32>> = ids
            .into_iter()
            .map(|(w, id)| (w, std::mem::take(&mut lists[id])))
            .collect();
        Index {
            docs: entries.into_iter().map(|e| e.doc).collect(),
            tokens,
        }
    }

    /// Documents matching every word of `query`, best first: more query words in the title,
    /// then more in the summary, then newer. The reference for search.js's ranking.
    pub fn search(&self, query: &str) -> Vec<usize> {
        let mut qwords = words(query);
        qwords.sort();
        qwords.dedup();
        if qwords.is_empty() {
            return Vec::new();
        }
        // doc → (words matched, title words, summary words)
        let mut hits: BTreeMap<u32, (usize, usize, usize)> = BTreeMap::new();
        for (n, w) in qwords.iter().enumerate() {
            let mut fields: BTreeMap<u32, u32> = BTreeMap::new();
            for (_, postings) in self
                .tokens
                .range(w.clone()..)
                .take_while(|(t, _)| t.starts_with(w.as_str()))
            {
                for p in postings {
                    *fields.entry(p / 8).or_insert(0) |= p % 8;
                }
            }
            for (d, bits) in fields {
                let h = hits.entry(d).or_insert((0, 0, 0));
                if h.0 == n {
                    h.0 += 1;
                    h.1 += usize::from(bits & TITLE != 0);
                    h.2 += usize::from(bits & SUMMARY != 0);
                }
            }
        }
        let mut found: Vec<(u32, usize, usize)> = hits
            .into_iter()
            .filter(|(_, h)| h.0 == qwords.len())
            .map(|(d, h)| (d, h.1, h.2))
            .collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
        found.into_iter().map(|(d, _, _)| d as usize).collect()
    }

    /// The shards: `(key, tokens)` in key order (see the module comment).
    pub fn shards(&self, max_bytes: usize) -> Vec<Shard<'_>> {
        let all: Vec<(&str, &[u32])> = self
            .tokens
            .iter()
            .map(|(t, p)| (t.as_str(), p.as_slice()))
            .collect();
        let mut out = Vec::new();
        split(all, String::new(), 0, max_bytes, &mut out);
        out
    }

    /// Every file of the index: `(output path, bytes)`, sorted by path.
    pub fn files(&self, shard_bytes: usize, docs_per_file: usize) -> Vec<(String, Vec<u8>)> {
        let per = docs_per_file.max(1);
        let mut out = Vec::new();
        let mut doc_files = Vec::new();
        for (k, chunk) in self.docs.chunks(per).enumerate() {
            let name = format!("docs-{k}.json");
            out.push((format!("search/{name}"), json_bytes(&chunk)));
            doc_files.push(name);
        }
        let mut shard_files = Vec::new();
        for (k, (key, toks)) in self.shards(shard_bytes).into_iter().enumerate() {
            let name = format!("t-{k}.json");
            let map: BTreeMap<&str, Vec<u32>> =
                toks.into_iter().map(|(t, p)| (t, gaps(p))).collect();
            out.push((format!("search/{name}"), json_bytes(&map)));
            shard_files.push((key, name));
        }
        #[derive(Serialize)]
        struct Manifest {
            version: u32,
            count: usize,
            docs_per_file: usize,
            docs: Vec<String>,
            shards: Vec<(String, String)>,
        }
        out.push((
            MANIFEST.to_string(),
            json_bytes(&Manifest {
                version: 1,
                count: self.docs.len(),
                docs_per_file: per,
                docs: doc_files,
                shards: shard_files,
            }),
        ));
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// Postings `doc * 8 + fields` (documents ascending) as `gap * 8 + fields`.
pub fn gaps(postings: &[u32]) -> Vec<u32> {
    let mut prev = 0;
    postings
        .iter()
        .map(|p| {
            let (doc, fields) = (p / 8, p % 8);
            let gap = doc - prev;
            prev = doc;
            gap * 8 + fields
        })
        .collect()
}

fn json_bytes<T: Serialize + ?Sized>(v: &T) -> Vec<u8> {
    let mut s = script_json(v);
    s.push('\n');
    s.into_bytes()
}

/// About how many bytes `tokens` take as JSON (their postings as gaps).
fn size(tokens: &[(&str, &[u32])]) -> usize {
    tokens
        .iter()
        .map(|(t, p)| t.len() + 4 + gaps(p).iter().map(|g| digits(*g) + 1).sum::<usize>())
        .sum()
}

fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

fn split<'a>(
    tokens: Vec<(&'a str, &'a [u32])>,
    key: String,
    depth: usize,
    max: usize,
    out: &mut Vec<Shard<'a>>,
) {
    if tokens.len() <= 1 || size(&tokens) <= max {
        if !tokens.is_empty() || key.is_empty() {
            out.push((key, tokens));
        }
        return;
    }
    let mut groups: BTreeMap<String, Vec<(&str, &[u32])>> = BTreeMap::new();
    for (t, p) in tokens {
        let k = match t.chars().nth(depth) {
            Some(c) => format!("{key}{c}"),
            None => format!("{key}$"),
        };
        groups.entry(k).or_default().push((t, p));
    }
    for (k, g) in groups {
        if k.ends_with('$') {
            out.push((k, g));
        } else {
            split(g, k, depth + 1, max, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, summary: &str, other: &[&str]) -> Entry {
        Entry {
            doc: Doc {
                url: format!("/{}/", words(title).join("-")),
                title: title.into(),
                summary: summary.into(),
                category: other.first().copied().unwrap_or("").into(),
                date: String::new(),
                iso: String::new(),
            },
            summary: summary.into(),
            other: other.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn sample() -> Index {
        // Newest first.
        Index::from_entries(vec![
            entry(
                "Giá vàng hôm nay",
                "Thị trường mới có hy vọng phục hồi.",
                &["Kinh tế"],
            ),
            entry(
                "Lào Cai làm sạch dữ liệu đất đai",
                "Tỉnh dẫn đầu cả nước.",
                &["Thời sự", "đất đai"],
            ),
            entry(
                "Hy vọng mới cho AI châu Âu sau thành công của DeepSeek",
                "DeepSeek mở ra cơ hội.",
                &["Khoa học - Công nghệ", "AI"],
            ),
            entry("Mới: vọng cổ hay nhất", "Hy hữu.", &["Văn hóa"]),
        ])
    }

    #[test]
    fn folds_like_the_script() {
        assert_eq!(
            words("Lào Cai: ĐẤT đai, 9,46%"),
            ["lao", "cai", "dat", "dai", "9", "46"]
        );
    }

    #[test]
    fn toneless_query_finds_title_hits_first() {
        let ix = sample();
        let r = ix.search("hy vong moi");
        // Doc 2 has all three words in its title; 3 has "vong" and "moi" in its title and
        // "hy" (prefix of "hy") only in the summary; 0 has them in its summary only.
        assert_eq!(r, [2, 3, 0]);
        assert_eq!(ix.search("lao cai"), [1]);
        assert_eq!(ix.search("dat dai"), [1], "đ folds to d");
        assert_eq!(ix.search("ĐẤT"), [1]);
        assert!(ix.search("deepseek chau au").starts_with(&[2]));
        assert!(ix.search("khong co tu nay").is_empty());
        assert!(ix.search("  ").is_empty());
    }

    #[test]
    fn newer_ranks_above_older_on_equal_hits() {
        let ix = Index::from_entries(vec![
            entry("Tin mới về giáo dục", "", &[]),
            entry("Tin cũ về giáo dục", "", &[]),
        ]);
        assert_eq!(ix.search("giao duc"), [0, 1]);
        // A title hit beats a newer summary hit.
        let ix = Index::from_entries(vec![
            entry("Khác", "Bàn về giáo dục.", &[]),
            entry("Giáo dục", "", &[]),
        ]);
        assert_eq!(ix.search("giao duc"), [1, 0]);
    }

    #[test]
    fn large_indexes_are_sharded_by_prefix_and_every_token_is_in_its_shard() {
        let entries: Vec<Entry> = (0..400)
            .map(|i| {
                entry(
                    &format!("Tin số {i} về hà nội, hải phòng, huế và hạ long"),
                    &format!("Tóm tắt {i} tháng {}", i % 12),
                    &["Thời sự"],
                )
            })
            .collect();
        let ix = Index::from_entries(entries);
        let shards = ix.shards(2_000);
        assert!(shards.len() > 3, "{}", shards.len());
        let keys: Vec<&str> = shards.iter().map(|s| s.0.as_str()).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "shards in key order");
        let mut seen = 0;
        for (key, toks) in &shards {
            for (t, _) in toks {
                match key.strip_suffix('$') {
                    Some(exact) => assert_eq!(*t, exact),
                    None => assert!(t.starts_with(key.as_str()), "{t} in {key}"),
                }
                seen += 1;
            }
        }
        assert_eq!(seen, ix.tokens.len(), "each token in exactly one shard");
        let files = ix.files(2_000, 100);
        assert!(files.iter().any(|f| f.0 == "search/docs-3.json"));
        assert!(!files.iter().any(|f| f.0 == "search/docs-4.json"));
        assert_eq!(
            files
                .iter()
                .filter(|f| f.0.starts_with("search/t-"))
                .count(),
            shards.len()
        );
    }

    /// search.js's rule for the shards a query word `w` needs (see `shardsFor`).
    fn wanted(key: &str, w: &str) -> bool {
        match key.strip_suffix('$') {
            Some(exact) => exact.starts_with(w),
            None => key.starts_with(w) || w.starts_with(key),
        }
    }

    #[test]
    fn the_scripts_shard_rule_finds_every_token_for_every_prefix() {
        let entries: Vec<Entry> = (0..300)
            .map(|i| {
                entry(
                    &format!("Tin {i} hà hải hạ huế hoa hòa hoàng"),
                    "",
                    &["Thời sự"],
                )
            })
            .collect();
        let ix = Index::from_entries(entries);
        let shards = ix.shards(600);
        assert!(
            shards.iter().any(|s| s.0.ends_with('$')),
            "some exact-token shards"
        );
        for token in ix.tokens.keys() {
            for end in token.char_indices().map(|(i, c)| i + c.len_utf8()) {
                let w = &token[..end];
                let found = shards
                    .iter()
                    .filter(|s| wanted(&s.0, w))
                    .any(|s| s.1.iter().any(|(t, _)| t == token));
                assert!(found, "{token} not found for {w}");
            }
        }
        // And a word fetches only a few shards, not all of them.
        let n = shards.iter().filter(|s| wanted(&s.0, "hoang")).count();
        assert!(n < shards.len() / 2, "{n} of {}", shards.len());
    }

    #[test]
    fn shard_files_decode_back_to_the_index() {
        let entries: Vec<Entry> = (0..120)
            .map(|i| {
                entry(
                    &format!("Tin {i} về hà nội"),
                    &format!("Số {}", i % 7),
                    &["Thời sự"],
                )
            })
            .collect();
        let ix = Index::from_entries(entries);
        let files = ix.files(500, 25);
        let mut decoded: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (path, bytes) in files.iter().filter(|f| f.0.starts_with("search/t-")) {
            let shard: BTreeMap<String, Vec<u32>> = serde_json::from_slice(bytes).expect(path);
            for (token, gaps) in shard {
                let mut doc = 0;
                let postings = gaps
                    .iter()
                    .map(|g| {
                        doc += g / 8;
                        doc * 8 + g % 8
                    })
                    .collect();
                assert!(
                    decoded.insert(token, postings).is_none(),
                    "one shard per token"
                );
            }
        }
        assert_eq!(decoded, ix.tokens);
        assert!(ix.tokens["tin"].len() == 120 && gaps(&ix.tokens["tin"])[5] == 8 + TITLE);
    }

    #[test]
    fn small_index_is_one_shard() {
        let ix = sample();
        let shards = ix.shards(SHARD_BYTES);
        assert_eq!(shards.len(), 1);
        assert_eq!(shards[0].0, "");
    }
}
