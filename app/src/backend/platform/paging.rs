//! Keyset paging for the lists that can grow. A list's query reads the rows after the
//! cursor, `WHERE <scope> AND (<sort>, id) < ($n, $m) ORDER BY <sort> DESC, id DESC LIMIT
//! $k`, binding `before(cursor)` and `limit(size)`; `page` keeps `size` of them and hands
//! out the last one's cursor when the one extra row says more follow. Row values compare
//! the same on SQLite (3.15 and later) and PostgreSQL, and an index on
//! `(<scope>, <sort>, id)` answers each page without reading the ones before it.

use crate::domain::PageCursor;
use crate::error::AppError;
use crate::model::paging::Page;

/// The cursor a server function was given as `before`: none for the first page, 422
/// `cursor_malformed` on the field `before` for one this server did not hand out.
pub fn cursor_param(before: Option<&str>) -> Result<Option<PageCursor>, AppError> {
    PageCursor::parse_before(before).map_err(|e| AppError::invalid("before", e))
}

/// What to bind for `(<sort>, id) < ($n, $m)`: the cursor's sort key and id, or past every
/// row for the first page.
pub fn before(cursor: Option<PageCursor>) -> (i64, i64) {
    cursor.map_or((i64::MAX, i64::MAX), |c| (c.at, c.id))
}

/// How many rows to read for a page of `size`: one more, which tells whether another
/// page follows.
pub fn limit(size: usize) -> i64 {
    size as i64 + 1
}

/// The page of `size` entries from the rows a keyset query read (`limit(size)` at most):
/// `key` gives a row's cursor, `into` makes it the entry.
pub fn page<R, T>(
    mut rows: Vec<R>,
    size: usize,
    key: impl Fn(&R) -> PageCursor,
    into: impl FnMut(R) -> Result<T, AppError>,
) -> Result<Page<T>, AppError> {
    let next = if rows.len() > size {
        rows.truncate(size);
        rows.last().map(|row| key(row).token())
    } else {
        None
    };
    Ok(Page {
        items: rows.into_iter().map(into).collect::<Result<_, _>>()?,
        next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: i64) -> Vec<(i64, i64)> {
        // (at, id), newest first; two share a time.
        (0..n).map(|i| (1_000 - i / 2, 100 - i)).collect()
    }

    fn key(row: &(i64, i64)) -> PageCursor {
        PageCursor { at: row.0, id: row.1 }
    }

    #[test]
    fn the_extra_row_says_another_page_follows_from_the_last_kept() {
        let page = page(rows(4), 3, key, Ok).unwrap();
        assert_eq!(page.items, rows(3));
        assert_eq!(page.next.as_deref(), Some("999.98"));
    }

    #[test]
    fn a_short_or_exact_read_is_the_last_page() {
        assert_eq!(page(rows(3), 3, key, Ok).unwrap().next, None);
        assert_eq!(page(rows(0), 3, key, Ok).unwrap().items, vec![]);
    }

    #[test]
    fn the_first_page_starts_past_every_row() {
        assert_eq!(before(None), (i64::MAX, i64::MAX));
        assert_eq!(before(Some(PageCursor { at: 5, id: 7 })), (5, 7));
        assert_eq!(limit(10), 11);
    }
}
