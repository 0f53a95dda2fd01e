//! `bantin import` through the binary: exit codes 0/1/2, skipped re-imports, `--force`, one bad
//! file among good ones, `--encoding`.

use std::fs;

use super::{seed, to_windows_1258, SEED_OUT, SEED_SLUG, SITE};
use crate::common::{bantin, stderr, stdout};

fn cli_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("site.yaml"), SITE).unwrap();
    fs::create_dir_all(tmp.path().join("in")).unwrap();
    fs::write(tmp.path().join("in/seed.txt"), seed()).unwrap();
    tmp
}

#[test]
fn cli_import_skip_and_force() {
    let site = cli_site();
    let root = site.path();
    let out = root.join("content").join(SEED_OUT);
    let run = |args: &[&str]| bantin(root, &[&["import"][..], args, &["in/seed.txt"]].concat());

    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("ok "), "{}", stdout(&o));
    assert!(stdout(&o).contains(SEED_SLUG));
    let first = fs::read_to_string(&out).unwrap();

    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("skipped "), "{}", stdout(&o));
    assert!(stdout(&o).contains("unchanged"));

    let edited = first.replace("tags: []", "tags: [AI, DeepSeek]");
    fs::write(&out, &edited).unwrap();
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("--force"), "{}", stdout(&o));
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        edited,
        "edited file overwritten"
    );

    let o = run(&["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("ok "), "{}", stdout(&o));
    assert_eq!(fs::read_to_string(&out).unwrap(), first);
    let files = fs::read_dir(out.parent().unwrap()).unwrap().count();
    assert_eq!(files, 1, "no temp files or duplicates left behind");
}

#[test]
fn cli_one_bad_file_among_good_ones() {
    let site = cli_site();
    let root = site.path();
    fs::write(root.join("in/b-empty.txt"), "").unwrap();
    fs::write(root.join("in/c.txt"), "Quốc hội họp\n\nMở đầu.\n\nThân.\n").unwrap();
    fs::write(root.join("in/d.jpg"), [0u8, 1, 2]).unwrap(); // not text: not picked up
    fs::write(root.join("in/.hidden.txt"), "").unwrap();
    let o = bantin(root, &["import", "in"]);
    assert_eq!(o.status.code(), Some(1));
    let (out, err) = (stdout(&o), stderr(&o));
    assert_eq!(
        out.lines().filter(|l| l.starts_with("ok ")).count(),
        2,
        "{out}"
    );
    assert!(err.contains("b-empty.txt: the file is empty"), "{err}");
    assert!(err.contains("1 of 3 files failed"), "{err}");
    assert!(root.join("content").join(SEED_OUT).is_file());
    assert!(root.join("content/thoi-su/quoc-hoi-hop.md").is_file());
}

#[test]
fn cli_usage_and_config_errors_exit_2() {
    let site = cli_site();
    let root = site.path();
    for (args, want) in [
        (
            &["--date", "hôm qua"][..],
            "--date: \"hôm qua\" is not a date",
        ),
        (
            &["--encoding", "klingon"][..],
            "--encoding: unknown encoding label",
        ),
        (
            &["--category", "Thể thao"][..],
            "--category: no category \"Thể thao\"",
        ),
    ] {
        let o = bantin(root, &[&["import"][..], args, &["in/seed.txt"]].concat());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(want), "{}", stderr(&o));
    }
    fs::write(root.join("site.yaml"), "title: x\npaginte: 3\n").unwrap();
    let o = bantin(root, &["import", "in/seed.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("site.yaml:2:"), "{}", stderr(&o));
    assert!(
        !root.join("content").exists(),
        "nothing written on a usage error"
    );
}

#[test]
fn cli_encoding_flag() {
    let site = cli_site();
    let root = site.path();
    fs::write(root.join("in/seed.txt"), to_windows_1258(&seed())).unwrap();
    let o = bantin(root, &["import", "in/seed.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--encoding windows-1258"),
        "{}",
        stderr(&o)
    );
    let o = bantin(
        root,
        &["import", "--encoding", "windows-1258", "in/seed.txt"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(root.join("content").join(SEED_OUT).is_file());
}
