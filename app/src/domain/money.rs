use serde::{Deserialize, Serialize};
use std::fmt;

use super::Invalid;

/// An amount of renminbi in fen (1/100 yuan). Never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    pub const fn from_fen(fen: i64) -> Self {
        Self(fen)
    }

    pub const fn from_yuan(yuan: i64) -> Self {
        Self(yuan * 100)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Parses a yuan amount as people type it: `1234`, `1,234.5`, `¥1234.56`.
    /// More than two decimals is refused rather than rounded.
    pub fn parse_yuan(input: &str) -> Result<Self, Invalid> {
        const INVALID: Invalid = Invalid::new("amount_invalid", "Enter an amount in yuan, e.g. 1234.56");
        let cleaned: String = super::half_width(input)
            .trim()
            .trim_start_matches(['¥', '￥'])
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        let (whole, frac) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(INVALID);
        }
        if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Invalid::new(
                "amount_precision",
                "Amounts have at most two decimals (fen)",
            ));
        }
        let whole: i64 = whole.parse().map_err(|_| INVALID)?;
        let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| INVALID)?;
        let fen = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(frac))
            .ok_or(Invalid::new("amount_too_large", "That amount is too large"))?;
        Ok(Self(if negative { -fen } else { fen }))
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }
}

/// `¥1,234.56`, grouped in thousands as both Chinese and English readers expect.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let yuan = (abs / 100).to_string();
        let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
        for (i, c) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}¥{grouped}.{:02}", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_grouped_yuan_with_two_decimals() {
        assert_eq!(Money::from_fen(123_456_789).to_string(), "¥1,234,567.89");
        assert_eq!(Money::from_fen(5).to_string(), "¥0.05");
        assert_eq!(Money::from_fen(-100_000).to_string(), "-¥1,000.00");
        assert_eq!(Money::from_yuan(500_000).to_string(), "¥500,000.00");
    }

    #[test]
    fn parses_full_width_digits_as_typed_on_a_chinese_keyboard() {
        assert_eq!(Money::parse_yuan("１２３４．５６").unwrap().fen(), 123_456);
        assert_eq!(Money::parse_yuan("￥１，２００").unwrap().fen(), 120_000);
        assert_eq!(Money::parse_yuan("８\u{3000}０００").unwrap().fen(), 800_000);
    }

    #[test]
    fn parses_yuan_as_people_type_it() {
        assert_eq!(Money::parse_yuan("1234").unwrap().fen(), 123_400);
        assert_eq!(Money::parse_yuan("¥1,234.5").unwrap().fen(), 123_450);
        assert_eq!(Money::parse_yuan(" 0.07 ").unwrap().fen(), 7);
        assert_eq!(Money::parse_yuan("-3.10").unwrap().fen(), -310);
    }

    #[test]
    fn refuses_fractions_of_a_fen_instead_of_rounding() {
        assert_eq!(Money::parse_yuan("1.005").unwrap_err().code, "amount_precision");
    }

    #[test]
    fn refuses_garbage_and_overflow() {
        assert_eq!(Money::parse_yuan("12a").unwrap_err().code, "amount_invalid");
        assert_eq!(Money::parse_yuan("").unwrap_err().code, "amount_invalid");
        assert_eq!(
            Money::parse_yuan("99999999999999999999").unwrap_err().code,
            "amount_invalid"
        );
        assert_eq!(
            Money::parse_yuan("92233720368547759").unwrap_err().code,
            "amount_too_large"
        );
    }

    #[test]
    fn serializes_as_plain_fen() {
        assert_eq!(serde_json::to_string(&Money::from_fen(1999)).unwrap(), "1999");
    }
}
