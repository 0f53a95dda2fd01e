//! `bantin build` as users run it: the example site, error paths, determinism, safety.

use bantin::build::{build, BuildOptions};

use crate::common::{article, bantin, read, repo, site, snapshot, stderr, stdout, write};

const SITE_YAML: &str = "title: Bản tin thử\ndefault_category: Thời sự\nbase_url: https://example.com/\nlanguage: vi\npaginate: 20\ncategories:\n  - name: Khoa học - Công nghệ\n  - name: Thời sự\n";

fn quiet(_: &str) {}

fn opts(root: &std::path::Path, out: &std::path::Path) -> BuildOptions {
    BuildOptions {
        output: Some(out.to_path_buf()),
        ..BuildOptions::new(root)
    }
}

#[test]
fn example_site_builds_home_article_category_tags_and_404() {
    let out = tempfile::tempdir().unwrap();
    let report =
        build(&opts(&repo(), &out.path().join("public")), &quiet).expect("example site builds");
    let public = out.path().join("public");
    assert!(report.pages >= 6, "{report:?}");
    let home = read(&public, "index.html");
    assert!(home.contains("Hy vọng mới cho AI châu Âu sau thành công của DeepSeek"));
    let slug = "hy-vong-moi-cho-ai-chau-au-sau-thanh-cong-cua-deepseek";
    let page = read(&public, &format!("khoa-hoc-cong-nghe/{slug}/index.html"));
    assert!(
        page.contains("Thứ Bảy, 25/01/2025 13:53"),
        "Vietnamese date"
    );
    assert!(
        page.contains("Biểu tượng AI DeepSeek của Trung Quốc."),
        "lead caption"
    );
    assert!(page.contains("Báo Tin tức"), "source");
    assert!(page.contains("<figure"), "lead figure");
    let cat = read(&public, "khoa-hoc-cong-nghe/index.html");
    assert!(cat.contains("Tin cùng chuyên mục"));
    for title in [
        "Lào Cai nằm trong top 10 tỉnh, thành phố dẫn đầu về làm sạch và đồng bộ dữ liệu đất đai",
        "Lào Cai: Kinh tế số thay đổi tư duy phụ nữ vùng cao",
        "Học sinh Mù Cang Chải và dự án nâng tầm kỹ năng số",
        "Lào Cai triển khai 152 đội hình “Bình dân học vụ số”",
        "Dấu ấn khoa học - công nghệ trong hành trình chuyển đổi số",
        "Lào Cai - điểm hội tụ khởi nghiệp và đổi mới sáng tạo",
        "Xây dựng hệ sinh thái số lấy tổ chức Đảng và Đảng viên làm trung tâm",
        "Lào Cai: Kinh tế số chiếm 9,46% GRDP",
        "Thư viện thông minh thúc đẩy văn hóa đọc",
    ] {
        assert!(
            cat.contains(title),
            "category page lists related story {title:?}"
        );
    }
    let related_count = cat.matches("Lào Cai").count();
    assert!(related_count >= 8, "{related_count}");
    assert!(public.join("tags/index.html").is_file());
    assert!(
        public.join("tags/deepseek/index.html").is_file(),
        "the example article is tagged DeepSeek"
    );
    assert!(public.join("404.html").is_file());
    assert!(public.join("css/style.css").is_file());
}

#[test]
fn related_links_resolve_to_site_articles_or_their_url() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article(
                "title: Bài A\ndate: 2025-01-02\ncategory: Thời sự\nrelated:\n  - {title: \"bài b!\", group: Tin liên quan}\n  - {title: Ngoài, url: \"https://other.example/x\", group: Tin liên quan}\n  - {title: Không link, summary: Chỉ tóm tắt, group: Đọc thêm}",
                "Thân.",
            ),
        ),
        ("content/b.md", &article("title: Bài B\ndate: 2025-01-01\ncategory: Thời sự", "Thân.")),
    ]);
    let out = s.path().join("out");
    build(&opts(s.path(), &out), &quiet).unwrap();
    let cat = read(&out, "thoi-su/index.html");
    assert!(
        cat.contains("href=/thoi-su/bai-b/") || cat.contains("href=\"/thoi-su/bai-b/\""),
        "internal link: {cat}"
    );
    assert!(cat.contains("https://other.example/x"), "own url");
    assert!(cat.contains("Không link") && cat.contains("Chỉ tóm tắt"));
    assert!(cat.contains("Đọc thêm"), "second group heading");
    // The unlinked story is not wrapped in a link.
    let i = cat.find("Không link").unwrap();
    let before = &cat[..i];
    assert!(
        before
            .rfind("<a ")
            .is_none_or(|a| before[a..].contains("</a>")),
        "unlinked related item is not a link"
    );
}

#[test]
fn category_pages_paginate() {
    let mut files = vec![(
        "site.yaml".to_string(),
        SITE_YAML.replace("paginate: 20", "paginate: 10"),
    )];
    for i in 0..25 {
        files.push((
            format!("content/t/{i:02}.md"),
            article(
                &format!(
                    "title: Tin số {i}\ndate: 2025-01-{:02}\ncategory: Thời sự\ntags: [chung]\nrelated:\n  - {{title: Liên quan của tin {i}, group: Tin cùng chuyên mục}}",
                    i + 1
                ),
                "Nội dung.",
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let s = site(&refs);
    let out = s.path().join("out");
    build(&opts(s.path(), &out), &quiet).unwrap();
    let p1 = read(&out, "thoi-su/index.html");
    let p2 = read(&out, "thoi-su/page/2/index.html");
    let p3 = read(&out, "thoi-su/page/3/index.html");
    assert!(!out.join("thoi-su/page/4").exists());
    assert!(
        p1.contains("Tin số 24") && !p1.contains("Tin số 14<"),
        "newest first on page 1"
    );
    assert!(p2.contains("Tin số 14") && p2.contains("/thoi-su/page/3/"));
    assert!(p3.contains("Tin số 0<") || p3.contains("Tin số 0 "), "{p3}");
    assert!(out.join("tags/chung/page/3/index.html").is_file());
    // Each page shows the related stories of its own articles (24..15 on page 1, ...).
    assert!(p1.contains("Liên quan của tin 24") && p1.contains("Liên quan của tin 15"));
    assert!(
        !p1.contains("Liên quan của tin 14"),
        "page 2's related are not on page 1"
    );
    assert!(p2.contains("Liên quan của tin 14") && !p2.contains("Liên quan của tin 15"));
}

#[test]
fn builds_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    build(&opts(&repo(), &a.path().join("p")), &quiet).unwrap();
    build(&opts(&repo(), &b.path().join("p")), &quiet).unwrap();
    let (sa, sb) = (snapshot(&a.path().join("p")), snapshot(&b.path().join("p")));
    assert_eq!(sa.len(), sb.len());
    for (x, y) in sa.iter().zip(&sb) {
        assert_eq!(x.0, y.0);
        assert!(x.1 == y.1, "{} differs between two builds", x.0);
    }
}

/// No clock in the output: builds of the same input at faked system times (libfaketime) an hour
/// after the newest article, in 2001 and in 2040 are byte-identical (a build that took "now"
/// from the clock would list the news of the last two days in the first only); and
/// `SOURCE_DATE_EPOCH`, the one way to give the build a "now", changes only the news sitemap.
#[test]
fn the_output_holds_no_clock() {
    let dir = site(&[("site.yaml", SITE_YAML)]);
    for d in 1..=3 {
        write(
            dir.path(),
            &format!("content/{d}.md"),
            &article(
                &format!(
                    "title: Tin ngày {d}\ndate: 2025-03-0{d}T08:00:00+07:00\ncategory: Thời sự"
                ),
                "Thân bài.",
            ),
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let run = |out: &str, faked: Option<&str>, epoch: Option<&str>| {
        let mut c = match faked {
            Some(at) => {
                let mut c = std::process::Command::new("faketime");
                c.arg("-f").arg(at).arg(env!("CARGO_BIN_EXE_bantin"));
                c
            }
            None => std::process::Command::new(env!("CARGO_BIN_EXE_bantin")),
        };
        c.args(["build", "-r"])
            .arg(dir.path())
            .arg("-o")
            .arg(tmp.path().join(out))
            .env_remove("SOURCE_DATE_EPOCH");
        if let Some(e) = epoch {
            c.env("SOURCE_DATE_EPOCH", e);
        }
        let o = c.output().expect("run bantin");
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        snapshot(&tmp.path().join(out))
    };
    let differing = |a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]| -> Vec<String> {
        let paths = |s: &[(String, Vec<u8>)]| s.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(paths(a), paths(b), "the same files");
        a.iter()
            .zip(b)
            .filter(|(x, y)| x.1 != y.1)
            .map(|(x, _)| x.0.clone())
            .collect()
    };
    let now = run("now", None, None);

    let faketime = std::process::Command::new("faketime")
        .args(["-f", "@2001-01-01 00:00:00", "date", "+%Y"])
        .output();
    match faketime {
        Ok(o) if String::from_utf8_lossy(&o.stdout).trim() == "2001" => {
            for at in [
                "@2025-03-03 02:00:00",
                "@2001-01-01 00:00:00",
                "@2040-06-01 12:00:00",
            ] {
                let faked = run(&at.replace([' ', ':', '@'], "-"), Some(at), None);
                assert_eq!(
                    differing(&now, &faked),
                    Vec::<String>::new(),
                    "the system clock ({at}) shows in the output"
                );
            }
        }
        _ => crate::faults::skip(
            "build::the_output_holds_no_clock (faked system times)",
            "faketime is not installed or does not fake the time (apt-get install faketime)",
        ),
    }

    // SOURCE_DATE_EPOCH far apart: only the news sitemap may differ, and it does (neither
    // 1970 nor 2096 has news; the newest article's own date, the default, has some).
    let e1970 = run("e1970", None, Some("0"));
    let e2096 = run("e2096", None, Some("4000000000"));
    let changed = differing(&now, &e1970);
    assert!(!changed.is_empty(), "SOURCE_DATE_EPOCH changed nothing");
    assert!(
        changed.iter().all(|p| p.contains("news")),
        "SOURCE_DATE_EPOCH changed more than the news sitemap: {changed:?}"
    );
    assert_eq!(differing(&e1970, &e2096), Vec::<String>::new());
}

/// `BANTIN_TIMINGS=1` prints each phase of the build to stderr and changes nothing in the output.
#[test]
fn timings_report_phases_and_leave_the_output_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |out: &str, timings: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_bantin"))
            .args(["build", "-r"])
            .arg(repo())
            .arg("-o")
            .arg(tmp.path().join(out))
            .env("BANTIN_TIMINGS", timings)
            .output()
            .expect("run bantin")
    };
    let (on, off) = (run("on", "1"), run("off", "0"));
    assert_eq!(on.status.code(), Some(0), "{}", stderr(&on));
    let err = stderr(&on);
    for phase in [
        "content read and parsed",
        "site model",
        "pages rendered and written",
        "output in place",
    ] {
        assert!(err.contains(phase), "{phase} missing from:\n{err}");
    }
    assert!(!stderr(&off).contains("timings"), "{}", stderr(&off));
    let (a, b) = (
        snapshot(&tmp.path().join("on")),
        snapshot(&tmp.path().join("off")),
    );
    assert!(a == b, "BANTIN_TIMINGS changed the output");
}

#[test]
fn all_content_errors_are_reported_together_with_file_and_line() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/bad-yaml.md",
            "---\ntitle: A\ntags: [a, b\ndate: 2025-01-01\n---\nx\n",
        ),
        (
            "content/bad-date.md",
            "---\ntitle: B\ndate: 2025-13-01\n---\nx\n",
        ),
        (
            "content/good.md",
            &article("title: C\ndate: 2025-01-01", "x"),
        ),
    ]);
    let o = bantin(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("content/bad-yaml.md:"), "{err}");
    assert!(
        err.contains("content/bad-date.md:3: date \"2025-13-01\" is not a date"),
        "{err}"
    );
    assert!(
        !s.path().join("public").exists(),
        "nothing written on failure"
    );
}

#[test]
fn template_error_names_template_line_and_page() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        ("content/a.md", &article("title: A\ndate: 2025-01-01", "x")),
        (
            "templates/article.html",
            "<!doctype html>\n<title>x</title>\n{{ page.title | no_such_filter }}\n",
        ),
    ]);
    let o = bantin(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("templates/article.html:3:"), "{err}");
    assert!(err.contains("no_such_filter"), "{err}");
}

#[test]
fn messages_name_files_without_a_leading_dot_slash() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article("title: A\ndate: 2025-01-01", "Thân."),
        ),
        ("templates/article.html", "{{ broken"),
    ]);
    // The default root is `.`; `--root .` and `-r ./` are the same site.
    for root in [&[][..], &["--root", "."], &["-r", "./"]] {
        let o = bantin(s.path(), &[&["build"], root].concat());
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(
            err.starts_with("error: templates/article.html:1:"),
            "{root:?}: {err}"
        );
        let o = bantin(s.path(), &[&["check"], root].concat());
        let out = stdout(&o);
        assert!(
            out.contains("error: templates/article.html:1:"),
            "{root:?}: {out}"
        );
        assert!(!err.contains("./") && !out.contains("./"), "{err}{out}");
    }
    std::fs::remove_file(s.path().join("templates/article.html")).unwrap();
    write(s.path(), "site.yaml", "title: [\n");
    let o = bantin(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: site.yaml:1: "),
        "{}",
        stderr(&o)
    );
    write(s.path(), "site.yaml", SITE_YAML);
    let o = bantin(s.path(), &["build", "-r", "."]);
    assert!(stdout(&o).ends_with(" s → public\n"), "{}", stdout(&o));
}

#[test]
fn messages_name_site_files_from_the_site_root_whatever_the_root_flag() {
    let s = site(&[
        ("tin/site.yaml", SITE_YAML),
        (
            "tin/content/a.md",
            &article("title: A\ndate: 2025-01-01", "Thân."),
        ),
        ("tin/templates/article.html", "{{ broken"),
    ]);
    // From the folder above the site: content and templates alike are named from `tin/`.
    let o = bantin(s.path(), &["build", "-r", "tin"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.starts_with("error: templates/article.html:1:"), "{err}");
    let o = bantin(s.path(), &["check", "-r", "tin"]);
    let out = stdout(&o);
    assert!(out.contains("error: templates/article.html:1:"), "{out}");
    assert!(out.contains("warning: content/a.md:2: no summary"), "{out}");
    assert!(!out.contains("tin/"), "{out}");
    // An absolute root too.
    let abs = s.path().join("tin");
    let o = bantin(s.path(), &["build", "-r", &abs.to_string_lossy()]);
    assert!(
        stderr(&o).starts_with("error: templates/article.html:1:"),
        "{}",
        stderr(&o)
    );
    // site.yaml, a theme it names, a template of that theme.
    write(&abs, "site.yaml", "title: [\n");
    let o = bantin(s.path(), &["build", "-r", "tin"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: site.yaml:1: "),
        "{}",
        stderr(&o)
    );
    write(&abs, "site.yaml", &format!("{SITE_YAML}theme: bao\n"));
    let o = bantin(s.path(), &["build", "-r", "tin"]);
    assert!(
        stderr(&o)
            .starts_with("error: site.yaml: theme \"bao\" not found: expected a folder themes/bao"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_file(abs.join("templates/article.html")).unwrap();
    write(&abs, "themes/bao/templates/article.html", "{{ broken");
    let o = bantin(s.path(), &["build", "-r", "tin"]);
    assert!(
        stderr(&o).starts_with("error: themes/bao/templates/article.html:1:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bad_base_url_flag_is_a_usage_error_naming_the_flag() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article("title: A\ndate: 2025-01-01", "Thân."),
        ),
    ]);
    let want = "error: --base-url: \"example.com/tin/\" must be an absolute http:// or https:// URL (e.g. https://example.com/ or https://user.github.io/tin/)\n";
    let o = bantin(s.path(), &["build", "--base-url", "example.com/tin/"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(stderr(&o), want);
    assert!(!s.path().join("public").exists(), "nothing is written");

    // build --watch refuses it at once too (no edit of a file can fix a flag).
    let mut watch = std::process::Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(["build", "--watch", "--base-url", "example.com/tin/"])
        .current_dir(s.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let status = loop {
        if let Some(status) = watch.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = watch.kill();
            panic!("build --watch kept running with a bad --base-url");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut watch.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(2), "{err}");
    assert_eq!(err, want);

    // A good one still overrides site.yaml's everywhere.
    let o = bantin(
        s.path(),
        &["build", "--base-url", "https://preview.example/tin"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&s.path().join("public"), "thoi-su/a/index.html");
    assert!(
        page.contains("https://preview.example/tin/thoi-su/a/"),
        "{page}"
    );
    assert!(!page.contains("https://example.com/"), "{page}");
}

#[test]
fn template_syntax_error_is_reported() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        ("templates/home.html", "<p>{% if %}</p>\n"),
    ]);
    let o = bantin(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("templates/home.html:1:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn missing_image_is_a_warning_and_a_placeholder() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        ("content/a.md", &article("title: A\ndate: 2025-01-01\nimage: {src: lead-990x600.png, caption: Chú thích ảnh}", "![Ảnh thân bài](body-640x480.jpg)")),
    ]);
    let o = bantin(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: content/a.md: image \"lead-990x600.png\" not found"));
    let html = read(&s.path().join("public"), "thoi-su/a/index.html");
    assert!(!html.contains("body-640x480.jpg"), "no broken <img>");
    assert!(
        html.contains("640 / 480") || html.contains("640/480"),
        "sized placeholder"
    );
    assert!(html.contains("Ảnh thân bài"), "caption kept");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_in_content_is_a_warning_naming_it() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "b.md",
        &article("title: Bài ngoài\ndate: 2025-01-02", "Ngoài site."),
    );
    let s = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article("title: A\ndate: 2025-01-01", "Thân."),
        ),
    ]);
    let content = s.path().join("content");
    symlink(outside.path().join("b.md"), content.join("b.md")).unwrap();
    std::fs::create_dir_all(content.join("thoi-su")).unwrap();
    symlink(outside.path(), content.join("thoi-su/more")).unwrap();
    // Hidden entries are skipped whatever they are, as before.
    symlink(outside.path(), content.join(".hidden")).unwrap();
    let o = bantin(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let why = "symbolic links are not followed; copy the file in or remove the link";
    assert!(
        err.contains(&format!("warning: content/b.md: {why}\n")),
        "{err}"
    );
    assert!(
        err.contains(&format!("warning: content/thoi-su/more: {why}\n")),
        "{err}"
    );
    assert!(!err.contains(".hidden"), "{err}");
    assert!(
        !s.path().join("public/thoi-su/bai-ngoai").exists(),
        "the link is still not followed"
    );
    assert!(stdout(&o).starts_with("built "), "{}", stdout(&o));
}

#[test]
fn colocated_and_static_images_are_copied_with_their_size() {
    // A 3×2 PNG.
    let png: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0,
        0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0, 0, 0, 0, 0,
    ];
    let s = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/thoi-su/a.md",
            &article(
                "title: A\ndate: 2025-01-01\nimage: {src: lead.png, caption: Lead}",
                "![Hai](/images/two.png)",
            ),
        ),
    ]);
    std::fs::write(s.path().join("content/thoi-su/lead.png"), png).unwrap();
    std::fs::create_dir_all(s.path().join("static/images")).unwrap();
    std::fs::write(s.path().join("static/images/two.png"), png).unwrap();
    let out = s.path().join("out");
    let r = build(&opts(s.path(), &out), &quiet).unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert!(out.join("thoi-su/a/lead.png").is_file());
    assert!(out.join("images/two.png").is_file());
    let html = read(&out, "thoi-su/a/index.html");
    assert!(
        html.contains("width=3") || html.contains("width=\"3\""),
        "{html}"
    );
    assert!(html.contains("loading=lazy"), "body image is lazy");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_create() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        ("content/a.md", &article("title: A\ndate: 2025-01-01", "x")),
    ]);
    write(s.path(), "public/mine.txt", "do not delete");
    let o = bantin(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(read(s.path(), "public/mine.txt"), "do not delete");
    let o = bantin(s.path(), &["build", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(s.path().join("public/index.html").is_file());
}

#[test]
fn refuses_output_that_contains_the_site_or_its_content() {
    let s = site(&[("site.yaml", SITE_YAML)]);
    for bad in [".", "content", "content/x", ".."] {
        let o = bantin(s.path(), &["build", "-o", bad, "--force"]);
        assert_eq!(o.status.code(), Some(2), "-o {bad}: {}", stderr(&o));
        assert!(stderr(&o).contains("refusing"), "{}", stderr(&o));
    }
    assert!(s.path().join("site.yaml").is_file());
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article("title: Bài cũ\ndate: 2025-01-01", "x"),
        ),
    ]);
    let o = bantin(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0));
    let before = snapshot(&s.path().join("public"));
    write(s.path(), "content/a.md", "---\ntitle: [broken\n---\n");
    let o = bantin(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(snapshot(&s.path().join("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(s.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("bantin-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folder removed");
}

#[test]
fn site_templates_and_static_override_the_theme() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        ("content/a.md", &article("title: A\ndate: 2025-01-01", "x")),
        ("templates/404.html", "<!doctype html><html lang=vi><title>Không thấy</title><p>Trang riêng của tôi</p></html>"),
        ("static/css/style.css", "body { color: #123456 }"),
        ("static/robots-extra.txt", "hello"),
    ]);
    let out = s.path().join("out");
    build(&opts(s.path(), &out), &quiet).unwrap();
    assert!(read(&out, "404.html").contains("Trang riêng của tôi"));
    assert_eq!(read(&out, "css/style.css"), "body{color:#123456}");
    assert_eq!(read(&out, "robots-extra.txt"), "hello");
    // The rest of the theme is still the default one.
    assert!(read(&out, "index.html").contains("<main"));
}

#[test]
fn a_site_with_only_config_and_content_uses_the_built_in_theme() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        ("content/a.md", &article("title: A\ndate: 2025-01-01", "x")),
    ]);
    let out = s.path().join("out");
    build(&opts(s.path(), &out), &quiet).unwrap();
    assert!(read(&out, "thoi-su/a/index.html").contains("<h1"));
    assert!(out.join("css/style.css").is_file());
}

#[test]
fn unknown_theme_is_a_clear_error() {
    let s = site(&[("site.yaml", &format!("{SITE_YAML}theme: nope\n"))]);
    let o = bantin(s.path(), &["build"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("theme \"nope\" not found"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_config_exits_2_with_line() {
    let s = site(&[("site.yaml", "title: x\npaginate: many\n")]);
    let o = bantin(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("site.yaml:2:"), "{}", stderr(&o));
}

#[test]
fn drafts_slugs_and_aliases() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        ("content/a.md", &article("title: Bài nháp\ndate: 2025-01-01\ndraft: true", "x")),
        ("content/b.md", &article("title: Bài chính\ndate: 2025-01-02\nslug: ten-rieng\naliases: [/2019/old.html, cu/duong-dan/]", "x")),
    ]);
    let out = s.path().join("out");
    build(&opts(s.path(), &out), &quiet).unwrap();
    assert!(
        !out.join("thoi-su/bai-nhap").exists(),
        "drafts are left out"
    );
    assert!(
        out.join("thoi-su/ten-rieng/index.html").is_file(),
        "slug: overrides"
    );
    let redirect = read(&out, "2019/old.html");
    assert!(redirect.contains("https://example.com/thoi-su/ten-rieng/"));
    assert!(redirect.contains("http-equiv=refresh") || redirect.contains("http-equiv=\"refresh\""));
    assert!(out.join("cu/duong-dan/index.html").is_file());
    let with = s.path().join("with");
    build(
        &BuildOptions {
            drafts: true,
            ..opts(s.path(), &with)
        },
        &quiet,
    )
    .unwrap();
    assert!(with.join("thoi-su/bai-nhap/index.html").is_file());
}

#[test]
fn no_minify_and_summary_line() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        ("content/a.md", &article("title: A\ndate: 2025-01-01", "x")),
    ]);
    let o = bantin(s.path(), &["build", "--no-minify"]);
    assert_eq!(o.status.code(), Some(0));
    let line = stdout(&o);
    assert!(
        line.starts_with("built ") && line.contains(" pages in ") && line.contains("public"),
        "{line}"
    );
    let html = read(&s.path().join("public"), "index.html");
    assert!(html.lines().count() > 5, "unminified HTML keeps its lines");
}

#[test]
fn article_pages_group_related_stories_by_heading() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article(
                "title: Bài A\ndate: 2025-01-02\nrelated:\n  - {title: Một, group: Tin liên quan}\n  - {title: Hai, group: Đọc thêm}\n  - {title: Ba, group: Tin liên quan}",
                "Thân.",
            ),
        ),
    ]);
    let out = s.path().join("out");
    build(&opts(s.path(), &out), &quiet).unwrap();
    let html = read(&out, "thoi-su/bai-a/index.html");
    let (tl, dt) = (
        html.find("Tin liên quan").unwrap(),
        html.find("Đọc thêm").unwrap(),
    );
    let (one, two, three) = (
        html.find("Một").unwrap(),
        html.find("Hai").unwrap(),
        html.find("Ba<").unwrap(),
    );
    assert!(
        tl < one && one < three && three < dt && dt < two,
        "one section per heading, in order"
    );
}

#[test]
fn category_pages_group_the_related_stories_of_the_articles_they_list() {
    let s = site(&[
        ("site.yaml", &SITE_YAML.replace("paginate: 20", "paginate: 2")),
        (
            "content/a.md",
            &article(
                "title: Bài A\ndate: 2025-01-03\nrelated:\n  - {title: Giá vàng tăng, group: Đọc thêm}\n  - {title: Mưa lớn}",
                "x",
            ),
        ),
        (
            "content/b.md",
            &article(
                "title: Bài B\ndate: 2025-01-02\nrelated:\n  - {title: GIÁ VÀNG TĂNG, group: Tin liên quan}\n  - {title: Bão số 3, group: Đọc thêm}",
                "x",
            ),
        ),
        (
            "content/c.md",
            &article(
                "title: Bài C\ndate: 2025-01-01\nrelated:\n  - {title: Chỉ ở trang hai}",
                "x",
            ),
        ),
    ]);
    let out = s.path().join("out");
    build(&opts(s.path(), &out), &quiet).unwrap();
    let p1 = read(&out, "thoi-su/index.html");
    assert_eq!(
        p1.matches("Giá vàng tăng").count() + p1.matches("GIÁ VÀNG TĂNG").count(),
        1,
        "a story two articles list is shown once, as the newest lists it"
    );
    let (doc, gold, storm, rain) = (
        p1.find("Đọc thêm").unwrap(),
        p1.find("Giá vàng tăng").unwrap(),
        p1.find("Bão số 3").unwrap(),
        p1.find("Mưa lớn").unwrap(),
    );
    assert!(
        doc < gold && gold < storm && storm < rain,
        "grouped by heading in order of first appearance"
    );
    assert!(
        !p1.contains("Chỉ ở trang hai"),
        "page 1 shows its own articles' stories"
    );
    let p2 = read(&out, "thoi-su/page/2/index.html");
    assert!(p2.contains("Chỉ ở trang hai"));
    assert!(!p2.contains("Bão số 3"));
}

#[test]
fn long_pagination_is_shortened_with_gaps() {
    let mut files = vec![(
        "site.yaml".to_string(),
        SITE_YAML.replace("paginate: 20", "paginate: 1"),
    )];
    for i in 0..12 {
        files.push((
            format!("content/{i:02}.md"),
            article(&format!("title: Tin {i}\ndate: 2025-02-{:02}", i + 1), "x"),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let s = site(&refs);
    let out = s.path().join("out");
    build(&opts(s.path(), &out), &quiet).unwrap();
    let p1 = read(&out, "thoi-su/index.html");
    assert!(p1.contains("/thoi-su/page/12/"), "last page linked");
    assert!(p1.contains("/thoi-su/page/3/"));
    assert!(
        !p1.contains("/thoi-su/page/7/"),
        "far pages folded into a gap"
    );
    assert!(p1.contains('…'));
    assert!(
        out.join("thoi-su/page/7/index.html").is_file(),
        "every page still exists"
    );
}

#[test]
fn the_build_on_disk_is_the_site_served_from_memory() {
    // `bantin build` streams pages to disk, `bantin serve` keeps them in memory: the same files,
    // even where two makers want one path (a static file where a page goes: the page wins).
    let s = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article("title: Bài một\ndate: 2025-01-01\ntags: [AI]", "x"),
        ),
        ("static/tags/index.html", "<p>shadowed</p>"),
        ("static/robots.txt", "User-agent: *\n"),
    ]);
    let out = s.path().join("public");
    let report = build(&opts(s.path(), &out), &quiet).unwrap();
    let (_, memory) = bantin::build::render(&opts(s.path(), &out), &quiet).unwrap();
    let disk: Vec<(String, Vec<u8>)> = snapshot(&out)
        .into_iter()
        .filter(|(p, _)| p != bantin::output::writer::MARKER)
        .collect();
    let memory: Vec<(String, Vec<u8>)> = memory
        .files
        .iter()
        .map(|(p, b)| {
            let bytes = match b {
                bantin::output::Body::Bytes(b) => b.clone(),
                bantin::output::Body::Copy(from) => std::fs::read(from).unwrap(),
            };
            (p.clone(), bytes)
        })
        .collect();
    assert_eq!(
        disk.iter().map(|x| &x.0).collect::<Vec<_>>(),
        memory.iter().map(|x| &x.0).collect::<Vec<_>>()
    );
    for (d, m) in disk.iter().zip(&memory) {
        assert!(d.1 == m.1, "{} differs between build and serve", d.0);
    }
    assert_eq!(report.files, memory.len());
    assert!(!read(&out, "tags/index.html").contains("shadowed"));
    assert_eq!(read(&out, "robots.txt"), "User-agent: *\n");
}

#[test]
fn a_template_failing_midway_leaves_the_previous_output_intact() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article("title: Bài cũ\ndate: 2025-01-01", "x"),
        ),
        (
            "content/b.md",
            &article("title: Bài hỏng\ndate: 2025-01-02", "y"),
        ),
    ]);
    assert_eq!(bantin(s.path(), &["build"]).status.code(), Some(0));
    let before = snapshot(&s.path().join("public"));
    // Fails while rendering one article page only, after other pages were written.
    let theme =
        std::fs::read_to_string(repo().join("themes/default/templates/article.html")).unwrap();
    write(
        s.path(),
        "templates/article.html",
        &theme.replacen(
            "{% block content %}",
            "{% block content %}{% if page.title == \"Bài hỏng\" %}{{ page.no.such.field }}{% endif %}",
            1,
        ),
    );
    let o = bantin(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("article.html"), "{}", stderr(&o));
    assert_eq!(snapshot(&s.path().join("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(s.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("bantin-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folder removed");
}

#[test]
fn an_alias_that_would_replace_a_page_is_refused_with_file_and_line() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article("title: Bài một\ndate: 2025-01-01\naliases: [/cu/]", "x"),
        ),
        (
            "content/b.md",
            &article("title: Bài hai\ndate: 2025-01-02", "x"),
        ),
    ]);
    let o = bantin(s.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(s.path(), "public/cu/index.html").contains("bai-mot"));
    let home = read(s.path(), "public/index.html");
    // Now one alias lands on the home page and two articles claim /cu/.
    write(
        s.path(),
        "content/a.md",
        &article(
            "title: Bài một\ndate: 2025-01-01\naliases:\n  - /cu/\n  - /",
            "x",
        ),
    );
    write(
        s.path(),
        "content/b.md",
        &article("title: Bài hai\ndate: 2025-01-02\naliases: [/cu/]", "x"),
    );
    let o = bantin(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("content/a.md:6: alias \"/\" is the URL of the home page"),
        "{err}"
    );
    assert!(
        err.contains("content/b.md:4: alias \"/cu/\" is the URL of an alias of content/a.md"),
        "{err}"
    );
    assert_eq!(
        read(s.path(), "public/index.html"),
        home,
        "the previous output is left as it was"
    );
}

#[test]
fn a_static_file_a_page_replaces_is_a_warning_naming_it() {
    let s = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article("title: Bài một\ndate: 2025-01-01", "x"),
        ),
        ("static/index.html", "<p>tĩnh</p>"),
    ]);
    let o = bantin(s.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("static/index.html: index.html is also made as the home page"),
        "{err}"
    );
    // The page wins, as the warning says.
    assert!(!read(s.path(), "public/index.html").contains("<p>tĩnh</p>"));
    let check = bantin(s.path(), &["check"]);
    assert!(
        stdout(&check).contains("[duplicate-url]"),
        "{}",
        stdout(&check)
    );
}
