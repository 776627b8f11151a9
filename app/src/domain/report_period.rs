//! The period a report covers, in the insurer's days: a day, a week (Monday to Sunday), a
//! calendar month or quarter around a date, or any span of up to 13 months; and the period
//! before it that it is compared with (the day, week, month or quarter before; a span of
//! the same length just before). Pure, so the form and the server agree on what was asked.

use super::calendar::Date;
use super::{Invalid, ReportPeriod};

/// The longest span a report covers: 13 months (a year and the month before, compared).
pub const MAX_REPORT_DAYS: i64 = 397;

/// The first and last day of a report (both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

fn first_of_month(year: i32, month: u32) -> Date {
    Date { year, month, day: 1 }
}

/// The first day of the month `months` after (or before) the month of `date`.
fn month_start_plus(date: Date, months: i32) -> Date {
    let index = date.year * 12 + date.month as i32 - 1 + months;
    first_of_month(index.div_euclid(12), (index.rem_euclid(12) + 1) as u32)
}

impl Period {
    /// The period of `kind` around `anchor`; a custom one runs from `anchor` to `until`.
    pub fn of(kind: ReportPeriod, anchor: Date, until: Option<Date>) -> Result<Period, Invalid> {
        let period = match kind {
            ReportPeriod::Day => Period {
                from: anchor,
                to: anchor,
            },
            ReportPeriod::Week => {
                let from = anchor.plus_days(1 - i64::from(anchor.weekday()));
                Period {
                    from,
                    to: from.plus_days(6),
                }
            }
            ReportPeriod::Month => {
                let from = month_start_plus(anchor, 0);
                Period {
                    from,
                    to: month_start_plus(anchor, 1).plus_days(-1),
                }
            }
            ReportPeriod::Quarter => {
                let from = month_start_plus(anchor, -((anchor.month as i32 - 1) % 3));
                Period {
                    from,
                    to: month_start_plus(from, 3).plus_days(-1),
                }
            }
            ReportPeriod::Custom => {
                let to = until.ok_or_else(|| Invalid::new("date_invalid", "Enter the last day as YYYY-MM-DD"))?;
                if to < anchor {
                    return Err(Invalid::new("date_range_invalid", "The last day is before the first"));
                }
                Period { from: anchor, to }
            }
        };
        if period.days() > MAX_REPORT_DAYS {
            return Err(Invalid::new(
                "report_period_too_long",
                "A report covers at most 13 months",
            ));
        }
        Ok(period)
    }

    /// How many days it covers.
    pub fn days(self) -> i64 {
        self.to.days_since_epoch() - self.from.days_since_epoch() + 1
    }

    /// The period it is compared with: the calendar month or quarter before, else the same
    /// number of days just before.
    pub fn previous(self, kind: ReportPeriod) -> Period {
        match kind {
            ReportPeriod::Month => Period {
                from: month_start_plus(self.from, -1),
                to: self.from.plus_days(-1),
            },
            ReportPeriod::Quarter => Period {
                from: month_start_plus(self.from, -3),
                to: self.from.plus_days(-1),
            },
            _ => Period {
                from: self.from.plus_days(-self.days()),
                to: self.from.plus_days(-1),
            },
        }
    }

    /// Each day of it, in order.
    pub fn each_day(self) -> impl Iterator<Item = Date> {
        (0..self.days()).map(move |i| self.from.plus_days(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(iso: &str) -> Date {
        Date::parse_iso(iso).unwrap()
    }

    fn of(kind: ReportPeriod, anchor: &str) -> (String, String) {
        let p = Period::of(kind, d(anchor), None).unwrap();
        (p.from.iso(), p.to.iso())
    }

    #[test]
    fn each_kind_covers_its_calendar_span() {
        assert_eq!(
            of(ReportPeriod::Day, "2026-12-08"),
            ("2026-12-08".into(), "2026-12-08".into())
        );
        // 2026-12-08 is a Tuesday: its week runs Monday 7 to Sunday 13.
        assert_eq!(
            of(ReportPeriod::Week, "2026-12-08"),
            ("2026-12-07".into(), "2026-12-13".into())
        );
        assert_eq!(
            of(ReportPeriod::Week, "2026-12-13"),
            ("2026-12-07".into(), "2026-12-13".into())
        );
        assert_eq!(
            of(ReportPeriod::Month, "2024-02-10"),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        assert_eq!(
            of(ReportPeriod::Quarter, "2026-12-08"),
            ("2026-10-01".into(), "2026-12-31".into())
        );
        assert_eq!(
            of(ReportPeriod::Quarter, "2026-01-01"),
            ("2026-01-01".into(), "2026-03-31".into())
        );
    }

    #[test]
    fn each_is_compared_with_the_one_before() {
        let month = Period::of(ReportPeriod::Month, d("2026-03-15"), None).unwrap();
        let before = month.previous(ReportPeriod::Month);
        assert_eq!(
            (before.from.iso(), before.to.iso()),
            ("2026-02-01".into(), "2026-02-28".into())
        );
        let quarter = Period::of(ReportPeriod::Quarter, d("2026-02-01"), None).unwrap();
        let before = quarter.previous(ReportPeriod::Quarter);
        assert_eq!(
            (before.from.iso(), before.to.iso()),
            ("2025-10-01".into(), "2025-12-31".into())
        );
        let span = Period::of(ReportPeriod::Custom, d("2026-12-01"), Some(d("2026-12-10"))).unwrap();
        let before = span.previous(ReportPeriod::Custom);
        assert_eq!(
            (before.from.iso(), before.to.iso()),
            ("2026-11-21".into(), "2026-11-30".into())
        );
        assert_eq!(before.days(), span.days());
    }

    #[test]
    fn a_custom_span_is_in_order_and_at_most_thirteen_months() {
        assert_eq!(
            Period::of(ReportPeriod::Custom, d("2026-12-10"), Some(d("2026-12-01")))
                .unwrap_err()
                .code,
            "date_range_invalid"
        );
        assert_eq!(
            Period::of(ReportPeriod::Custom, d("2025-01-01"), Some(d("2026-12-01")))
                .unwrap_err()
                .code,
            "report_period_too_long"
        );
        assert!(Period::of(ReportPeriod::Custom, d("2025-11-01"), Some(d("2026-11-30"))).is_ok());
        assert_eq!(
            Period::of(ReportPeriod::Custom, d("2026-12-01"), None)
                .unwrap_err()
                .code,
            "date_invalid"
        );
    }
}
