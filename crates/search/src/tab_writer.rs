//! Aligning tab-separated columns the way docker/cli prints its tables.

use unicode_width::UnicodeWidthStr;

/// Elastic tabstops as Go's `text/tabwriter` computes them, with the settings docker/cli's
/// `formatter.Context` uses: `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)` (minimum cell width
/// 10 including padding, padding 3, spaces, no flags).
///
/// Text is cut into cells at `\t` (and `\v`), lines at `\n` (and `\f`). Tab-terminated cells
/// of adjacent lines form a column, padded with spaces to its widest cell plus the padding;
/// the last cell of a line (the text after its last tab) is not part of any column and is
/// never padded, while a tab-terminated cell is padded even when nothing follows it. A line
/// without tabs ends all columns above it. Widths are display columns (docker/cli's fork of
/// the package measures with `go-runewidth`; berth with `unicode-width`, which agrees on wide
/// characters and combining marks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TabWriter {
    min_width: usize,
    padding: usize,
    /// Finished lines; each cell is its text and whether a tab ended it.
    lines: Vec<Vec<Cell>>,
    /// Column widths of the blocks being formatted.
    widths: Vec<usize>,
    out: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Cell {
    text: String,
    width: usize,
}

impl TabWriter {
    /// docker/cli's settings.
    pub(crate) fn docker() -> TabWriter {
        TabWriter::new(10, 3)
    }

    pub(crate) fn new(min_width: usize, padding: usize) -> TabWriter {
        TabWriter {
            min_width,
            padding,
            lines: vec![Vec::new()],
            widths: Vec::new(),
            out: String::new(),
        }
    }

    /// Formats `text` completely (writes it and flushes).
    pub(crate) fn format(mut self, text: &str) -> String {
        let mut cell = String::new();
        for c in text.chars() {
            match c {
                '\t' | '\u{b}' | '\n' | '\u{c}' => {
                    let cells = self.terminate_cell(&mut cell);
                    if c == '\n' || c == '\u{c}' {
                        self.lines.push(Vec::new());
                        // A line of one cell cannot affect later columns: flush.
                        if c == '\u{c}' || cells == 1 {
                            self.flush();
                        }
                    }
                }
                c => cell.push(c),
            }
        }
        if !cell.is_empty() {
            self.terminate_cell(&mut cell);
        }
        self.flush();
        self.out
    }

    /// Ends the current cell; returns the number of cells of its line.
    fn terminate_cell(&mut self, cell: &mut String) -> usize {
        let text = std::mem::take(cell);
        let width = text.width();
        let line = self.lines.last_mut().expect("always one line");
        line.push(Cell { text, width });
        line.len()
    }

    fn flush(&mut self) {
        let lines = self.lines.len();
        self.format_block(0, lines);
        self.lines = vec![Vec::new()];
        self.widths.clear();
    }

    /// Go's `Writer.format`: finds the blocks of the next column among `lines[first..end]`,
    /// sizes each, and recurses into the columns to its right.
    fn format_block(&mut self, mut first: usize, end: usize) {
        let column = self.widths.len();
        let mut this = first;
        while this < end {
            if column + 1 >= self.lines[this].len() {
                this += 1;
                continue;
            }
            // A column block starts here: print the lines above it.
            self.write_lines(first, this);
            first = this;
            let mut width = self.min_width;
            while this < end && column + 1 < self.lines[this].len() {
                width = width.max(self.lines[this][column].width + self.padding);
                this += 1;
            }
            self.widths.push(width);
            self.format_block(first, this);
            self.widths.pop();
            first = this;
        }
        self.write_lines(first, end);
    }

    fn write_lines(&mut self, first: usize, end: usize) {
        for i in first..end {
            for (j, cell) in self.lines[i].iter().enumerate() {
                self.out.push_str(&cell.text);
                if let Some(&width) = self.widths.get(j) {
                    let pad = width.saturating_sub(cell.width);
                    self.out.extend(std::iter::repeat_n(' ', pad));
                }
            }
            if i + 1 < self.lines.len() {
                self.out.push('\n');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TabWriter;

    #[test]
    fn aligns_like_go_tabwriter() {
        // Expected values from Go 1.19 `tabwriter.NewWriter(&b, 10, 1, 3, ' ', 0)`.
        let cases = [
            ("a\tb\tc\n", "a         b         c\n"),
            (
                "NAME\tX\nlong-name-here\ty\n",
                "NAME             X\nlong-name-here   y\n",
            ),
            // A tab-terminated empty cell is still padded; the last cell never is.
            ("a\t\n", "a         \n"),
            // A line without tabs ends the column block above it.
            (
                "aaaaaaaaaaaa\tb\nc\nd\te\n",
                "aaaaaaaaaaaa   b\nc\nd         e\n",
            ),
            // Columns of adjacent lines with fewer cells are separate blocks.
            (
                "a\tb\tc\nddddddddddddd\te\nf\tg\th\n",
                "a               b         c\nddddddddddddd   e\nf               g         h\n",
            ),
            // No trailing newline: the last line is written without one.
            ("x\ty", "x         y"),
            ("", ""),
            // Wide characters count two columns.
            ("漢字\tb\nab\tc\n", "漢字      b\nab        c\n"),
        ];
        for (input, expected) in cases {
            assert_eq!(TabWriter::docker().format(input), expected, "{input:?}");
        }
    }
}
