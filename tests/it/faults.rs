//! Faults: a build killed mid-way, a read-only output location, a full disk. In every case the
//! previous output must stay exactly as it was and the error must say what happened.
//!
//! The read-only and full-disk cases mount a small tmpfs (`mount -t tmpfs`), which needs root
//! with CAP_SYS_ADMIN (true in our CI container). Where mounting is not allowed the mount-based
//! tests print `SKIP: …` and pass; the read-only case is then still covered by
//! `output_parent_is_a_file`, which needs no privileges (tests run as root, so chmod-based
//! permission tests would not bite anyway: root ignores file modes).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::*;

/// A site with `n` public documents in two columns, each with a body of a few paragraphs.
fn big_site(n: usize) -> Site {
    let s = Site::new();
    let para = "依据《中华人民共和国政府信息公开条例》，现将有关事项通知如下。".repeat(6);
    for i in 0..n {
        let col = if i % 2 == 0 {
            "fdzdgknr/gfxwj"
        } else {
            "fdzdgknr/zcjd"
        };
        let fm = format!(
            "{}\ndoc_number: 测政办字〔2021〕{}号\ntopics: [主题{}]",
            public_fm(
                &format!("关于第{i}项工作的通知"),
                &format!("2021-{:02}-{:02}", 1 + i % 12, 1 + i % 28)
            ),
            i + 1,
            i % 17
        );
        s.doc(
            &format!("{col}/d{i:05}.md"),
            &fm,
            &format!("{para}\n\n## 第一条\n\n{para}\n\n## 第二条\n\n{para}\n"),
        );
    }
    s
}

fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("gongkai-tmp") || n.contains("gongkai-old"))
        .collect()
}

fn spawn_build(s: &Site, out: &Path) -> std::process::Child {
    Command::new(bin())
        .args([
            "build",
            "--root",
            s.path().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--today",
            "2021-12-20",
        ])
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn gongkai")
}

/// SIGKILL (no destructors, no cleanup) at several points of a ~2,000-document build: the
/// previous output survives byte for byte; the next build succeeds and removes the stale
/// staging folder the killed one left behind.
#[test]
fn killed_build_keeps_previous_output() {
    let s = big_site(2000);
    let t0 = Instant::now();
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    let full = t0.elapsed();
    let before = snapshot(&s.out());
    // Change the input, so a completed build would be visible as a different output.
    s.doc(
        "fdzdgknr/gfxwj/new.md",
        &public_fm("新增的文件", "2021-12-01"),
        "新的正文。",
    );
    // The complete new output, for a kill that lands after the swap (while the previous
    // output, moved aside, is being deleted): public/ is then the new build, whole.
    let reference = s.path().join("reference-out");
    let mut child = spawn_build(&s, &reference);
    assert!(child.wait().unwrap().success());
    let after = snapshot(&reference);
    // Back to the previous output (after a build that completed or was killed after the
    // swap), so every kill below is judged against `before`.
    let restore = || {
        let new = s.path().join("content/fdzdgknr/gfxwj/new.md");
        let aside = s.path().join("new.md.aside");
        std::fs::rename(&new, &aside).unwrap();
        let o = s.build("2021-12-20");
        std::fs::rename(&aside, &new).unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            before == snapshot(&s.out()),
            "restoring the previous output"
        );
    };
    let mut killed_with_staging = 0;
    for frac in [0.0, 0.15, 0.3, 0.5, 0.7] {
        let delay = Duration::from_millis(100).max(full.mul_f64(frac));
        let mut child = spawn_build(&s, &s.out());
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_some() {
            // Finished before we could kill it: the new output must be complete, then restore.
            assert!(s.out().join("fdzdgknr/gfxwj/new/index.html").exists());
            restore();
            continue;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        if leftovers(s.path())
            .iter()
            .any(|n| n.contains("gongkai-tmp"))
        {
            killed_with_staging += 1;
        }
        assert!(
            s.out().is_dir(),
            "public/ vanished after a kill at {delay:?}; left: {:?}",
            leftovers(s.path())
        );
        let now = snapshot(&s.out());
        assert!(
            before == now || after == now,
            "public/ is neither the previous nor the complete new output after a kill at {delay:?} (of {full:?})"
        );
        if after == now {
            restore();
        }
    }
    assert!(
        killed_with_staging > 0,
        "no kill landed while a staging folder existed (build took {full:?})"
    );
    let o = s.build("2021-12-20");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s.out().join("fdzdgknr/gfxwj/new/index.html").exists());
    assert_eq!(
        leftovers(s.path()),
        Vec::<String>::new(),
        "stale staging folders removed"
    );
}

/// A plain file where the output's parent folder should be: no privileges needed.
#[test]
fn output_parent_is_a_file() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲", "2021-05-01"),
        "正文。",
    );
    s.write("blocker", "I am a file, not a folder");
    let out = s.path().join("blocker/public");
    let o = build(s.path(), &out, "2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: 无法创建文件夹") && err.contains("blocker"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

/// A tmpfs mounted on a fresh temp folder, unmounted on drop.
struct Mount {
    dir: tempfile::TempDir,
}

impl Mount {
    fn tmpfs(size: &str) -> Option<Mount> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size}"),
                "tmpfs",
                dir.path().to_str()?,
            ])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Mount { dir })
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn remount(&self, opts: &str) -> bool {
        Command::new("mount")
            .args([
                "-o",
                &format!("remount,{opts}"),
                self.dir.path().to_str().unwrap(),
            ])
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// The output lives on a file system that became read-only after the first build.
#[test]
fn read_only_output_is_a_clear_error() {
    let Some(m) = Mount::tmpfs("8m") else {
        eprintln!(
            "SKIP read_only_output_is_a_clear_error: cannot mount tmpfs here (needs root with CAP_SYS_ADMIN)"
        );
        return;
    };
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲", "2021-05-01"),
        "正文。",
    );
    let out = m.path().join("public");
    assert!(build(s.path(), &out, "2021-12-20").status.success());
    let before = snapshot(&out);
    assert!(m.remount("ro"), "remount read-only");
    let o = build(s.path(), &out, "2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("文件系统只读"), "{err}");
    assert!(
        err.contains(&m.path().display().to_string()),
        "names the path: {err}"
    );
    assert!(before == snapshot(&out), "previous output untouched");
    assert!(m.remount("rw"));
}

/// The disk fills up while the new output is written: a clear "disk is full" error, the
/// previous output untouched, and the half-written staging folder removed.
#[test]
fn full_disk_is_a_clear_error() {
    let Some(m) = Mount::tmpfs("3m") else {
        eprintln!(
            "SKIP full_disk_is_a_clear_error: cannot mount tmpfs here (needs root with CAP_SYS_ADMIN)"
        );
        return;
    };
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲", "2021-05-01"),
        "正文。",
    );
    let out = m.path().join("public");
    let o = build(s.path(), &out, "2021-12-20");
    assert!(o.status.success(), "the small site fits: {}", stderr(&o));
    let before = snapshot(&out);
    // A 4 MB attachment cannot fit beside the old output on a 3 MB disk.
    s.write_bytes(
        "content/fdzdgknr/gfxwj/big.pdf",
        &vec![b'x'; 4 * 1024 * 1024],
    );
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &format!("{}\nattachments: [big.pdf]", public_fm("甲", "2021-05-01")),
        "正文。",
    );
    let o = build(s.path(), &out, "2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("磁盘已满"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(before == snapshot(&out), "previous output untouched");
    assert_eq!(
        leftovers(&m.path()),
        Vec::<String>::new(),
        "staging folder removed"
    );
}

/// A kill between the two renames of the output swap leaves `public/` moved aside as
/// `.public.gongkai-old-<pid>` and nothing in place. The next build puts it back before it
/// cleans up, so even when that build fails the previous output is there again.
#[test]
fn output_moved_aside_by_a_killed_swap_is_restored() {
    let s = Site::new();
    s.doc(
        "fdzdgknr/gfxwj/a.md",
        &public_fm("甲", "2021-05-01"),
        "正文。",
    );
    assert!(s.build("2021-12-20").status.success());
    let before = snapshot(&s.out());
    // The state a SIGKILL between the renames leaves (pid beyond pid_max: surely dead).
    std::fs::rename(s.out(), s.path().join(".public.gongkai-old-4194999")).unwrap();
    // A build that fails after staging began: a static file collides with a page folder.
    s.write("static/fdzdgknr", "not a folder");
    let o = s.build("2021-12-20");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("static/fdzdgknr"), "{err}");
    assert!(s.out().is_dir(), "previous output restored");
    assert!(before == snapshot(&s.out()), "restored byte for byte");
    assert_eq!(leftovers(s.path()), Vec::<String>::new());
    std::fs::remove_file(s.path().join("static/fdzdgknr")).unwrap();
    assert!(s.build("2021-12-20").status.success());
}

/// A build replaces its output folder wholesale, so `--output .`, `--output content` or a
/// typo pointing at some other folder must be refused: they used to delete the site (`.git`
/// included) or the folder's contents.
#[test]
fn output_may_not_replace_the_site_or_its_sources() {
    // The site lives one level down, so even a broken guard could only ever replace this
    // test's own temporary folder, never a real parent like /tmp.
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    let w = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w("site.yaml", SITE_YAML);
    w(
        "content/fdzdgknr/gfxwj/a.md",
        &format!("---\n{}\n---\n正文。\n", public_fm("甲", "2021-05-01")),
    );
    w(".git/HEAD", "ref: refs/heads/main\n");
    w("static/logo.svg", "<svg/>");
    w("mine/notes.txt", "not a gongkai output");
    let before = snapshot(t.path());
    let cases = [
        (root.clone(), "contains the site itself"),
        (t.path().to_path_buf(), "contains the site itself"),
        (root.join("content"), "inside the site's content/"),
        (
            root.join("content/fdzdgknr/out"),
            "inside the site's content/",
        ),
        (root.join("static"), "inside the site's static/"),
        (root.join("site.yaml"), "is not an earlier gongkai output"),
        (root.join("mine"), "is not an earlier gongkai output"),
    ];
    for (out, msg) in cases {
        let o = build(&root, &out, "2021-12-20");
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{}: {err}", out.display());
        assert!(err.contains(msg), "{}: {err}", out.display());
    }
    assert!(before == snapshot(t.path()), "nothing in the site changed");
    // The default output, an empty folder and an earlier output are fine.
    let public = root.join("public");
    assert!(build(&root, &public, "2021-12-20").status.success());
    assert!(build(&root, &public, "2021-12-20").status.success());
    std::fs::create_dir(root.join("empty")).unwrap();
    assert!(
        build(&root, &root.join("empty"), "2021-12-20")
            .status
            .success()
    );
}

/// Two builds of the same site into the same output at once (a double-triggered CI job): each
/// stages separately; whatever order their swaps land in, the result is one complete output,
/// identical to a lone build, and no staging or old folders remain.
#[test]
fn concurrent_builds_leave_one_complete_output() {
    let s = big_site(300);
    assert!(s.build("2021-12-20").status.success());
    let expected = snapshot(&s.out());
    for _ in 0..3 {
        let logs = tempfile::tempdir().unwrap();
        let run = |n: usize| {
            Command::new(bin())
                .args([
                    "build",
                    "--root",
                    s.path().to_str().unwrap(),
                    "--output",
                    s.out().to_str().unwrap(),
                    "--today",
                    "2021-12-20",
                ])
                .env_remove("SOURCE_DATE_EPOCH")
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(logs.path().join(n.to_string())).unwrap())
                .spawn()
                .unwrap()
        };
        let (mut a, mut b) = (run(0), run(1));
        let (ra, rb) = (a.wait().unwrap(), b.wait().unwrap());
        let errs: Vec<String> = (0..2)
            .map(|n| std::fs::read_to_string(logs.path().join(n.to_string())).unwrap())
            .collect();
        assert!(
            ra.success() || rb.success(),
            "at least one build succeeds: {errs:?}"
        );
        for (r, e) in [(ra, &errs[0]), (rb, &errs[1])] {
            assert!(
                r.success()
                    || (r.code() == Some(1) && e.contains("error:") && !e.contains("panicked")),
                "{e}"
            );
        }
        assert!(
            expected == snapshot(&s.out()),
            "the output is one complete build"
        );
        assert_eq!(leftovers(s.path()), Vec::<String>::new());
    }
}
