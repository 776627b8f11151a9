//! Rules for the service rules admins set: service-level targets, claim stage commitments,
//! the follow-up sample, points earned per rule and the business calendar. A value that
//! would stop running work (a target of zero, a sample over 100%) is refused here, by the
//! same rule in the form and on the server.

use super::calendar::Date;
use super::service_level::{SlaTargets, Span};
use super::{half_width, Invalid, Money, SlaUnit, TextRule};

/// A whole number between `min` and `max` as typed (full-width digits too).
fn whole(input: &str, min: i64, max: i64) -> Option<i64> {
    half_width(input)
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
}

/// One deadline as typed: an amount and its unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpanFields {
    pub amount: String,
    pub unit: String,
}

/// The three targets of a kind and priority of work order, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SlaTargetFields {
    pub first_response: SpanFields,
    pub next_response: SpanFields,
    pub resolution: SpanFields,
}

/// The most a target may be, per unit (a month, in each unit's terms).
fn max_amount(unit: SlaUnit) -> i64 {
    match unit {
        SlaUnit::Hours => 720,
        SlaUnit::BusinessHours => 240,
        SlaUnit::WorkingDays => 30,
    }
}

pub fn check_sla_targets(input: &SlaTargetFields) -> Result<SlaTargets, Vec<(&'static str, Invalid)>> {
    let mut errors = Vec::new();
    let mut span = |field: &'static str, fields: &SpanFields| {
        let unit = SlaUnit::parse(fields.unit.trim());
        let amount = unit.and_then(|unit| whole(&fields.amount, 1, max_amount(unit)));
        match (amount, unit) {
            (Some(amount), Some(unit)) => Some(Span::new(amount, unit)),
            _ => {
                errors.push((
                    field,
                    Invalid::new("sla_target_invalid", "A whole number above zero, at most a month"),
                ));
                None
            }
        }
    };
    let first = span("first_response", &input.first_response);
    let next = span("next_response", &input.next_response);
    let resolution = span("resolution", &input.resolution);
    match (first, next, resolution) {
        (Some(first_response), Some(next_response), Some(resolution)) => Ok(SlaTargets {
            first_response,
            next_response,
            resolution,
        }),
        _ => Err(errors),
    }
}

/// Hours a claim stage may take: 1 to 720 (30 days).
pub fn parse_commitment_hours(input: &str) -> Result<i64, Invalid> {
    whole(input, 1, 720).ok_or(Invalid::new(
        "commitment_hours_invalid",
        "A whole number of hours from 1 to 720",
    ))
}

/// The share of closed claims followed up (0-100%) and the calls before giving up (1-10).
pub fn check_follow_up_settings(sample: &str, attempts: &str) -> Result<(i64, i64), Vec<(&'static str, Invalid)>> {
    let sample = whole(sample, 0, 100);
    let attempts = whole(attempts, 1, 10);
    let mut errors = Vec::new();
    if sample.is_none() {
        errors.push((
            "sample_percent",
            Invalid::new("sample_percent_invalid", "A whole percentage from 0 to 100"),
        ));
    }
    if attempts.is_none() {
        errors.push((
            "max_attempts",
            Invalid::new("max_attempts_invalid", "A whole number of calls from 1 to 10"),
        ));
    }
    match (sample, attempts) {
        (Some(sample), Some(attempts)) => Ok((sample, attempts)),
        _ => Err(errors),
    }
}

/// Points a rule earns: 1 to 10000.
pub fn parse_rule_points(input: &str) -> Result<i64, Invalid> {
    whole(input, 1, 10_000).ok_or(Invalid::new(
        "rule_points_invalid",
        "A whole number of points from 1 to 10000",
    ))
}

/// Days added to the calendar at once, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CalendarDaysFields {
    /// `YYYY-MM-DD`, the first day.
    pub from: String,
    /// `YYYY-MM-DD`, the last day (the first when empty).
    #[serde(default)]
    pub to: String,
    /// A make-up working day (调休) rather than a holiday.
    #[serde(default)]
    pub working: bool,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedCalendarDays {
    pub days: Vec<Date>,
    pub working: bool,
    pub name_zh: String,
    pub name_en: String,
}

/// The longest run of days added at once (the longest holiday is a week or so).
pub const MAX_CALENDAR_SPAN: i64 = 15;

const DAY_NAME: TextRule = TextRule {
    min_chars: 1,
    max_chars: 40,
    multiline: false,
    required: Invalid::new("day_name_required", "Name the day, as the calendar shows it"),
    too_short: Invalid::new("day_name_required", "Name the day, as the calendar shows it"),
    too_long: Invalid::new("day_name_too_long", "At most 40 characters"),
};

pub fn check_calendar_days(input: &CalendarDaysFields) -> Result<CheckedCalendarDays, Vec<(&'static str, Invalid)>> {
    let mut errors = Vec::new();
    let from = Date::parse_iso(input.from.trim());
    if from.is_none() {
        errors.push(("from", Invalid::new("date_invalid", "A date as YYYY-MM-DD")));
    }
    let to = if input.to.trim().is_empty() {
        from
    } else {
        let to = Date::parse_iso(input.to.trim());
        if to.is_none() {
            errors.push(("to", Invalid::new("date_invalid", "A date as YYYY-MM-DD")));
        }
        to
    };
    if let (Some(from), Some(to)) = (from, to) {
        let span = to.days_since_epoch() - from.days_since_epoch();
        if !(0..MAX_CALENDAR_SPAN).contains(&span) {
            errors.push((
                "to",
                Invalid::new(
                    "calendar_span_invalid",
                    "The last day on or after the first, at most 15 days",
                ),
            ));
        }
    }
    let name_zh = DAY_NAME
        .check(&input.name_zh)
        .map_err(|e| errors.push(("name_zh", e)))
        .ok();
    let name_en = DAY_NAME
        .check(&input.name_en)
        .map_err(|e| errors.push(("name_en", e)))
        .ok();
    match (from, to, name_zh, name_en) {
        (Some(from), Some(to), Some(name_zh), Some(name_en)) if errors.is_empty() => Ok(CheckedCalendarDays {
            days: (0..=(to.days_since_epoch() - from.days_since_epoch()))
                .map(|n| from.plus_days(n))
                .collect(),
            working: input.working,
            name_zh,
            name_en,
        }),
        _ => Err(errors),
    }
}

const NAME: TextRule = TextRule {
    min_chars: 2,
    max_chars: 40,
    multiline: false,
    required: Invalid::new("catalog_name_required", "Enter the name"),
    too_short: Invalid::new("catalog_name_required", "Enter the name"),
    too_long: Invalid::new("catalog_name_too_long", "At most 40 characters"),
};

/// A name in both languages: every broken rule at once.
pub fn check_names(name_zh: &str, name_en: &str) -> Result<(String, String), Vec<(&'static str, Invalid)>> {
    let zh = NAME.check(name_zh);
    let en = NAME.check(name_en);
    match (zh, en) {
        (Ok(zh), Ok(en)) => Ok((zh, en)),
        (zh, en) => Err([("name_zh", zh.err()), ("name_en", en.err())]
            .into_iter()
            .filter_map(|(f, e)| e.map(|e| (f, e)))
            .collect()),
    }
}

/// A product's fast-track limit in yuan: empty for none, else above zero and at most
/// 50000 (a claim above it always waits for a person).
pub fn parse_fast_track_limit(input: &str) -> Result<Option<Money>, Invalid> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    match Money::parse_yuan(input) {
        Ok(m) if m.fen() > 0 && m <= Money::from_yuan(50_000) => Ok(Some(m)),
        _ => Err(Invalid::new(
            "fast_track_limit_invalid",
            "An amount above zero and at most 50000 yuan, or empty for none",
        )),
    }
}

/// A coverage's default limit in yuan: above zero.
pub fn parse_coverage_limit(input: &str) -> Result<Money, Invalid> {
    match Money::parse_yuan(input) {
        Ok(m) if m.fen() > 0 && m <= Money::from_yuan(100_000_000) => Ok(m),
        _ => Err(Invalid::new("coverage_limit_invalid", "An amount in yuan above zero")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(amount: &str, unit: &str) -> SpanFields {
        SpanFields {
            amount: amount.into(),
            unit: unit.into(),
        }
    }

    #[test]
    fn a_target_of_zero_or_beyond_a_month_is_refused() {
        let good = SlaTargetFields {
            first_response: span("２", "business_hours"),
            next_response: span("4", "business_hours"),
            resolution: span("5", "working_days"),
        };
        let targets = check_sla_targets(&good).unwrap();
        assert_eq!(targets.first_response, Span::new(2, SlaUnit::BusinessHours));
        let bad = SlaTargetFields {
            first_response: span("0", "hours"),
            next_response: span("4", "fortnights"),
            resolution: span("31", "working_days"),
        };
        let fields: Vec<&str> = check_sla_targets(&bad)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["first_response", "next_response", "resolution"]);
    }

    #[test]
    fn settings_stay_in_their_ranges() {
        assert_eq!(parse_commitment_hours("72").unwrap(), 72);
        assert!(parse_commitment_hours("0").is_err());
        assert_eq!(check_follow_up_settings("0", "3").unwrap(), (0, 3));
        assert_eq!(check_follow_up_settings("101", "0").unwrap_err().len(), 2);
        assert!(parse_rule_points("0").is_err() && parse_rule_points("20").is_ok());
    }

    #[test]
    fn catalog_values_are_checked() {
        assert_eq!(parse_fast_track_limit(" ").unwrap(), None);
        assert_eq!(parse_fast_track_limit("5,000").unwrap(), Some(Money::from_yuan(5000)));
        assert!(parse_fast_track_limit("0").is_err() && parse_fast_track_limit("50001").is_err());
        assert!(parse_coverage_limit("0").is_err());
        assert_eq!(check_names("", "x").unwrap_err().len(), 2);
    }

    #[test]
    fn calendar_days_are_a_short_run() {
        let fields = CalendarDaysFields {
            from: "2027-10-01".into(),
            to: "2027-10-07".into(),
            working: false,
            name_zh: "国庆节".into(),
            name_en: "National Day".into(),
        };
        let checked = check_calendar_days(&fields).unwrap();
        assert_eq!(checked.days.len(), 7);
        assert_eq!(checked.days[6].iso(), "2027-10-07");
        let backwards = CalendarDaysFields {
            to: "2027-09-30".into(),
            name_en: String::new(),
            ..fields
        };
        let codes: Vec<&str> = check_calendar_days(&backwards)
            .unwrap_err()
            .into_iter()
            .map(|(_, e)| e.code)
            .collect();
        assert_eq!(codes, ["calendar_span_invalid", "day_name_required"]);
    }
}
