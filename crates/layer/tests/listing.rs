//! Tar listings of real archives (GNU tar, Go's archive/tar, umoci, Python's tarfile; plain,
//! gzip and zstd) against what GNU tar itself lists for the same files, the caps, and
//! corrupt or truncated layers. Fixtures: tests/fixtures/browse (see its README.md).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use berth_layer::{
    Compression, Decompressor, EntryKind, Error, LayerLister, LimitHit, Limits, Listing, Status,
    TarEntry, TarListing, display_name, sniff,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Lists a blob fed in `piece`-byte chunks, as the app feeds stored chunks.
fn list(data: &[u8], piece: usize, limits: Limits) -> Result<Listing, Error> {
    let mut lister = LayerLister::new(sniff(data), limits);
    for chunk in data.chunks(piece.max(1)) {
        if !lister.write(chunk)? {
            break;
        }
    }
    lister.finish()
}

fn list_all(data: &[u8]) -> Listing {
    list(data, 4096, Limits::default()).unwrap()
}

/// One line of `tar -tv --full-time`.
#[derive(Debug)]
struct TarLine {
    mode: String,
    owner: String,
    group: String,
    size: String,
    mtime: i64,
    name: String,
    link: Option<String>,
}

/// Runs GNU tar on a fixture: its verbose listing and whether it exited 0. GNU tar reads
/// gzip itself; a zstd fixture is inflated here and piped in (the `zstd` program tar would
/// call is not on every machine).
fn gnu_tar_listing(path: &Path, numeric: bool) -> (Vec<TarLine>, bool) {
    let mut cmd = Command::new("tar");
    cmd.env("TZ", "UTC")
        .args(["--full-time", "--quoting-style=literal"]);
    if numeric {
        cmd.arg("--numeric-owner");
    }
    let zstd = path.extension().is_some_and(|e| e == "zst");
    let out = if zstd {
        let mut plain = Decompressor::new(Compression::Zstd, Vec::new());
        plain.write(&std::fs::read(path).unwrap()).unwrap();
        let plain = plain.finish().unwrap();
        let mut child = cmd
            .args(["-tvf", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("GNU tar runs");
        child.stdin.take().unwrap().write_all(&plain).unwrap();
        child.wait_with_output().unwrap()
    } else {
        cmd.arg("-tvf").arg(path).output().expect("GNU tar runs")
    };
    let text = String::from_utf8(out.stdout).expect("UTF-8 listing");
    (
        text.lines().map(parse_tar_line).collect(),
        out.status.success(),
    )
}

fn parse_tar_line(line: &str) -> TarLine {
    let mut rest = line;
    let mut token = || {
        rest = rest.trim_start();
        let end = rest.find(' ').unwrap_or(rest.len());
        let t = &rest[..end];
        rest = &rest[end..];
        t.to_string()
    };
    let mode = token();
    let owner_group = token();
    let size = token();
    let date = token();
    let time = token();
    let name = rest.strip_prefix(' ').expect("a name after the time");
    let (name, link) = match mode.chars().next() {
        Some('l') => name
            .split_once(" -> ")
            .map(|(n, l)| (n, Some(l.to_string())))
            .unwrap(),
        Some('h') => name
            .split_once(" link to ")
            .map(|(n, l)| (n, Some(l.to_string())))
            .unwrap(),
        _ => (name, None),
    };
    let (owner, group) = owner_group.split_once('/').unwrap();
    TarLine {
        mode,
        owner: owner.into(),
        group: group.into(),
        size,
        mtime: epoch(&date, &time),
        name: name.into(),
        link,
    }
}

/// `YYYY-MM-DD` `HH:MM:SS[.frac]` (UTC) in seconds since the epoch, the fraction dropped.
fn epoch(date: &str, time: &str) -> i64 {
    let d: Vec<i64> = date.split('-').map(|x| x.parse().unwrap()).collect();
    let t: Vec<i64> = time
        .split('.')
        .next()
        .unwrap()
        .split(':')
        .map(|x| x.parse().unwrap())
        .collect();
    // Days from the civil date (Howard Hinnant's algorithm).
    let (y, m) = if d[1] <= 2 {
        (d[0] - 1, d[1] + 9)
    } else {
        (d[0], d[1] - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d[2] - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + t[0] * 3600 + t[1] * 60 + t[2]
}

/// A name as tar stores it, normalised the way these tests expect a layer path:
/// without `./` or `/` in front, a directory's with one `/` at the end.
fn expected_path(tar_name: &str, dir: bool) -> String {
    let mut p = tar_name;
    loop {
        if let Some(s) = p.strip_prefix("./") {
            p = s;
        } else if let Some(s) = p.strip_prefix('/') {
            p = s;
        } else {
            break;
        }
    }
    let p = p.trim_end_matches('/');
    if dir { format!("{p}/") } else { p.to_string() }
}

fn compare_with_gnu_tar(name: &str, path: &Path, listing: &Listing, tar_must_succeed: bool) {
    let (lines, ok) = gnu_tar_listing(path, false);
    let (numeric, _) = gnu_tar_listing(path, true);
    assert!(ok || !tar_must_succeed, "{name}: GNU tar failed");
    assert_eq!(listing.truncated, None, "{name}");
    assert_eq!(
        listing.entries.len(),
        lines.len(),
        "{name}: {:#?} vs {lines:#?}",
        listing.entries
    );
    for ((e, line), num) in listing.entries.iter().zip(&lines).zip(&numeric) {
        let what = format!("{name}: {} vs {line:?}", e.path);
        assert_eq!(
            e.path,
            expected_path(&line.name, line.mode.starts_with('d')),
            "{what}"
        );
        assert_eq!(e.mode_string(), line.mode, "{what}");
        match e.device {
            Some((major, minor)) => assert_eq!(format!("{major},{minor}"), line.size, "{what}"),
            None => assert_eq!(e.size.to_string(), line.size, "{what}"),
        }
        assert_eq!(e.mtime, line.mtime, "{what}");
        // GNU tar shows the name when there is one, else the number.
        let shown = |name: &str, id: u64| {
            if name.is_empty() {
                id.to_string()
            } else {
                name.to_string()
            }
        };
        assert_eq!(shown(&e.uname, e.uid), line.owner, "{what}");
        assert_eq!(shown(&e.gname, e.gid), line.group, "{what}");
        assert_eq!(e.uid.to_string(), num.owner, "{what}");
        assert_eq!(e.gid.to_string(), num.group, "{what}");
        let link = match (&line.link, e.kind) {
            (Some(l), EntryKind::Hardlink) => Some(expected_path(l, false)),
            (l, _) => l.clone(),
        };
        assert_eq!(e.link_target, link, "{what}");
    }
}

#[test]
fn listings_match_gnu_tar() {
    // (fixture, whether GNU tar exits 0: umoci 0.4.7 ends its layers right after the last
    // file's contents, which GNU tar reports as "Unexpected EOF" after listing everything
    // and Go's archive/tar, like this crate, accepts)
    let cases: &[(&str, bool)] = &[
        ("browse/gnu.tar", true),
        ("browse/gnu.tar.gz", true),
        ("browse/gnu.tar.zst", true),
        ("browse/pax.tar", true),
        ("browse/pax.tar.gz", true),
        ("browse/pax.tar.zst", true),
        ("browse/ustar.tar", true),
        ("browse/go.tar", true),
        ("browse/umoci.tar.gz", false),
        ("browse/layer1.tar", true),
        ("browse/layer2.tar", true),
        ("browse/layer3.tar", true),
        ("layer.tar", true),
        ("layer.tar.gz", true),
        ("layer.tar.zst", true),
        (
            "../../../oci/tests/fixtures/oci-layer-amd64-0.tar.gz",
            false,
        ),
        (
            "../../../oci/tests/fixtures/oci-layer-amd64-1.tar.gz",
            false,
        ),
    ];
    for &(name, tar_ok) in cases {
        let path = fixture(name);
        let data = read(name);
        for piece in [1, 7, 512, 4096, usize::MAX] {
            if piece < 512 && data.len() > 30_000 {
                continue; // tiny pieces of the 200 KB fixture are just slow, not different
            }
            let listing = list(&data, piece, Limits::default())
                .unwrap_or_else(|e| panic!("{name} in {piece}-byte pieces: {e}"));
            compare_with_gnu_tar(&format!("{name} ({piece})"), &path, &listing, tar_ok);
        }
    }
}

#[test]
fn gnu_extensions() {
    let l = list_all(&read("browse/gnu.tar"));
    let get = |p: &str| l.entries.iter().find(|e| e.path == p).unwrap();
    let long_dir = "a-very-long-directory-name-that-goes-on-and-on-".repeat(2);
    let long_file = format!("{}.txt", "file-with-a-long-name-".repeat(4));
    let deep = format!("{long_dir}/sub/{long_file}");
    assert!(deep.len() > 150);
    // GNU `L` long name and `K` long link target.
    assert_eq!(get(&deep).size, 5);
    assert_eq!(get("longlink").link_target.as_deref(), Some(deep.as_str()));
    assert_eq!(get(&format!("{long_dir}/sub/")).mode, 0o2750);
    // Base-256 ids and a negative mtime.
    let big = get("bigid.txt");
    assert_eq!((big.uid, big.gid), (3_000_000_000, 2_999_999_999));
    assert_eq!((big.uname.as_str(), big.gname.as_str()), ("big", "grp"));
    assert_eq!(get("old.txt").mtime, -86_400);
    let owned = get("owned.txt");
    assert_eq!(
        (owned.uid, owned.gid, owned.mtime),
        (1234, 5678, 1_700_000_001)
    );
    // Kinds and special bits.
    assert_eq!(get("fifo").kind, EntryKind::Fifo);
    assert_eq!(get("hard").kind, EntryKind::Hardlink);
    assert_eq!(get("hard").link_target.as_deref(), Some("hello.txt"));
    assert_eq!(get("link").kind, EntryKind::Symlink);
    assert_eq!(get("script.sh").mode, 0o4755);
    assert_eq!(get("sticky/").mode_string(), "drwxrwxrwt");
}

#[test]
fn pax_go_and_ustar_extensions() {
    let l = list_all(&read("browse/pax.tar"));
    let cafe = &l.entries[1];
    assert_eq!(cafe.path, "données/café-ñ.txt");
    assert_eq!(cafe.size, "crème brûlée\n".len() as u64);
    assert_eq!(cafe.mtime, 1_700_000_000); // PAX mtime=1700000000.75, floored
    assert_eq!((cafe.uid, cafe.uname.as_str()), (1000, "user"));
    assert_eq!((cafe.gid, cafe.gname.as_str()), (50, "staff"));
    assert!(l.entries[2].link_target.as_ref().unwrap().len() > 150);

    let go = list_all(&read("browse/go.tar"));
    let paths: Vec<&str> = go.entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "etc/",
            "etc/hostname",
            "etc/localtime",
            "etc/ünïcödé",
            "etc/big-uid",
            "var/lib/",
            "var/lib/.wh.gone",
            "var/lib/hostname"
        ]
    );
    assert_eq!(go.entries[4].uid, 4_000_000_000);
    assert_eq!(go.entries[7].kind, EntryKind::Hardlink);
    assert_eq!(go.entries[7].link_target.as_deref(), Some("etc/hostname"));

    let ustar = list_all(&read("browse/ustar.tar"));
    let name = &ustar.entries[2].path;
    assert!(
        name.len() > 100 && name.ends_with("/sub/short-name.txt"),
        "{name}"
    );
}

#[test]
fn control_characters_and_markup_survive_as_data() {
    let l = list_all(&read("browse/names.tar"));
    let rows: Vec<(&str, u64, String)> = l
        .entries
        .iter()
        .map(|e| (e.path.as_str(), e.size, display_name(&e.path)))
        .collect();
    let expected: Vec<(&str, u64, &str)> = vec![
        ("dir/", 0, "dir/"),
        ("dir/new\nline", 1, "dir/new\\nline"),
        ("dir/tab\there", 2, "dir/tab\\there"),
        ("dir/esc\x1b[31mred", 3, "dir/esc\\x1b[31mred"),
        (
            "dir/<script>alert(1)</script>",
            4,
            "dir/<script>alert(1)</script>",
        ),
        ("dir/bell\x07\x7f\u{85}", 0, "dir/bell\\x07\\x7f\\x85"),
        ("dev/null", 0, "dev/null"),
        ("dev/sda", 0, "dev/sda"),
        ("leading/dot", 1, "leading/dot"),
        ("absolute", 1, "absolute"),
    ];
    let got: Vec<(&str, u64, &str)> = rows.iter().map(|(p, s, d)| (*p, *s, d.as_str())).collect();
    assert_eq!(got, expected);
    // Devices, and the global PAX header's uname applied to every entry (as GNU tar does;
    // it also overrides the ustar field of `./leading/dot`).
    assert_eq!(l.entries[6].kind, EntryKind::Char);
    assert_eq!(l.entries[6].device, Some((1, 3)));
    assert_eq!(l.entries[7].kind, EntryKind::Block);
    assert_eq!(l.entries[7].device, Some((8, 0)));
    assert!(l.entries.iter().all(|e| e.uname == "global-user"));
}

#[test]
fn display_name_renders_controls_visibly() {
    let cases = [
        ("plain.txt", "plain.txt"),
        ("a\nb", "a\\nb"),
        ("a\rb\tc", "a\\rb\\tc"),
        ("\x1b[2J", "\\x1b[2J"),
        ("nul\0", "nul\\x00"),
        ("del\x7f", "del\\x7f"),
        ("c1\u{9b}", "c1\\x9b"),
        ("back\\slash", "back\\\\slash"),
        ("rtl\u{202e}txt.exe", "rtl\\u{202e}txt.exe"),
        (
            "<img src=x onerror=alert(1)>",
            "<img src=x onerror=alert(1)>",
        ),
        ("ünïcödé", "ünïcödé"),
    ];
    for (name, shown) in cases {
        assert_eq!(display_name(name), shown, "{name:?}");
    }
}

#[test]
fn every_piece_size_gives_the_same_listing() {
    for name in ["browse/gnu.tar", "browse/pax.tar.zst", "browse/names.tar"] {
        let data = read(name);
        let whole = list(&data, usize::MAX, Limits::default()).unwrap();
        for piece in [1, 2, 3, 100, 511, 513, 1000] {
            assert_eq!(
                list(&data, piece, Limits::default()).unwrap(),
                whole,
                "{name} in {piece}-byte pieces"
            );
        }
    }
}

#[test]
fn gzip_and_zstd_bombs_stop_at_the_byte_cap() {
    // 200 MB of zeros in one file: 194 KB gzip, 6 KB zstd.
    for name in ["browse/bomb.tar.gz", "browse/bomb.tar.zst"] {
        let data = read(name);
        let limits = Limits {
            max_bytes: 1 << 20,
            ..Limits::default()
        };
        let mut lister = LayerLister::new(sniff(&data), limits);
        let mut fed = 0;
        for chunk in data.chunks(1024) {
            fed += chunk.len();
            if !lister.write(chunk).expect("a cap is not an error") {
                break;
            }
        }
        // It asked to stop long before the end of the blob...
        assert!(fed < data.len() / 4, "{name}: fed {fed} of {}", data.len());
        assert_eq!(lister.bytes_in(), 1 << 20, "{name}");
        let listing = lister.finish().expect("a cap is not an error");
        // ...having listed the file whose contents blew the cap.
        assert_eq!(listing.entries.len(), 1, "{name}");
        assert_eq!(listing.entries[0].path, "zeros");
        assert_eq!(listing.entries[0].size, 200_000_000);
        assert_eq!(listing.truncated, Some(LimitHit::Bytes(1 << 20)));
        assert_eq!(
            listing.truncated.unwrap().to_string(),
            "stopped after 1.05MB of uncompressed layer data (1048576 bytes, the limit)"
        );
    }
}

#[test]
fn entry_path_and_header_caps_stop_without_error() {
    let gnu = read("browse/gnu.tar.gz");
    let cases: [(Limits, usize, LimitHit, &str); 4] = [
        (
            Limits {
                max_entries: 3,
                ..Limits::default()
            },
            3,
            LimitHit::Entries(3),
            "stopped at 3 entries (the limit)",
        ),
        (
            Limits {
                max_path_len: 150,
                ..Limits::default()
            },
            6, // the long symlink target (K record, 191 bytes) comes 7th
            LimitHit::PathLen {
                len: 191,
                limit: 150,
            },
            "stopped at a path of 191 bytes (the limit is 150 bytes)",
        ),
        (
            Limits {
                max_extended_header: 100,
                ..Limits::default()
            },
            6,
            LimitHit::ExtendedHeader {
                size: 192,
                limit: 100,
            },
            "stopped at an extended header of 192 bytes (the limit is 100 bytes)",
        ),
        (
            Limits {
                max_total_path_bytes: 20,
                ..Limits::default()
            },
            1, // "./hello.txt" is 11 bytes, then "./link" and "hello.txt" 15 more
            LimitHit::PathBytes(20),
            "stopped after 20B of paths (20 bytes, the limit)",
        ),
    ];
    for (limits, count, hit, message) in cases {
        for piece in [1, 512, usize::MAX] {
            let l = list(&gnu, piece, limits).unwrap();
            assert_eq!(l.entries.len(), count, "{message}");
            assert_eq!(l.truncated.as_ref(), Some(&hit));
            assert_eq!(hit.to_string(), message);
        }
    }
    // The default caps.
    let d = Limits::default();
    assert_eq!(
        (d.max_entries, d.max_path_len, d.max_bytes),
        (200_000, 4096, 8 << 30)
    );
    assert_eq!(
        LimitHit::Entries(200_000).to_string(),
        "stopped at 200000 entries (the limit)"
    );
    // Exactly as many entries as the cap is not a cap.
    let all = list_all(&gnu).entries.len();
    let exact = Limits {
        max_entries: all,
        ..Limits::default()
    };
    assert_eq!(list(&gnu, 4096, exact).unwrap().truncated, None);
}

#[test]
fn corrupt_and_truncated_layers_are_errors() {
    let tar = read("browse/gnu.tar");
    let gz = read("browse/gnu.tar.gz");
    let zst = read("browse/gnu.tar.zst");
    let mut bad_checksum = tar.clone();
    bad_checksum[512 * 3 + 10] ^= 1; // in the name field of the header of ./hard
    let mut bad_pax = read("browse/pax.tar");
    bad_pax[512] = b'9'; // the first record's length
    let not_tar = vec![b'x'; 4096];
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "cut inside a header",
            tar[..1100].to_vec(),
            "layer is not a valid tar archive: truncated: the stream ends inside a header at byte 1100",
        ),
        (
            "cut inside a file's contents",
            tar[..512 + 3].to_vec(),
            "layer is not a valid tar archive: truncated: the stream ends at byte 515, 3 bytes short \
             of the contents of hello.txt",
        ),
        (
            "cut inside a long name",
            tar[..4608 + 100].to_vec(), // the K record's contents start at 4608
            "layer is not a valid tar archive: truncated: the stream ends inside an extended header \
             at byte 4708",
        ),
        (
            "a flipped bit",
            bad_checksum,
            "layer is not a valid tar archive: invalid header checksum (stored 5475, computed 5476) \
             (header at byte 1536)",
        ),
        (
            "a bad PAX record",
            bad_pax,
            "layer is not a valid tar archive: invalid PAX record length (extended header at byte 0)",
        ),
        (
            "not a tar",
            not_tar,
            "layer is not a valid tar archive: invalid header checksum field (header at byte 0)",
        ),
        (
            "half a gzip stream",
            gz[..gz.len() / 2].to_vec(),
            "layer is not valid gzip: ",
        ),
        (
            "half a zstd stream",
            zst[..zst.len() / 2].to_vec(),
            "layer is not valid zstd: ",
        ),
    ];
    for (what, data, message) in cases {
        for piece in [1, 512, usize::MAX] {
            let err =
                list(&data, piece, Limits::default()).expect_err(&format!("{what} ({piece})"));
            assert!(
                err.to_string().starts_with(message),
                "{what} ({piece}): {err}"
            );
        }
    }
}

#[test]
fn a_corrupt_layer_fails_alone() {
    // Three layers listed side by side: the corrupt one is an error, the others list.
    let good = read("browse/layer1.tar");
    let bad = read("browse/layer2.tar")[..1000].to_vec();
    let other = read("browse/layer3.tar");
    let results: Vec<Result<Listing, Error>> = [&good, &bad, &other]
        .iter()
        .map(|d| list(d, 4096, Limits::default()))
        .collect();
    assert_eq!(results[0].as_ref().unwrap().entries.len(), 11);
    assert!(matches!(results[1], Err(Error::Tar(_))));
    assert_eq!(results[2].as_ref().unwrap().entries.len(), 4);
}

#[test]
fn ends_and_what_follows_them() {
    let tar = read("browse/gnu.tar");
    let expected = list_all(&tar);
    // The last entry (old.txt) has its header at 11776 and its one data block at 12288;
    // zero blocks follow from 12800 to the end of the 10 KiB record.
    let end = 12_800;
    assert!(tar[end - 512..end].starts_with(b"old\n"));
    assert!(tar[end..].iter().all(|&b| b == 0));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "garbage after the end",
            [&tar[..], b"garbage that is not a header"].concat(),
        ),
        (
            "a lone zero block then garbage (GNU tar stops there too)",
            [&tar[..end + 512], &[b'z'; 2048][..]].concat(),
        ),
        ("no end blocks (as umoci writes)", tar[..end].to_vec()),
        (
            "no end blocks and no padding",
            tar[..end - 512 + 4].to_vec(),
        ),
        ("only one end block", tar[..end + 512].to_vec()),
    ];
    for (what, data) in cases {
        for piece in [1, 1000, usize::MAX] {
            assert_eq!(
                list(&data, piece, Limits::default()).unwrap(),
                expected,
                "{what} ({piece})"
            );
        }
    }
    for (what, data) in [("empty", vec![]), ("two zero blocks", vec![0; 1024])] {
        assert_eq!(
            list(&data, 7, Limits::default()).unwrap(),
            Listing::default(),
            "{what}"
        );
    }
}

#[test]
fn tar_listing_sits_behind_a_decompressor() {
    let gz = read("browse/gnu.tar.gz");
    let mut listing = TarListing::default();
    {
        let mut d = Decompressor::new(Compression::Gzip, &mut listing);
        for chunk in gz.chunks(100) {
            // Once the archive's end is read the listing refuses more bytes, which stops
            // the decompressor; the status says it was the end, not corruption.
            if d.write(chunk).is_err() {
                break;
            }
        }
    }
    assert_eq!(*listing.status(), Status::End);
    assert_eq!(listing.entries().len(), 13);
    let err = listing.write(b"more").unwrap_err();
    assert!(err.get_ref().unwrap().is::<berth_layer::Stopped>());
    assert_eq!(listing.finish().unwrap(), list_all(&gz));

    // Corruption shows in the status too.
    let mut listing = TarListing::default();
    assert!(!listing.push(&[b'x'; 512]));
    assert!(matches!(listing.status(), Status::Corrupt(_)));
    assert!(matches!(listing.finish(), Err(Error::Tar(_))));
}

#[test]
fn a_whole_entry() {
    let e = &list_all(&read("browse/gnu.tar")).entries[0];
    let expected = TarEntry {
        path: "hello.txt".into(),
        size: 6,
        mode: 0o644,
        uid: 0,
        gid: 0,
        uname: "root".into(),
        gname: "root".into(),
        mtime: 1_700_000_000,
        kind: EntryKind::File,
        link_target: None,
        device: None,
    };
    assert_eq!(*e, expected);
}
