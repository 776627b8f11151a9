//! Instants and the insurer's calendar. Every instant is stored as epoch milliseconds UTC;
//! the insurer's day, month and year are those of China (Asia/Shanghai, UTC+8 all year, no
//! daylight saving), whatever time zone a server runs in. Pure arithmetic, so the browser
//! and the server count days the same way without a date library.

pub const SECOND_MS: i64 = 1000;
pub const MINUTE_MS: i64 = 60 * SECOND_MS;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// The insurer's offset from UTC (Asia/Shanghai).
pub const INSURER_OFFSET_MS: i64 = 8 * HOUR_MS;

/// The furthest ahead of UTC any place is (UTC+14): a date a customer typed is in the
/// future only if it is after today there.
const EARTH_LATEST_OFFSET_MS: i64 = 14 * HOUR_MS;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The date at `epoch_ms` in a zone `offset_ms` ahead of UTC.
    pub fn at(epoch_ms: i64, offset_ms: i64) -> Date {
        civil_from_days((epoch_ms + offset_ms).div_euclid(DAY_MS))
    }

    /// `YYYY-MM-DD`, as dates are stored and as `<input type=date>` gives them.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `YYYY-MM`.
    pub fn iso_month(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// Parses `YYYY-MM-DD` (a real date; see `date::is_iso_date`).
    pub fn parse_iso(text: &str) -> Option<Date> {
        if !super::date::is_iso_date(text) {
            return None;
        }
        Some(Date {
            year: text[0..4].parse().ok()?,
            month: text[5..7].parse().ok()?,
            day: text[8..10].parse().ok()?,
        })
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    pub fn plus_days(self, days: i64) -> Date {
        civil_from_days(self.days_since_epoch() + days)
    }

    /// Monday = 1 ... Sunday = 7.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        ((self.days_since_epoch() + 3).rem_euclid(7) + 1) as u32
    }

    /// The instant this day starts in a zone `offset_ms` ahead of UTC.
    pub fn start_ms(self, offset_ms: i64) -> i64 {
        self.days_since_epoch() * DAY_MS - offset_ms
    }
}

/// The insurer's date at an instant: the day a customer means by "today".
pub fn insurer_date(epoch_ms: i64) -> Date {
    Date::at(epoch_ms, INSURER_OFFSET_MS)
}

/// `YYYY-MM-DD HH:MM` in the insurer's time: an instant in a message that leaves the
/// platform (an SMS, an e-mail), read in China.
pub fn insurer_date_time(epoch_ms: i64) -> String {
    let minutes = (epoch_ms + INSURER_OFFSET_MS).rem_euclid(DAY_MS) / MINUTE_MS;
    format!(
        "{} {:02}:{:02}",
        insurer_date(epoch_ms).iso(),
        minutes / 60,
        minutes % 60
    )
}

/// The latest date anywhere on Earth at this instant (UTC+14).
pub fn latest_date(epoch_ms: i64) -> Date {
    Date::at(epoch_ms, EARTH_LATEST_OFFSET_MS)
}

// Howard Hinnant's days <-> civil date algorithms (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-24 16:30 UTC, which is 2026-11-25 00:30 in Shanghai.
    const LATE_EVENING_UTC: i64 = 1_795_537_800_000;

    #[test]
    fn the_insurers_day_turns_at_midnight_in_shanghai() {
        assert_eq!(Date::at(LATE_EVENING_UTC, 0).iso(), "2026-11-24");
        assert_eq!(insurer_date(LATE_EVENING_UTC).iso(), "2026-11-25");
        assert_eq!(insurer_date(LATE_EVENING_UTC).iso_month(), "2026-11");
    }

    #[test]
    fn dates_and_day_counts_round_trip() {
        for text in ["1970-01-01", "2000-02-29", "2024-12-31", "2026-11-25", "2100-03-01"] {
            let date = Date::parse_iso(text).unwrap();
            assert_eq!(date.iso(), text);
            assert_eq!(civil_from_days(date.days_since_epoch()), date);
        }
        assert_eq!(Date::parse_iso("2026-02-30"), None);
        assert_eq!(Date::parse_iso("2026-12-31").unwrap().plus_days(1).iso(), "2027-01-01");
    }

    #[test]
    fn weekdays_are_counted_from_monday() {
        assert_eq!(Date::parse_iso("2026-11-25").unwrap().weekday(), 3, "a Wednesday");
        assert_eq!(Date::parse_iso("2026-11-29").unwrap().weekday(), 7, "a Sunday");
    }

    #[test]
    fn a_day_starts_at_local_midnight() {
        let day = Date::parse_iso("2026-11-25").unwrap();
        assert_eq!(insurer_date(day.start_ms(INSURER_OFFSET_MS)), day);
        assert_eq!(
            insurer_date_time(day.start_ms(INSURER_OFFSET_MS) + 18 * HOUR_MS + 5 * MINUTE_MS),
            format!("{} 18:05", day.iso())
        );
        assert_eq!(insurer_date(day.start_ms(INSURER_OFFSET_MS) - 1).iso(), "2026-11-24");
    }
}
