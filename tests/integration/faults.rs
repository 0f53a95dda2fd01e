//! Faults: a build killed with SIGKILL, a full disk, unreadable content. The previous output is
//! never lost and errors name what failed.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

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
    let start = Instant::now();
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
    let full_time = start.elapsed();
    let new = snapshot(&reference.path().join("p"));

    // Kill at spread-out moments of the build (reading, rendering, writing, swapping).
    let mut killed = 0;
    for step in 1..=6u32 {
        let delay = full_time * step / 7;
        let mut child = Command::new(env!("CARGO_BIN_EXE_bantin"))
            .args(["build", "-o", out_s])
            .current_dir(big.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        // A build killed in the instant between moving the old output aside and moving the
        // new one in leaves no OUTPUT; the next build puts the old one back before anything.
        if !out.exists() {
            let failing = bantin(small.path(), &["build", "-o", out_s, "--base-url", "nope"]);
            assert!(!failing.status.success());
        }
        let now = snapshot(&out);
        assert!(
            now == old || now == new,
            "after a kill at {delay:?}, OUTPUT is neither the previous site nor the new one ({} files)",
            now.len()
        );
        if now == new {
            // Completed before the kill: start again from the small site.
            let again = bantin(small.path(), &["build", "-o", out_s]);
            assert!(again.status.success(), "{}", stderr(&again));
        }
    }
    assert!(
        killed >= 2,
        "only {killed} builds were killed before they finished"
    );
    // The next build completes and cleans what killed builds left beside OUTPUT.
    let ok = bantin(big.path(), &["build", "-o", out_s]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert_eq!(snapshot(&out), new);
    assert_eq!(leftovers(parent.path()), Vec::<String>::new());
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

/// Mount a tmpfs of `size` at `dir`; false (with a note) when this machine does not allow it.
#[cfg(target_os = "linux")]
fn mount_tmpfs(dir: &Path, size: &str) -> bool {
    let o = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .output();
    match o {
        Ok(o) if o.status.success() => true,
        Ok(o) => {
            eprintln!(
                "note: skipping the full-disk test: cannot mount a tmpfs ({})",
                String::from_utf8_lossy(&o.stderr).trim()
            );
            false
        }
        Err(e) => {
            eprintln!("note: skipping the full-disk test: cannot run mount ({e})");
            false
        }
    }
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
    let err = stderr(&full);
    assert_eq!(full.status.code(), Some(1), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains("is unchanged"), "{err}");
    assert_eq!(snapshot(&out), old, "the previous output is intact");
    assert_eq!(
        leftovers(disk.path()),
        Vec::<String>::new(),
        "no half-written copy"
    );
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
            eprintln!(
                "note: skipping the unreadable-file test: cannot run as another user (setpriv)"
            );
            return;
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
