//! Faults: a build killed with SIGKILL, a full disk, unreadable content. The previous output is
//! never lost and errors name what failed.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{article, bantin, site, snapshot, stderr, write};

const SITE_YAML: &str = "title: T\nbase_url: https://example.com/\n";

/// A site of `n` articles with some body text.
fn site_of(n: usize) -> tempfile::TempDir {
    let dir = site(&[("site.yaml", SITE_YAML)]);
    let para = "Lào Cai đẩy mạnh chuyển đổi số, làm sạch dữ liệu đất đai. ".repeat(20);
    for i in 0..n {
        write(
            dir.path(),
            &format!("content/{}/{i}.md", i % 7),
            &article(
                &format!(
                    "title: Bài số {i}\ndate: 2025-01-{:02}T{:02}:00:00+07:00\ncategory: Mục {}\ntags: [t{}, t{}]\nsummary: Tóm tắt {i}",
                    i % 28 + 1,
                    i % 24,
                    i % 5,
                    i % 13,
                    i % 17
                ),
                &format!("{para}\n\n{para}"),
            ),
        );
    }
    dir
}

fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".bantin-"))
        .collect()
}

/// A test that cannot run here says so: `skipped: <test> (<reason>)` on stderr (shown with
/// `--nocapture`) and appended to `target/tmp/skipped.txt`, which `.ci/run` prints at its end.
pub(crate) fn skip(test: &str, reason: &str) {
    let line = format!("skipped: {test} ({reason})");
    eprintln!("{line}");
    let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join("skipped.txt");
    let appended = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log)
        .and_then(|mut f| std::io::Write::write_all(&mut f, format!("{line}\n").as_bytes()));
    if let Err(e) = appended {
        eprintln!("note: could not record the skip in {}: {e}", log.display());
    }
}

/// The ends of a build's phases in order, as `BANTIN_TIMINGS=1` prints them (`timing::mark`),
/// each with the phase that follows it: a build killed after printing one is in the next.
const PHASE_ENDS: &[(&str, &str)] = &[
    ("config and theme", "reading content"),
    ("content read and parsed", "making the site model"),
    ("site model", "preparing static files"),
    ("static files", "loading templates"),
    ("renderer", "making feeds, sitemaps, search"),
    ("feeds, sitemaps, search", "writing plain files"),
    ("plain files written", "rendering and writing pages"),
    ("pages rendered and written", "swapping the output in"),
    ("output in place", "finished"),
];

/// The phase a build was in when it stopped, from what it printed with `BANTIN_TIMINGS=1`.
fn phase_of(stderr: &str) -> &'static str {
    PHASE_ENDS
        .iter()
        .rev()
        .find(|(end, _)| stderr.lines().any(|l| l.trim_start().starts_with(end)))
        .map_or("loading config and theme", |(_, next)| next)
}

/// Start `bantin build -o out` on `root` with phase timings on, SIGKILL it as soon as it prints
/// the end of phase `after` (at once when `None`), and return the phase it was killed in.
#[cfg(unix)]
fn build_killed_after(root: &Path, out: &str, after: Option<&str>) -> &'static str {
    use std::io::{BufRead, BufReader, Read};
    let mut child = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(["build", "-o", out])
        .current_dir(root)
        .env("BANTIN_TIMINGS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    if let Some(after) = after {
        let mut line = String::new();
        while err.read_line(&mut line).unwrap_or(0) > 0 {
            seen.push_str(&line);
            if line.trim_start().starts_with(after) {
                break;
            }
            line.clear();
        }
    }
    child.kill().ok(); // SIGKILL
    child.wait().unwrap();
    // What it printed before it died.
    err.read_to_string(&mut seen).ok();
    phase_of(&seen)
}

#[cfg(unix)]
#[test]
fn a_build_killed_midway_leaves_the_previous_output_complete() {
    let small = site_of(3);
    let big = site_of(600);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let out_s = out.to_str().unwrap();
    let ok = bantin(small.path(), &["build", "-o", out_s]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let old = snapshot(&out);
    // What the big site looks like when its build completes (built elsewhere).
    let reference = tempfile::tempdir().unwrap();
    let full = bantin(
        big.path(),
        &[
            "build",
            "--force",
            "-o",
            reference.path().join("p").to_str().unwrap(),
        ],
    );
    assert!(full.status.success(), "{}", stderr(&full));
    let new = snapshot(&reference.path().join("p"));

    // Kill at the start and right after the end of each of five phases: the kill lands in the
    // next phase (reading content, static files, writing plain files, rendering and writing
    // pages, swapping), which the build's own phase marks tell afterwards. No timing involved.
    let mut hit = Vec::new();
    for after in [
        None,
        Some("config and theme"),
        Some("site model"),
        Some("feeds, sitemaps, search"),
        Some("plain files written"),
        Some("pages rendered and written"),
    ] {
        let phase = build_killed_after(big.path(), out_s, after);
        hit.push(phase);
        // A build killed in the instant between moving the old output aside and moving the
        // new one in leaves no OUTPUT; the next build puts the old one back before anything.
        if !out.exists() {
            let failing = bantin(small.path(), &["build", "-o", out_s, "--base-url", "nope"]);
            assert!(!failing.status.success());
        }
        let now = snapshot(&out);
        assert!(
            now == old || now == new,
            "after a kill while {phase}, OUTPUT is neither the previous site nor the new one ({} files)",
            now.len()
        );
        // Before the swap OUTPUT is still the previous site; the swap's rename is the moment
        // it becomes the new one; once the build said so, it is.
        match phase {
            "swapping the output in" => {}
            "finished" => assert!(now == new, "finished, yet OUTPUT is not the new site"),
            _ => assert!(
                now == old,
                "killed while {phase}, yet OUTPUT is the new site"
            ),
        }
        if now == new {
            // Completed before the kill: start again from the small site.
            let again = bantin(small.path(), &["build", "-o", out_s]);
            assert!(again.status.success(), "{}", stderr(&again));
        }
    }
    eprintln!("killed while: {hit:?}");
    for phase in [
        "reading content",
        "writing plain files",
        "rendering and writing pages",
    ] {
        assert!(
            hit.contains(&phase),
            "no kill landed while {phase}: {hit:?}"
        );
    }
    let distinct: std::collections::BTreeSet<_> =
        hit.iter().filter(|p| **p != "finished").collect();
    assert!(distinct.len() >= 4, "kills landed in only {distinct:?}");
    // The next build completes and cleans what killed builds left beside OUTPUT.
    let ok = bantin(big.path(), &["build", "-o", out_s]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert_eq!(snapshot(&out), new);
    // Older outputs that a recovery found beside a newer one are kept on purpose (and named on
    // every build); nothing else is left.
    let left: Vec<String> = leftovers(parent.path())
        .into_iter()
        .filter(|n| !n.contains(".bantin-kept-"))
        .collect();
    assert_eq!(left, Vec::<String>::new());
    if leftovers(parent.path()).len() > left.len() {
        assert!(stderr(&ok).contains("older cop"), "{}", stderr(&ok));
    }
}

#[test]
fn a_build_killed_between_the_renames_is_recovered_before_the_next_build() {
    let small = site_of(2);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let out_s = out.to_str().unwrap();
    assert!(bantin(small.path(), &["build", "-o", out_s])
        .status
        .success());
    let old = snapshot(&out);
    // The state a kill between the two renames leaves: only the moved-aside old output.
    std::fs::rename(&out, parent.path().join(".public.bantin-old-4242")).unwrap();
    write(small.path(), "content/broken.md", "no front matter");
    let failed = bantin(small.path(), &["build", "-o", out_s]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert_eq!(snapshot(&out), old, "the previous output is back in place");
    assert_eq!(leftovers(parent.path()), Vec::<String>::new());
}

#[test]
fn with_several_killed_builds_the_newest_output_is_restored_and_the_others_kept_and_named() {
    let s = site_of(2);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let out_s = out.to_str().unwrap();
    let build = || bantin(s.path(), &["build", "-o", out_s]);
    // Two builds killed between the renames, the later one over a newer site; the older one's
    // PID sorts first, so the first by name is not the newest.
    assert!(build().status.success());
    let older = parent.path().join(".public.bantin-old-1000");
    std::fs::rename(&out, &older).unwrap();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::open(&older)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    write(
        s.path(),
        "content/new.md",
        &article("title: Bài mới hơn\ndate: 2025-02-01", "Mới."),
    );
    // (Built elsewhere: a build here would first restore the older one.)
    let elsewhere = tempfile::tempdir_in(parent.path()).unwrap();
    let other = elsewhere.path().join("public");
    assert!(bantin(s.path(), &["build", "-o", other.to_str().unwrap()])
        .status
        .success());
    let newest = snapshot(&other);
    std::fs::rename(&other, parent.path().join(".public.bantin-old-9000")).unwrap();
    drop(elsewhere);

    // A failing build still puts the newest back first.
    write(s.path(), "content/broken.md", "no front matter");
    let failed = build();
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert_eq!(snapshot(&out), newest, "the newest output is back in place");
    let kept = parent.path().join(".public.bantin-kept-1000");
    assert!(kept.join("index.html").is_file(), "the older copy is kept");

    // Every build that succeeds names it, until it is deleted.
    std::fs::remove_file(s.path().join("content/broken.md")).unwrap();
    for _ in 0..2 {
        let ok = build();
        assert!(ok.status.success(), "{}", stderr(&ok));
        let err = stderr(&ok);
        assert!(
            err.contains(&format!(
                "warning: {out_s}: an older copy of the output, left by builds killed while swapping folders, is kept beside it (the newest was restored): {}; bantin does not delete them",
                kept.display()
            )),
            "{err}"
        );
        assert!(kept.is_dir());
    }
    std::fs::remove_dir_all(&kept).unwrap();
    let ok = build();
    assert!(!stderr(&ok).contains("older cop"), "{}", stderr(&ok));
    assert_eq!(leftovers(parent.path()), Vec::<String>::new());
}

/// Mount a tmpfs of `size` at `dir`; false (with a skip line) when this machine does not allow it.
#[cfg(target_os = "linux")]
fn mount_tmpfs(dir: &Path, size: &str) -> bool {
    const TEST: &str = "faults::a_full_disk_is_a_clear_error_and_the_previous_output_stays";
    let o = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .output();
    match o {
        Ok(o) if o.status.success() => true,
        Ok(o) => {
            let why = String::from_utf8_lossy(&o.stderr).trim().to_string();
            skip(
                TEST,
                &format!("cannot mount a tmpfs: {why}; a_write_failing_midway covers a failed write without mount"),
            );
            false
        }
        Err(e) => {
            skip(
                TEST,
                &format!("cannot run mount: {e}; a_write_failing_midway covers a failed write without mount"),
            );
            false
        }
    }
}

/// After a failed write, the build said what failed and that OUTPUT is unchanged, and it is.
fn assert_failed_write_left_output(
    full: &std::process::Output,
    why: &str,
    out: &Path,
    old: &[(String, Vec<u8>)],
) {
    let err = stderr(full);
    assert_eq!(full.status.code(), Some(1), "{err}");
    assert!(err.contains(why), "{err}");
    assert!(err.contains("is unchanged"), "{err}");
    assert_eq!(snapshot(out), old, "the previous output is intact");
    assert_eq!(
        leftovers(out.parent().unwrap()),
        Vec::<String>::new(),
        "no half-written copy"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_a_clear_error_and_the_previous_output_stays() {
    let disk = tempfile::tempdir().unwrap();
    if !mount_tmpfs(disk.path(), "1m") {
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(disk.path());
    let out = disk.path().join("public");
    let out_s = out.to_str().unwrap();
    let small = site_of(2);
    let ok = bantin(small.path(), &["build", "-o", out_s]);
    assert!(
        ok.status.success(),
        "the small site fits in 1 MB: {}",
        stderr(&ok)
    );
    let old = snapshot(&out);
    let big = site_of(300);
    let full = bantin(big.path(), &["build", "-o", out_s]);
    assert_failed_write_left_output(&full, "No space left on device", &out, &old);
}

/// The same failure without mount (so it runs where mount is refused, as in containers): the
/// build runs under `prlimit --fsize`, with SIGXFSZ ignored, so a write past the limit fails
/// with EFBIG ("File too large") the way a full disk fails with ENOSPC: midway through writing
/// the new output.
#[cfg(target_os = "linux")]
#[test]
fn a_write_failing_midway_is_a_clear_error_and_the_previous_output_stays() {
    const TEST: &str =
        "faults::a_write_failing_midway_is_a_clear_error_and_the_previous_output_stays";
    // Larger than any file of the small site, smaller than the big site's feeds.
    const LIMIT: u64 = 96 * 1024;
    let limited = |root: &Path, out: &str| {
        Command::new("sh")
            .args([
                "-c",
                "trap '' XFSZ; exec prlimit --fsize=\"$1\" -- \"$2\" build -o \"$3\"",
            ])
            .args(["sh", &LIMIT.to_string(), env!("CARGO_BIN_EXE_bantin"), out])
            .current_dir(root)
            .output()
    };
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let out_s = out.to_str().unwrap();
    let small = site_of(2);
    let ok = match limited(small.path(), out_s) {
        Ok(o) if !stderr(&o).contains("prlimit:") => o,
        Ok(o) => return skip(TEST, &format!("prlimit refused: {}", stderr(&o).trim())),
        Err(e) => return skip(TEST, &format!("cannot run sh/prlimit: {e}")),
    };
    assert!(
        ok.status.success(),
        "the small site's files are under {LIMIT} bytes: {}",
        stderr(&ok)
    );
    let old = snapshot(&out);
    assert!(old.iter().all(|(_, b)| (b.len() as u64) < LIMIT));
    let big = site_of(300);
    let full = limited(big.path(), out_s).unwrap();
    assert_failed_write_left_output(&full, "File too large", &out, &old);
}

/// Run the bantin binary as the unprivileged user `nobody` (root reads any file, so permission
/// errors can only be seen as another user); `None` when `setpriv` is not available.
#[cfg(unix)]
fn bantin_as_nobody(cwd: &Path, args: &[&str]) -> Option<std::process::Output> {
    let root = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&root.stdout).trim() != "0" {
        return Some(bantin(cwd, args));
    }
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_bantin"))
        .args(args)
        .current_dir(cwd)
        .output()
        .ok()
        .filter(|o| !String::from_utf8_lossy(&o.stderr).contains("setpriv:"))
}

#[cfg(unix)]
#[test]
fn unreadable_content_files_and_folders_are_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = site_of(2);
    write(
        dir.path(),
        "content/secret/x.md",
        &article("title: X\ndate: 2025-01-01", "x"),
    );
    write(
        dir.path(),
        "content/locked.md",
        &article("title: L\ndate: 2025-01-01", "x"),
    );
    let open = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    // Let `nobody` reach the site and write its output; then lock one file and one folder.
    open(dir.path(), 0o777);
    for e in walkdir::WalkDir::new(dir.path()).min_depth(1) {
        let e = e.unwrap();
        open(e.path(), if e.file_type().is_dir() { 0o777 } else { 0o666 });
    }
    open(&dir.path().join("content/locked.md"), 0o000);
    let o = match bantin_as_nobody(dir.path(), &["build", "-o", "out"]) {
        Some(o) => o,
        None => {
            return skip(
                "faults::unreadable_content_files_and_folders_are_named",
                "cannot run as another user: setpriv missing or refused",
            )
        }
    };
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/locked.md: cannot read: Permission denied"),
        "{err}"
    );
    open(&dir.path().join("content/locked.md"), 0o666);
    open(&dir.path().join("content/secret"), 0o000);
    let o = bantin_as_nobody(dir.path(), &["build", "-o", "out"]).unwrap();
    let err = stderr(&o);
    open(&dir.path().join("content/secret"), 0o777);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("content/secret"), "{err}");
    assert!(err.contains("Permission denied"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing written");
}
