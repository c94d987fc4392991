//! Sizes and durations as Docker prints them (go-units and its tests).

use berth_units::{human_duration, human_size, human_size_with_precision, time_ago};

#[test]
fn sizes_like_docker() {
    let cases: [(u64, &str); 16] = [
        (0, "0B"),
        (1, "1B"),
        (999, "999B"),
        (1000, "1kB"),
        (1024, "1.02kB"),
        (1840, "1.84kB"),
        (5_600_000, "5.6MB"),
        (72_800_000, "72.8MB"),
        (202_000_000, "202MB"),
        (202_499_999, "202MB"),
        (999_499, "999kB"),
        // Go's %.3g rolls 999.5 over to 1e+03, and Docker prints exactly that.
        (999_999, "1e+03kB"),
        (1_000_000, "1MB"),
        (2_147_483_648, "2.15GB"),
        (1_000_000_000_000, "1TB"),
        (u64::MAX, "18.4EB"),
    ];
    for (bytes, want) in cases {
        assert_eq!(human_size(bytes), want, "{bytes}");
    }
    // go-units size_test.go TestHumanSize / HumanSizeWithPrecision.
    assert_eq!(human_size_with_precision(1000.0, 4), "1kB");
    assert_eq!(human_size_with_precision(1024.0, 4), "1.024kB");
    assert_eq!(human_size_with_precision(1_000_000.0, 4), "1MB");
    assert_eq!(human_size_with_precision(1_048_576.0, 4), "1.049MB");
    assert_eq!(human_size_with_precision(2.0 * 1_000_000.0, 4), "2MB");
    assert_eq!(human_size_with_precision(3.42 * 1e9, 4), "3.42GB");
    assert_eq!(human_size_with_precision(5.372 * 1e12, 4), "5.372TB");
    assert_eq!(human_size_with_precision(2.22 * 1e15, 4), "2.22PB");
    assert_eq!(human_size_with_precision(1e21, 4), "1ZB");
    assert_eq!(human_size_with_precision(1e24, 4), "1YB");
    assert_eq!(human_size_with_precision(1e27, 4), "1000YB");
}

#[test]
fn durations_like_docker() {
    const S: f64 = 1000.0;
    const M: f64 = 60.0 * S;
    const H: f64 = 60.0 * M;
    const D: f64 = 24.0 * H;
    // go-units duration_test.go TestHumanDuration.
    let cases: [(f64, &str); 29] = [
        (0.0, "Less than a second"),
        (S, "1 second"),
        (15.0 * S, "15 seconds"),
        (59.0 * S, "59 seconds"),
        (60.0 * S, "About a minute"),
        (M, "About a minute"),
        (3.0 * M, "3 minutes"),
        (35.0 * M, "35 minutes"),
        (35.0 * M + 40.0 * S, "35 minutes"),
        (H, "About an hour"),
        (H + 45.0 * M, "2 hours"),
        (3.0 * H, "3 hours"),
        (3.0 * H + 59.0 * M, "4 hours"),
        (3.0 * H + 60.0 * M, "4 hours"),
        (24.0 * H, "24 hours"),
        (D + 12.0 * H, "36 hours"),
        (2.0 * D, "2 days"),
        (7.0 * D, "7 days"),
        (13.0 * D + 5.0 * H, "13 days"),
        (2.0 * 7.0 * D, "2 weeks"),
        (2.0 * 7.0 * D + 4.0 * D, "2 weeks"),
        (3.0 * 7.0 * D, "3 weeks"),
        (4.0 * 7.0 * D, "4 weeks"),
        (4.0 * 7.0 * D + 3.0 * D, "4 weeks"),
        (1.0 * 30.0 * D, "4 weeks"),
        (1.0 * 30.0 * D + 2.0 * 7.0 * D, "6 weeks"),
        (2.0 * 30.0 * D, "2 months"),
        (30.0 * D * 12.0, "12 months"),
        (2.0 * 365.0 * D, "2 years"),
    ];
    for (ms, want) in cases {
        assert_eq!(human_duration(ms), want, "{ms}");
    }
    assert_eq!(human_duration(3.0 * 365.0 * D + 2.0 * 30.0 * D), "3 years");
    assert_eq!(time_ago(0.0, 4.0 * 30.0 * D), "4 months ago");
    assert_eq!(time_ago(10.0 * S, 10.0 * S), "Less than a second ago");
}

#[test]
fn ellipsis_like_docker_cli() {
    use berth_units::ellipsis;
    // docker/cli cli/command/formatter/displayutils_test.go TestEllipsis.
    let cases: [(&str, usize, &str); 11] = [
        ("t🐳ststring", 0, ""),
        ("t🐳ststring", 1, "t"),
        ("t🐳ststring", 2, "t…"),
        ("t🐳ststring", 6, "t🐳st…"),
        ("t🐳ststring", 20, "t🐳ststring"),
        ("你好世界teststring", 0, ""),
        ("你好世界teststring", 1, "你"),
        ("你好世界teststring", 3, "你…"),
        ("你好世界teststring", 6, "你好…"),
        ("你好世界teststring", 20, "你好世界teststring"),
        // berth's own: a wide character just before the cut.
        ("test🐳string", 7, "test🐳…"),
    ];
    for (s, width, want) in cases {
        assert_eq!(ellipsis(s, width), want, "{s:?} {width}");
    }
    let long = "/bin/sh -c #(nop) ADD file:1234567890abcdef in / ";
    assert_eq!(ellipsis(long, 45).chars().count(), 45);
    assert!(ellipsis(long, 45).ends_with('…'));
}
