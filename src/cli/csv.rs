//! The first record of Go's `encoding/csv` reader with default options, which is how
//! pflag parses each occurrence of a `StringSlice` flag (`--role A,B`).

// Slices are taken at positions found by `position` in the same line, so they are in
// bounds (fuzzed through the cli target).
#![allow(clippy::indexing_slicing)]

/// Reads lines the way `csv.Reader.readLine` does: up to and including `\n`,
/// `\r\n` folded to `\n`, a trailing `\r` before end of input dropped.
struct Lines<'a> {
    rest: &'a [u8],
    number: usize,
}

impl Lines<'_> {
    /// `None` at end of input.
    fn next_line(&mut self) -> Option<Vec<u8>> {
        if self.rest.is_empty() {
            return None;
        }
        let end = self
            .rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.rest.len(), |i| i + 1);
        let mut line = self.rest[..end].to_vec();
        self.rest = &self.rest[end..];
        self.number += 1;
        if !line.ends_with(b"\n") && line.ends_with(b"\r") {
            line.pop();
        }
        if line.ends_with(b"\r\n") {
            line.truncate(line.len() - 2);
            line.push(b'\n');
        }
        Some(line)
    }
}

fn length_nl(b: &[u8]) -> usize {
    usize::from(b.last() == Some(&b'\n'))
}

const BARE_QUOTE: &str = "bare \" in non-quoted-field";
const QUOTE: &str = "extraneous or missing \" in quoted-field";

fn parse_error(start_line: usize, line: usize, col: usize, what: &str) -> String {
    if start_line != line {
        format!("record on line {start_line}; parse error on line {line}, column {col}: {what}")
    } else {
        format!("parse error on line {line}, column {col}: {what}")
    }
}

/// pflag's `readAsCSV`: `""` gives no values; otherwise the first CSV record.
pub fn read_first_record(input: &str) -> Result<Vec<String>, String> {
    if input.is_empty() {
        return Ok(Vec::new());
    }
    let mut lines = Lines {
        rest: input.as_bytes(),
        number: 0,
    };
    // Skip empty lines; running out of input is io.EOF.
    let mut line = loop {
        match lines.next_line() {
            None => return Err("EOF".to_string()),
            Some(l) if l.len() == length_nl(&l) => continue,
            Some(l) => break l,
        }
    };
    let rec_line = lines.number;
    let mut fields = Vec::new();
    let mut field: Vec<u8> = Vec::new();
    let mut pos_line = lines.number;
    let mut col = 1usize;
    loop {
        if line.first() != Some(&b'"') {
            // Unquoted field: up to the next comma or end of line; no quotes allowed.
            let comma = line.iter().position(|&b| b == b',');
            let end = comma.unwrap_or(line.len() - length_nl(&line));
            if let Some(j) = line[..end].iter().position(|&b| b == b'"') {
                return Err(parse_error(rec_line, lines.number, col + j, BARE_QUOTE));
            }
            fields.push(String::from_utf8_lossy(&line[..end]).into_owned());
            match comma {
                Some(i) => {
                    line.drain(..=i);
                    col += i + 1;
                }
                None => return Ok(fields),
            }
            continue;
        }
        // Quoted field: `""` is a quote, and the field may span lines.
        line.remove(0);
        col += 1;
        field.clear();
        loop {
            if let Some(i) = line.iter().position(|&b| b == b'"') {
                field.extend_from_slice(&line[..i]);
                line.drain(..=i);
                col += i + 1;
                match line.first() {
                    Some(b'"') => {
                        field.push(b'"');
                        line.remove(0);
                        col += 1;
                    }
                    Some(b',') => {
                        line.remove(0);
                        col += 1;
                        fields.push(String::from_utf8_lossy(&field).into_owned());
                        break;
                    }
                    _ if length_nl(&line) == line.len() => {
                        fields.push(String::from_utf8_lossy(&field).into_owned());
                        return Ok(fields);
                    }
                    _ => {
                        return Err(parse_error(rec_line, lines.number, col - 1, QUOTE));
                    }
                }
            } else if !line.is_empty() {
                field.extend_from_slice(&line);
                col += line.len();
                match lines.next_line() {
                    Some(next) => {
                        line = next;
                        pos_line += 1;
                        col = 1;
                    }
                    None => {
                        line = Vec::new();
                    }
                }
            } else {
                // End of input inside quotes.
                return Err(parse_error(rec_line, pos_line, col, QUOTE));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Vec<String> {
        read_first_record(s).unwrap()
    }

    #[test]
    fn pflag_string_slice_cases() {
        assert_eq!(ok("A,B"), ["A", "B"]);
        assert!(ok("").is_empty());
        assert_eq!(ok("A,,B"), ["A", "", "B"]);
        assert_eq!(ok("A,"), ["A", ""]);
        assert_eq!(ok(","), ["", ""]);
        assert_eq!(ok("A, B"), ["A", " B"]);
        assert_eq!(ok("a b"), ["a b"]);
        assert_eq!(ok("\"A,B\",C"), ["A,B", "C"]);
        assert_eq!(ok("\"A\"\"B\",C"), ["A\"B", "C"]);
        assert_eq!(ok("\"A\nB\",C"), ["A\nB", "C"]);
        assert_eq!(ok("A\nB"), ["A"]);
        assert_eq!(ok("A\r\nB"), ["A"]);
        assert_eq!(ok("\n\nA"), ["A"]);
        assert_eq!(ok("A\r"), ["A"]);
        assert_eq!(ok("\"A\""), ["A"]);
    }

    #[test]
    fn go_error_texts() {
        assert_eq!(
            read_first_record("A,\"B").unwrap_err(),
            "parse error on line 1, column 5: extraneous or missing \" in quoted-field"
        );
        assert_eq!(
            read_first_record(" \"A\"").unwrap_err(),
            "parse error on line 1, column 2: bare \" in non-quoted-field"
        );
        assert_eq!(
            read_first_record("\"A\"B").unwrap_err(),
            "parse error on line 1, column 3: extraneous or missing \" in quoted-field"
        );
        assert_eq!(
            read_first_record("\"A\nB").unwrap_err(),
            "record on line 1; parse error on line 2, column 2: extraneous or missing \" in quoted-field"
        );
        assert_eq!(read_first_record("\n").unwrap_err(), "EOF");
    }
}
