//! The rules for reporting a claim, checked the same way in the form and on the server.

use super::date::is_iso_date;
use super::text::TextRule;
use super::{BankAccount, Invalid, Money};

/// What the customer typed into the claim form.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClaimFields {
    pub incident_date: String,
    pub incident_place: String,
    pub description: String,
    /// Yuan, as typed (`1234.56`).
    pub amount: String,
    pub payout_bank: String,
    pub payout_account: String,
}

/// What the rules compare the form with: the policy and the chosen coverage.
#[derive(Debug, Clone)]
pub struct ClaimLimits {
    pub period_start: String,
    pub period_end: String,
    pub coverage_limit: Money,
    /// Today's date where the customer is, `YYYY-MM-DD`.
    pub today: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedClaim {
    pub incident_date: String,
    pub incident_place: String,
    pub description: String,
    pub amount: Money,
    pub payout: BankAccount,
}

const PLACE: TextRule = TextRule {
    min_chars: 2,
    max_chars: 100,
    multiline: false,
    required: Invalid::new("place_required", "Say where it happened"),
    too_short: Invalid::new("place_too_short", "Write at least 2 characters"),
    too_long: Invalid::new("place_too_long", "At most 100 characters"),
};

const DESCRIPTION: TextRule = TextRule {
    min_chars: 10,
    max_chars: 2000,
    multiline: true,
    required: Invalid::new("description_required", "Describe what happened"),
    too_short: Invalid::new(
        "description_too_short",
        "Describe what happened in at least 10 characters",
    ),
    too_long: Invalid::new("description_too_long", "At most 2000 characters"),
};

/// Every broken rule, field by field, so the form can show them all at once.
pub fn check_claim(fields: &ClaimFields, limits: &ClaimLimits) -> Result<CheckedClaim, Vec<(&'static str, Invalid)>> {
    let mut errors = Vec::new();
    let date = fields.incident_date.trim();
    if date.is_empty() {
        errors.push((
            "incident_date",
            Invalid::new("incident_date_required", "Enter the date it happened"),
        ));
    } else if !is_iso_date(date) {
        errors.push((
            "incident_date",
            Invalid::new("date_invalid", "Enter a date as YYYY-MM-DD"),
        ));
    } else if date > limits.today.as_str() {
        errors.push((
            "incident_date",
            Invalid::new("incident_in_future", "The date cannot be in the future"),
        ));
    } else if date < limits.period_start.as_str() || date > limits.period_end.as_str() {
        errors.push((
            "incident_date",
            Invalid::new(
                "incident_outside_period",
                "The date is outside the policy's period of cover",
            ),
        ));
    }
    let place = PLACE
        .check(&fields.incident_place)
        .map_err(|e| errors.push(("incident_place", e)))
        .ok();
    let description = DESCRIPTION
        .check(&fields.description)
        .map_err(|e| errors.push(("description", e)))
        .ok();
    let amount = match Money::parse_yuan(&fields.amount) {
        Ok(amount) if amount.fen() <= 0 => {
            errors.push((
                "amount",
                Invalid::new("amount_not_positive", "The amount must be more than zero"),
            ));
            None
        }
        Ok(amount) if amount > limits.coverage_limit => {
            errors.push((
                "amount",
                Invalid::new(
                    "amount_over_coverage",
                    "The amount is more than this coverage's sum insured",
                ),
            ));
            None
        }
        Ok(amount) => Some(amount),
        Err(invalid) => {
            errors.push(("amount", invalid));
            None
        }
    };
    let payout = BankAccount::parse(&fields.payout_bank, &fields.payout_account)
        .map_err(|list| errors.extend(list))
        .ok();
    match (place, description, amount, payout) {
        (Some(incident_place), Some(description), Some(amount), Some(payout)) if errors.is_empty() => {
            Ok(CheckedClaim {
                incident_date: date.to_string(),
                incident_place,
                description,
                amount,
                payout,
            })
        }
        _ => Err(errors),
    }
}

/// Fast track (快速理赔) looks this many days around a claim's incident date for another
/// claim of the same incident.
pub const FAST_TRACK_NEAR_DAYS: i64 = 3;
/// The period the fast-track caps count over, per policy.
pub const FAST_TRACK_WINDOW_DAYS: i64 = 30;
/// At most this many fast-tracked claims per policy in the window.
pub const FAST_TRACK_MAX_CLAIMS: usize = 3;
/// At most this many times the product's fast-track limit, paid by fast track per policy
/// in the window (this claim included).
pub const FAST_TRACK_MAX_TOTAL_LIMITS: i64 = 3;

/// What is known of a claim and its policy's other claims when fast track is decided.
#[derive(Debug, Clone)]
pub struct FastTrackFacts {
    pub amount: Money,
    /// The product's fast-track limit; `None`: the product has no fast track.
    pub product_limit: Option<Money>,
    pub photos: usize,
    /// Other claims, not refused, on the same policy and coverage, with an incident within
    /// `FAST_TRACK_NEAR_DAYS` and an amount within a fifth of this one's.
    pub similar_claims: usize,
    /// This claim's photos whose bytes are already on another claim.
    pub reused_photos: usize,
    /// Claims fast-tracked on this policy within the window, and what they paid.
    pub recent_fast_tracked: usize,
    pub recent_fast_tracked_paid: Money,
    /// The payout account is on file, or the member level allows a new one.
    pub payout_account_trusted: bool,
}

/// Why a claim goes the normal way; for the handler, never shown to the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FastTrackReview {
    /// The product has no fast track, there is no photo, or the amount is over the limit.
    NotEligible,
    SimilarClaim,
    ReusedPhoto,
    TooManyRecently,
    TooMuchRecently,
    NewPayoutAccount,
}

impl FastTrackReview {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotEligible => "not_eligible",
            Self::SimilarClaim => "similar_claim",
            Self::ReusedPhoto => "reused_photo",
            Self::TooManyRecently => "too_many_recently",
            Self::TooMuchRecently => "too_much_recently",
            Self::NewPayoutAccount => "new_payout_account",
        }
    }
}

/// Fast track: approved at once when the product allows it, the amount is at or under the
/// product's limit and there is a photo, unless anything is doubtful (the same incident
/// again, a photo already used, more than the caps allow, a payout account not on file);
/// then the claim goes the normal way. The rules never refuse on their own.
pub fn decide_fast_track(facts: &FastTrackFacts) -> Result<(), FastTrackReview> {
    let Some(limit) = facts.product_limit else {
        return Err(FastTrackReview::NotEligible);
    };
    if facts.photos == 0 || facts.amount > limit {
        return Err(FastTrackReview::NotEligible);
    }
    if facts.similar_claims > 0 {
        return Err(FastTrackReview::SimilarClaim);
    }
    if facts.reused_photos > 0 {
        return Err(FastTrackReview::ReusedPhoto);
    }
    if facts.recent_fast_tracked >= FAST_TRACK_MAX_CLAIMS {
        return Err(FastTrackReview::TooManyRecently);
    }
    let cap = limit.fen().saturating_mul(FAST_TRACK_MAX_TOTAL_LIMITS);
    if facts.recent_fast_tracked_paid.fen().saturating_add(facts.amount.fen()) > cap {
        return Err(FastTrackReview::TooMuchRecently);
    }
    if !facts.payout_account_trusted {
        return Err(FastTrackReview::NewPayoutAccount);
    }
    Ok(())
}

/// Two amounts close enough to be the same incident's: within a fifth of the larger.
pub fn similar_amounts(a: Money, b: Money) -> bool {
    let (a, b) = (a.fen(), b.fen());
    (a - b).abs() * 5 <= a.max(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ClaimLimits {
        ClaimLimits {
            period_start: "2026-01-01".into(),
            period_end: "2026-12-31".into(),
            coverage_limit: Money::from_yuan(10_000),
            today: "2026-11-24".into(),
        }
    }

    fn fields() -> ClaimFields {
        ClaimFields {
            incident_date: "2026-11-20".into(),
            incident_place: "上海市浦东新区".into(),
            description: "Rear-ended at a red light; bumper and tail lamp broken.".into(),
            amount: "1234.50".into(),
            payout_bank: "招商银行".into(),
            payout_account: "6225 8812 3456 7890".into(),
        }
    }

    fn codes(fields: ClaimFields) -> Vec<&'static str> {
        check_claim(&fields, &limits())
            .unwrap_err()
            .into_iter()
            .map(|(_, e)| e.code)
            .collect()
    }

    #[test]
    fn a_complete_form_passes() {
        let claim = check_claim(&fields(), &limits()).unwrap();
        assert_eq!(claim.amount, Money::from_fen(123_450));
        assert_eq!(claim.payout.number, "6225881234567890");
    }

    #[test]
    fn the_incident_must_fall_in_the_period_and_not_in_the_future() {
        assert_eq!(
            codes(ClaimFields {
                incident_date: "2025-12-31".into(),
                ..fields()
            }),
            ["incident_outside_period"]
        );
        assert_eq!(
            codes(ClaimFields {
                incident_date: "2026-11-25".into(),
                ..fields()
            }),
            ["incident_in_future"]
        );
        assert_eq!(
            codes(ClaimFields {
                incident_date: "2026-02-30".into(),
                ..fields()
            }),
            ["date_invalid"]
        );
    }

    #[test]
    fn the_amount_must_be_positive_and_within_the_coverage() {
        assert_eq!(
            codes(ClaimFields {
                amount: "0".into(),
                ..fields()
            }),
            ["amount_not_positive"]
        );
        assert_eq!(
            codes(ClaimFields {
                amount: "10000.01".into(),
                ..fields()
            }),
            ["amount_over_coverage"]
        );
        assert!(check_claim(
            &ClaimFields {
                amount: "10000".into(),
                ..fields()
            },
            &limits()
        )
        .is_ok());
    }

    #[test]
    fn fast_track_needs_an_allowing_product_a_small_amount_and_a_photo() {
        let with = |amount: Money, product_limit: Option<Money>, photos: usize| {
            decide_fast_track(&FastTrackFacts {
                amount,
                product_limit,
                photos,
                ..facts()
            })
            .is_ok()
        };
        let limit = Some(Money::from_yuan(2000));
        assert!(with(Money::from_yuan(2000), limit, 1));
        assert!(!with(Money::from_fen(200_001), limit, 1));
        assert!(!with(Money::from_yuan(100), limit, 0));
        assert!(!with(Money::from_yuan(100), None, 3));
    }

    #[test]
    fn all_broken_rules_are_reported_together() {
        let all = codes(ClaimFields::default());
        assert_eq!(
            all,
            [
                "incident_date_required",
                "place_required",
                "description_required",
                "amount_invalid",
                "bank_required",
                "payout_account_required"
            ],
            "the bank and its account are two fields with a message each"
        );
    }

    fn facts() -> FastTrackFacts {
        FastTrackFacts {
            amount: Money::from_yuan(1_500),
            product_limit: Some(Money::from_yuan(2_000)),
            photos: 1,
            similar_claims: 0,
            reused_photos: 0,
            recent_fast_tracked: 0,
            recent_fast_tracked_paid: Money::from_fen(0),
            payout_account_trusted: true,
        }
    }

    #[test]
    fn a_small_claim_with_a_photo_is_fast_tracked() {
        assert_eq!(decide_fast_track(&facts()), Ok(()));
    }

    #[test]
    fn anything_doubtful_goes_the_normal_way() {
        type Change = fn(&mut FastTrackFacts);
        let cases: [(Change, FastTrackReview); 8] = [
            (|f| f.product_limit = None, FastTrackReview::NotEligible),
            (|f| f.photos = 0, FastTrackReview::NotEligible),
            (|f| f.amount = Money::from_yuan(2_001), FastTrackReview::NotEligible),
            (|f| f.similar_claims = 1, FastTrackReview::SimilarClaim),
            (|f| f.reused_photos = 1, FastTrackReview::ReusedPhoto),
            (
                |f| f.recent_fast_tracked = FAST_TRACK_MAX_CLAIMS,
                FastTrackReview::TooManyRecently,
            ),
            (
                |f| f.recent_fast_tracked_paid = Money::from_yuan(4_600),
                FastTrackReview::TooMuchRecently,
            ),
            (|f| f.payout_account_trusted = false, FastTrackReview::NewPayoutAccount),
        ];
        for (change, review) in cases {
            let mut f = facts();
            change(&mut f);
            assert_eq!(decide_fast_track(&f), Err(review));
        }
    }

    #[test]
    fn amounts_within_a_fifth_count_as_the_same_incident() {
        assert!(similar_amounts(Money::from_yuan(2_000), Money::from_yuan(1_700)));
        assert!(similar_amounts(Money::from_yuan(1_600), Money::from_yuan(2_000)));
        assert!(!similar_amounts(Money::from_yuan(1_500), Money::from_yuan(2_000)));
    }
}
