//! Go's `text/tabwriter` with the settings the CLI uses (minwidth 6, tabwidth 4,
//! padding 3, pad with spaces, no flags): cells end at TAB or `\v`, column blocks are
//! aligned, widths counted in runes (a byte that is not UTF-8 is one), and lines flush
//! as Go flushes them, so that output written before a template error is exactly what
//! Go would have shown. A 0xFF byte is Go's `Escape`: text up to the next 0xFF (or the
//! flush) is one piece of cell text, tabs and newlines included, whose width leaves
//! out the two escape bytes.

// Cells record byte counts of text appended to `buf`, and `format` only walks lines
// and columns that exist; every index below follows from that bookkeeping (fuzzed
// through the template target).
#![allow(clippy::indexing_slicing)]

#[derive(Clone, Copy, Default)]
struct Cell {
    /// Bytes of text in the buffer.
    size: usize,
    /// Width in runes (negative for a lone escape byte, as in Go).
    width: isize,
    /// Ended by a tab (rather than a line end).
    htab: bool,
}

pub struct TabWriter {
    minwidth: usize,
    padding: usize,
    buf: Vec<u8>,
    /// Bytes of `buf` already counted into `cell.width`.
    pos: usize,
    cell: Cell,
    lines: Vec<Vec<Cell>>,
    widths: Vec<usize>,
    /// Everything formatted and flushed so far.
    out: Vec<u8>,
    /// Inside an escaped (0xFF … 0xFF) piece of text.
    escaped: bool,
}

/// Go's `tabwriter.Escape`.
const ESCAPE: u8 = 0xff;

impl Default for TabWriter {
    fn default() -> TabWriter {
        TabWriter::new(6, 3)
    }
}

impl TabWriter {
    pub fn new(minwidth: usize, padding: usize) -> TabWriter {
        TabWriter {
            minwidth,
            padding,
            buf: Vec::new(),
            pos: 0,
            cell: Cell::default(),
            lines: vec![Vec::new()],
            widths: Vec::new(),
            out: Vec::new(),
            escaped: false,
        }
    }

    fn update_width(&mut self) {
        self.cell.width += crate::go::utf8::rune_count(&self.buf[self.pos..]) as isize;
        self.pos = self.buf.len();
    }

    /// Go's `endEscape`: the escaped text counts without its two escape bytes.
    fn end_escape(&mut self) {
        self.update_width();
        self.cell.width -= 2;
        self.escaped = false;
    }

    fn append(&mut self, text: &[u8]) {
        self.buf.extend_from_slice(text);
        self.cell.size += text.len();
    }

    fn terminate_cell(&mut self, htab: bool) -> usize {
        self.cell.htab = htab;
        let cell = std::mem::take(&mut self.cell);
        if self.lines.is_empty() {
            self.lines.push(Vec::new());
        }
        match self.lines.last_mut() {
            Some(line) => {
                line.push(cell);
                line.len()
            }
            None => 0,
        }
    }

    pub fn write(&mut self, data: &[u8]) {
        let mut n = 0;
        for (i, &ch) in data.iter().enumerate() {
            if self.escaped {
                if ch == ESCAPE {
                    self.append(&data[n..=i]);
                    n = i + 1;
                    self.end_escape();
                }
                continue;
            }
            if ch == ESCAPE {
                self.append(&data[n..i]);
                self.update_width();
                n = i;
                self.escaped = true;
                continue;
            }
            if matches!(ch, b'\t' | 0x0b | b'\n' | 0x0c) {
                self.append(&data[n..i]);
                self.update_width();
                n = i + 1;
                let ncells = self.terminate_cell(ch == b'\t');
                if ch == b'\n' || ch == 0x0c {
                    self.lines.push(Vec::new());
                    // A line with a single cell cannot affect later columns: flush.
                    if ch == 0x0c || ncells == 1 {
                        self.flush();
                    }
                }
            }
        }
        self.append(&data[n..]);
    }

    pub fn write_str(&mut self, s: &str) {
        self.write(s.as_bytes());
    }

    /// Formats and emits everything buffered (Go's `Flush`).
    pub fn flush(&mut self) {
        if self.cell.size > 0 {
            if self.escaped {
                // An escape still open at the flush ends there.
                self.end_escape();
            } else {
                self.update_width();
            }
            self.terminate_cell(false);
        }
        self.escaped = false;
        let nlines = self.lines.len();
        self.format(0, 0, nlines);
        self.buf.clear();
        self.pos = 0;
        self.cell = Cell::default();
        self.lines.clear();
        self.lines.push(Vec::new());
        self.widths.clear();
    }

    /// Bytes held so far, flushed or buffered.
    pub fn len(&self) -> usize {
        self.out.len() + self.buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes flushed so far (what reached stdout in Go).
    pub fn flushed(&self) -> &[u8] {
        &self.out
    }

    /// Flushes and returns all output.
    pub fn finish(mut self) -> Vec<u8> {
        self.flush();
        self.out
    }

    /// Go's recursive `format` (one level per column), run with an explicit stack so
    /// that a line with a huge number of cells cannot overflow ours.
    fn format(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        // Frames of (line0, line1, next line to look at); a frame's column is its depth.
        let mut stack: Vec<(usize, usize, usize)> = vec![(line0, line1, line0)];
        while let Some(&(start, end, mut this)) = stack.last() {
            let column = stack.len() - 1;
            while this < end && column + 1 >= self.lines[this].len() {
                this += 1;
            }
            if this >= end {
                // No more blocks in this column: print the rest of the frame's lines.
                pos = self.write_lines(pos, start, end);
                stack.pop();
                if !stack.is_empty() {
                    self.widths.pop();
                }
                continue;
            }
            // A cell in this column: print earlier lines, then size the column block.
            pos = self.write_lines(pos, start, this);
            let block = this;
            let mut width = self.minwidth;
            while this < end {
                let line = &self.lines[this];
                if column + 1 >= line.len() {
                    break;
                }
                let w = line[column].width + self.padding as isize;
                width = width.max(usize::try_from(w).unwrap_or(0));
                this += 1;
            }
            self.widths.push(width);
            if let Some(top) = stack.last_mut() {
                *top = (this, end, this);
            }
            stack.push((block, this, block));
        }
        pos
    }

    fn write_lines(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        for i in line0..line1 {
            for j in 0..self.lines[i].len() {
                let c = self.lines[i][j];
                if c.size > 0 {
                    self.out.extend_from_slice(&self.buf[pos..pos + c.size]);
                    pos += c.size;
                }
                if let Some(&w) = self.widths.get(j) {
                    self.out
                        .extend(std::iter::repeat_n(b' ', pad_width(w, c.width)));
                }
            }
            if i + 1 == self.lines.len() {
                // The open last line: emit any pending text, no newline.
                self.out
                    .extend_from_slice(&self.buf[pos..pos + self.cell.size]);
                pos += self.cell.size;
            } else {
                self.out.push(b'\n');
            }
        }
        pos
    }
}

/// Padding for a cell of `width` runes in a column `column` wide.
fn pad_width(column: usize, width: isize) -> usize {
    usize::try_from(column as isize - width).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        let mut w = TabWriter::default();
        w.write_str(s);
        String::from_utf8(w.finish()).unwrap()
    }

    #[test]
    fn describe_table() {
        let out = run("ID\tUSERNAME\tCREATED AT\tEXPIRES AT\n6a793f89c0eb9e7a177165b6\ttest-783@mongodb.com\t2026-08-10 03:03:37 +0000 UTC\t2026-09-09 03:03:37 +0000 UTC\n");
        assert_eq!(out, "ID                         USERNAME               CREATED AT                      EXPIRES AT\n6a793f89c0eb9e7a177165b6   test-783@mongodb.com   2026-08-10 03:03:37 +0000 UTC   2026-09-09 03:03:37 +0000 UTC\n");
    }

    #[test]
    fn empty_list_header_and_min_width() {
        assert_eq!(
            run("ID\tUSERNAME\tCREATED AT\tEXPIRES AT\n"),
            "ID    USERNAME   CREATED AT   EXPIRES AT\n"
        );
        assert_eq!(run("a\tb\t\n"), "a     b     \n");
        assert_eq!(run("\tb\n"), "      b\n");
    }

    #[test]
    fn blocks_end_at_lines_without_the_column() {
        // The second line has no tab, so it ends the block; the third starts a new one.
        assert_eq!(
            run("aaaaaaaaaa\tx\nplain\nb\ty\n"),
            "aaaaaaaaaa   x\nplain\nb     y\n"
        );
    }

    #[test]
    fn runes_not_bytes() {
        assert_eq!(run("日本語\tx\nab\ty\n"), "日本語   x\nab    y\n");
    }

    #[test]
    fn partial_output_flushes_like_go() {
        let mut w = TabWriter::default();
        w.write_str("HEADER\n6a793f89c0eb9e7a177165b6\n");
        assert_eq!(w.flushed(), b"HEADER\n6a793f89c0eb9e7a177165b6\n");
        let mut w = TabWriter::default();
        w.write_str("A\tB\nC\tD\n");
        assert_eq!(w.flushed(), b"");
        let mut w = TabWriter::default();
        w.write_str("no newline");
        assert_eq!(w.flushed(), b"");
        assert_eq!(w.finish(), b"no newline");
    }

    #[test]
    fn a_line_with_a_huge_number_of_cells() {
        // Found by fuzzing: Go's one-recursion-per-column overflowed our stack.
        let line = "x\u{b}".repeat(300_000);
        let out = run(&format!("{line}\n"));
        assert_eq!(out.len(), 300_000 * 6 + 1);
    }

    #[test]
    fn escapes_and_bytes_that_are_not_utf8() {
        // Checked with Go 1.19's tabwriter: 0xFF starts an escaped piece of text that
        // holds tabs and newlines; bad bytes are one rune each.
        let mut w = TabWriter::default();
        w.write(b"\xff\xfe\tX\nabc\tY\n");
        assert_eq!(w.finish(), b"\xff\xfe\tX\nabc\tY\n");
        let mut w = TabWriter::default();
        w.write(b"\xe6\x97\tX\nab\tY\n");
        assert_eq!(w.finish(), b"\xe6\x97    X\nab    Y\n");
        let mut w = TabWriter::default();
        w.write(b"a\t\xffx\ty\xff\tb\n");
        assert_eq!(w.finish(), b"a     \xffx\ty\xff   b\n");
    }

    #[test]
    fn form_feed_flushes() {
        let mut w = TabWriter::default();
        w.write_str("a\tb\x0c");
        assert_eq!(w.flushed(), b"a     b\n");
    }
}
