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
    required: Invalid::new("place_required", "Say where it happened"),
    too_short: Invalid::new("place_required", "Say where it happened"),
    too_long: Invalid::new("place_too_long", "At most 100 characters"),
};

const DESCRIPTION: TextRule = TextRule {
    min_chars: 10,
    max_chars: 2000,
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
        .map_err(|e| errors.push(e))
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

/// Fast track (快速理赔): approved at once when the product allows it, the amount is at or
/// under the product's limit and there is at least one photo. Anything else goes the normal
/// way; the rules never reject on their own.
pub fn qualifies_for_fast_track(amount: Money, product_limit: Option<Money>, photos: usize) -> bool {
    photos > 0 && product_limit.is_some_and(|limit| amount <= limit)
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
        let limit = Some(Money::from_yuan(2000));
        assert!(qualifies_for_fast_track(Money::from_yuan(2000), limit, 1));
        assert!(!qualifies_for_fast_track(Money::from_fen(200_001), limit, 1));
        assert!(!qualifies_for_fast_track(Money::from_yuan(100), limit, 0));
        assert!(!qualifies_for_fast_track(Money::from_yuan(100), None, 3));
    }

    #[test]
    fn all_broken_rules_are_reported_together() {
        let all = codes(ClaimFields::default());
        assert_eq!(all.len(), 5, "{all:?}");
    }
}
