//! Where the next page of a list begins (keyset paging): the sort key and id of the last
//! entry the reader has, as an opaque token (`<at>.<id>`) the server hands out with a page
//! (`model::paging::Page::next`) and takes back as `before`.

use super::Invalid;

/// The last entry of a page the reader has: the next page holds the entries that sort after
/// it (`(at, id) < (cursor.at, cursor.id)` in a list sorted newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageCursor {
    /// The list's sort key of that entry: a time (epoch ms) for most lists.
    pub at: i64,
    /// Its row id, which orders entries with the same sort key.
    pub id: i64,
}

const MALFORMED: Invalid = Invalid::new(
    "cursor_malformed",
    "The page cursor is not one this list handed out; read the list again from the start",
);

impl PageCursor {
    /// A token as `token` writes it: two non-negative whole numbers joined by a dot.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let (at, id) = input.split_once('.').ok_or(MALFORMED)?;
        Ok(Self {
            at: number(at)?,
            id: number(id)?,
        })
    }

    /// The cursor a list endpoint was given as `before`: none, or an empty one (a form's
    /// empty field), reads the first page.
    pub fn parse_before(before: Option<&str>) -> Result<Option<Self>, Invalid> {
        before.filter(|token| !token.is_empty()).map(Self::parse).transpose()
    }

    /// The token a client sends back as `before`.
    pub fn token(&self) -> String {
        format!("{}.{}", self.at, self.id)
    }
}

/// Digits only (no sign, no spaces), within `i64`.
fn number(part: &str) -> Result<i64, Invalid> {
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MALFORMED);
    }
    part.parse().map_err(|_| MALFORMED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_reads_back_as_the_cursor_it_came_from() {
        let cursor = PageCursor {
            at: 1_765_000_000_123,
            id: 42,
        };
        assert_eq!(cursor.token(), "1765000000123.42");
        assert_eq!(PageCursor::parse(&cursor.token()), Ok(cursor));
        let edge = PageCursor { at: 0, id: i64::MAX };
        assert_eq!(PageCursor::parse(&edge.token()), Ok(edge));
    }

    #[test]
    fn no_cursor_or_an_empty_one_is_the_first_page() {
        assert_eq!(PageCursor::parse_before(None), Ok(None));
        assert_eq!(PageCursor::parse_before(Some("")), Ok(None));
        assert_eq!(
            PageCursor::parse_before(Some("5.7")),
            Ok(Some(PageCursor { at: 5, id: 7 }))
        );
        assert!(PageCursor::parse_before(Some("x")).is_err());
    }

    #[test]
    fn anything_else_is_malformed() {
        for token in [
            "",
            ".",
            "12",
            "12.",
            ".34",
            "-1.5",
            "1.-5",
            "+1.5",
            " 1.5",
            "1.5 ",
            "1.5.6",
            "1,5",
            "a.b",
            "9223372036854775808.1",
            "1.99999999999999999999",
        ] {
            assert_eq!(
                PageCursor::parse(token).unwrap_err().code,
                "cursor_malformed",
                "{token:?}"
            );
        }
    }
}
