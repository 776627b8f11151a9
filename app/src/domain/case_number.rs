//! Readable numbers for cases the customer quotes on the phone: a two-letter prefix, the
//! year, and a sequence of at least six digits, e.g. claim `CL2026000042`.

use super::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseKind {
    Claim,
    WorkOrder,
    RewardOrder,
}

impl CaseKind {
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Claim => "CL",
            Self::WorkOrder => "WO",
            Self::RewardOrder => "RO",
        }
    }

    /// The `number_sequences` row this kind counts in, per year.
    pub fn sequence_name(self, year: i32) -> String {
        format!("{}:{year}", self.prefix())
    }

    pub fn number(self, year: i32, sequence: u64) -> String {
        format!("{}{year:04}{sequence:06}", self.prefix())
    }

    /// Accepts lower case and spaces around it; anything else is `invalid_code`.
    pub fn parse(self, input: &str, invalid_code: &'static str) -> Result<String, Invalid> {
        let value = input.trim().to_uppercase();
        let digits = value.strip_prefix(self.prefix()).unwrap_or("");
        if (10..=14).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(value)
        } else {
            Err(Invalid::new(invalid_code, "That number is not in the expected form"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_prefix_year_and_padded_sequence_and_parse_back() {
        let number = CaseKind::Claim.number(2026, 42);
        assert_eq!(number, "CL2026000042");
        assert_eq!(
            CaseKind::Claim.parse(" cl2026000042 ", "claim_no_invalid").unwrap(),
            number
        );
        assert_eq!(CaseKind::WorkOrder.number(2026, 1_234_567), "WO20261234567");
    }

    #[test]
    fn other_shapes_and_other_kinds_are_refused() {
        for input in ["", "CL2026", "WO2026000042", "CL2026-00042", "CL2026000042999999"] {
            assert!(CaseKind::Claim.parse(input, "claim_no_invalid").is_err(), "{input}");
        }
    }
}
