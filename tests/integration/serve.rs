//! `bantin serve` and `bantin build --watch` as users run them: the real binary on a temporary
//! site, spoken to over plain TCP (raw request paths, so traversal attempts reach the server
//! as written), with file edits while it runs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bantin::build::{render, BuildOptions};

use crate::common::{article, bantin, site, snapshot, stderr, write};

pub(crate) mod client;
use client::{
    get, request, serve, serve_with, unserved, wait_for, wait_for_status, Events, Running, WAIT,
};

const SITE_YAML: &str = "title: Bản tin thử\nbase_url: https://example.com/\nlanguage: vi\npaginate: 2\ndefault_category: Thời sự\ncategories:\n  - name: Thời sự\n  - name: Kinh tế\n";

fn test_site() -> tempfile::TempDir {
    site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/thoi-su/mot.md",
            &article(
                "title: Bài một\ndate: 2025-01-01\ncategory: Thời sự\ntags: [AI]",
                "Thân bài một.",
            ),
        ),
        (
            "content/thoi-su/hai.md",
            &article(
                "title: Bài hai\ndate: 2025-01-02\ncategory: Thời sự\ntags: [AI, Lào Cai]",
                "Thân bài hai.",
            ),
        ),
        (
            "content/kinh-te/ba.md",
            &article(
                "title: Bài ba\ndate: 2025-01-03\ncategory: Kinh tế",
                "Thân bài ba.",
            ),
        ),
    ])
}

#[test]
fn serves_pages_types_404_head_and_nothing_outside() {
    let s = test_site();
    let (_server, addr) = serve(s.path());
    let home = get(&addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(home.text().contains("Bài ba"));
    assert!(
        home.text().contains("/__bantin/live.js"),
        "the reload script is injected"
    );
    let page = get(&addr, "/thoi-su/bai-mot/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Thân bài một."));
    // Links point at the preview.
    assert!(page
        .text()
        .contains(&format!("http://{addr}/thoi-su/bai-mot/")));
    let moved = get(&addr, "/thoi-su/bai-mot");
    assert_eq!(moved.status, 302);
    assert_eq!(
        moved.header("location").as_deref(),
        Some("/thoi-su/bai-mot/")
    );
    let css = get(&addr, "/css/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    let head = request(&addr, "HEAD", "/thoi-su/bai-mot/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some(page.body.len().to_string())
    );
    let missing = get(&addr, "/khong-co/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("page--404"),
        "the site's own 404 page"
    );
    assert_eq!(request(&addr, "POST", "/").status, 405);
    for path in [
        "/../site.yaml",
        "/thoi-su/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/..%2f..%2fsite.yaml",
        "/thoi-su\\..\\..\\site.yaml",
        "/%5c..%5csite.yaml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/C:/Windows/win.ini",
        "/content/thoi-su/mot.md",
        "/site.yaml",
    ] {
        let r = get(&addr, path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.text().contains("base_url"), "{path} leaked a file");
    }
    // `bantin build` never writes the script.
    let out = s.path().join("public");
    let built = bantin(s.path(), &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    for (path, bytes) in snapshot(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__bantin"),
            "{path}"
        );
    }
}

#[test]
fn edits_additions_renames_moves_and_deletions_reload_the_browser() {
    let s = test_site();
    let root = s.path();
    let (_server, addr) = serve(root);
    let events = Events::connect(&addr);

    write(
        root,
        "content/thoi-su/mot.md",
        &article(
            "title: Bài một\ndate: 2025-01-01\ncategory: Thời sự",
            "Đã sửa.",
        ),
    );
    let data = events.next("reload");
    assert!(data.contains("thoi-su/bai-mot/index.html"), "{data}");
    assert!(get(&addr, "/thoi-su/bai-mot/").text().contains("Đã sửa."));

    // A new article in a new folder.
    write(
        root,
        "content/moi/bon.md",
        &article(
            "title: Bài bốn\ndate: 2025-02-01\ncategory: Kinh tế",
            "Mới.",
        ),
    );
    events.next("reload");
    wait_for(&addr, "/kinh-te/bai-bon/", "Mới.");
    assert!(get(&addr, "/").text().contains("Bài bốn"));

    // Saved by rename, as editors do: a temporary file, then moved over the article.
    let tmp = root.join("content/thoi-su/.hai.md.tmp");
    std::fs::write(
        &tmp,
        article(
            "title: Bài hai\ndate: 2025-01-02\ncategory: Thời sự",
            "Lưu kiểu đổi tên.",
        ),
    )
    .unwrap();
    std::fs::rename(&tmp, root.join("content/thoi-su/hai.md")).unwrap();
    events.next("reload");
    wait_for(&addr, "/thoi-su/bai-hai/", "Lưu kiểu đổi tên.");

    // A renamed title moves the page.
    write(
        root,
        "content/kinh-te/ba.md",
        &article(
            "title: Bài ba mới\ndate: 2025-01-03\ncategory: Kinh tế",
            "Ba.",
        ),
    );
    events.next("reload");
    wait_for(&addr, "/kinh-te/bai-ba-moi/", "Ba.");
    assert_eq!(get(&addr, "/kinh-te/bai-ba/").status, 404);

    // A moved folder keeps being watched under its new name.
    std::fs::rename(root.join("content/moi"), root.join("content/chuyen")).unwrap();
    write(
        root,
        "content/chuyen/bon.md",
        &article(
            "title: Bài bốn\ndate: 2025-02-01\ncategory: Kinh tế",
            "Sau khi chuyển.",
        ),
    );
    wait_for(&addr, "/kinh-te/bai-bon/", "Sau khi chuyển.");

    // Deleted.
    std::fs::remove_file(root.join("content/chuyen/bon.md")).unwrap();
    let data = events.next("reload");
    assert!(data.contains("kinh-te/bai-bon/index.html"), "{data}");
    wait_for_status(&addr, "/kinh-te/bai-bon/", 404);
    assert!(!get(&addr, "/").text().contains("Bài bốn"));

    // A stylesheet alone is swapped in place.
    write(root, "static/css/style.css", "body{color:#123456}");
    let data = events.next("css");
    assert!(data.contains("css/style.css"), "{data}");
    assert!(get(&addr, "/css/style.css").text().contains("#123456"));

    // Editors' temporary files change nothing.
    write(root, "content/thoi-su/mot.md~", "không phải bài");
    write(root, "content/thoi-su/4913", "");
    write(
        root,
        "content/thoi-su/mot.md",
        &article(
            "title: Bài một\ndate: 2025-01-01\ncategory: Thời sự",
            "Lần cuối.",
        ),
    );
    let data = events.next("reload");
    assert!(data.contains("thoi-su/bai-mot/index.html"), "{data}");
}

#[test]
fn broken_front_matter_shows_an_overlay_over_the_last_good_site_until_fixed() {
    let s = test_site();
    let root = s.path();
    let (mut server, addr) = serve(root);
    let events = Events::connect(&addr);
    write(
        root,
        "content/thoi-su/mot.md",
        "---\ntitle: Bài một\ndate: 2025-13-01\n---\nHỏng.\n",
    );
    let data = events.next("build-error");
    assert!(
        data.contains("content/thoi-su/mot.md") && data.contains("\"line\":3"),
        "{data}"
    );
    assert!(data.contains("is not a date"), "{data}");
    let page = get(&addr, "/thoi-su/bai-mot/");
    assert_eq!(page.status, 200, "the last good page is still served");
    assert!(page.text().contains("Thân bài một."));
    assert!(page.text().contains("bantin-overlay"));
    assert!(page.text().contains("content/thoi-su/mot.md:3"));

    // A broken template too.
    write(root, "templates/article.html", "{% if %}");
    events.next("build-error");
    write(
        root,
        "content/thoi-su/mot.md",
        &article(
            "title: Bài một\ndate: 2025-01-01\ncategory: Thời sự",
            "Đã sửa.",
        ),
    );
    let data = events.next("build-error");
    // Named from the site root, as content files are (the server's root is absolute).
    assert!(
        data.contains("\"file\":\"templates/article.html:"),
        "{data}"
    );
    std::fs::remove_file(root.join("templates/article.html")).unwrap();

    let data = events.next("reload");
    assert!(data.contains("\"all\":true"), "{data}");
    let page = get(&addr, "/thoi-su/bai-mot/");
    assert!(page.text().contains("Đã sửa."));
    assert!(!page.text().contains("bantin-overlay"));
    assert!(server.alive());
}

#[test]
fn the_first_good_build_says_built_even_after_a_broken_start() {
    let s = test_site();
    let root = s.path();
    write(
        root,
        "content/thoi-su/mot.md",
        "---\ntitle: Bài một\ndate: 2025-13-01\n---\nHỏng.\n",
    );
    let watcher = Running::start(root, &["build", "--watch"]);
    // Nothing is built yet: the error, and no "built" line until the file is fixed.
    let deadline = Instant::now() + WAIT;
    let mut printed = Vec::new();
    while !printed
        .iter()
        .any(|l: &String| l.contains("content/thoi-su/mot.md:3"))
    {
        assert!(Instant::now() < deadline, "no error printed: {printed:#?}");
        std::thread::sleep(Duration::from_millis(20));
        printed.extend(watcher.printed());
    }
    assert!(
        !printed.iter().any(|l| l.contains("built in")),
        "{printed:#?}"
    );
    write(
        root,
        "content/thoi-su/mot.md",
        &article(
            "title: Bài một\ndate: 2025-01-01\ncategory: Thời sự",
            "Đã sửa.",
        ),
    );
    let built = watcher.line_with("built in ");
    assert!(built.starts_with("built in "), "first good build: {built}");
    assert!(!built.contains("changed"), "{built}");
    watcher.line_with("watching for changes");
    assert!(root.join("public/thoi-su/bai-mot/index.html").is_file());
}

/// Lines printed by `running` (stdout and stderr) until each of `needles` is in one.
fn printed_until(running: &Running, needles: &[&str]) -> Vec<String> {
    let deadline = Instant::now() + WAIT;
    let mut printed = Vec::new();
    while !needles
        .iter()
        .all(|n| printed.iter().any(|l: &String| l.contains(n)))
    {
        assert!(Instant::now() < deadline, "no {needles:?} in {printed:#?}");
        std::thread::sleep(Duration::from_millis(20));
        printed.extend(running.printed());
    }
    printed
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_content_are_warned_about_by_serve_and_build_watch() {
    use std::os::unix::fs::symlink;
    let s = test_site();
    let root = s.path();
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "ngoai.md",
        &article(
            "title: Bài ngoài\ndate: 2025-02-01\ncategory: Thời sự",
            "Ngoài.",
        ),
    );
    symlink(
        outside.path().join("ngoai.md"),
        root.join("content/thoi-su/ngoai.md"),
    )
    .unwrap();
    let why = "symbolic links are not followed; copy the file in or remove the link";
    let warning = |shown: &str| format!("warning: {shown}: {why}");

    // The first build names the link that is there; a rebuild the link made while serving.
    let (server, addr) = serve(root);
    printed_until(&server, &[&warning("content/thoi-su/ngoai.md")]);
    symlink(outside.path(), root.join("content/kinh-te/them")).unwrap();
    let printed = printed_until(&server, &[&warning("content/kinh-te/them")]);
    assert!(
        !printed
            .iter()
            .any(|l| l.contains("content/thoi-su/ngoai.md")),
        "an old link is not repeated: {printed:#?}"
    );
    assert_eq!(get(&addr, "/thoi-su/bai-ngoai/").status, 404);
    drop(server);

    let watcher = Running::start(root, &["build", "--watch"]);
    printed_until(
        &watcher,
        &[
            &warning("content/kinh-te/them"),
            &warning("content/thoi-su/ngoai.md"),
            "watching for changes",
        ],
    );
    assert!(!root.join("public/thoi-su/bai-ngoai").exists());
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let s = test_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let o = bantin(s.path(), &["serve", "-p", &port]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{err}"
    );
    assert!(err.contains("-p 0"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// 200 edits as fast as the disk takes them, spread over a few articles (some deleted and
/// brought back): the server stays up and ends equal to a clean build.
/// The `i`-th of the rapid edits to `root`: rewrite or (every 17th, and the last two) delete one
/// of five files; the last two leave fewer articles, so list pages fall away too.
fn rapid_edit(root: &Path, i: usize) {
    let rel = format!("content/nhanh/bai-{}.md", i % 5);
    if i % 17 == 16 || i >= RAPID_EDITS - 2 {
        let _ = std::fs::remove_file(root.join(&rel));
        return;
    }
    let day = 1 + (i * 7) % 28;
    // Titles and tags change every 50 edits, so earlier pages (articles, tag pages and their
    // feeds) must disappear.
    let front = format!(
        "title: Tin nhanh {} {}\ndate: 2025-03-{day:02}\ncategory: Thời sự\ntags: [t{}-{}]",
        i % 5,
        i / 50,
        i % 3,
        i / 50
    );
    write(root, &rel, &article(&front, &format!("Lần sửa {i}.")));
}

const RAPID_EDITS: usize = 200;

#[test]
fn two_hundred_rapid_edits_end_equal_to_a_clean_build() {
    let s = test_site();
    let root = s.path();
    let (mut server, addr) = serve(root);
    for i in 0..200 {
        let rel = format!("content/nhanh/bai-{}.md", i % 5);
        if i % 17 == 16 {
            let _ = std::fs::remove_file(root.join(&rel));
            continue;
        }
        let day = 1 + (i * 7) % 28;
        // Titles change every 50 edits, so earlier pages must disappear.
        let front = format!(
            "title: Tin nhanh {} {}\ndate: 2025-03-{day:02}\ncategory: Thời sự\ntags: [t{}]",
            i % 5,
            i / 50,
            i % 3
        );
        write(root, &rel, &article(&front, &format!("Lần sửa {i}.")));
    }
    // The final state, built from scratch with the preview's URL and, like the preview, plain
    // asset names and no minification.
    let out = tempfile::tempdir().unwrap();
    let clean = bantin(
        root,
        &[
            "build",
            "--no-fingerprint",
            "--no-minify",
            "--base-url",
            &format!("http://{addr}/"),
            "-o",
            &out.path().join("p").to_string_lossy(),
        ],
    );
    assert!(clean.status.success(), "{}", stderr(&clean));
    let want = snapshot(&out.path().join("p"));
    let deadline = Instant::now() + WAIT;
    loop {
        let differing: Vec<&String> = want
            .iter()
            .filter(|(rel, _)| !rel.starts_with('.'))
            .filter(|(rel, bytes)| {
                let got = get(&addr, &format!("/{rel}"));
                got.status != 200 || unserved(&got.body) != *bytes
            })
            .map(|(rel, _)| rel)
            .collect();
        if differing.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still differ from a clean build: {differing:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Nothing else is served: an earlier edit's pages are gone.
    assert_eq!(get(&addr, "/thoi-su/tin-nhanh-1-0/").status, 404);
    assert!(server.alive());
}

/// The same burst, with every path checked (each state along the way replayed in memory, the
/// final ones byte for byte, all others 404) and two deletions last. It used to fail on a
/// loaded machine: the file watcher's debouncer dropped a "create then remove" pair that a
/// rebuild had already seen half of, so a deleted article stayed served (see `serve/watch.rs`).
#[test]
fn two_hundred_rapid_edits_serve_every_path_as_a_clean_build() {
    const EDITS: usize = RAPID_EDITS;
    let s = test_site();
    let root = s.path();
    let (mut server, addr) = serve(root);
    for i in 0..EDITS {
        rapid_edit(root, i);
    }
    // Every path any state along the way had: the same edits replayed on a copy of the site,
    // each state rendered in memory (as the preview renders it).
    let shadow = test_site();
    let preview = |root: &Path| BuildOptions {
        minify: false,
        fingerprint: false,
        base_url: Some(format!("http://{addr}/")),
        ..BuildOptions::new(root)
    };
    let mut ever: BTreeSet<String> = BTreeSet::new();
    let mut add_state = |root: &Path| {
        let (_, output) = render(&preview(root), &|_| {}).expect("each state builds");
        ever.extend(output.files.into_keys());
    };
    add_state(shadow.path());
    for i in 0..EDITS {
        rapid_edit(shadow.path(), i);
        add_state(shadow.path());
    }
    // The final state, built from scratch with the preview's URL and, like the preview, plain
    // asset names and no minification.
    let out = tempfile::tempdir().unwrap();
    let clean = bantin(
        root,
        &[
            "build",
            "--no-fingerprint",
            "--no-minify",
            "--base-url",
            &format!("http://{addr}/"),
            "-o",
            &out.path().join("p").to_string_lossy(),
        ],
    );
    assert!(clean.status.success(), "{}", stderr(&clean));
    let want: Vec<(String, Vec<u8>)> = snapshot(&out.path().join("p"))
        .into_iter()
        .filter(|(rel, _)| !rel.starts_with('.'))
        .collect();
    let want_paths: BTreeSet<String> = want.iter().map(|(p, _)| p.clone()).collect();
    assert!(
        want_paths.is_subset(&ever),
        "the replay missed paths of the final state"
    );
    let stale: Vec<&String> = ever.difference(&want_paths).collect();
    assert!(
        stale.iter().any(|p| p.contains("tin-nhanh-1-0")),
        "the edits left pages behind to check: {stale:?}"
    );
    // The server works through the burst in batches while the replay above runs; on a loaded
    // 2-core machine (the other tests, a debug build) that can take longer than one save's WAIT.
    let waited = Instant::now();
    let deadline = waited + 4 * WAIT;
    loop {
        // Served: exactly the clean build's paths, with its bytes; every other path any state
        // had is gone (404).
        let differing: Vec<&String> = want
            .iter()
            .filter(|(rel, bytes)| {
                let got = get(&addr, &format!("/{rel}"));
                got.status != 200 || unserved(&got.body) != *bytes
            })
            .map(|(rel, _)| rel)
            .collect();
        let still_served: Vec<&&String> = stale
            .iter()
            .filter(|rel| get(&addr, &format!("/{rel}")).status != 404)
            .collect();
        if differing.is_empty() && still_served.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still differ from a clean build: {differing:?}; served but not in it: \
             {still_served:?}; the server printed: {:#?}",
            server.printed()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!(
        "rapid edits: equal to a clean build after {:?} of waiting",
        waited.elapsed()
    );
    eprintln!(
        "rapid edits: {} paths served as a clean build, {} earlier paths gone",
        want.len(),
        stale.len()
    );
    assert!(server.alive());
}

#[test]
fn build_watch_writes_only_changed_files_and_ends_equal_to_a_clean_build() {
    let s = test_site();
    let root = s.path();
    let out: PathBuf = root.join("public");
    let watcher = Running::start(root, &["build", "--watch"]);
    // The first build says what it made, then that it watches; later ones what changed.
    let built = watcher.line_with("built in ");
    assert!(built.starts_with("built in "), "first build: {built}");
    assert!(!built.contains("changed"), "first build: {built}");
    watcher.line_with("watching for changes");
    let page = out.join("thoi-su/bai-mot/index.html");
    let before = snapshot(&out);
    let mtimes = |dir: &Path| -> Vec<(String, std::time::SystemTime)> {
        snapshot(dir)
            .into_iter()
            .map(|(rel, _)| {
                let t = std::fs::metadata(dir.join(&rel))
                    .unwrap()
                    .modified()
                    .unwrap();
                (rel, t)
            })
            .collect()
    };
    let times = mtimes(&out);
    write(
        root,
        "content/thoi-su/mot.md",
        &article(
            "title: Bài một\ndate: 2025-01-01\ncategory: Thời sự\ntags: [AI]",
            "Đã sửa.",
        ),
    );
    let rebuilt = watcher.line_with("rebuilt in");
    assert!(rebuilt.starts_with("rebuilt in "), "{rebuilt}");
    assert!(rebuilt.contains(" changed"), "{rebuilt}");
    assert!(std::fs::read_to_string(&page).unwrap().contains("Đã sửa."));
    let after = mtimes(&out);
    let now = snapshot(&out);
    let touched: Vec<&String> = after
        .iter()
        .zip(&times)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| &a.0)
        .collect();
    let differ: Vec<&String> = now
        .iter()
        .zip(&before)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| &a.0)
        .collect();
    assert_eq!(
        touched, differ,
        "exactly the files whose bytes changed are written"
    );
    assert!(touched.contains(&&"thoi-su/bai-mot/index.html".to_string()));
    assert!(
        !touched
            .iter()
            .any(|p| p.ends_with(".html") && *p != "thoi-su/bai-mot/index.html"),
        "no other page: {touched:?}"
    );
    assert_eq!(before.len(), snapshot(&out).len());

    // Rapid edits, a deletion: the folder ends equal to a clean build, file for file.
    for i in 0..200 {
        let front = format!(
            "title: Tin {}\ndate: 2025-03-{:02}\ncategory: Kinh tế",
            i % 4,
            1 + i % 28
        );
        write(
            root,
            &format!("content/kt/{}.md", i % 4),
            &article(&front, &format!("Sửa {i}.")),
        );
    }
    std::fs::remove_file(root.join("content/kinh-te/ba.md")).unwrap();
    let clean_dir = tempfile::tempdir().unwrap();
    let clean_out = clean_dir.path().join("p");
    let o = bantin(root, &["build", "-o", &clean_out.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let want = snapshot(&clean_out);
    let deadline = Instant::now() + WAIT;
    while snapshot(&out) != want {
        assert!(
            Instant::now() < deadline,
            "the watched output never matched a clean build"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!out.join("kinh-te/bai-ba").exists());
}

#[test]
fn the_preview_is_unminified_unless_minify_is_asked() {
    let s = test_site();
    let root = s.path();
    for (serve_flags, build_flags) in [
        (&[][..], &["--no-minify"][..]),
        (&["--minify"][..], &[][..]),
    ] {
        let (_server, addr) = serve_with(root, serve_flags);
        let served = unserved(&get(&addr, "/thoi-su/bai-mot/").body);
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("p");
        let url = format!("http://{addr}/");
        let mut args = vec!["build", "--no-fingerprint", "--base-url", &url];
        args.extend_from_slice(build_flags);
        let dir_s = dir.to_string_lossy().into_owned();
        args.extend(["-o", &dir_s]);
        let o = bantin(root, &args);
        assert!(o.status.success(), "{}", stderr(&o));
        let built = std::fs::read(dir.join("thoi-su/bai-mot/index.html")).unwrap();
        assert!(
            served == built,
            "serve {serve_flags:?} differs from build {build_flags:?}"
        );
    }
}
