//! The table of Go's `path/match_test.go`, case by case. The error is
//! `path.ErrBadPattern`, "syntax error in pattern".

use berth_oci::path_match;

/// Pattern, name, and the result of `path.Match`.
const MATCH_TESTS: &[(&str, &str, Result<bool, &str>)] = &[
    ("abc", "abc", Ok(true)),
    ("*", "abc", Ok(true)),
    ("*c", "abc", Ok(true)),
    ("a*", "a", Ok(true)),
    ("a*", "abc", Ok(true)),
    ("a*", "ab/c", Ok(false)),
    ("a*/b", "abc/b", Ok(true)),
    ("a*/b", "a/c/b", Ok(false)),
    ("a*b*c*d*e*/f", "axbxcxdxe/f", Ok(true)),
    ("a*b*c*d*e*/f", "axbxcxdxexxx/f", Ok(true)),
    ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", Ok(false)),
    ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", Ok(false)),
    ("a*b?c*x", "abxbbxdbxebxczzx", Ok(true)),
    ("a*b?c*x", "abxbbxdbxebxczzy", Ok(false)),
    ("ab[c]", "abc", Ok(true)),
    ("ab[b-d]", "abc", Ok(true)),
    ("ab[e-g]", "abc", Ok(false)),
    ("ab[^c]", "abc", Ok(false)),
    ("ab[^b-d]", "abc", Ok(false)),
    ("ab[^e-g]", "abc", Ok(true)),
    ("a\\*b", "a*b", Ok(true)),
    ("a\\*b", "ab", Ok(false)),
    ("a?b", "a☺b", Ok(true)),
    ("a[^a]b", "a☺b", Ok(true)),
    ("a???b", "a☺b", Ok(false)),
    ("a[^a][^a][^a]b", "a☺b", Ok(false)),
    ("[a-ζ]*", "α", Ok(true)),
    ("*[a-ζ]", "A", Ok(false)),
    ("a?b", "a/b", Ok(false)),
    ("a*b", "a/b", Ok(false)),
    ("[\\]a]", "]", Ok(true)),
    ("[\\-]", "-", Ok(true)),
    ("[x\\-]", "x", Ok(true)),
    ("[x\\-]", "-", Ok(true)),
    ("[x\\-]", "z", Ok(false)),
    ("[\\-x]", "x", Ok(true)),
    ("[\\-x]", "-", Ok(true)),
    ("[\\-x]", "a", Ok(false)),
    ("[]a]", "]", Err("syntax error in pattern")),
    ("[-]", "-", Err("syntax error in pattern")),
    ("[x-]", "x", Err("syntax error in pattern")),
    ("[x-]", "-", Err("syntax error in pattern")),
    ("[x-]", "z", Err("syntax error in pattern")),
    ("[-x]", "x", Err("syntax error in pattern")),
    ("[-x]", "-", Err("syntax error in pattern")),
    ("[-x]", "a", Err("syntax error in pattern")),
    ("\\", "a", Err("syntax error in pattern")),
    ("[a-b-c]", "a", Err("syntax error in pattern")),
    ("[", "a", Err("syntax error in pattern")),
    ("[^", "a", Err("syntax error in pattern")),
    ("[^bc", "a", Err("syntax error in pattern")),
    ("a[", "a", Err("syntax error in pattern")),
    ("a[", "ab", Err("syntax error in pattern")),
    ("a[", "x", Err("syntax error in pattern")),
    ("a/b[", "x", Err("syntax error in pattern")),
    ("*x", "xxx", Ok(true)),
];

#[test]
fn path_match_table() {
    assert_eq!(MATCH_TESTS.len(), 56);
    for &(pattern, s, expected) in MATCH_TESTS {
        let got = path_match(pattern, s);
        assert_eq!(
            got.map_err(|e| e.to_string()),
            expected.map_err(str::to_owned),
            "path_match({pattern:?}, {s:?})"
        );
    }
}

/// Go's `path.Match` works on bytes, so a `*` can skip into the middle of a
/// multi-byte character, after which `?` matches one invalid byte. Not in
/// Go's table; the results were checked against Go.
#[test]
fn path_match_splits_characters_like_go() {
    assert_eq!(path_match("*??", "☺"), Ok(true));
    assert_eq!(path_match("*?", "☺"), Ok(true));
    assert_eq!(path_match("*???", "☺"), Ok(false));
    assert_eq!(path_match("*????", "☺"), Ok(false));
}
