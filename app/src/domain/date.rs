//! Calendar dates as ISO `YYYY-MM-DD` text, as stored and as `<input type=date>` gives
//! them. Checked here without a date library so the browser bundle stays small; two valid
//! dates compare correctly as strings.

/// True for a real calendar date in `YYYY-MM-DD` form from 1900 on.
pub fn is_iso_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = &value[range];
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    year >= 1900 && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

/// A date as people type it, as `YYYY-MM-DD`: `2026-12-8`, `2026/12/08`, `2026.12.8`,
/// `2026年12月8日` or `20261208` (full-width digits too). `None` unless it is a real date
/// in year-month-day order: the one order Chinese and ISO readers share, so nothing typed is
/// read as the other's day and month.
pub fn read_typed_date(text: &str) -> Option<String> {
    let text: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    let text = text.strip_suffix('日').unwrap_or(&text);
    let parts: Vec<&str> = if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        vec![&text[0..4], &text[4..6], &text[6..8]]
    } else {
        text.split(['-', '/', '.', '年', '月', ' ', '－', '／', '．'])
            .filter(|p| !p.is_empty())
            .collect()
    };
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    if year.len() != 4 || month.len() > 2 || day.len() > 2 {
        return None;
    }
    let (year, month, day): (u32, u32, u32) = (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    let iso = format!("{year:04}-{month:02}-{day:02}");
    is_iso_date(&iso).then_some(iso)
}

/// The `YYYY-MM` month a date falls in.
pub fn month_of(date: &str) -> &str {
    &date[..date.len().min(7)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_only() {
        assert!(is_iso_date("2026-11-24"));
        assert!(is_iso_date("2024-02-29"));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-11-31",
            "26-11-24",
            "2026/11/24",
            "2026-1-24",
            "1899-12-31",
            "",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn typed_dates_are_read_year_first() {
        for typed in [
            "2026-12-08",
            "2026-12-8",
            " 2026/12/8 ",
            "2026.12.08",
            "2026年12月8日",
            "2026年12月08",
            "20261208",
            "２０２６－１２－０８",
        ] {
            assert_eq!(read_typed_date(typed).as_deref(), Some("2026-12-08"), "{typed}");
        }
        // Day-first and month-first orders are never guessed, nor impossible dates.
        for typed in [
            "12/08/2026",
            "08-12-2026",
            "2026-02-30",
            "2026-13-01",
            "2026-12",
            "26-12-08",
            "",
            "明天",
        ] {
            assert_eq!(read_typed_date(typed), None, "{typed}");
        }
    }
}
