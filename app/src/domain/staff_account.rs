//! The rules for a staff account an admin creates or edits: the sign-in name, the name
//! colleagues and customers see, how many work orders the person takes at once, and the
//! payout they may approve alone. The admin form and the server check the same rules.

use super::{half_width, Invalid, Money, TextRule};

/// A staff form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StaffFields {
    pub username: String,
    pub display_name: String,
    /// Work orders at once, as typed.
    pub capacity: String,
    /// Yuan, as typed; empty for the role's limit.
    #[serde(default)]
    pub claim_limit: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedStaff {
    pub username: String,
    pub display_name: String,
    pub capacity: i64,
    pub claim_limit: Option<Money>,
}

/// The most work orders one person may hold at once.
pub const MAX_CAPACITY: i64 = 50;

const DISPLAY_NAME: TextRule = TextRule {
    min_chars: 1,
    max_chars: 40,
    multiline: false,
    required: Invalid::new("display_name_required", "Enter the name colleagues and customers see"),
    too_short: Invalid::new("display_name_required", "Enter the name colleagues and customers see"),
    too_long: Invalid::new("display_name_too_long", "At most 40 characters"),
};

/// A sign-in name: 3 to 32 of `a-z 0-9 . _ -`, starting with a letter, kept lower-case.
pub fn parse_username(input: &str) -> Result<String, Invalid> {
    let name = input.trim().to_ascii_lowercase();
    let valid = (3..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if valid {
        Ok(name)
    } else {
        Err(Invalid::new(
            "username_invalid",
            "3 to 32 letters, digits, dots, dashes or underscores, starting with a letter",
        ))
    }
}

/// Every broken rule, field by field.
pub fn check_staff(fields: &StaffFields) -> Result<CheckedStaff, Vec<(&'static str, Invalid)>> {
    let mut errors = Vec::new();
    let username = parse_username(&fields.username)
        .map_err(|e| errors.push(("username", e)))
        .ok();
    let display_name = DISPLAY_NAME
        .check(&fields.display_name)
        .map_err(|e| errors.push(("display_name", e)))
        .ok();
    let capacity = match half_width(&fields.capacity).trim().parse::<i64>() {
        Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Some(n),
        _ => {
            errors.push((
                "capacity",
                Invalid::new("capacity_invalid", "A whole number of work orders from 1 to 50"),
            ));
            None
        }
    };
    let claim_limit = if fields.claim_limit.trim().is_empty() {
        Some(None)
    } else {
        match Money::parse_yuan(&fields.claim_limit) {
            Ok(limit) if limit.fen() > 0 => Some(Some(limit)),
            _ => {
                errors.push((
                    "claim_limit",
                    Invalid::new(
                        "claim_limit_invalid",
                        "An amount in yuan above zero, or empty for the role's limit",
                    ),
                ));
                None
            }
        }
    };
    match (username, display_name, capacity, claim_limit) {
        (Some(username), Some(display_name), Some(capacity), Some(claim_limit)) if errors.is_empty() => {
            Ok(CheckedStaff {
                username,
                display_name,
                capacity,
                claim_limit,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(username: &str, display_name: &str, capacity: &str, claim_limit: &str) -> StaffFields {
        StaffFields {
            username: username.into(),
            display_name: display_name.into(),
            capacity: capacity.into(),
            claim_limit: claim_limit.into(),
        }
    }

    #[test]
    fn a_good_form_is_read_as_typed() {
        let checked = check_staff(&fields(" Agent.Zhou ", "周敏", "１２", "50000")).unwrap();
        assert_eq!(checked.username, "agent.zhou");
        assert_eq!(checked.capacity, 12);
        assert_eq!(checked.claim_limit, Some(Money::from_yuan(50_000)));
        assert_eq!(check_staff(&fields("zhou", "周敏", "8", "")).unwrap().claim_limit, None);
    }

    #[test]
    fn every_broken_rule_is_reported_at_once() {
        let codes: Vec<(&str, &str)> = check_staff(&fields("1x", "", "0", "-5"))
            .unwrap_err()
            .into_iter()
            .map(|(field, e)| (field, e.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("username", "username_invalid"),
                ("display_name", "display_name_required"),
                ("capacity", "capacity_invalid"),
                ("claim_limit", "claim_limit_invalid"),
            ]
        );
        assert!(check_staff(&fields("zhou", "周敏", "51", "")).is_err());
        assert!(parse_username("a b").is_err());
        assert!(parse_username("中文").is_err());
    }
}
