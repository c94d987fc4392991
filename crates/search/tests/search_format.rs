//! `docker search` output: the default table, `--format` templates, description truncation.
//!
//! Cases marked "docker/cli" are ported from docker/cli (v29)
//! `cli/command/registry/formatter_search_test.go` and
//! `cli/command/formatter/displayutils_test.go`. The "Go-verified" table was produced by
//! running docker/cli's formatter code (`formatter.Context.Write`, `searchContext`,
//! `templates.basicFunctions` / `HeaderFunctions`) on Go 1.19's `text/template` and
//! `text/tabwriter`, with the Go type names rewritten to docker's packages.

use berth_search::{Error, SearchFormat, SearchResult, ellipsis, search_description};

#[derive(Clone, Copy)]
enum Set {
    /// docker/cli TestSearchContextWrite's two results.
    Docker,
    /// The first of them.
    First,
    /// Those two and a third with HTML characters, line breaks and `is_automated`.
    WithThird,
    /// The third alone.
    Third,
    Empty,
}

fn result(
    name: &str,
    description: &str,
    stars: i64,
    official: bool,
    automated: bool,
) -> SearchResult {
    SearchResult {
        name: name.into(),
        description: description.into(),
        star_count: stars,
        is_official: official,
        is_automated: automated,
    }
}

fn results(set: Set) -> Vec<SearchResult> {
    let docker = vec![
        result("result1", "Official build", 5000, true, false),
        result("result2", "Not official", 5, false, false),
    ];
    let third = result("result3", "a<b>&c \"q\"\nline two\rthree", 12, false, true);
    match set {
        Set::Docker => docker,
        Set::First => docker[..1].to_vec(),
        Set::WithThird => docker.into_iter().chain([third]).collect(),
        Set::Third => vec![third],
        Set::Empty => Vec::new(),
    }
}

fn render(format: &str, set: Set, trunc: bool) -> Result<String, String> {
    SearchFormat::parse(format)
        .and_then(|f| f.render(&results(set), trunc))
        .map_err(|e: Error| e.to_string())
}

fn check(cases: &[(&str, Set, Result<&str, &str>)]) {
    for &(format, set, expected) in cases {
        let expected = expected.map(str::to_owned).map_err(str::to_owned);
        assert_eq!(render(format, set, true), expected, "format {format:?}");
    }
}

/// docker/cli TestSearchContextWrite (the `table` case is its golden file
/// `testdata/search-context-write-table.golden`).
#[test]
fn docker_cli_search_context_write() {
    check(&[
        (
            "{{InvalidFunction}}",
            Set::Docker,
            Err("template parsing error: template: :1: function \"InvalidFunction\" not defined"),
        ),
        (
            "{{nil}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:2: executing \"\" at <nil>: nil is not a command",
            ),
        ),
        (
            "{{json .}}",
            Set::Docker,
            Ok(
                "{\"Description\":\"Official build\",\"IsOfficial\":\"true\",\"Name\":\"result1\",\"StarCount\":\"5000\"}\n{\"Description\":\"Not official\",\"IsOfficial\":\"false\",\"Name\":\"result2\",\"StarCount\":\"5\"}\n",
            ),
        ),
        (
            "{{json .Name}}",
            Set::Docker,
            Ok("\"result1\"\n\"result2\"\n"),
        ),
        (
            "table",
            Set::Docker,
            Ok(
                "NAME      DESCRIPTION      STARS     OFFICIAL\nresult1   Official build   5000      [OK]\nresult2   Not official     5         \n",
            ),
        ),
        (
            "table {{.Name}}",
            Set::Docker,
            Ok("NAME\nresult1\nresult2\n"),
        ),
        ("{{.Name}}", Set::Docker, Ok("result1\nresult2\n")),
        (
            "{{.Name}} {{.StarCount}}",
            Set::Docker,
            Ok("result1 5000\nresult2 5\n"),
        ),
    ]);
}

/// Everything else checked against Go (see the module docs). The one deliberate difference:
/// the header of `.IsAutomated` is `AUTOMATED` (docker/cli v25–v28), where v29, which
/// dropped the placeholder, prints `<no value>`.
#[test]
fn go_verified_formats() {
    check(&[
        (
            "{{.Nope}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *registry.searchContext",
            ),
        ),
        ("table {{.Nope}}", Set::Empty, Ok("<no value>\n")),
        (
            "table {{.Name}}\\t{{.Nope}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:12: executing \"\" at <.Nope>: can't evaluate field Nope in type *registry.searchContext",
            ),
        ),
        (
            "{{.Name.Foo}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:7: executing \"\" at <.Name.Foo>: can't evaluate field Foo in type string",
            ),
        ),
        ("{{.Name | upper}}", Set::Docker, Ok("RESULT1\nRESULT2\n")),
        (
            "{{upper .Name}} {{lower \"ABC\"}} {{title \"hello world-foo\"}}",
            Set::First,
            Ok("RESULT1 abc Hello World-Foo\n"),
        ),
        (
            "{{pad .Name 2 1}}|",
            Set::Docker,
            Ok("  result1 |\n  result2 |\n"),
        ),
        ("{{truncate .Name 3}}", Set::Docker, Ok("res\nres\n")),
        (
            "{{truncate .Name -1}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:2: executing \"\" at <truncate .Name -1>: error calling truncate: runtime error: slice bounds out of range [:-1]",
            ),
        ),
        (
            "{{split .Name \"t\"}}",
            Set::Docker,
            Ok("[resul 1]\n[resul 2]\n"),
        ),
        (
            "{{join (split .Name \"t\") \"-\"}}",
            Set::Docker,
            Ok("resul-1\nresul-2\n"),
        ),
        (
            "{{join .Name \",\"}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:2: executing \"\" at <join .Name \",\">: error calling join: expected slice, got string",
            ),
        ),
        (
            "{{upper}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:2: executing \"\" at <upper>: wrong number of args for upper: want 1 got 0",
            ),
        ),
        (
            "{{upper .Name .Name}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:2: executing \"\" at <upper>: wrong number of args for upper: want 1 got 2",
            ),
        ),
        (
            "{{pad .Name \"a\" 1}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:12: executing \"\" at <\"a\">: expected integer; found \"a\"",
            ),
        ),
        (
            "{{upper 3}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:8: executing \"\" at <3>: expected string; found 3",
            ),
        ),
        (
            "{{.Name 1}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:2: executing \"\" at <.Name>: wrong number of args for Name: want 0 got 1",
            ),
        ),
        (
            "{{\"x\" | .Name}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:8: executing \"\" at <.Name>: wrong number of args for Name: want 0 got 1",
            ),
        ),
        (
            "{{.StarCount | pad 1}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:15: executing \"\" at <pad>: wrong number of args for pad: want 3 got 2",
            ),
        ),
        (
            "{{json .}} {{.IsOfficial}}",
            Set::Docker,
            Ok(
                "{\"Description\":\"Official build\",\"IsOfficial\":\"true\",\"Name\":\"result1\",\"StarCount\":\"5000\"} true\n{\"Description\":\"Not official\",\"IsOfficial\":\"false\",\"Name\":\"result2\",\"StarCount\":\"5\"} false\n",
            ),
        ),
        (
            "{{.Name",
            Set::Docker,
            Err("template parsing error: template: :1: unclosed action"),
        ),
        (
            "{{.Name}",
            Set::Docker,
            Err("template parsing error: template: :1: bad character U+007D '}'"),
        ),
        (
            "{{}}",
            Set::Docker,
            Err("template parsing error: template: :1: missing value for command"),
        ),
        (
            "{{.Name | \"x\"}}",
            Set::Docker,
            Err("template parsing error: template: :1: non executable command in pipeline stage 2"),
        ),
        (
            "{{- .Name -}}  x  {{- .StarCount}}",
            Set::Docker,
            Ok("result1x5000\nresult2x5\n"),
        ),
        (
            "{{/* comment */}}{{.Name}}",
            Set::Docker,
            Ok("result1\nresult2\n"),
        ),
        (
            "table {{.Name}}\\t{{.IsOfficial}}",
            Set::Docker,
            Ok("NAME      OFFICIAL\nresult1   [OK]\nresult2   \n"),
        ),
        (
            "table {{json .Name}}\\t{{upper .Description}}\\t{{pad .StarCount 1 1}}|",
            Set::Docker,
            Ok(
                "NAME        DESCRIPTION       STARS |\n\"result1\"   OFFICIAL BUILD    5000 |\n\"result2\"   NOT OFFICIAL      5 |\n",
            ),
        ),
        (
            "table {{.Name}}\\t{{json .}}",
            Set::Docker,
            Ok(
                "NAME      \nresult1   {\"Description\":\"Official build\",\"IsOfficial\":\"true\",\"Name\":\"result1\",\"StarCount\":\"5000\"}\nresult2   {\"Description\":\"Not official\",\"IsOfficial\":\"false\",\"Name\":\"result2\",\"StarCount\":\"5\"}\n",
            ),
        ),
        (
            "json",
            Set::WithThird,
            Ok(
                "{\"Description\":\"Official build\",\"IsOfficial\":\"true\",\"Name\":\"result1\",\"StarCount\":\"5000\"}\n{\"Description\":\"Not official\",\"IsOfficial\":\"false\",\"Name\":\"result2\",\"StarCount\":\"5\"}\n{\"Description\":\"a\\u003cb\\u003e\\u0026c \\\"q\\\" line two three\",\"IsOfficial\":\"false\",\"Name\":\"result3\",\"StarCount\":\"12\"}\n",
            ),
        ),
        (
            "{{.Name}}\\n{{.StarCount}}",
            Set::Docker,
            Ok("result1\n5000\nresult2\n5\n"),
        ),
        (
            "table {{.Name}}\\n{{.StarCount}}\\t{{.IsOfficial}}",
            Set::Docker,
            Ok("NAME\nSTARS     OFFICIAL\nresult1\n5000      [OK]\nresult2\n5         \n"),
        ),
        (
            "{{json .Description}}",
            Set::WithThird,
            Ok("\"Official build\"\n\"Not official\"\n\"a<b>&c \\\"q\\\" line two three\"\n"),
        ),
        (
            "{{.Description}}",
            Set::WithThird,
            Ok("Official build\nNot official\na<b>&c \"q\" line two three\n"),
        ),
        ("table x{{.Name.Foo}}y", Set::Empty, Ok("x\n")),
        (
            "table x{{.Name.Foo}}y",
            Set::Docker,
            Err(
                "template parsing error: template: :1:8: executing \"\" at <.Name.Foo>: can't evaluate field Foo in type string",
            ),
        ),
        ("{{ .Name }}", Set::Docker, Ok("result1\nresult2\n")),
        ("{{(.Name)}}", Set::Docker, Ok("result1\nresult2\n")),
        ("{{upper (.Name)}}", Set::Docker, Ok("RESULT1\nRESULT2\n")),
        (
            "{{3}} {{true}} {{\"s\"}} {{`raw`}}",
            Set::First,
            Ok("3 true s raw\n"),
        ),
        (
            "{{json 3}} {{json nil}} {{json true}}",
            Set::First,
            Ok("3 null true\n"),
        ),
        (
            "{{.Name}}\\n{{nope}}",
            Set::Docker,
            Err("template parsing error: template: :2: function \"nope\" not defined"),
        ),
        (
            "{{.Name}}\\n{{.Nope}}",
            Set::Docker,
            Err(
                "template parsing error: template: :2:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *registry.searchContext",
            ),
        ),
        (
            "{{\"a\" \"b\"}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:2: executing \"\" at <\"a\">: can't give argument to non-function \"a\"",
            ),
        ),
        (
            "{{.}}",
            Set::First,
            Ok("{{<nil>} true false {5000 true result1 false Official build}}\n"),
        ),
        (
            "{{upper .}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:8: executing \"\" at <.>: wrong type for value; expected string; got *registry.searchContext",
            ),
        ),
        (
            "{{.Name | upper | lower}}",
            Set::Docker,
            Ok("result1\nresult2\n"),
        ),
        ("table {{upper .Nope}}", Set::Empty, Ok("\n")),
        (
            "table {{json .Name}}",
            Set::Docker,
            Ok("NAME\n\"result1\"\n\"result2\"\n"),
        ),
        (
            "{{.name}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:2: executing \"\" at <.name>: can't evaluate field name in type *registry.searchContext",
            ),
        ),
        ("x {{- .Name}}", Set::Docker, Ok("xresult1\nxresult2\n")),
        ("{{.Name -}} y", Set::Docker, Ok("result1y\nresult2y\n")),
        ("{{-3}}", Set::First, Ok("-3\n")),
        (
            "{{pad .Name -1 0}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:2: executing \"\" at <pad .Name -1 0>: error calling pad: strings: negative Repeat count",
            ),
        ),
        (
            "{{.Name}}{{",
            Set::Docker,
            Err("template parsing error: template: :1: unclosed action"),
        ),
        ("{{.Name}}}}", Set::Docker, Ok("result1}}\nresult2}}\n")),
        ("{{ .Name | }}", Set::Docker, Ok("result1\nresult2\n")),
        (
            "{{| .Name}}",
            Set::Docker,
            Err("template parsing error: template: :1: unexpected \"|\" in command"),
        ),
        (
            "{{.Name,}}",
            Set::Docker,
            Err("template parsing error: template: :1: unexpected \",\" in operand"),
        ),
        (
            "{{.Name.}}",
            Set::Docker,
            Err("template parsing error: template: :1: unexpected <.> in operand"),
        ),
        (
            "{{..Name}}",
            Set::Docker,
            Err("template parsing error: template: :1: unexpected . after term \".\""),
        ),
        (
            "{{\"a\".Name}}",
            Set::Docker,
            Err("template parsing error: template: :1: unexpected . after term \"\\\"a\\\"\""),
        ),
        (
            "{{.Na-me}}",
            Set::Docker,
            Err("template parsing error: template: :1: bad character U+002D '-'"),
        ),
        (
            "{{upper\"x\"}}",
            Set::Docker,
            Err("template parsing error: template: :1: bad character U+0022 '\"'"),
        ),
        (
            "{{3x}}",
            Set::Docker,
            Err("template parsing error: template: :1: bad number syntax: \"3x\""),
        ),
        (
            "{{.Name)}}",
            Set::Docker,
            Err("template parsing error: template: :1: unexpected \")\" in command"),
        ),
        (
            "{{(.Name}}",
            Set::Docker,
            Err("template parsing error: template: :1: unclosed left paren"),
        ),
        (
            "{{.Name}}{{/* c }}",
            Set::Docker,
            Err("template parsing error: template: :1: unclosed comment"),
        ),
        (
            "{{/* c */ .Name}}",
            Set::Docker,
            Err("template parsing error: template: :1: comment ends before closing delimiter"),
        ),
        (
            "{{@}}",
            Set::Docker,
            Err("template parsing error: template: :1: unexpected \"@\" in command"),
        ),
        (
            "{{é}}",
            Set::Docker,
            Err("template parsing error: template: :1: function \"é\" not defined"),
        ),
        (
            "{{.Name}}\\n{{.Name",
            Set::Docker,
            Err("template parsing error: template: :2: unclosed action"),
        ),
        (
            "{{.Name\\n",
            Set::Docker,
            Err("template parsing error: template: :2: unclosed action started at :1"),
        ),
        (
            "{{\"a\\qb\"}}",
            Set::Docker,
            Err("template parsing error: template: :1: invalid syntax"),
        ),
        (
            "{{.IsAutomated}}|{{.IsOfficial}}",
            Set::WithThird,
            Ok("|[OK]\n|\n[OK]|\n"),
        ),
        (
            "table {{.Name}}\\t{{.IsAutomated}}",
            Set::WithThird,
            Ok("NAME      AUTOMATED\nresult1   \nresult2   \nresult3   [OK]\n"),
        ),
        ("{{json .IsOfficial}}", Set::Docker, Ok("\"[OK]\"\n\"\"\n")),
        (
            "  table {{.Name}}",
            Set::Docker,
            Ok("table result1\ntable result2\n"),
        ),
        (
            "tablex {{.Name}}",
            Set::Docker,
            Ok("x NAME\nx result1\nx result2\n"),
        ),
        (
            "table   {{.Name}}   ",
            Set::Docker,
            Ok("NAME\nresult1\nresult2\n"),
        ),
        (
            "{{.Name}}\\\\t{{.StarCount}}",
            Set::Docker,
            Ok("result1\\\t5000\nresult2\\\t5\n"),
        ),
        (
            "{{ json . }}",
            Set::Third,
            Ok(
                "{\"Description\":\"a\\u003cb\\u003e\\u0026c \\\"q\\\" line two three\",\"IsOfficial\":\"false\",\"Name\":\"result3\",\"StarCount\":\"12\"}\n",
            ),
        ),
        ("{{split .Name \"\"}}", Set::First, Ok("[r e s u l t 1]\n")),
        (
            "{{json (split .Name \"t\")}}",
            Set::First,
            Ok("[\"resul\",\"1\"]\n"),
        ),
        ("{{join nil \",\"}}", Set::First, Ok("\n")),
        (
            "{{.Description | truncate 3}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:26: executing \"\" at <3>: expected string; found 3",
            ),
        ),
        (
            "{{truncate 3 .Name}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:11: executing \"\" at <3>: expected string; found 3",
            ),
        ),
        (
            "{{nil | upper}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:2: executing \"\" at <nil>: nil is not a command",
            ),
        ),
        (
            "{{upper nil}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:8: executing \"\" at <nil>: cannot assign nil to string",
            ),
        ),
        (
            "{{.Name \"x\"}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:2: executing \"\" at <.Name>: wrong number of args for Name: want 0 got 1",
            ),
        ),
        (
            "{{json}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:2: executing \"\" at <json>: wrong number of args for json: want 1 got 0",
            ),
        ),
        (
            "{{.Name}} {{.StarCount.X}}",
            Set::Docker,
            Err(
                "template parsing error: template: :1:22: executing \"\" at <.StarCount.X>: can't evaluate field X in type string",
            ),
        ),
        (
            "{{ .Name}}\\n  {{ .Nope }}",
            Set::Docker,
            Err(
                "template parsing error: template: :2:5: executing \"\" at <.Nope>: can't evaluate field Nope in type *registry.searchContext",
            ),
        ),
    ]);
}

/// What berth's template subset refuses (Go would run these).
#[test]
fn unsupported_template_features() {
    let tail = " is not supported by berth (it supports fields, literals, pipes and docker's json, split, join, title, lower, upper, pad and truncate)";
    for (format, what) in [
        ("{{if .IsOfficial}}yes{{end}}", "{{if}}"),
        ("{{range .Name}}{{end}}", "{{range}}"),
        ("{{with .Name}}{{.}}{{end}}", "{{with}}"),
        ("{{$x := .Name}}{{$x}}", "a variable"),
        (r#"{{printf "%s" .Name}}"#, "the function \"printf\""),
        ("{{.Name | len}}", "the function \"len\""),
        ("{{1.5}}", "the number 1.5 (only decimal integers are)"),
        ("{{'a'}}", "a character constant"),
        (
            "{{(upper .Name).Foo}}",
            "a field of a function's or pipeline's result",
        ),
    ] {
        assert_eq!(
            render(format, Set::Docker, true),
            Err(format!(
                "template parsing error: template: :1: {what}{tail}"
            )),
            "{format:?}"
        );
    }
}

/// docker/cli TestSearchContext: the placeholders' values.
#[test]
fn docker_cli_search_context() {
    for (result, format, expected) in [
        (result("nginx", "", 0, false, false), "{{.Name}}", "nginx"),
        (result("", "", 5000, false, false), "{{.StarCount}}", "5000"),
        (result("", "", 0, true, false), "{{.IsOfficial}}", "[OK]"),
        (result("", "", 0, false, false), "{{.IsOfficial}}", ""),
    ] {
        let out = SearchFormat::parse(format)
            .unwrap()
            .render(&[result], true)
            .unwrap();
        assert_eq!(out, format!("{expected}\n"), "{format}");
    }
}

/// docker/cli TestSearchContextDescription: line breaks become spaces, 45 columns unless
/// --no-trunc.
#[test]
fn docker_cli_search_context_description() {
    const SHORT: &str = "Official build of Nginx.";
    const LONG: &str = "Automated Nginx reverse proxy for docker containers";
    const WITH_RETURNS: &str = "Automated\nNginx reverse\rproxy\rfor docker\ncontainers";
    const LONG_CUT: &str = "Automated Nginx reverse proxy for docker con…";
    for (description, trunc, expected) in [
        (SHORT, true, SHORT),
        (SHORT, false, SHORT),
        (LONG, false, LONG),
        (LONG, true, LONG_CUT),
        (WITH_RETURNS, false, LONG),
        (WITH_RETURNS, true, LONG_CUT),
    ] {
        assert_eq!(search_description(description, trunc), expected);
        let rows = [result("x", description, 0, false, false)];
        let out = SearchFormat::parse("{{.Description}}")
            .unwrap()
            .render(&rows, trunc)
            .unwrap();
        assert_eq!(out, format!("{expected}\n"));
    }
    assert_eq!(ellipsis(LONG, 45), LONG_CUT);
    assert_eq!(LONG_CUT.chars().count(), 45);
}

/// docker/cli TestEllipsis: display width, East Asian wide characters counting two.
#[test]
fn docker_cli_ellipsis() {
    for (source, width, expected) in [
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
    ] {
        assert_eq!(ellipsis(source, width), expected, "{source} {width}");
    }
}

/// Multibyte descriptions in the table: cut by display width (formatter.Ellipsis), then
/// aligned by display width (docker/cli's tabwriter fork measures with go-runewidth).
#[test]
fn multibyte_descriptions() {
    // 50 columns of CJK (25 characters): cut to 22 characters (44 columns) and `…`.
    let cjk = "漢字".repeat(12) + "漢";
    assert_eq!(search_description(&cjk, true), "漢字".repeat(11) + "…");
    // Accented Latin letters are one column each: a 46-character description is cut to 44
    // and `…`, counting characters, not bytes.
    let accented = "é".repeat(46);
    assert_eq!(search_description(&accented, true), "é".repeat(44) + "…");
    assert_eq!(search_description(&"é".repeat(45), true), "é".repeat(45));
    let rows = [
        result("cjk", "中文描述", 1, false, false),
        result("latin", "ascii only", 2, true, false),
    ];
    let out = SearchFormat::parse("")
        .unwrap()
        .render_lines(&rows, true)
        .unwrap();
    assert_eq!(
        out,
        [
            "NAME      DESCRIPTION   STARS     OFFICIAL",
            "cjk       中文描述      1         ",
            "latin     ascii only    2         [OK]",
        ]
    );
}

/// The table keeps columns aligned across rows of different widths, and `--no-trunc`
/// widens the description column (the rows of the `--no-trunc` example in docker/cli
/// docs/reference/commandline/search.md; its truncated listing still shows the old
/// `made...` cut, where today's `formatter.Ellipsis` keeps 44 characters and `…`).
#[test]
fn default_table_alignment_and_no_trunc() {
    let rows = [
        result("busybox", "Busybox base image.", 325, true, false),
        result("progrium/busybox", "", 50, false, false),
        result(
            "radial/busyboxplus",
            "Full-chain, Internet enabled, busybox made from scratch. Comes in git and cURL flavors.",
            8,
            false,
            false,
        ),
    ];
    let format = SearchFormat::parse("").unwrap();
    assert_eq!(
        format.render_lines(&rows, true).unwrap(),
        [
            "NAME                 DESCRIPTION                                     STARS     OFFICIAL",
            "busybox              Busybox base image.                             325       [OK]",
            "progrium/busybox                                                     50        ",
            "radial/busyboxplus   Full-chain, Internet enabled, busybox made f…   8         ",
        ]
    );
    assert_eq!(
        format.render_lines(&rows, false).unwrap(),
        [
            "NAME                 DESCRIPTION                                                                               STARS     OFFICIAL",
            "busybox              Busybox base image.                                                                       325       [OK]",
            "progrium/busybox                                                                                               50        ",
            "radial/busyboxplus   Full-chain, Internet enabled, busybox made from scratch. Comes in git and cURL flavors.   8         ",
        ]
    );
}

/// An empty result list prints the header alone for a table, nothing otherwise.
#[test]
fn no_results() {
    assert_eq!(
        render("", Set::Empty, true),
        Ok("NAME      DESCRIPTION   STARS     OFFICIAL\n".to_owned())
    );
    assert_eq!(render("{{.Name}}", Set::Empty, true), Ok(String::new()));
    assert!(SearchFormat::parse("").unwrap().is_table());
    assert!(!SearchFormat::parse("json").unwrap().is_table());
    assert_eq!(
        SearchFormat::parse("table").unwrap().source(),
        berth_search::DEFAULT_SEARCH_FORMAT
    );
}
