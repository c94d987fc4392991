//! The merged filesystem of a hand-made 3-layer image (GNU tar layers with `.wh.` files and
//! an opaque directory; tests/fixtures/browse/make.sh), with dive's change marks per layer
//! and aggregated, and the edge cases of whiteouts and replacements on hand-written
//! listings.

use std::path::Path;

use berth_layer::{Change, EntryKind, FileTree, LayerLister, Limits, Listing, TarEntry, sniff};

fn listing(name: &str) -> Listing {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/browse")
        .join(name);
    let data = std::fs::read(&path).unwrap();
    let mut lister = LayerLister::new(sniff(&data), Limits::default());
    lister.write(&data).unwrap();
    lister.finish().unwrap()
}

/// The image: layer1.tar, layer2.tar, layer3.tar (indexes 0, 1, 2).
///
/// | layer | entries (sizes in bytes)                                                      |
/// |-------|-------------------------------------------------------------------------------|
/// | 0     | app/ app/cache/ app/cache/a 300 app/cache/b 200 app/main 1000 etc/ etc/conf 50 |
/// |       | opt/ opt/data/ opt/data/x 400 opt/data/y 100                                   |
/// | 1     | app/ app/.wh.cache app/main 1200 etc/ etc/new 70 opt/ opt/data/                |
/// |       | opt/data/.wh..wh..opq opt/data/z 10 tmp/ tmp/build.log 500                     |
/// | 2     | etc/ etc/conf 50 (new mtime) tmp/ tmp/.wh.build.log                            |
fn image() -> Vec<Listing> {
    ["layer1.tar", "layer2.tar", "layer3.tar"]
        .into_iter()
        .map(listing)
        .collect()
}

/// `change size path` lines of a tree, parents first, children by name.
fn lines(tree: &FileTree) -> Vec<String> {
    tree.flat()
        .iter()
        .map(|e| format!("{:?} {} {}", e.change, e.size, e.path))
        .collect()
}

#[test]
fn merged_filesystem_applies_whiteouts_and_opaque_dirs() {
    let layers = image();
    let tree = FileTree::merged(&layers);
    let got: Vec<String> = tree
        .flat()
        .iter()
        .map(|e| format!("{} {} layer {:?}", e.path, e.size, e.layer))
        .collect();
    // app/cache/ is gone (layer 1's .wh.cache), opt/data/ keeps only layer 1's z (the
    // opaque marker hides x and y), tmp/build.log is gone (layer 2's whiteout); sizes of
    // directories are the sums below them.
    let expected = [
        "app/ 1200 layer Some(1)",
        "app/main 1200 layer Some(1)",
        "etc/ 120 layer Some(2)",
        "etc/conf 50 layer Some(2)",
        "etc/new 70 layer Some(1)",
        "opt/ 10 layer Some(1)",
        "opt/data/ 10 layer Some(1)",
        "opt/data/z 10 layer Some(1)",
        "tmp/ 0 layer Some(2)",
    ];
    assert_eq!(got, expected);
    assert!(tree.flat().iter().all(|e| e.change == Change::Unchanged));
    assert_eq!(tree.node(tree.root()).size, 1200 + 120 + 10);

    // The tree API a UI walks.
    let etc = tree.find("etc").unwrap();
    assert_eq!(tree.find("/etc/"), Some(etc));
    assert_eq!(tree.path(etc), "etc/");
    let names: Vec<&str> = tree
        .children(etc)
        .map(|c| tree.node(c).name.as_str())
        .collect();
    assert_eq!(names, ["conf", "new"]);
    let conf = tree.find("etc/conf").unwrap();
    assert_eq!(tree.node(conf).parent, Some(etc));
    assert_eq!(tree.node(conf).entry.as_ref().unwrap().mtime, 1_700_000_200);
    assert_eq!(tree.node(conf).kind(), EntryKind::File);
    assert_eq!(tree.find("app/cache"), None);
    assert_eq!(tree.find("opt/data/x"), None);
}

#[test]
fn change_marks_per_layer_and_aggregated() {
    let layers = image();
    let cases: [(&str, FileTree, &[&str]); 4] = [
        (
            "layer 0: everything is new",
            FileTree::layer_changes(&layers, 0),
            &[
                "Added 1500 app/",
                "Added 500 app/cache/",
                "Added 300 app/cache/a",
                "Added 200 app/cache/b",
                "Added 1000 app/main",
                "Added 50 etc/",
                "Added 50 etc/conf",
                "Added 500 opt/",
                "Added 500 opt/data/",
                "Added 400 opt/data/x",
                "Added 100 opt/data/y",
            ],
        ),
        (
            // A directory is Modified when anything below it changed; a removed directory
            // shows what it held (and its size counts it), but a kept directory's size
            // leaves removed children out, as dive's GetSize does.
            "layer 1 against layer 0",
            FileTree::layer_changes(&layers, 1),
            &[
                "Modified 1200 app/",
                "Removed 500 app/cache/",
                "Removed 300 app/cache/a",
                "Removed 200 app/cache/b",
                "Modified 1200 app/main",
                "Modified 120 etc/",
                "Unchanged 50 etc/conf",
                "Added 70 etc/new",
                "Modified 10 opt/",
                "Modified 10 opt/data/",
                "Removed 400 opt/data/x",
                "Removed 100 opt/data/y",
                "Added 10 opt/data/z",
                "Added 500 tmp/",
                "Added 500 tmp/build.log",
            ],
        ),
        (
            // etc/conf: same size, mode and owner, but a new mtime (no content hash here).
            "layer 2 against layers 0 and 1",
            FileTree::layer_changes(&layers, 2),
            &[
                "Unchanged 1200 app/",
                "Unchanged 1200 app/main",
                "Modified 120 etc/",
                "Modified 50 etc/conf",
                "Unchanged 70 etc/new",
                "Unchanged 10 opt/",
                "Unchanged 10 opt/data/",
                "Unchanged 10 opt/data/z",
                "Modified 0 tmp/",
                "Removed 500 tmp/build.log",
            ],
        ),
        (
            // Layers 1 and 2 against layer 0: tmp/build.log came and went, so it shows as
            // removed under a directory that is new.
            "aggregated up to layer 2",
            FileTree::aggregated_changes(&layers, 2),
            &[
                "Modified 1200 app/",
                "Removed 500 app/cache/",
                "Removed 300 app/cache/a",
                "Removed 200 app/cache/b",
                "Modified 1200 app/main",
                "Modified 120 etc/",
                "Modified 50 etc/conf",
                "Added 70 etc/new",
                "Modified 10 opt/",
                "Modified 10 opt/data/",
                "Removed 400 opt/data/x",
                "Removed 100 opt/data/y",
                "Added 10 opt/data/z",
                "Added 0 tmp/",
                "Removed 500 tmp/build.log",
            ],
        ),
    ];
    for (what, tree, expected) in cases {
        assert_eq!(lines(&tree), expected, "{what}");
    }
    // Aggregated up to layer 1 is layer 1's own view; at layer 0 it is layer 0's.
    assert_eq!(
        lines(&FileTree::aggregated_changes(&layers, 1)),
        lines(&FileTree::layer_changes(&layers, 1))
    );
    assert_eq!(
        lines(&FileTree::aggregated_changes(&layers, 0)),
        lines(&FileTree::layer_changes(&layers, 0))
    );
}

fn e(path: &str, kind: EntryKind, size: u64) -> TarEntry {
    TarEntry {
        path: path.into(),
        size,
        mode: if kind == EntryKind::Dir { 0o755 } else { 0o644 },
        uid: 0,
        gid: 0,
        uname: String::new(),
        gname: String::new(),
        mtime: 1_700_000_000,
        kind,
        link_target: None,
        device: None,
    }
}

fn file(path: &str, size: u64) -> TarEntry {
    e(path, EntryKind::File, size)
}

fn dir(path: &str) -> TarEntry {
    e(path, EntryKind::Dir, 0)
}

/// What, the lower layer, the upper layer, and the upper layer's view.
type EdgeCase = (
    &'static str,
    Vec<TarEntry>,
    Vec<TarEntry>,
    Vec<&'static str>,
);

#[test]
fn whiteout_and_replacement_edge_cases() {
    let chmod = TarEntry {
        mode: 0o600,
        ..file("d/x", 5)
    };
    let retarget = |target: &str| TarEntry {
        link_target: Some(target.into()),
        ..e("l", EntryKind::Symlink, 0)
    };
    let cases: Vec<EdgeCase> = vec![
        (
            "a file replaces a directory: its contents are removed",
            vec![dir("a/"), file("a/b", 3)],
            vec![file("a", 9)],
            vec!["Modified 9 a", "Removed 3 a/b"],
        ),
        (
            "a directory over a directory keeps what was in it",
            vec![dir("a/"), file("a/b", 3)],
            vec![dir("a/"), file("a/c", 4)],
            vec!["Modified 7 a/", "Unchanged 3 a/b", "Added 4 a/c"],
        ),
        (
            "an opaque directory hides lower files; one written again identically is unchanged",
            vec![dir("d/"), file("d/x", 5), file("d/y", 6)],
            vec![dir("d/"), file("d/.wh..wh..opq", 0), file("d/x", 5)],
            vec!["Modified 5 d/", "Unchanged 5 d/x", "Removed 6 d/y"],
        ),
        (
            "same size, other mode: modified",
            vec![dir("d/"), file("d/x", 5)],
            vec![chmod],
            vec!["Modified 5 d/", "Modified 5 d/x"],
        ),
        (
            "a symlink pointed elsewhere: modified",
            vec![retarget("a")],
            vec![retarget("b")],
            vec!["Modified 0 l"],
        ),
        (
            "a whiteout of nothing, aufs metadata: ignored",
            vec![file("f", 1)],
            vec![
                file(".wh.missing", 0),
                file(".wh..wh.plnk/123.456", 0),
                dir(".wh..wh.aufs/"),
            ],
            vec!["Unchanged 1 f"],
        ),
        (
            "directories only implied by a path are made, added",
            vec![file("f", 1)],
            vec![file("a/b/c", 2)],
            vec![
                "Added 2 a/",
                "Added 2 a/b/",
                "Added 2 a/b/c",
                "Unchanged 1 f",
            ],
        ),
        (
            "a whiteout applies to lower layers only, not to its own layer",
            vec![file("f", 1)],
            vec![file("g", 2), file(".wh.g", 0), file(".wh.f", 0)],
            vec!["Removed 1 f", "Added 2 g"],
        ),
        (
            "a whole directory deleted",
            vec![dir("a/"), dir("a/b/"), file("a/b/c", 2), file("a/d", 3)],
            vec![file(".wh.a", 0)],
            vec![
                "Removed 5 a/",
                "Removed 2 a/b/",
                "Removed 2 a/b/c",
                "Removed 3 a/d",
            ],
        ),
    ];
    for (what, lower, upper, expected) in cases {
        let layers = [lower, upper];
        assert_eq!(
            lines(&FileTree::layer_changes(&layers, 1)),
            expected,
            "{what}"
        );
        // The merged filesystem is the upper view without what was removed.
        let merged: Vec<String> = lines(&FileTree::merged(&layers))
            .into_iter()
            .map(|l| l.split_once(' ').unwrap().1.to_string())
            .collect();
        let kept: Vec<String> = expected
            .iter()
            .filter(|l| !l.starts_with("Removed"))
            .map(|l| l.split_once(' ').unwrap().1.to_string())
            .collect();
        assert_eq!(merged, kept, "{what} (merged)");
    }
}

#[test]
fn an_implied_directory_has_no_entry() {
    let layers = [vec![file("a/b/c", 2)]];
    let tree = FileTree::merged(&layers);
    let a = tree.find("a").unwrap();
    assert!(tree.node(a).entry.is_none());
    assert!(tree.node(a).is_dir());
    assert_eq!(tree.node(a).layer, None);
    assert_eq!(tree.path(tree.find("a/b/c").unwrap()), "a/b/c");
    assert_eq!(tree.path(tree.root()), "");
}
