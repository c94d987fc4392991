//! Go's `%q` for strings (`strconv.Quote`), which Docker's error texts use.

use std::fmt::Write;

/// `s` in double quotes with Go's escapes: `\a \b \f \n \r \t \v \\ \"`, `\xNN` for other
/// ASCII controls, `\uNNNN` / `\UNNNNNNNN` (lower-case hex) for characters Go does not print
/// (`unicode.IsPrint`: controls, format characters, separators other than the ASCII space,
/// private use and unassigned code points, approximated).
///
/// ```
/// assert_eq!(berth_units::go_quote("a\"b"), r#""a\"b""#);
/// ```
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_print(c) => out.push(c),
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint`: graphic characters and the ASCII space.
fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    let u = c as u32;
    let format_or_private = matches!(
        u,
        0xAD | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0xE000..=0xF8FF
            | 0xF0000..=0x10FFFF
            | 0xE0000..=0xE007F
    );
    !c.is_control() && !c.is_whitespace() && !format_or_private
}

#[cfg(test)]
mod tests {
    use super::go_quote;

    #[test]
    fn quotes_like_strconv_quote() {
        // Expected values as Go 1.19 `fmt.Sprintf("%q", s)` prints them.
        for (input, expected) in [
            ("abc", r#""abc""#),
            ("", r#""""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("tab\there\n", r#""tab\there\n""#),
            ("\u{1}\u{7f}", r#""\x01\x7f""#),
            ("\u{a0}", r#""\u00a0""#),
            ("ünï 漢字", "\"ünï 漢字\""),
            ("\u{200b}", r#""\u200b""#),
        ] {
            assert_eq!(go_quote(input), expected, "{input:?}");
        }
    }
}
