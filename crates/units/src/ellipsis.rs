//! docker/cli's `formatter.Ellipsis`: cutting a description to a display width.

use unicode_width::UnicodeWidthChar;

/// Cuts `s` to at most `max_width` columns, ending with `…` when it was cut, exactly as
/// docker/cli's `formatter.Ellipsis` (cli/command/formatter/displayutils.go) does:
///
/// * `max_width` 0 gives `""`, 1 gives the first character whatever its width;
/// * an ASCII string longer than `max_width` keeps `max_width - 1` characters and `…`;
/// * otherwise East Asian wide and fullwidth characters count 2 columns, everything else 1
///   (`golang.org/x/text/width`), and the cut keeps the longest prefix of at most
///   `max_width - 1` columns, then `…`.
///
/// The ellipsis counts one column, so the result never exceeds `max_width` columns.
///
/// ```
/// use berth_units::ellipsis;
/// assert_eq!(ellipsis("Automated Nginx reverse proxy for docker containers", 45),
///            "Automated Nginx reverse proxy for docker con…");
/// assert_eq!(ellipsis("你好，世界", 6), "你好…");
/// ```
pub fn ellipsis(s: &str, max_width: usize) -> String {
    if max_width == 0 {
        return String::new();
    }
    if max_width == 1 {
        return s.chars().next().map(String::from).unwrap_or_default();
    }
    if s.is_ascii() {
        if s.len() <= max_width {
            return s.to_owned();
        }
        return format!("{}…", &s[..max_width - 1]);
    }
    let widths: Vec<(usize, usize)> = s
        .char_indices()
        .scan(0, |total, (i, c)| {
            *total += char_width(c);
            Some((i + c.len_utf8(), *total))
        })
        .collect();
    if widths.last().is_none_or(|&(_, total)| total <= max_width) {
        return s.to_owned();
    }
    // The longest prefix that leaves room for the ellipsis. As in Go, a first character
    // already wider than that leaves the string whole.
    for pair in widths.windows(2) {
        let ((end, width), (_, next)) = (pair[0], pair[1]);
        if width < max_width && next >= max_width {
            return format!("{}…", &s[..end]);
        }
    }
    s.to_owned()
}

/// The columns one character takes in `formatter.Ellipsis`: 2 for East Asian wide and
/// fullwidth characters, 1 for all others (combining marks and controls included).
fn char_width(c: char) -> usize {
    if c.width().unwrap_or(1) >= 2 { 2 } else { 1 }
}
