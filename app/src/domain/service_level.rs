//! Service-level commitments (服务承诺): the deadlines a work order's first response, next
//! response and resolution must meet, counted on the insurer's calendar (working hours per
//! weekday, public holidays and make-up working days, Asia/Shanghai) and paused while the
//! insurer waits for the customer. Pure, so the unit tests run on fixed calendars.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::calendar::{insurer_date, Date, HOUR_MS, INSURER_OFFSET_MS, MINUTE_MS};
use super::{SlaUnit, WorkOrderStatus};

/// A deadline this close is "due soon": the console warns the assignee and supervisors.
pub const DUE_SOON_MS: i64 = 2 * HOUR_MS;

/// The hours of a make-up working day whose week has no Monday hours to borrow.
const DEFAULT_HOURS: (i64, i64) = (9 * 60, 18 * 60);

/// The insurer's service calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCalendar {
    /// Opening and closing minute after local midnight, Monday first; `None` is closed.
    pub hours: [Option<(i64, i64)>; 7],
    /// Days that differ from their weekday, by days since the epoch: `true` a make-up
    /// working day (with Monday's hours), `false` a public holiday.
    pub exceptions: BTreeMap<i64, bool>,
}

impl ServiceCalendar {
    /// The opening and closing minute of a date, or `None` when the insurer is closed.
    pub fn open_hours(&self, date: Date) -> Option<(i64, i64)> {
        match self.exceptions.get(&date.days_since_epoch()) {
            Some(false) => None,
            Some(true) => Some(self.hours[0].unwrap_or(DEFAULT_HOURS)),
            None => self.hours[(date.weekday() - 1) as usize],
        }
    }

    /// A date's working hours as instants.
    fn span(&self, date: Date) -> Option<(i64, i64)> {
        self.open_hours(date).map(|(opens, closes)| {
            let midnight = date.start_ms(INSURER_OFFSET_MS);
            (midnight + opens * MINUTE_MS, midnight + closes * MINUTE_MS)
        })
    }

    /// The length of a standard working day (Monday's), what a "working day" target counts.
    pub fn working_day_ms(&self) -> i64 {
        let (opens, closes) = self.hours[0].unwrap_or(DEFAULT_HOURS);
        (closes - opens) * MINUTE_MS
    }

    /// The instant `ms` of working time after `from`. A calendar without any working day
    /// within ten years falls back to the plain clock rather than looping.
    pub fn add_business_ms(&self, from: i64, ms: i64) -> i64 {
        let mut left = ms.max(0);
        let mut date = insurer_date(from);
        let mut at = from;
        for _ in 0..3660 {
            if let Some((opens, closes)) = self.span(date) {
                let start = at.max(opens);
                if start < closes {
                    if left <= closes - start {
                        return start + left;
                    }
                    left -= closes - start;
                }
            }
            date = date.plus_days(1);
            at = date.start_ms(INSURER_OFFSET_MS);
        }
        from + ms
    }

    /// Working time between two instants (0 when `to` is not after `from`).
    pub fn business_ms_between(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let mut total = 0;
        let mut date = insurer_date(from);
        let last = insurer_date(to);
        while date <= last {
            if let Some((opens, closes)) = self.span(date) {
                let (start, end) = (opens.max(from), closes.min(to));
                if start < end {
                    total += end - start;
                }
            }
            date = date.plus_days(1);
        }
        total
    }
}

/// A service-level target: an amount in a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub amount: i64,
    pub unit: SlaUnit,
}

impl Span {
    pub const fn new(amount: i64, unit: SlaUnit) -> Self {
        Self { amount, unit }
    }

    /// The deadline for something that starts at `from`.
    pub fn due(self, calendar: &ServiceCalendar, from: i64) -> i64 {
        match self.unit {
            SlaUnit::Hours => from + self.amount * HOUR_MS,
            SlaUnit::BusinessHours => calendar.add_business_ms(from, self.amount * HOUR_MS),
            SlaUnit::WorkingDays => calendar.add_business_ms(from, self.amount * calendar.working_day_ms()),
        }
    }

    /// The deadline after a pause from `paused_at` to `resumed_at`: what was left of it at the
    /// pause, counted on its own clock, is left again from the resumption. A deadline that
    /// had already passed stays where it was.
    pub fn resume(self, calendar: &ServiceCalendar, due: i64, paused_at: i64, resumed_at: i64) -> i64 {
        if due <= paused_at || resumed_at <= paused_at {
            return due;
        }
        match self.unit {
            SlaUnit::Hours => resumed_at + (due - paused_at),
            SlaUnit::BusinessHours | SlaUnit::WorkingDays => {
                calendar.add_business_ms(resumed_at, calendar.business_ms_between(paused_at, due))
            }
        }
    }
}

/// The three targets of a kind and priority of work order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTargets {
    pub first_response: Span,
    pub next_response: Span,
    pub resolution: Span,
}

/// A work order's deadlines and what has happened to them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub first_response_due: Option<i64>,
    pub first_response_at: Option<i64>,
    /// Set when the customer writes after the first response; cleared by the next public reply.
    pub next_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub resolved_at: Option<i64>,
}

impl Deadlines {
    /// The earliest deadline still running for a work order in `status`: none while the
    /// insurer waits for the customer or once it is finished. Queues sort by it.
    pub fn running(&self, status: WorkOrderStatus) -> Option<i64> {
        if status.is_finished() || status == WorkOrderStatus::AwaitingCustomer {
            return None;
        }
        let first = self.first_response_due.filter(|_| self.first_response_at.is_none());
        [first, self.next_response_due, self.resolution_due]
            .into_iter()
            .flatten()
            .min()
    }
}

impl Deadlines {
    /// By when the customer will hear back: the first response, or the next one after they
    /// wrote; `None` when the insurer is not the one to answer (waiting for the customer,
    /// finished, or answered last).
    pub fn reply_due(&self, status: WorkOrderStatus) -> Option<i64> {
        if status.is_finished() || status == WorkOrderStatus::AwaitingCustomer {
            return None;
        }
        match self.first_response_at {
            None => self.first_response_due,
            Some(_) => self.next_response_due,
        }
    }
}

impl Deadlines {
    /// What a reply may promise (a canned reply's `{due_date}`): the earliest deadline still
    /// ahead of `now`; once every one has passed, `now` itself (a promise is never in the
    /// past: "by today", not the day that went by). `None` when nothing was ever due.
    pub fn promise(&self, now: i64) -> Option<i64> {
        let first = self.first_response_due.filter(|_| self.first_response_at.is_none());
        let resolution = self.resolution_due.filter(|_| self.resolved_at.is_none());
        let set = [first, self.next_response_due, resolution];
        if set.iter().all(Option::is_none) {
            return None;
        }
        Some(set.into_iter().flatten().filter(|due| *due > now).min().unwrap_or(now))
    }
}

/// Where one deadline stands at `now`, as the console and the portal show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineState {
    /// Nothing is due (not started, or no longer applies).
    None,
    Met {
        at: i64,
        late: bool,
    },
    Paused,
    Running {
        due: i64,
    },
    DueSoon {
        due: i64,
    },
    Breached {
        due: i64,
    },
}

impl DeadlineState {
    pub fn of(due: Option<i64>, done_at: Option<i64>, paused: bool, now: i64) -> Self {
        match (due, done_at) {
            (None, _) => Self::None,
            (Some(due), Some(at)) => Self::Met { at, late: at > due },
            (Some(_), None) if paused => Self::Paused,
            (Some(due), None) if now >= due => Self::Breached { due },
            (Some(due), None) if due - now <= DUE_SOON_MS => Self::DueSoon { due },
            (Some(due), None) => Self::Running { due },
        }
    }
}

/// The desks count each view up to this many and show one less with a plus ("99+"):
/// counting further would scan a whole queue on every request.
pub const VIEW_COUNT_CAP: i64 = 100;

/// A view's count as a desk shows it: "99+" from the cap on.
pub fn view_count_label(count: i64) -> String {
    if count >= VIEW_COUNT_CAP {
        format!("{}+", VIEW_COUNT_CAP - 1)
    } else {
        count.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_count_shows_99_plus_from_the_cap() {
        assert_eq!(view_count_label(0), "0");
        assert_eq!(view_count_label(99), "99");
        assert_eq!(view_count_label(VIEW_COUNT_CAP), "99+");
    }

    /// Monday to Friday 09:00-18:00 with 2027-01-01 (a Friday) a holiday and Saturday
    /// 2027-01-02 a make-up working day.
    fn calendar() -> ServiceCalendar {
        let mut hours = [None; 7];
        for day in hours.iter_mut().take(5) {
            *day = Some((540, 1080));
        }
        let mut exceptions = BTreeMap::new();
        exceptions.insert(day("2027-01-01").days_since_epoch(), false);
        exceptions.insert(day("2027-01-02").days_since_epoch(), true);
        ServiceCalendar { hours, exceptions }
    }

    fn day(iso: &str) -> Date {
        Date::parse_iso(iso).unwrap()
    }

    /// An instant in Shanghai time.
    fn at(iso: &str, hour: i64, minute: i64) -> i64 {
        day(iso).start_ms(INSURER_OFFSET_MS) + hour * HOUR_MS + minute * MINUTE_MS
    }

    #[test]
    fn business_hours_run_only_while_the_insurer_is_open() {
        let cal = calendar();
        // Wednesday 16:00 + 4 working hours: 2 today, 2 on Thursday from 09:00.
        assert_eq!(
            cal.add_business_ms(at("2026-11-25", 16, 0), 4 * HOUR_MS),
            at("2026-11-26", 11, 0)
        );
        // Friday evening + 1 hour: Monday 10:00.
        assert_eq!(
            cal.add_business_ms(at("2026-11-27", 20, 0), HOUR_MS),
            at("2026-11-30", 10, 0)
        );
        // Before opening counts from the opening.
        assert_eq!(
            cal.add_business_ms(at("2026-11-25", 7, 30), 30 * MINUTE_MS),
            at("2026-11-25", 9, 30)
        );
        assert_eq!(
            cal.business_ms_between(at("2026-11-25", 16, 0), at("2026-11-26", 11, 0)),
            4 * HOUR_MS
        );
        assert_eq!(
            cal.business_ms_between(at("2026-11-27", 17, 0), at("2026-11-30", 10, 0)),
            2 * HOUR_MS
        );
    }

    #[test]
    fn holidays_are_skipped_and_make_up_days_worked() {
        let cal = calendar();
        // Thursday 2026-12-31 17:00 + 2 working hours: the holiday Friday is skipped, the
        // make-up Saturday is worked from 09:00.
        assert_eq!(
            cal.add_business_ms(at("2026-12-31", 17, 0), 2 * HOUR_MS),
            at("2027-01-02", 10, 0)
        );
        assert_eq!(cal.open_hours(day("2027-01-01")), None);
        assert_eq!(cal.open_hours(day("2027-01-02")), Some((540, 1080)));
        assert_eq!(cal.open_hours(day("2027-01-03")), None, "an ordinary Sunday");
    }

    #[test]
    fn working_days_keep_the_time_of_day() {
        let cal = calendar();
        let five = Span::new(5, SlaUnit::WorkingDays);
        // Wednesday 10:00 + 5 working days = next Wednesday 10:00.
        assert_eq!(five.due(&cal, at("2026-11-25", 10, 0)), at("2026-12-02", 10, 0));
        // A complaint on Saturday starts on Monday morning.
        assert_eq!(five.due(&cal, at("2026-11-28", 15, 0)), at("2026-12-04", 18, 0));
        // Around the clock, hours are hours.
        assert_eq!(
            Span::new(24, SlaUnit::Hours).due(&cal, at("2026-11-28", 15, 0)),
            at("2026-11-29", 15, 0)
        );
    }

    #[test]
    fn waiting_for_the_customer_pauses_the_clock() {
        let cal = calendar();
        let five = Span::new(5, SlaUnit::WorkingDays);
        let due = at("2026-12-02", 10, 0);
        // Paused Thursday 10:00 with 4 working days left, resumed the next Tuesday 10:00:
        // 4 working days from then.
        assert_eq!(
            five.resume(&cal, due, at("2026-11-26", 10, 0), at("2026-12-01", 10, 0)),
            at("2026-12-07", 10, 0)
        );
        // Around the clock: the wall-clock time left is kept.
        let hours = Span::new(24, SlaUnit::Hours);
        assert_eq!(hours.resume(&cal, 10_000, 4_000, 50_000), 56_000);
        // A deadline already passed at the pause stays passed.
        assert_eq!(five.resume(&cal, due, due + 1, due + 10 * HOUR_MS), due);
    }

    #[test]
    fn the_running_deadline_is_the_earliest_one_still_open() {
        let d = Deadlines {
            first_response_due: Some(100),
            first_response_at: None,
            next_response_due: None,
            resolution_due: Some(500),
            resolved_at: None,
        };
        assert_eq!(d.running(WorkOrderStatus::Open), Some(100));
        let answered = Deadlines {
            first_response_at: Some(90),
            next_response_due: Some(300),
            ..d
        };
        assert_eq!(answered.running(WorkOrderStatus::InProgress), Some(300));
        assert_eq!(answered.running(WorkOrderStatus::AwaitingCustomer), None);
        assert_eq!(answered.running(WorkOrderStatus::Resolved), None);
    }

    #[test]
    fn a_deadline_is_met_running_due_soon_or_breached() {
        assert_eq!(
            DeadlineState::of(Some(100), Some(150), false, 200),
            DeadlineState::Met { at: 150, late: true }
        );
        assert_eq!(DeadlineState::of(Some(100), None, true, 200), DeadlineState::Paused);
        assert_eq!(
            DeadlineState::of(Some(100), None, false, 200),
            DeadlineState::Breached { due: 100 }
        );
        assert_eq!(
            DeadlineState::of(Some(HOUR_MS), None, false, 0),
            DeadlineState::DueSoon { due: HOUR_MS }
        );
        assert_eq!(
            DeadlineState::of(Some(3 * HOUR_MS), None, false, 0),
            DeadlineState::Running { due: 3 * HOUR_MS }
        );
        assert_eq!(DeadlineState::of(None, None, false, 0), DeadlineState::None);
    }

    #[test]
    fn a_promise_is_the_next_deadline_ahead_never_one_passed() {
        let hour = 3_600_000;
        let now = 100 * hour;
        let deadlines = Deadlines {
            first_response_due: Some(now - 2 * hour),
            first_response_at: None,
            next_response_due: None,
            resolution_due: Some(now + 30 * hour),
            resolved_at: None,
        };
        // The first response is late: the promise is the resolution still ahead.
        assert_eq!(deadlines.promise(now), Some(now + 30 * hour));
        // Everything late: today, not a day gone by.
        let late = Deadlines {
            resolution_due: Some(now - hour),
            ..deadlines
        };
        assert_eq!(late.promise(now), Some(now));
        // All ahead: the earliest.
        let ahead = Deadlines {
            first_response_due: Some(now + hour),
            ..deadlines
        };
        assert_eq!(ahead.promise(now), Some(now + hour));
        assert_eq!(Deadlines::default().promise(now), None);
    }
}
