//! Strings as Go's `encoding/json` writes them, which `--format '{{json …}}'` prints.

use std::fmt::Write;

/// `s` as a JSON string the way Go's `encoding/json` (Go 1.22 and later) encodes it: `\"`,
/// `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other controls as `\u00xx`, U+2028 and U+2029 as
/// `\u2028` / `\u2029`, and with `escape_html` also `<`, `>`, `&` as `\u003c`, `\u003e`,
/// `\u0026` (`json.Marshal` does; docker/cli's `json` template function does not).
pub(crate) fn json_string(s: &str, escape_html: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if escape_html => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::json_string;

    #[test]
    fn encodes_like_go() {
        for (input, html, expected) in [
            ("plain", false, r#""plain""#),
            ("a\"b\\c\nd\te", false, r#""a\"b\\c\nd\te""#),
            ("\u{1}\u{1f}", false, r#""\u0001\u001f""#),
            ("\u{8}\u{c}", false, r#""\b\f""#),
            ("<a&b>", false, r#""<a&b>""#),
            ("<a&b>", true, r#""\u003ca\u0026b\u003e""#),
            ("\u{2028}\u{2029}", false, r#""\u2028\u2029""#),
            ("ünï 漢字 🐳", false, "\"ünï 漢字 🐳\""),
        ] {
            assert_eq!(json_string(input, html), expected, "{input:?}");
        }
    }
}
