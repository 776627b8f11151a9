//! Rules for an admin's change to a member: every change says why (kept in the audit log),
//! and a points adjustment is a whole number of points, never zero.

use super::{half_width, Invalid, TextRule};

/// Why an admin changes a member's account, level or points.
pub const ADMIN_REASON: TextRule = TextRule {
    min_chars: 4,
    max_chars: 200,
    multiline: false,
    required: Invalid::new("reason_required", "Say why; it is kept in the audit log"),
    too_short: Invalid::new("reason_too_short", "Say why in at least 4 characters"),
    too_long: Invalid::new("reason_too_long", "At most 200 characters"),
};

/// The largest adjustment one change may make, either way.
pub const MAX_POINTS_ADJUSTMENT: i64 = 100_000;

/// Points to add (positive) or take (negative), as typed.
pub fn parse_points_adjustment(input: &str) -> Result<i64, Invalid> {
    let text: String = half_width(input).chars().filter(|c| !c.is_whitespace()).collect();
    match text.trim_start_matches('+').parse::<i64>() {
        Ok(n) if n != 0 && n.abs() <= MAX_POINTS_ADJUSTMENT => Ok(n),
        _ => Err(Invalid::new(
            "points_adjustment_invalid",
            "A whole number of points, not zero, at most 100000 either way",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjustments_are_whole_and_not_zero() {
        assert_eq!(parse_points_adjustment("+200").unwrap(), 200);
        assert_eq!(parse_points_adjustment("－５０").unwrap(), -50);
        for bad in ["0", "", "1.5", "abc", "100001", "-100001"] {
            assert!(parse_points_adjustment(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_reason_is_required() {
        assert_eq!(ADMIN_REASON.check(" ").unwrap_err().code, "reason_required");
        assert_eq!(ADMIN_REASON.check("ok").unwrap_err().code, "reason_too_short");
        assert!(ADMIN_REASON.check("客户来电要求冻结账户").is_ok());
    }
}
