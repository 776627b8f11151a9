//! Files the platform writes for people to open in a spreadsheet: one place that makes
//! every cell safe, whatever the file. A cell that begins with `=`, `+`, `-`, `@`, a tab or
//! a carriage return is a live formula to Excel, LibreOffice and WPS (a customer's words, a
//! staff display name or a request id can begin so); such a cell is written with a leading
//! apostrophe, which the spreadsheet shows as text (OWASP, "CSV Injection"). Numbers the
//! platform itself counts are written as numbers.

use std::borrow::Cow;

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Text from anyone: neutralised if a spreadsheet would read it as a formula.
    Text(Cow<'a, str>),
    /// A number the platform counted (never from input).
    Int(i64),
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(text: &'a str) -> Self {
        Self::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Cell<'_> {
    fn from(text: String) -> Self {
        Self::Text(Cow::Owned(text))
    }
}

impl From<i64> for Cell<'_> {
    fn from(n: i64) -> Self {
        Self::Int(n)
    }
}

/// Whether a spreadsheet would take text beginning so as a formula.
fn starts_a_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// `text` as a spreadsheet will show it, never as a formula.
pub fn neutralised(text: &str) -> Cow<'_, str> {
    if starts_a_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A CSV file (RFC 4180: every text field quoted, quotes doubled, CRLF line ends), with a
/// byte-order mark first so spreadsheet programs read the Chinese as UTF-8.
pub struct Csv {
    out: String,
}

impl Csv {
    /// A file with these column names (the platform's own words, written as they are).
    pub fn new(header: &[&str]) -> Self {
        Self {
            out: format!("\u{feff}{}\r\n", header.join(",")),
        }
    }

    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        for (n, cell) in cells.into_iter().enumerate() {
            if n > 0 {
                self.out.push(',');
            }
            match cell {
                Cell::Int(n) => self.out.push_str(&n.to_string()),
                Cell::Text(text) => {
                    self.out.push('"');
                    self.out.push_str(&neutralised(&text).replace('"', "\"\""));
                    self.out.push('"');
                }
            }
        }
        self.out.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_spreadsheet_would_run_stays_text() {
        for formula in ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(neutralised(formula), format!("'{formula}"), "{formula:?}");
        }
        for plain in ["李静", "13800138000", "a=b", " =1", "", "CL2026910003"] {
            assert_eq!(neutralised(plain), plain);
        }
    }

    #[test]
    fn csv_quotes_every_text_field_and_writes_counted_numbers_as_numbers() {
        let mut csv = Csv::new(&["name", "note", "count"]);
        csv.row([Cell::from("王\"磊\""), Cell::from("=cmd|' /C calc'!A0"), Cell::Int(-3)]);
        assert_eq!(
            csv.finish(),
            "\u{feff}name,note,count\r\n\"王\"\"磊\"\"\",\"'=cmd|' /C calc'!A0\",-3\r\n"
        );
    }
}
