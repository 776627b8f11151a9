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
}
