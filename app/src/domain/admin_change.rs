//! Rules for an admin's change to a member: every change says why (kept in the audit log),
//! and a points adjustment is a whole number of points, never zero.

use super::{half_width, Invalid, TextRule};

/// Why an admin changes a member's account, level or points.
pub const ADMIN_REASON: TextRule = TextRule {
    min_chars: 4,
    max_chars: 200,
    multiline: false,
    required: Invalid::new("admin_reason_required", "Say why; it is kept in the audit log"),
    too_short: Invalid::new("admin_reason_too_short", "Say why in at least 4 characters"),
    too_long: Invalid::new("admin_reason_too_long", "At most 200 characters"),
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

/// A reward's price and stock as an admin types them: a price above zero, a stock of zero
/// or more (zero means sold out), both whole numbers; every broken rule at once.
pub fn check_reward(price: &str, stock: &str) -> Result<(i64, i64), Vec<(&'static str, Invalid)>> {
    let mut errors = Vec::new();
    let number = |text: &str| half_width(text).trim().parse::<i64>().ok();
    let price = match number(price) {
        Some(n) if n > 0 && n <= 1_000_000 => Some(n),
        _ => {
            errors.push((
                "points_price",
                Invalid::new("reward_price_invalid", "A whole number of points above zero"),
            ));
            None
        }
    };
    let stock = match number(stock) {
        Some(n) if (0..=1_000_000).contains(&n) => Some(n),
        _ => {
            errors.push((
                "stock",
                Invalid::new("reward_stock_invalid", "A whole number, zero or more"),
            ));
            None
        }
    };
    match (price, stock) {
        (Some(price), Some(stock)) => Ok((price, stock)),
        _ => Err(errors),
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
    fn a_reward_has_a_price_and_a_stock() {
        assert_eq!(check_reward("１００", "0").unwrap(), (100, 0));
        let codes: Vec<&str> = check_reward("0", "-1")
            .unwrap_err()
            .into_iter()
            .map(|(_, e)| e.code)
            .collect();
        assert_eq!(codes, ["reward_price_invalid", "reward_stock_invalid"]);
    }

    #[test]
    fn a_reason_is_required() {
        assert_eq!(ADMIN_REASON.check(" ").unwrap_err().code, "admin_reason_required");
        assert_eq!(ADMIN_REASON.check("ok").unwrap_err().code, "admin_reason_too_short");
        assert!(ADMIN_REASON.check("客户来电要求冻结账户").is_ok());
    }
}
