//! The commitments the insurer publishes (first responses within their deadlines,
//! satisfaction above 85 %, resolution above 90 %, an average response under 3 minutes,
//! feedback within 24 hours) and where a measured value stands against its target: met, at
//! risk (close to missing), missed. Pure, so the board, the reports and their tests agree.

use serde::{Deserialize, Serialize};

use super::calendar::{HOUR_MS, MINUTE_MS};
use super::{half_width, Invalid, ServiceMeasure, Standing};

/// A rating of this many stars or more (out of five) is *satisfied*.
pub const SATISFIED_FROM_STARS: i64 = 4;

/// Whether a rating counts as satisfied.
pub fn is_satisfied(stars: i64) -> bool {
    stars >= SATISFIED_FROM_STARS
}

/// Work whose running deadline falls within this is *at risk* on the board.
pub const AT_RISK_MS: i64 = 30 * MINUTE_MS;

/// A share is at risk this many percentage points below its target.
const SHARE_MARGIN_POINTS: i64 = 5;

/// A time is at risk up to a quarter over its target.
const TIME_MARGIN_QUARTERS: i64 = 5;

/// What a target counts in, and which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetUnit {
    /// A share in percent, at least the target.
    PercentAtLeast,
    /// Minutes, at most the target.
    MinutesAtMost,
    /// Hours, at most the target.
    HoursAtMost,
}

impl ServiceMeasure {
    pub fn unit(self) -> TargetUnit {
        match self {
            Self::ServiceLevel | Self::Satisfaction | Self::ResolutionRate => TargetUnit::PercentAtLeast,
            Self::AverageResponse => TargetUnit::MinutesAtMost,
            Self::FeedbackWithin => TargetUnit::HoursAtMost,
        }
    }

    /// The target the insurer publishes, until an admin sets another.
    pub fn published_target(self) -> i64 {
        match self {
            Self::ServiceLevel | Self::ResolutionRate => 90,
            Self::Satisfaction => 85,
            Self::AverageResponse => 3,
            Self::FeedbackWithin => 24,
        }
    }

    /// The least and the most a target may be, in its unit: a share of 1-100 %, a
    /// response of up to a day, feedback within up to a month.
    pub fn target_range(self) -> (i64, i64) {
        match self.unit() {
            TargetUnit::PercentAtLeast => (1, 100),
            TargetUnit::MinutesAtMost => (1, 1440),
            TargetUnit::HoursAtMost => (1, 720),
        }
    }

    /// The translation key of the measure's definition, shown beside it.
    pub fn definition_key(self) -> String {
        format!("measure_definition.{}", self.as_str())
    }
}

/// A measure's target as the admin set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceTarget {
    pub measure: ServiceMeasure,
    pub target: i64,
}

impl ServiceTarget {
    /// The target in force for `measure` among those the admin set: the published one when
    /// they set none.
    pub fn in_force(targets: &[ServiceTarget], measure: ServiceMeasure) -> ServiceTarget {
        targets
            .iter()
            .find(|t| t.measure == measure)
            .copied()
            .unwrap_or(ServiceTarget {
                measure,
                target: measure.published_target(),
            })
    }

    /// Where a share (`part` of `whole`) stands; `None` with nothing to measure.
    pub fn share_standing(self, part: i64, whole: i64) -> Option<Standing> {
        if whole <= 0 || self.measure.unit() != TargetUnit::PercentAtLeast {
            return None;
        }
        // part / whole >= target / 100, in integers.
        Some(if part * 100 >= self.target * whole {
            Standing::Met
        } else if part * 100 >= (self.target - SHARE_MARGIN_POINTS) * whole {
            Standing::AtRisk
        } else {
            Standing::Missed
        })
    }

    /// Where a time (milliseconds) stands; `None` with nothing to measure.
    pub fn time_standing(self, ms: Option<i64>) -> Option<Standing> {
        let target_ms = match self.measure.unit() {
            TargetUnit::MinutesAtMost => self.target * MINUTE_MS,
            TargetUnit::HoursAtMost => self.target * HOUR_MS,
            TargetUnit::PercentAtLeast => return None,
        };
        let ms = ms?;
        Some(if ms <= target_ms {
            Standing::Met
        } else if ms * 4 <= target_ms * TIME_MARGIN_QUARTERS {
            Standing::AtRisk
        } else {
            Standing::Missed
        })
    }
}

/// A target as an admin types it (full-width digits too), within the measure's range.
pub fn parse_service_target(measure: ServiceMeasure, input: &str) -> Result<i64, Invalid> {
    let (least, most) = measure.target_range();
    half_width(input)
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (least..=most).contains(n))
        .ok_or(Invalid::new(
            "service_target_invalid",
            "A whole number: a share of 1-100, minutes up to 1440, hours up to 720",
        ))
}

/// The targets in force: the admin's where set, the published ones otherwise.
pub fn targets_in_force(set: &[ServiceTarget]) -> Vec<ServiceTarget> {
    ServiceMeasure::ALL
        .iter()
        .map(|&measure| {
            set.iter()
                .find(|t| t.measure == measure)
                .copied()
                .unwrap_or(ServiceTarget {
                    measure,
                    target: measure.published_target(),
                })
        })
        .collect()
}

/// The median and the 90th percentile of some durations (nearest rank), and their mean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spread {
    pub count: i64,
    pub median_ms: Option<i64>,
    pub p90_ms: Option<i64>,
    pub mean_ms: Option<i64>,
}

impl Spread {
    pub fn of(mut durations: Vec<i64>) -> Self {
        if durations.is_empty() {
            return Self::default();
        }
        durations.sort_unstable();
        let n = durations.len();
        // Nearest rank: the smallest value with at least q of the values at or below it.
        let rank = |q_percent: usize| durations[(n * q_percent).div_ceil(100).max(1) - 1];
        Self {
            count: n as i64,
            median_ms: Some(rank(50)),
            p90_ms: Some(rank(90)),
            mean_ms: Some(durations.iter().sum::<i64>() / n as i64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(measure: ServiceMeasure, target: i64) -> ServiceTarget {
        ServiceTarget { measure, target }
    }

    #[test]
    fn a_share_meets_its_target_at_or_above_it_and_is_at_risk_within_five_points() {
        let satisfaction = target(ServiceMeasure::Satisfaction, 85);
        assert_eq!(satisfaction.share_standing(85, 100), Some(Standing::Met));
        assert_eq!(satisfaction.share_standing(17, 20), Some(Standing::Met));
        assert_eq!(satisfaction.share_standing(84, 100), Some(Standing::AtRisk));
        assert_eq!(satisfaction.share_standing(80, 100), Some(Standing::AtRisk));
        assert_eq!(satisfaction.share_standing(79, 100), Some(Standing::Missed));
        assert_eq!(
            satisfaction.share_standing(0, 0),
            None,
            "nothing rated yet is not a miss"
        );
    }

    #[test]
    fn a_time_meets_its_target_at_or_under_it_and_is_at_risk_up_to_a_quarter_over() {
        let response = target(ServiceMeasure::AverageResponse, 3);
        assert_eq!(response.time_standing(Some(3 * MINUTE_MS)), Some(Standing::Met));
        assert_eq!(response.time_standing(Some(3 * MINUTE_MS + 1)), Some(Standing::AtRisk));
        assert_eq!(response.time_standing(Some(225 * 1000)), Some(Standing::AtRisk));
        assert_eq!(response.time_standing(Some(225 * 1000 + 1)), Some(Standing::Missed));
        assert_eq!(response.time_standing(None), None);
        let feedback = target(ServiceMeasure::FeedbackWithin, 24);
        assert_eq!(feedback.time_standing(Some(24 * HOUR_MS)), Some(Standing::Met));
        assert_eq!(feedback.time_standing(Some(31 * HOUR_MS)), Some(Standing::Missed));
    }

    #[test]
    fn the_admins_targets_win_and_the_published_ones_fill_in() {
        let force = targets_in_force(&[target(ServiceMeasure::Satisfaction, 90)]);
        assert_eq!(force.len(), ServiceMeasure::ALL.len());
        assert!(force.contains(&target(ServiceMeasure::Satisfaction, 90)));
        assert!(force.contains(&target(ServiceMeasure::AverageResponse, 3)));
        assert!(force.contains(&target(ServiceMeasure::ResolutionRate, 90)));
    }

    #[test]
    fn a_target_is_a_whole_number_within_its_measures_range() {
        assert_eq!(parse_service_target(ServiceMeasure::Satisfaction, " ８８ "), Ok(88));
        assert_eq!(parse_service_target(ServiceMeasure::Satisfaction, "100"), Ok(100));
        assert!(parse_service_target(ServiceMeasure::Satisfaction, "101").is_err());
        assert!(parse_service_target(ServiceMeasure::ServiceLevel, "0").is_err());
        assert!(parse_service_target(ServiceMeasure::ServiceLevel, "85.5").is_err());
        assert_eq!(parse_service_target(ServiceMeasure::AverageResponse, "1440"), Ok(1440));
        assert!(parse_service_target(ServiceMeasure::AverageResponse, "1441").is_err());
        assert!(parse_service_target(ServiceMeasure::FeedbackWithin, "721").is_err());
        assert!(parse_service_target(ServiceMeasure::FeedbackWithin, "").is_err());
    }

    #[test]
    fn median_and_90th_percentile_are_nearest_rank() {
        let spread = Spread::of(vec![10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
        assert_eq!(spread.count, 10);
        assert_eq!(spread.median_ms, Some(5));
        assert_eq!(spread.p90_ms, Some(9));
        assert_eq!(spread.mean_ms, Some(5));
        let one = Spread::of(vec![42]);
        assert_eq!((one.median_ms, one.p90_ms), (Some(42), Some(42)));
        assert_eq!(Spread::of(Vec::new()), Spread::default());
    }
}
