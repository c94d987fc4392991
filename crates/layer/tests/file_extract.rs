//! Files extracted from real archives (GNU tar, Go's archive/tar, umoci, Python's tarfile;
//! plain, gzip and zstd) against what GNU tar itself extracts from the same files at test
//! time, fed in pieces of every size. Fixtures: tests/fixtures, tests/fixtures/browse and
//! tests/fixtures/extract (see their README.md).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use berth_layer::{
    Compression, Decompressor, EntryKind, Error, Extracted, FileExtractor, LimitHit, Limits, sniff,
};

/// 1 and 7 bytes split headers and contents everywhere; 4096 is a store chunk in small;
/// `usize::MAX` is the whole blob at once.
const PIECES: [usize; 4] = [1, 7, 4096, usize::MAX];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Extracts as the app does: the blob fed in `piece`-byte chunks, and fed again from its
/// start while the extractor asks for it. Also returns how many passes it took.
fn extract_with(
    data: &[u8],
    path: &str,
    max_bytes: u64,
    piece: usize,
    limits: Limits,
) -> Result<(Extracted, usize), Error> {
    let mut extractor = FileExtractor::with_limits(sniff(data), path, max_bytes, limits);
    loop {
        for chunk in data.chunks(piece.clamp(1, data.len().max(1))) {
            if !extractor.write(chunk)? {
                break;
            }
        }
        if !extractor.rewind()? {
            break;
        }
    }
    let passes = extractor.passes();
    Ok((extractor.finish()?, passes))
}

/// Extracts `path` from a fixture with every piece size, which must all agree.
fn extract(name: &str, path: &str, max_bytes: u64) -> Extracted {
    extract_passes(name, path, max_bytes).0
}

fn extract_passes(name: &str, path: &str, max_bytes: u64) -> (Extracted, usize) {
    let data = read(name);
    let mut first: Option<(Extracted, usize)> = None;
    for piece in PIECES {
        let got = extract_with(&data, path, max_bytes, piece, Limits::default())
            .unwrap_or_else(|e| panic!("{name} {path:?} in {piece}-byte pieces: {e}"));
        match &first {
            None => first = Some(got),
            Some(f) => assert_eq!(&got, f, "{name} {path:?} in {piece}-byte pieces"),
        }
    }
    first.unwrap()
}

/// The uncompressed tar of a fixture (GNU tar reads gzip itself; `zstd` is not on every
/// machine, so zstd fixtures are inflated here and piped in).
fn plain_tar(path: &Path) -> Option<Vec<u8>> {
    path.extension().is_some_and(|e| e == "zst").then(|| {
        let mut plain = Decompressor::new(Compression::Zstd, Vec::new());
        plain.write(&std::fs::read(path).unwrap()).unwrap();
        plain.finish().unwrap()
    })
}

/// Runs GNU tar with `args`, the archive (`-f -` fed from a thread for zstd), then the
/// `members`: its stdout and whether it exited 0.
fn gnu_tar(path: &Path, args: &[&str], members: &[&str]) -> (Vec<u8>, bool) {
    let gzip = path.extension().is_some_and(|e| e == "gz");
    let mut cmd = Command::new("tar");
    cmd.env("TZ", "UTC").args(args);
    if gzip {
        cmd.arg("-z");
    }
    let out = match plain_tar(path) {
        Some(plain) => {
            let mut child = cmd
                .args(["-f", "-", "--"])
                .args(members)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("GNU tar runs");
            let mut stdin = child.stdin.take().unwrap();
            let feeder = std::thread::spawn(move || {
                let _ = stdin.write_all(&plain); // tar may stop reading early
            });
            let out = child.wait_with_output().unwrap();
            feeder.join().unwrap();
            out
        }
        None => cmd
            .arg("-f")
            .arg(path)
            .arg("--")
            .args(members)
            .stderr(Stdio::null())
            .output()
            .expect("GNU tar runs"),
    };
    (out.stdout, out.status.success())
}

/// `tar -xOf <fixture> <member>` (`-xzOf` for gzip): what GNU tar writes for a member.
fn gnu_tar_contents(name: &str, member: &str) -> (Vec<u8>, bool) {
    gnu_tar(&fixture(name), &["-xO"], &[member])
}

/// The target GNU tar lists for a symlink member (`name -> target`). (It lists umoci's
/// layer, then fails on its missing end blocks.)
fn gnu_tar_symlink_target(name: &str, member: &str) -> String {
    let (out, _) = gnu_tar(
        &fixture(name),
        &["--quoting-style=literal", "-tv"],
        &[member],
    );
    let line = String::from_utf8(out).unwrap();
    assert!(line.starts_with('l'), "{name}: {line}");
    let (_, target) = line.trim_end_matches('\n').split_once(" -> ").unwrap();
    target.to_string()
}

/// The file extracted whole must be what GNU tar extracts.
fn assert_same_file(name: &str, member: &str, path: &str) {
    let (expected, ok) = gnu_tar_contents(name, member);
    assert!(ok, "{name}: GNU tar could not extract {member:?}");
    let size = expected.len() as u64;
    assert_eq!(
        extract(name, path, u64::MAX),
        Extracted::File {
            bytes: expected,
            truncated: false,
            size
        },
        "{name} {path:?}"
    );
}

const LONG_DIR: &str = "a-very-long-directory-name-that-goes-on-and-on-a-very-long-directory-name-that-goes-on-and-on-";
const LONG_FILE: &str =
    "file-with-a-long-name-file-with-a-long-name-file-with-a-long-name-file-with-a-long-name-.txt";

#[test]
fn regular_files_match_gnu_tar() {
    for name in ["layer.tar", "layer.tar.gz", "layer.tar.zst"] {
        // Any spelling of the path: `./`, `/` or neither in front.
        assert_same_file(name, "./etc/hello", "etc/hello");
        assert_same_file(name, "./etc/random.bin", "/etc/random.bin");
        assert_same_file(name, "./usr/share/GPL-3", "./usr/share/GPL-3");
        assert_same_file(name, "./usr/share/Apache-2.0", "usr//share/./Apache-2.0");
    }
    assert_same_file("browse/go.tar", "etc/hostname", "etc/hostname");
    assert_same_file("browse/go.tar", "etc/big-uid", "etc/big-uid");
    assert_same_file("browse/go.tar", "var/lib/.wh.gone", "var/lib/.wh.gone"); // empty
    let ustar = format!("{LONG_DIR}/sub/short-name.txt"); // in ustar's name prefix
    assert_same_file("browse/ustar.tar", &ustar, &ustar);
    assert_same_file("browse/names.tar", "dir/new\nline", "dir/new\nline");
    assert_same_file(
        "browse/names.tar",
        "dir/esc\x1b[31mred",
        "dir/esc\x1b[31mred",
    );
    assert_same_file("browse/names.tar", "./leading/dot", "leading/dot");
    assert_same_file("browse/names.tar", "/absolute", "absolute");
    assert_same_file("browse/layer2.tar", "app/main", "app/main");
    assert_same_file("browse/gnu.tar.zst", "./script.sh", "script.sh");
}

#[test]
fn a_layer_without_end_blocks() {
    // umoci's layers end right after the last file's contents: GNU tar fails on it before
    // writing anything (its contents are in make.sh).
    let (nothing, ok) = gnu_tar_contents("browse/umoci.tar.gz", "bin/hi");
    assert!(!ok && nothing.is_empty());
    assert_eq!(
        extract("browse/umoci.tar.gz", "bin/hi", 1 << 20),
        Extracted::File {
            bytes: b"#!/bin/sh\necho hi\n".to_vec(),
            truncated: false,
            size: 18
        }
    );
}

#[test]
fn gnu_long_names() {
    let member = format!("./{LONG_DIR}/sub/{LONG_FILE}");
    for name in ["browse/gnu.tar", "browse/gnu.tar.gz", "browse/gnu.tar.zst"] {
        assert_same_file(name, &member, &member[2..]);
    }
}

#[test]
fn pax_names() {
    for name in ["browse/pax.tar", "browse/pax.tar.gz", "browse/pax.tar.zst"] {
        assert_same_file(name, "données/café-ñ.txt", "données/café-ñ.txt");
        let long = format!("{LONG_DIR}/{LONG_FILE}");
        assert_same_file(name, &long, &long);
    }
    assert_same_file("browse/go.tar", "etc/ünïcödé", "/etc/ünïcödé");
    // The name is compared whole: NFD is another name.
    assert_eq!(
        extract("browse/pax.tar", "donne\u{301}es/café-ñ.txt", 64),
        Extracted::NotFound
    );
}

#[test]
fn hard_links_are_their_targets() {
    for (name, link, target) in [
        ("browse/gnu.tar", "./hard", "./hello.txt"),
        ("browse/gnu.tar.gz", "./hard", "./hello.txt"),
        ("browse/gnu.tar.zst", "./hard", "./hello.txt"),
        ("browse/go.tar", "var/lib/hostname", "etc/hostname"),
    ] {
        // GNU tar writes nothing for a hard link with -O: its contents are the target's.
        let (nothing, ok) = gnu_tar_contents(name, link);
        assert!(ok && nothing.is_empty(), "{name}");
        let (expected, ok) = gnu_tar_contents(name, target);
        assert!(ok && !expected.is_empty(), "{name}");
        let size = expected.len() as u64;
        let (got, passes) = extract_passes(name, link, 1 << 20);
        assert_eq!(
            got,
            Extracted::File {
                bytes: expected,
                truncated: false,
                size
            },
            "{name} {link}"
        );
        assert_eq!(passes, 2, "{name}: the link, then its target");

        // Without a second pass, the link is all there is.
        let data = read(name);
        let mut extractor = FileExtractor::new(sniff(&data), link, 1 << 20);
        extractor.write(&data).unwrap(); // a zstd frame's end may wait for finish
        assert_eq!(
            extractor.finish().unwrap(),
            Extracted::Hardlink(target.trim_start_matches("./").to_string())
        );
    }
}

#[test]
fn the_second_pass_stops_at_the_link() {
    let data = read("browse/gnu.tar");
    let mut extractor = FileExtractor::new(Compression::None, "hard", 1 << 20);
    let mut fed = 0;
    for chunk in data.chunks(512) {
        fed += chunk.len();
        if !extractor.write(chunk).unwrap() {
            break;
        }
    }
    let mut listing = berth_layer::TarListing::default();
    listing.push(&data);
    assert_eq!(
        fed as u64,
        listing.bytes_in(),
        "the first pass reads to the archive's end"
    );
    assert!(extractor.rewind().unwrap());
    let mut fed = 0;
    for chunk in data.chunks(512) {
        fed += chunk.len();
        if !extractor.write(chunk).unwrap() {
            break;
        }
    }
    // hello.txt's header and contents, then the link's header (after ./link's).
    assert_eq!(fed, 4 * 512, "the second pass stops at the link");
    assert!(!extractor.rewind().unwrap());
    assert!(
        !extractor.rewind().unwrap(),
        "rewinding again changes nothing"
    );
    assert!(!extractor.write(&data).unwrap());
    assert_eq!(
        extractor.finish().unwrap(),
        Extracted::File {
            bytes: b"hello\n".to_vec(),
            truncated: false,
            size: 6
        }
    );
}

#[test]
fn symlinks_give_their_targets() {
    for (name, member, path) in [
        ("browse/gnu.tar", "./link", "link"),
        ("browse/gnu.tar.zst", "./longlink", "longlink"),
        (
            "browse/pax.tar",
            "données/long-target",
            "données/long-target",
        ),
        (
            "browse/pax.tar.gz",
            "données/long-target",
            "données/long-target",
        ),
        ("browse/go.tar", "etc/localtime", "etc/localtime"),
        ("browse/umoci.tar.gz", "bin/hello", "bin/hello"),
    ] {
        let target = gnu_tar_symlink_target(name, member);
        assert_eq!(
            extract(name, path, 1 << 20),
            Extracted::Symlink(target),
            "{name} {path}"
        );
        // GNU tar writes nothing for a symlink with -O either.
        assert!(gnu_tar_contents(name, member).0.is_empty(), "{name}");
    }
    assert_eq!(
        extract("browse/gnu.tar", "link", 0),
        Extracted::Symlink("hello.txt".into())
    );
}

#[test]
fn missing_paths_are_not_found() {
    for (name, member) in [
        ("layer.tar", "./etc/nope"),
        ("layer.tar", "./etc/hell"), // a prefix of a name is not the name
        ("layer.tar.gz", "./etc/hello/more"),
        ("browse/gnu.tar.zst", "./nope"),
        ("browse/pax.tar", "données/café"),
        ("browse/go.tar", "hostname"),
    ] {
        let (_, ok) = gnu_tar_contents(name, member);
        assert!(!ok, "{name}: GNU tar finds {member:?}");
        assert_eq!(
            extract(name, member, 64),
            Extracted::NotFound,
            "{name} {member}"
        );
    }
    // An empty blob is an empty layer.
    let mut extractor = FileExtractor::new(Compression::None, "x", 64);
    assert!(!extractor.rewind().unwrap());
    assert_eq!(extractor.finish().unwrap(), Extracted::NotFound);
}

#[test]
fn directories_and_other_kinds_are_not_files() {
    use EntryKind::*;
    for (name, member, path, kind) in [
        ("browse/gnu.tar", "./sticky/", "sticky", Dir),
        ("browse/gnu.tar.gz", "./sticky/", "/sticky/", Dir),
        ("browse/pax.tar", "données/", "données", Dir),
        ("layer.tar", "./", "/", Dir), // the root's own entry
        ("layer.tar.zst", "./usr/share/", "usr/share", Dir),
        ("browse/gnu.tar", "./fifo", "fifo", Fifo),
        ("browse/names.tar", "dev/null", "dev/null", Char),
        ("browse/names.tar", "dev/sda", "dev/sda", Block),
    ] {
        let (line, ok) = gnu_tar(&fixture(name), &["-tv", "--no-recursion"], &[member]);
        assert!(ok, "{name}: tar -tv {member}");
        let expected_type = match kind {
            Dir => b'd',
            Fifo => b'p',
            Char => b'c',
            Block => b'b',
            _ => unreachable!(),
        };
        assert_eq!(line[0], expected_type, "{name} {member}");
        assert_eq!(
            extract(name, path, 64),
            Extracted::NotAFile(kind),
            "{name} {path}"
        );
    }
    // A directory with entries under it but none of its own is a directory all the same.
    let long_dir_file = format!("{LONG_DIR}/sub");
    assert_eq!(
        extract("browse/ustar.tar", &long_dir_file, 64),
        Extracted::NotAFile(Dir)
    );
    assert_eq!(
        extract("browse/names.tar", "leading", 64),
        Extracted::NotAFile(Dir),
        "only ./leading/dot is in the archive"
    );
    assert_eq!(extract("browse/go.tar", "/", 64), Extracted::NotAFile(Dir));
}

#[test]
fn max_bytes_caps_the_capture() {
    for name in ["layer.tar", "layer.tar.gz", "layer.tar.zst"] {
        let (full, ok) = gnu_tar_contents(name, "./usr/share/GPL-3");
        assert!(ok);
        let size = full.len() as u64;
        assert_eq!(size, 35149);
        for max in [0, 1, 511, 512, 1000, size - 1, size, size + 1, u64::MAX] {
            let kept = max.min(size) as usize;
            assert_eq!(
                extract(name, "usr/share/GPL-3", max),
                Extracted::File {
                    bytes: full[..kept].to_vec(),
                    truncated: max < size,
                    size
                },
                "{name} max {max}"
            );
        }
    }
}

/// Extracts a fixture with GNU tar into a new directory, as a layer is applied.
fn gnu_tar_extract_all(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "berth-extract-{}-{}",
        std::process::id(),
        name.replace('/', "-")
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let status = Command::new("tar")
        .arg("-xf")
        .arg(fixture(name))
        .arg("-C")
        .arg(&dir)
        .status()
        .expect("GNU tar runs");
    assert!(status.success(), "{name}: GNU tar extraction failed");
    dir
}

#[test]
fn the_last_entry_wins() {
    let dir = gnu_tar_extract_all("extract/twice.tar");
    for path in ["conf", "conf-link"] {
        let expected = std::fs::read(dir.join(path)).unwrap();
        let size = expected.len() as u64;
        assert_eq!(
            extract("extract/twice.tar", path, 1 << 20),
            Extracted::File {
                bytes: expected,
                truncated: false,
                size
            },
            "{path}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
    // conf's second version; conf-link keeps the first (the link was made to it).
    assert_eq!(
        extract("extract/twice.tar", "conf", 6),
        Extracted::File {
            bytes: b"second".to_vec(),
            truncated: true,
            size: 35
        }
    );
    let (link, passes) = extract_passes("extract/twice.tar", "conf-link", 1 << 20);
    assert_eq!(
        link,
        Extracted::File {
            bytes: b"first version\n".to_vec(),
            truncated: false,
            size: 14
        }
    );
    assert_eq!(passes, 2);
}

#[test]
fn sparse_files_match_gnu_tar() {
    for name in [
        "extract/sparse-gnu.tar",
        "extract/sparse-pax00.tar",
        "extract/sparse-pax01.tar",
        "extract/sparse-pax10.tar",
    ] {
        for (path, size) in [("holes", 100_000), ("empty", 50_000), ("tail", 120_008)] {
            let (expected, ok) = gnu_tar_contents(name, path);
            assert!(ok, "{name}: GNU tar could not extract {path}");
            assert_eq!(expected.len(), size, "{name} {path}");
            assert_eq!(
                extract(name, path, u64::MAX),
                Extracted::File {
                    bytes: expected.clone(),
                    truncated: false,
                    size: size as u64
                },
                "{name} {path}"
            );
            // Capped inside a hole, inside a fragment and past the last one.
            for max in [4000, 5001, 80_002, 110_000] {
                let kept = max.min(size);
                assert_eq!(
                    extract(name, path, max as u64),
                    Extracted::File {
                        bytes: expected[..kept].to_vec(),
                        truncated: max < size,
                        size: size as u64
                    },
                    "{name} {path} max {max}"
                );
            }
        }
    }
}

/// A ustar archive of `(name, type flag, link target, contents)` entries, for the cases
/// no tool writes.
fn ustar(entries: &[(&str, u8, &str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for &(name, kind, link, data) in entries {
        let mut h = [0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..107].copy_from_slice(b"0000644");
        h[108..115].copy_from_slice(b"0000000");
        h[116..123].copy_from_slice(b"0000000");
        h[124..135].copy_from_slice(format!("{:011o}", data.len()).as_bytes());
        h[136..147].copy_from_slice(b"14524572400");
        h[156] = kind;
        h[157..157 + link.len()].copy_from_slice(link.as_bytes());
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].fill(b' ');
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(512), 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

fn extract_bytes(data: &[u8], path: &str) -> (Extracted, usize) {
    let mut first = None;
    for piece in PIECES {
        let got = extract_with(data, path, 1 << 20, piece, Limits::default()).unwrap();
        if let Some(f) = &first {
            assert_eq!(&got, f, "{path} in {piece}-byte pieces");
        } else {
            first = Some(got);
        }
    }
    first.unwrap()
}

#[test]
fn hard_link_chains_and_links_out_of_the_layer() {
    let data = ustar(&[
        ("a", b'0', "", b"the contents\n"),
        ("b", b'1', "a", b""),
        ("c", b'1', "b", b""),     // a link to a link
        ("s", b'2', "a", b""),     // a symlink
        ("t", b'1', "s", b""),     // a hard link to it is the symlink
        ("d", b'5', "", b""),      // a directory
        ("l", b'1', "lower", b""), // a file of a lower layer
        ("x", b'1', "y", b""),     // a link to a file that comes after it
        ("y", b'0', "", b"later\n"),
    ]);
    // GNU tar agrees where it can: the chain extracts to the same contents.
    let dir = std::env::temp_dir().join(format!("berth-extract-{}-chain", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join("chain.tar");
    std::fs::write(&archive, ustar(&data_for_gnu_tar())).unwrap();
    let status = Command::new("tar")
        .arg("-xf")
        .arg(&archive)
        .arg("-C")
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read(dir.join("c")).unwrap(), b"the contents\n");
    std::fs::remove_dir_all(&dir).unwrap();

    let file = |bytes: &[u8]| Extracted::File {
        bytes: bytes.to_vec(),
        truncated: false,
        size: bytes.len() as u64,
    };
    assert_eq!(extract_bytes(&data, "b"), (file(b"the contents\n"), 2));
    assert_eq!(extract_bytes(&data, "c"), (file(b"the contents\n"), 3));
    assert_eq!(
        extract_bytes(&data, "t"),
        (Extracted::Symlink("a".into()), 2)
    );
    assert_eq!(
        extract_bytes(&data, "l"),
        (Extracted::Hardlink("lower".into()), 2)
    );
    assert_eq!(
        extract_bytes(&data, "x"),
        (Extracted::Hardlink("y".into()), 2)
    );
    assert_eq!(
        extract_bytes(&data, "d"),
        (Extracted::NotAFile(EntryKind::Dir), 1)
    );

    // A link to a directory is what the directory is.
    let to_dir = ustar(&[("d", b'5', "", b""), ("e", b'1', "d", b"")]);
    assert_eq!(
        extract_bytes(&to_dir, "e"),
        (Extracted::NotAFile(EntryKind::Dir), 2)
    );

    // A chain of links too long to follow.
    let names: Vec<String> = (0..40).map(|i| format!("n{i}")).collect();
    let mut entries: Vec<(&str, u8, &str, &[u8])> = vec![("n0", b'0', "", b"deep")];
    for i in 1..40 {
        entries.push((&names[i], b'1', &names[i - 1], b""));
    }
    let deep = ustar(&entries);
    assert_eq!(extract_bytes(&deep, "n16"), (file(b"deep"), 17));
    let err = extract_with(&deep, "n39", 64, 4096, Limits::default()).unwrap_err();
    assert!(
        matches!(err, Error::Tar(ref m) if m.contains("hard links")),
        "{err}"
    );
}

/// The chain part of the hand-made archive, without what GNU tar cannot extract.
fn data_for_gnu_tar() -> Vec<(&'static str, u8, &'static str, &'static [u8])> {
    vec![
        ("a", b'0', "", b"the contents\n"),
        ("b", b'1', "a", b""),
        ("c", b'1', "b", b""),
    ]
}

#[test]
fn corrupt_and_truncated_layers_are_errors() {
    let tar = read("layer.tar");
    // Cut inside GPL-3's contents (the last file): whatever is wanted, the layer is read
    // to its end and found short.
    let cut = &tar[..tar.len() - 20_000];
    for path in ["etc/hello", "usr/share/GPL-3", "nope"] {
        for piece in PIECES {
            let err = extract_with(cut, path, 1 << 20, piece, Limits::default()).unwrap_err();
            assert!(
                matches!(err, Error::Tar(ref m) if m.contains("truncated") && m.contains("GPL-3")),
                "{path}: {err}"
            );
        }
    }
    // A bad header checksum.
    let mut bad = tar.clone();
    bad[512 + 10] ^= 0x55; // ./etc/'s name
    let err = extract_with(&bad, "etc/hello", 64, 4096, Limits::default()).unwrap_err();
    assert!(
        matches!(err, Error::Tar(ref m) if m.contains("checksum")),
        "{err}"
    );
    // Truncated gzip and zstd.
    for name in ["layer.tar.gz", "layer.tar.zst"] {
        let blob = read(name);
        let cut = &blob[..blob.len() / 2];
        let err = extract_with(cut, "etc/hello", 64, 4096, Limits::default()).unwrap_err();
        assert!(
            matches!(err, Error::Gzip(_) | Error::Zstd(_) | Error::Tar(_)),
            "{name}: {err}"
        );
    }
    // An error stays: write and rewind keep failing, and so does finish.
    let mut extractor = FileExtractor::new(Compression::None, "etc/hello", 64);
    assert!(extractor.write(&bad).is_err());
    assert!(extractor.write(&bad).is_err());
    assert!(extractor.rewind().is_err());
    assert!(extractor.rewind().is_err());
    assert!(extractor.finish().is_err());
}

#[test]
fn caps_stop_the_reading_with_an_error() {
    // A bomb: 200 MB of zeros in one file. The byte cap stops the inflating early.
    for name in ["browse/bomb.tar.gz", "browse/bomb.tar.zst"] {
        let limits = Limits {
            max_bytes: 1 << 20,
            ..Limits::default()
        };
        let data = read(name);
        let mut extractor = FileExtractor::with_limits(sniff(&data), "zeros", 4096, limits);
        let mut result = Ok(true);
        for chunk in data.chunks(4096) {
            result = extractor.write(chunk);
            if !matches!(result, Ok(true)) {
                break;
            }
        }
        assert_eq!(
            result,
            Err(Error::Limit(LimitHit::Bytes(1 << 20))),
            "{name}"
        );
        assert_eq!(
            extractor.finish(),
            Err(Error::Limit(LimitHit::Bytes(1 << 20)))
        );
    }
    // An extended header over the cap.
    let limits = Limits {
        max_extended_header: 100,
        ..Limits::default()
    };
    let err = extract_with(&read("browse/pax.tar"), "données", 64, 7, limits).unwrap_err();
    assert!(
        matches!(err, Error::Limit(LimitHit::ExtendedHeader { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("extended header"), "{err}");
}

/// `data` with the first `from` after byte `after` replaced by `to` (of the same length).
fn patched(data: &[u8], after: usize, from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = after
        + data[after..]
            .windows(from.len())
            .position(|w| w == from)
            .expect("the bytes to patch");
    let mut out = data.to_vec();
    out[at..at + to.len()].copy_from_slice(to);
    out
}

#[test]
fn a_corrupt_sparse_map_fails_only_its_file() {
    let pax10 = read("extract/sparse-pax10.tar");
    let pax01 = read("extract/sparse-pax01.tar");
    for (name, data) in [
        // PAX 1.0: the map at the start of holes' contents.
        ("1.0", patched(&pax10, 1536, b"\n4096\n", b"\n40x6\n")),
        // PAX 1.0: fragments that do not add up to the contents.
        (
            "1.0 sizes",
            patched(&pax10, 1536, b"\n4096\n4096\n", b"\n4096\n4095\n"),
        ),
        // PAX 0.1: the map record of holes.
        ("0.1", patched(&pax01, 0, b"4096,4096", b"4096;4096")),
        // PAX 0.1: fragments out of order.
        (
            "0.1 order",
            patched(&pax01, 0, b"=4096,4096,77824", b"=77824,4096,4096"),
        ),
    ] {
        // Checksums cover headers only: the archive still lists.
        let mut listing = berth_layer::TarListing::default();
        listing.push(&data);
        assert_eq!(listing.finish().unwrap().entries.len(), 3, "{name}");
        for piece in PIECES {
            match extract_with(&data, "holes", 1 << 20, piece, Limits::default()) {
                Err(Error::Tar(m)) if m.contains("sparse map") => {}
                Err(e) => panic!("{name} in {piece}-byte pieces: {e}"),
                Ok(_) => panic!("{name} in {piece}-byte pieces: extracted"),
            }
        }
        let (tail, _) = extract_with(&data, "tail", 1 << 20, 4096, Limits::default()).unwrap();
        assert!(
            matches!(tail, Extracted::File { size: 120_008, .. }),
            "{name}"
        );
    }
}
