use serde::{Deserialize, Serialize};
use std::fmt;

use super::{Invalid, ProductLine};

/// A policy number: two letters for the product line, the year of issue and an
/// eight-digit sequence, e.g. `AU202600001234` for a motor policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PolicyNumber(String);

impl PolicyNumber {
    pub fn new(line: ProductLine, year: i32, sequence: u64) -> Self {
        Self(format!("{}{year:04}{sequence:08}", line.policy_prefix()))
    }

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let value: String = input
            .trim()
            .to_uppercase()
            .chars()
            .filter(|c| *c != '-' && *c != ' ')
            .collect();
        let valid = value.len() == 14
            && ProductLine::ALL
                .iter()
                .any(|line| value.starts_with(line.policy_prefix()))
            && value[2..].bytes().all(|b| b.is_ascii_digit());
        if valid {
            Ok(Self(value))
        } else {
            Err(Invalid::new(
                "policy_no_invalid",
                "A policy number looks like AU202600001234",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PolicyNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_the_product_line_prefix() {
        assert_eq!(
            PolicyNumber::new(ProductLine::Auto, 2026, 1234).as_str(),
            "AU202600001234"
        );
        assert_eq!(PolicyNumber::new(ProductLine::Life, 2019, 7).as_str(), "LF201900000007");
    }

    #[test]
    fn parse_accepts_lower_case_and_separators() {
        assert_eq!(
            PolicyNumber::parse("au-2026-0000-1234").unwrap().as_str(),
            "AU202600001234"
        );
    }

    #[test]
    fn parse_refuses_unknown_lines_and_lengths() {
        for input in ["ZZ202600001234", "AU20260000123", "AU2026000012345", "AU2026O0001234"] {
            assert!(PolicyNumber::parse(input).is_err(), "{input}");
        }
    }
}
