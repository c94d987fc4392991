//! What `docker search` prints: its table, or the user's `--format`.

use std::cell::Cell;

use crate::json_string::json_string;
use crate::tab_writer::TabWriter;
use crate::template::{Functions, Template, TemplateData};
use crate::{Error, SearchResult, ellipsis};

/// docker/cli's default format for `docker search` (cli/command/registry/formatter_search.go).
pub const DEFAULT_SEARCH_FORMAT: &str =
    "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}";

/// The width descriptions are cut to unless `--no-trunc`.
pub const DESCRIPTION_WIDTH: usize = 45;

/// A parsed `--format` for search results.
///
/// As in docker/cli (`formatter.Format`, `formatter.Context`):
///
/// * `""` and `table` mean [`DEFAULT_SEARCH_FORMAT`]; `json` means `{{json .}}`;
/// * a format starting with `table` prints a header row (the template executed on the
///   column names: `NAME`, `DESCRIPTION`, `STARS`, `OFFICIAL`, and `AUTOMATED` for the
///   deprecated `.IsAutomated`; a missing name prints `<no value>`), then one row per result,
///   all aligned by [`Go's tabwriter`](https://pkg.go.dev/text/tabwriter) rules with
///   docker/cli's settings (columns at least 10 wide, 3 spaces of padding);
/// * after the `table` prefix the format is trimmed of spaces and the two-character
///   sequences `\t` and `\n` become a tab and a newline;
/// * each result prints the template followed by a newline;
/// * placeholders: `.Name`, `.Description` (newlines and carriage returns as spaces, cut
///   with [`ellipsis`] to 45 columns unless `--no-trunc`), `.StarCount`, `.IsOfficial`
///   (`[OK]` or empty) and `.IsAutomated` (same, always empty since the daemon forces it
///   false; docker/cli removed it in v29, berth keeps v25–v28's behaviour);
/// * `{{json .}}` prints `{"Description":…,"IsOfficial":"true",…}` with string values.
///
/// An error (Go's text, as docker/cli wraps it: `template parsing error: …`) means nothing
/// is printed at all.
///
/// ```
/// use berth_search::{SearchFormat, SearchResult};
/// let rows = [SearchResult { name: "nginx".into(), star_count: 5, is_official: true, ..Default::default() }];
/// let format = SearchFormat::parse("{{.Name}}: {{.StarCount}} {{.IsOfficial}}").unwrap();
/// assert_eq!(format.render(&rows, true).unwrap(), "nginx: 5 [OK]\n");
/// let table = SearchFormat::parse(r"table {{.Name}}\t{{.StarCount}}").unwrap();
/// assert_eq!(table.render_lines(&rows, true).unwrap(), ["NAME      STARS", "nginx     5"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFormat {
    source: String,
    table: bool,
    template: Template,
}

impl SearchFormat {
    /// Parses a `--format` value.
    pub fn parse(format: &str) -> Result<SearchFormat, Error> {
        let source = match format {
            "" | "table" => DEFAULT_SEARCH_FORMAT,
            other => other,
        };
        let template = Template::parse(&template_text(source)).map_err(Error::Template)?;
        Ok(SearchFormat {
            source: source.to_owned(),
            table: source.starts_with("table"),
            template,
        })
    }

    /// The format in effect (the default when none was given).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether a header row is printed and columns aligned.
    pub fn is_table(&self) -> bool {
        self.table
    }

    /// Everything `docker search` prints on stdout for `results`; `trunc` is the opposite
    /// of `--no-trunc`.
    pub fn render(&self, results: &[SearchResult], trunc: bool) -> Result<String, Error> {
        let mut rows = String::new();
        for result in results {
            let row = Row {
                result,
                trunc,
                json: Cell::new(false),
            };
            self.template
                .execute(&row, Functions::Basic, &mut rows)
                .map_err(Error::Template)?;
            rows.push('\n');
        }
        if !self.table {
            return Ok(rows);
        }
        // docker/cli ignores errors of the header row and keeps what was printed before.
        let mut text = String::new();
        let _ = self.template.execute(&Header, Functions::Header, &mut text);
        text.push('\n');
        text.push_str(&rows);
        Ok(TabWriter::docker().format(&text))
    }

    /// [`SearchFormat::render`] as lines, without their line terminators.
    pub fn render_lines(
        &self,
        results: &[SearchResult],
        trunc: bool,
    ) -> Result<Vec<String>, Error> {
        let text = self.render(results, trunc)?;
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        if lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        Ok(lines)
    }
}

/// A result's description as `docker search` shows it: newlines and carriage returns as
/// spaces, cut to 45 columns with `…` when `trunc` (docker/cli `searchContext.Description`).
///
/// ```
/// assert_eq!(berth_search::search_description("a\nb\rc", true), "a b c");
/// ```
pub fn search_description(description: &str, trunc: bool) -> String {
    let description = description.replace(['\n', '\r'], " ");
    if trunc {
        ellipsis(&description, DESCRIPTION_WIDTH)
    } else {
        description
    }
}

/// docker/cli's `formatter.Format.templateString`.
fn template_text(format: &str) -> String {
    match format {
        "table" => return String::new(),
        "json" => return "{{json .}}".to_owned(),
        _ => {}
    }
    let format = format.strip_prefix("table").unwrap_or(format);
    let format = format.trim_matches(' ');
    let mut out = String::with_capacity(format.len());
    let mut rest = format;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.as_bytes().first() {
            Some(b't') => out.push('\t'),
            Some(b'n') => out.push('\n'),
            _ => {
                out.push('\\');
                rest = after;
                continue;
            }
        }
        rest = &after[1..];
    }
    out.push_str(rest);
    out
}

/// One result as docker/cli's `searchContext` presents it.
struct Row<'a> {
    result: &'a SearchResult,
    trunc: bool,
    /// Set once `json` has encoded the row; from then on booleans print as `true`/`false`,
    /// as in docker/cli (its `MarshalJSON` sets the flag and never clears it).
    json: Cell<bool>,
}

impl Row<'_> {
    fn format_bool(&self, value: bool) -> String {
        match (value, self.json.get()) {
            (true, true) => "true",
            (true, false) => "[OK]",
            (false, true) => "false",
            (false, false) => "",
        }
        .to_owned()
    }
}

impl TemplateData for Row<'_> {
    fn type_name(&self) -> &'static str {
        "*registry.searchContext"
    }

    fn is_map(&self) -> bool {
        false
    }

    fn field(&self, name: &str) -> Option<String> {
        Some(match name {
            "Name" => self.result.name.clone(),
            "Description" => search_description(&self.result.description, self.trunc),
            "StarCount" => self.result.star_count.to_string(),
            "IsOfficial" => self.format_bool(self.result.is_official),
            "IsAutomated" => self.format_bool(self.result.is_automated),
            _ => return None,
        })
    }

    fn to_json(&self) -> String {
        self.json.set(true);
        // Go's json.Marshal of a map: keys sorted, HTML characters escaped.
        let fields = ["Description", "IsOfficial", "Name", "StarCount"];
        let body: Vec<String> = fields
            .iter()
            .map(|f| {
                let value = self.field(f).unwrap_or_default();
                format!("\"{f}\":{}", json_string(&value, true))
            })
            .collect();
        format!("{{{}}}", body.join(","))
    }

    fn to_text(&self) -> String {
        // fmt's %v of *searchContext: {HeaderContext{nil}} trunc json {SearchResult}.
        let r = self.result;
        format!(
            "{{{{<nil>}} {} {} {{{} {} {} {} {}}}}}",
            self.trunc,
            self.json.get(),
            r.star_count,
            r.is_official,
            r.name,
            r.is_automated,
            r.description
        )
    }
}

/// The header row's data: docker/cli's `formatter.SubHeaderContext` map.
struct Header;

impl TemplateData for Header {
    fn type_name(&self) -> &'static str {
        "formatter.SubHeaderContext"
    }

    fn is_map(&self) -> bool {
        true
    }

    fn field(&self, name: &str) -> Option<String> {
        Some(
            match name {
                "Name" => "NAME",
                "Description" => "DESCRIPTION",
                "StarCount" => "STARS",
                "IsOfficial" => "OFFICIAL",
                "IsAutomated" => "AUTOMATED",
                _ => return None,
            }
            .to_owned(),
        )
    }

    fn to_json(&self) -> String {
        r#"{"Description":"DESCRIPTION","IsOfficial":"OFFICIAL","Name":"NAME","StarCount":"STARS"}"#
            .to_owned()
    }

    fn to_text(&self) -> String {
        "map[Description:DESCRIPTION IsOfficial:OFFICIAL Name:NAME StarCount:STARS]".to_owned()
    }
}
