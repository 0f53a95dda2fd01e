//! Every rebuild must equal a clean build byte for byte: each test edits a site on disk, rebuilds
//! the session with the changed paths, and compares with `build::render` from scratch.

use std::path::PathBuf;

use super::*;

const SITE: &str = "title: Thử\nbase_url: https://example.com/\npaginate: 2\ndefault_category: Thời sự\ncategories:\n  - name: Thời sự\n  - name: Kinh tế\n";

struct TestSite {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// The session's options (a clean build with the same ones is the reference).
    opts: BuildOptions,
    session: Session,
}

fn article(title: &str, date: &str, category: &str, tags: &[&str], body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: {date}\ncategory: {category}\ntags: [{}]\nsummary: Tóm tắt {title}\nrelated:\n  - {{title: \"Bài 1\", group: Tin liên quan}}\n  - {{title: \"Bài 5\", group: Đọc thêm}}\n---\n{body}\n",
        tags.join(", ")
    )
}

/// A PNG header of the given size (all imagesize reads).
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    b.extend_from_slice(b"IHDR");
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

impl TestSite {
    /// As `bantin build --watch` runs it (fingerprinted assets).
    fn new() -> TestSite {
        TestSite::with(|_| {})
    }

    /// With the build options changed by `f` (`bantin serve` turns fingerprints off).
    fn with(f: impl FnOnce(&mut BuildOptions)) -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(root.join("site.yaml"), SITE).unwrap();
        let mut opts = BuildOptions::new(&root);
        f(&mut opts);
        let mut s = TestSite {
            _dir: dir,
            session: Session::new(opts.clone()),
            opts,
            root,
        };
        for i in 1..=7 {
            let cat = if i % 3 == 0 {
                "Kinh tế"
            } else {
                "Thời sự"
            };
            let tags: &[&str] = if i % 2 == 0 {
                &["Lào Cai", "AI"]
            } else {
                &["AI"]
            };
            s.write(
                &format!("content/{cat}/bai-{i}.md"),
                &article(
                    &format!("Bài {i}"),
                    &format!("2025-01-{i:02}"),
                    cat,
                    tags,
                    "Thân **bài**.",
                ),
            );
        }
        // Older articles, so that the home page's first 13 do not cover every category.
        for i in 1..=10 {
            s.write(
                &format!("content/cu/cu-{i}.md"),
                &article(
                    &format!("Cũ {i}"),
                    &format!("2024-06-{i:02}"),
                    "Thời sự",
                    &[],
                    "Cũ.",
                ),
            );
        }
        s.write(
            "content/Thời sự/bai-1.md",
            &format!(
                "{}![ảnh](anh.png)\n",
                article("Bài 1", "2025-01-01", "Thời sự", &["AI"], "Có ảnh.")
            ),
        );
        std::fs::write(s.root.join("content/Thời sự/anh.png"), png(800, 600)).unwrap();
        let r = s.session.rebuild(&[]).expect("first build");
        assert!(r.pages_changed > 10);
        let news = s.session.news().expect("news files").expect("made");
        assert!(
            news.changed.contains(&"robots.txt".to_string()),
            "{:?}",
            news.changed
        );
        s.check();
        s
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Rebuild after `paths` changed, and compare with a clean build.
    fn rebuild(&mut self, paths: &[PathBuf]) -> Rebuilt {
        let r = self.session.rebuild(paths).expect("rebuild");
        assert!(self.session.news_stale());
        self.session.news().expect("news files");
        self.check();
        r
    }

    fn check(&self) {
        let (_, clean) = crate::build::render(&self.opts, &|_| {}).unwrap();
        let got = self.session.snapshot();
        let keys = |m: Vec<&String>| m.into_iter().cloned().collect::<Vec<_>>();
        assert_eq!(
            keys(got.files.keys().collect()),
            keys(clean.files.keys().collect())
        );
        for (path, body) in &clean.files {
            let mine = got.files[path].as_ref();
            match (body, mine) {
                (Body::Bytes(a), Body::Bytes(b)) => assert!(
                    a == b,
                    "{path} differs from a clean build:\nclean: {}\nmine:  {}",
                    String::from_utf8_lossy(a),
                    String::from_utf8_lossy(b)
                ),
                (Body::Copy(a), Body::Copy(b)) => assert_eq!(a, b, "{path}"),
                _ => panic!("{path}: different kinds of body"),
            }
        }
    }
}

#[test]
fn editing_a_body_renders_only_that_article() {
    let mut s = TestSite::new();
    let p = s.write(
        "content/Thời sự/bai-4.md",
        &article(
            "Bài 4",
            "2025-01-04",
            "Thời sự",
            &["Lào Cai", "AI"],
            "Thân mới.",
        ),
    );
    let r = s.rebuild(&[p]);
    assert_eq!(r.changed, vec!["thoi-su/bai-4/index.html".to_string()]);
    assert!(r.removed.is_empty());
    assert_eq!(r.pages_changed, 1);
    assert!(r.rendered < 8, "rendered {} pages", r.rendered);
}

#[test]
fn titles_dates_categories_and_tags_reach_every_page_that_shows_them() {
    let mut s = TestSite::new();
    // A new title: new URL, neighbours' prev/next, related links, lists.
    let p = s.write(
        "content/Thời sự/bai-5.md",
        &article("Bài năm", "2025-01-05", "Thời sự", &["AI"], "Thân."),
    );
    let r = s.rebuild(std::slice::from_ref(&p));
    assert!(r.removed.contains(&"thoi-su/bai-5/index.html".to_string()));
    // Back, then to the oldest date (the order of every list changes).
    s.write(
        "content/Thời sự/bai-5.md",
        &article("Bài 5", "2024-12-01", "Thời sự", &["AI"], "Thân."),
    );
    s.rebuild(std::slice::from_ref(&p));
    // Another category, new tags (a tag spelled differently keeps the first spelling seen).
    s.write(
        "content/Thời sự/bai-5.md",
        &article(
            "Bài 5",
            "2025-01-05",
            "Kinh tế",
            &["lào cai", "Mới"],
            "Thân.",
        ),
    );
    s.rebuild(std::slice::from_ref(&p));
    // A category of its own, not in site.yaml (navigation changes on every page).
    s.write(
        "content/Thời sự/bai-5.md",
        &article("Bài 5", "2025-01-05", "Thể thao", &[], "Thân."),
    );
    let r = s.rebuild(&[p]);
    assert!(r.rendered > 10);
}

#[test]
fn adding_deleting_renaming_and_moving_files_and_folders() {
    let mut s = TestSite::new();
    let new = s.write(
        "content/moi/bai-8.md",
        &article("Bài 8", "2025-02-01", "Thời sự", &["AI"], "Mới."),
    );
    s.rebuild(&[s.root.join("content/moi")]);
    std::fs::remove_file(&new).unwrap();
    s.rebuild(std::slice::from_ref(&new));
    // Rename (a save by rename, or mv): the old path is gone, the new one appears.
    let from = s.root.join("content/Kinh tế/bai-3.md");
    let to = s.root.join("content/Kinh tế/bai-3-moi.md");
    std::fs::rename(&from, &to).unwrap();
    s.rebuild(&[from, to]);
    // Move a whole folder.
    let from = s.root.join("content/Kinh tế");
    let to = s.root.join("content/kinh-te-2");
    std::fs::rename(&from, &to).unwrap();
    s.rebuild(&[from, to.clone()]);
    // Delete a folder.
    std::fs::remove_dir_all(&to).unwrap();
    let r = s.rebuild(&[to]);
    assert!(r.removed.iter().any(|p| p.starts_with("kinh-te/")));
    // Hidden files and drafts are not articles.
    let hidden = s.write(
        "content/.nhap.md",
        &article("Ẩn", "2025-03-01", "Thời sự", &[], "x"),
    );
    let r = s.rebuild(&[hidden]);
    assert!(r.changed.is_empty() && r.removed.is_empty());
    let draft = s.write(
        "content/nhap.md",
        &article("Nháp", "2025-03-01", "Thời sự", &[], "x")
            .replace("---\ntitle", "---\ndraft: true\ntitle"),
    );
    let r = s.rebuild(&[draft]);
    assert!(r.changed.is_empty() && r.removed.is_empty());
}

#[test]
fn an_error_keeps_the_last_good_build_until_fixed() {
    let mut s = TestSite::new();
    let before = s.session.snapshot();
    let p = s.write(
        "content/Thời sự/bai-2.md",
        "---\ntitle: Bài 2\ndate: 2025-13-01\n---\nx\n",
    );
    let e = s.session.rebuild(std::slice::from_ref(&p)).unwrap_err();
    let errors = crate::serve::errors_of(&e);
    assert_eq!(errors[0].file.as_deref(), Some("content/Thời sự/bai-2.md"));
    assert_eq!(errors[0].line, Some(3));
    assert!(Arc::ptr_eq(&before, &s.session.snapshot()));
    // Another file changes while the first is broken: still an error, still the old site.
    let q = s.write(
        "content/Thời sự/bai-4.md",
        &article("Bài 4", "2025-01-04", "Thời sự", &[], "Sửa."),
    );
    assert!(s.session.rebuild(std::slice::from_ref(&q)).is_err());
    // The fix brings both changes in.
    s.write(
        "content/Thời sự/bai-2.md",
        &article("Bài 2", "2025-01-02", "Thời sự", &["AI"], "Sửa rồi."),
    );
    let r = s.rebuild(&[p]);
    assert!(r.changed.contains(&"thoi-su/bai-4/index.html".to_string()));
    assert!(r.changed.contains(&"thoi-su/bai-2/index.html".to_string()));
}

#[test]
fn templates_styles_images_and_config() {
    // While serving (plain asset names), a stylesheet of the site's own changes only the CSS,
    // which the browser swaps in place.
    let mut serving = TestSite::with(|o| o.fingerprint = false);
    let css = serving.write("static/css/style.css", "body { color: red }\n");
    let r = serving.rebuild(&[css]);
    assert_eq!(r.changed, vec!["css/style.css".to_string()]);
    assert_eq!(r.rendered, 0);
    // With fingerprints (build --watch), it has a new name, which every page links.
    let mut s = TestSite::new();
    let css = s.write("static/css/style.css", "body { color: red }\n");
    let r = s.rebuild(&[css]);
    let hashed = crate::render::assets::hashed_name("css/style.css", b"body{color:red}");
    assert!(r.changed.contains(&hashed), "{:?}", r.changed);
    assert!(r.changed.contains(&"css/style.css".to_string()));
    assert!(r.removed.iter().any(|p| p.starts_with("css/style.")));
    assert!(r.pages_changed > 10);
    // A template: every page.
    let builtin = crate::render::Theme::load(&s.root, "default").unwrap();
    let base =
        String::from_utf8(builtin.get("templates/base.html").unwrap().bytes.clone()).unwrap();
    let t = s.write(
        "templates/base.html",
        &base.replace("</body>", "<p>sửa</p></body>"),
    );
    let r = s.rebuild(std::slice::from_ref(&t));
    assert!(r.pages_changed > 10);
    // A broken template is an error; removing it goes back to the theme's.
    s.write("templates/base.html", "{% if %}");
    assert!(s.session.rebuild(std::slice::from_ref(&t)).is_err());
    std::fs::remove_file(&t).unwrap();
    s.rebuild(&[t]);
    // An image beside an article, resized; a static image appearing.
    let img = s.root.join("content/Thời sự/anh.png");
    std::fs::write(&img, png(640, 480)).unwrap();
    let r = s.rebuild(std::slice::from_ref(&img));
    assert!(
        r.changed.contains(&"thoi-su/bai-1/anh.png".to_string()),
        "{:?}",
        r.changed
    );
    let logo = s.root.join("static/logo.png");
    std::fs::write(&logo, png(10, 10)).unwrap();
    s.rebuild(&[logo]);
    // site.yaml: everything again.
    let cfg = s.write("site.yaml", &SITE.replace("paginate: 2", "paginate: 3"));
    s.rebuild(&[cfg]);
}

#[test]
fn random_edits_match_a_clean_build_after_each() {
    let mut s = TestSite::new();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let cats = ["Thời sự", "Kinh tế", "Thể thao"];
    let tags = ["AI", "Lào Cai", "lào cai", "Đất đai"];
    for round in 0..40 {
        let i = next(9) + 1;
        let rel = format!("content/r/bai-{i}.md");
        let p = s.root.join(&rel);
        if next(5) == 0 && p.exists() {
            std::fs::remove_file(&p).unwrap();
        } else {
            let title = if next(3) == 0 {
                format!("Bài {}", next(9) + 1)
            } else {
                format!("Tin {i}")
            };
            let t: Vec<&str> = (0..next(3)).map(|_| tags[next(4) as usize]).collect();
            let date = format!("{}-01-{:02}", 2023 + next(3), next(28) + 1);
            let body = format!("Vòng {round}.");
            let mut text = article(&title, &date, cats[next(3) as usize], &t, &body);
            // Every kind of entry of the plan: aliases (new, moved, gone), a lead image beside
            // the article and one from static/, whose files change too.
            let extra = match next(4) {
                0 => format!("aliases: [/cu/bai-{i}-{}/]\n", next(2)),
                1 => format!("image: {{src: anh-{}.png}}\n", next(2)),
                2 => "image: {src: /img/chung.png}\n".to_string(),
                _ => String::new(),
            };
            text = text.replacen("---\n", &format!("---\n{extra}"), 1);
            s.write(&rel, &text);
        }
        let mut changed = vec![p];
        match next(6) {
            0 => {
                let img = s.root.join(format!("content/r/anh-{}.png", next(2)));
                std::fs::write(&img, png(100 + next(50) as u32, 80)).unwrap();
                changed.push(img);
            }
            1 => {
                let img = s.root.join("static/img/chung.png");
                std::fs::create_dir_all(img.parent().unwrap()).unwrap();
                std::fs::write(&img, png(200 + next(50) as u32, 90)).unwrap();
                changed.push(img);
            }
            _ => {}
        }
        s.rebuild(&changed);
    }
}

#[test]
fn text_edits_take_the_quick_path_and_reach_every_list_showing_the_card() {
    let mut s = TestSite::new();
    for i in 1..=7 {
        let cat = if i % 3 == 0 {
            "Kinh tế"
        } else {
            "Thời sự"
        };
        let tags: &[&str] = if i % 2 == 0 {
            &["Lào Cai", "AI"]
        } else {
            &["AI"]
        };
        let text = article(
            &format!("Bài {i}"),
            &format!("2025-01-{i:02}"),
            cat,
            tags,
            "Một thân bài dài hơn hẳn trước.",
        )
        .replace("summary: Tóm tắt", "summary: Tóm lược mới của");
        let p = s.write(&format!("content/{cat}/bai-{i}.md"), &text);
        let r = s.rebuild(std::slice::from_ref(&p));
        assert!(
            r.rendered <= 8,
            "rendered {} pages for a text edit",
            r.rendered
        );
        assert!(
            r.pages_changed >= 2,
            "the page and its lists: {:?}",
            r.changed
        );
    }
    // An older article, on the second page of its lists.
    let p = s.write(
        "content/cu/cu-3.md",
        &article("Cũ 3", "2024-06-03", "Thời sự", &[], "Sửa.")
            .replace("summary: Tóm tắt", "summary: Khác"),
    );
    let r = s.rebuild(std::slice::from_ref(&p));
    assert!(r.rendered <= 8);
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_content_are_warned_about_as_build_does_and_never_followed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let text = article("Bài ngoài", "2025-02-01", "Thời sự", &[], "Ngoài.");
    std::fs::write(outside.path().join("ngoai.md"), &text).unwrap();
    let mut s = TestSite::new();
    let why = "symbolic links are not followed; copy the file in or remove the link";
    let warned = |r: &Rebuilt| r.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    // Each rebuild names the link it met; `rebuild` checks that nothing was read through it.
    let file_link = s.root.join("content/Thời sự/ngoai.md");
    symlink(outside.path().join("ngoai.md"), &file_link).unwrap();
    let r = s.rebuild(std::slice::from_ref(&file_link));
    assert_eq!(warned(&r), [format!("content/Thời sự/ngoai.md: {why}")]);
    assert!(r.changed.is_empty(), "{:?}", r.changed);
    let dir_link = s.root.join("content/ngoai");
    symlink(outside.path(), &dir_link).unwrap();
    // A watcher may also name the files inside a linked folder.
    let r = s.rebuild(&[dir_link.clone(), dir_link.join("ngoai.md")]);
    assert_eq!(warned(&r), [format!("content/ngoai: {why}")]);
    assert!(r.changed.is_empty(), "{:?}", r.changed);
    // An unrelated edit does not repeat them.
    let p = s.write(
        "content/Thời sự/bai-4.md",
        &article("Bài 4", "2025-01-04", "Thời sự", &["Lào Cai", "AI"], "Mới."),
    );
    assert!(warned(&s.rebuild(&[p])).is_empty());
    // A full rebuild names them all, as `bantin build` does.
    let r = s.rebuild(&[s.root.join("site.yaml")]);
    let cfg = build::load_config(&s.opts).unwrap();
    let built = Site::load(&s.root, cfg, &LoadOptions::default()).unwrap();
    let of_build: Vec<String> = built.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warned(&r),
        [
            format!("content/Thời sự/ngoai.md: {why}"),
            format!("content/ngoai: {why}")
        ]
    );
    assert_eq!(warned(&r), of_build);
    // A link replaced by the file itself is read; a removed link is forgotten.
    std::fs::remove_file(&file_link).unwrap();
    std::fs::write(&file_link, &text).unwrap();
    std::fs::remove_file(&dir_link).unwrap();
    let r = s.rebuild(&[file_link, dir_link]);
    assert!(r
        .changed
        .contains(&"thoi-su/bai-ngoai/index.html".to_string()));
    assert!(warned(&r).is_empty(), "{:?}", warned(&r));
    assert!(warned(&s.rebuild(&[s.root.join("site.yaml")])).is_empty());
}
