//! dive's efficiency score and wasted space (dive/filetree/efficiency.go and
//! dive/image/analysis.go, wagoodman/dive), on the hand-made 3-layer image with the numbers
//! worked out by hand, and on dive's own test cases (dive/filetree/efficiency_test.go).

use std::path::Path;

use berth_layer::{
    EntryKind, LayerLister, Limits, Listing, TarEntry, WastedPath, efficiency, sniff,
};

fn listing(name: &str) -> Listing {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/browse")
        .join(name);
    let data = std::fs::read(&path).unwrap();
    let mut lister = LayerLister::new(sniff(&data), Limits::default());
    lister.write(&data).unwrap();
    lister.finish().unwrap()
}

fn wasted(path: &str, occurrences: usize, bytes: u64) -> WastedPath {
    WastedPath {
        path: path.into(),
        occurrences,
        bytes,
    }
}

#[test]
fn the_three_layer_image_by_hand() {
    let layers: Vec<Listing> = ["layer1.tar", "layer2.tar", "layer3.tar"]
        .into_iter()
        .map(listing)
        .collect();
    let got = efficiency(&layers);

    // Each layer's leaves (entries with nothing below them in that layer), by path:
    //
    //   path            layer 0  layer 1                  layer 2         sum   min
    //   app/cache/a        300                                            300   300
    //   app/cache/b        200                                            200   200
    //   app/main          1000     1200                                  2200  1000
    //   etc/conf            50                               50           100    50
    //   opt/data/x         400                                            400   400
    //   opt/data/y         100                                            100   100
    //   app/cache                   500 (.wh.cache: a dir,                500   500
    //                                    0 + 300 + 200 below)
    //   etc/new                      70                                    70    70
    //   opt/data/z                   10                                    10    10
    //   tmp/build.log               500           0 (.wh.build.log:       500     0
    //                                               a file counts 0)
    //                                                                    ----  ----
    //                                                                    4380  2630
    //
    // (opt/data/ has z below it in layer 1, so it is no leaf; the opaque marker is never
    // an entry for dive, so x and y hidden by it waste nothing.)
    let (sum, min) = (
        300 + 200 + 2200 + 100 + 400 + 100 + 500 + 70 + 10 + 500,
        300 + 200 + 1000 + 50 + 400 + 100 + 500 + 70 + 10,
    );
    assert_eq!((sum, min), (4380, 2630));
    assert_eq!(got.score, 2630.0 / 4380.0);
    assert!((got.score - 0.600_456_621).abs() < 1e-9);
    // Paths seen in two or more layers, all their bytes counted: 2200 + 500 + 100.
    assert_eq!(
        got.worst,
        [
            wasted("app/main", 2, 2200),
            wasted("tmp/build.log", 2, 500),
            wasted("etc/conf", 2, 100),
        ]
    );
    assert_eq!(got.wasted_bytes, 2800);
    // Every entry's size in every layer: 2050 (layer 0) + 1780 (layer 1: 1200 + 70 + 10 +
    // 500) + 50 (layer 2); user bytes leave layer 0 out.
    assert_eq!(got.total_bytes, 2050 + 1780 + 50);
    assert_eq!(got.user_bytes, 1780 + 50);
    assert_eq!(got.wasted_user_ratio(), 2800.0 / 1830.0);
}

fn file(path: &str, size: u64) -> TarEntry {
    TarEntry {
        path: path.into(),
        size,
        mode: 0o644,
        uid: 0,
        gid: 0,
        uname: String::new(),
        gname: String::new(),
        mtime: 0,
        kind: EntryKind::File,
        link_target: None,
        device: None,
    }
}

fn dir(path: &str) -> TarEntry {
    TarEntry {
        kind: EntryKind::Dir,
        mode: 0o755,
        ..file(path, 0)
    }
}

/// What, the layers, the score, the worst paths.
type Case = (&'static str, Vec<Vec<TarEntry>>, f64, Vec<WastedPath>);

#[test]
fn dive_test_cases_and_quirks() {
    let cases: Vec<Case> = vec![
        (
            // dive's TestEfficiency: nginx.conf 2000 then 5000 (7000 wasted); the whiteout
            // of etc/nginx, a directory dive only implies (no entry), counts 0; so
            // (2000 + 3000 + 10000 + 0) / (7000 + 3000 + 10000 + 0) = 0.75.
            "dive TestEfficiency",
            vec![
                vec![
                    file("etc/nginx/nginx.conf", 2000),
                    file("etc/nginx/public", 3000),
                ],
                vec![
                    file("etc/nginx/nginx.conf", 5000),
                    file("etc/athing", 10000),
                ],
                vec![file("etc/.wh.nginx", 0)],
            ],
            0.75,
            vec![wasted("etc/nginx/nginx.conf", 2, 7000)],
        ),
        (
            "dive TestEfficiency_ScratchImage",
            vec![vec![file("nothing", 0)], vec![], vec![]],
            1.0,
            vec![],
        ),
        ("no layers", vec![], 1.0, vec![]),
        (
            // A directory with an entry of its own, deleted whole: the whiteout counts the
            // 5000 bytes below it, once, under etc/nginx (dive wastes nothing here: the
            // files were seen once each, the directory once).
            "a directory deleted whole",
            vec![
                vec![
                    dir("etc/"),
                    dir("etc/nginx/"),
                    file("etc/nginx/nginx.conf", 2000),
                    file("etc/nginx/public", 3000),
                ],
                vec![file("etc/.wh.nginx", 0)],
            ],
            1.0,
            vec![],
        ),
        (
            // A file deleted later: its bytes are the waste (min 0 of 400 + 0).
            "a file deleted later",
            vec![
                vec![file("big", 400), file("small", 100)],
                vec![file(".wh.big", 0)],
            ],
            100.0 / 500.0,
            vec![wasted("big", 2, 400)],
        ),
        (
            // The same path in three layers: 3 occurrences, all bytes; min is the smallest.
            "a file written three times",
            vec![
                vec![file("f", 30)],
                vec![file("f", 10)],
                vec![file("f", 20)],
            ],
            10.0 / 60.0,
            vec![wasted("f", 3, 60)],
        ),
        (
            // Empty directories are leaves too: an empty dir in two layers is a 0-byte
            // inefficiency, as dive lists it.
            "an empty directory twice",
            vec![vec![dir("tmp/"), file("a", 10)], vec![dir("tmp/")]],
            1.0,
            vec![wasted("tmp", 2, 0)],
        ),
    ];
    for (what, layers, score, worst) in cases {
        let got = efficiency(&layers);
        assert_eq!(got.score, score, "{what}");
        assert_eq!(got.worst, worst, "{what}");
        assert_eq!(
            got.wasted_bytes,
            worst.iter().map(|w| w.bytes).sum::<u64>(),
            "{what}"
        );
    }
}
