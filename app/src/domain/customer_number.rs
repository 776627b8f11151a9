use serde::{Deserialize, Serialize};
use std::fmt;

use super::Invalid;

/// The customer number (客户编号) every customer gets when first recorded:
/// `C`, the year of registration, then a sequence of at least six digits (`C2026000123`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CustomerNumber(String);

impl CustomerNumber {
    pub fn from_sequence(year: i32, sequence: u64) -> Self {
        Self(format!("C{year:04}{sequence:06}"))
    }

    /// Accepts lower case and surrounding spaces, as typed into a search box.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let value = input.trim().to_uppercase();
        let valid = value.len() >= 11
            && value.len() <= 16
            && value.starts_with('C')
            && value[1..].bytes().all(|b| b.is_ascii_digit());
        if valid {
            Ok(Self(value))
        } else {
            Err(Invalid::new(
                "customer_no_invalid",
                "A customer number looks like C2026000123",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CustomerNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_built_from_year_and_zero_padded_sequence() {
        assert_eq!(CustomerNumber::from_sequence(2026, 123).as_str(), "C2026000123");
        assert_eq!(CustomerNumber::from_sequence(2027, 1_234_567).as_str(), "C20271234567");
    }

    #[test]
    fn generated_numbers_parse_back() {
        let number = CustomerNumber::from_sequence(2026, 42);
        assert_eq!(CustomerNumber::parse(number.as_str()).unwrap(), number);
    }

    #[test]
    fn parse_normalises_what_people_type() {
        assert_eq!(CustomerNumber::parse(" c2026000123 ").unwrap().as_str(), "C2026000123");
    }

    #[test]
    fn parse_refuses_other_shapes() {
        for input in [
            "2026000123",
            "C2026",
            "C2026-000123",
            "X2026000123",
            "C2026000123456789",
        ] {
            assert!(CustomerNumber::parse(input).is_err(), "{input}");
        }
    }
}
