//! A payout bank account: the bank's name and the account (card) number. The number is
//! shown masked everywhere after it is entered.

use super::{mask_middle, Invalid};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankAccount {
    pub bank: String,
    pub number: String,
}

impl BankAccount {
    /// Spaces and dashes people type between digit groups are dropped.
    pub fn parse(bank: &str, number: &str) -> Result<Self, (&'static str, Invalid)> {
        let bank = bank.trim();
        if bank.is_empty() {
            return Err(("payout_bank", Invalid::new("bank_required", "Enter the bank's name")));
        }
        if super::has_hidden_characters(bank, false) {
            return Err(("payout_bank", super::HIDDEN_CHARACTERS));
        }
        if bank.chars().count() > 40 {
            return Err((
                "payout_bank",
                Invalid::new("bank_too_long", "A bank name is at most 40 characters"),
            ));
        }
        let digits: String = number.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty() {
            return Err((
                "payout_account",
                Invalid::new("payout_account_required", "Enter the account number"),
            ));
        }
        if !(12..=30).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err((
                "payout_account",
                Invalid::new("payout_account_invalid", "An account number has 12 to 30 digits"),
            ));
        }
        Ok(Self {
            bank: bank.to_string(),
            number: digits,
        })
    }

    pub fn masked_number(&self) -> String {
        mask_account(&self.number)
    }
}

/// `6222 **** **** 1234`-style: the first four and last four digits only.
pub fn mask_account(number: &str) -> String {
    mask_middle(number, 4, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_are_dropped_and_the_number_masked() {
        let account = BankAccount::parse("招商银行", "6225 8812 3456 7890").unwrap();
        assert_eq!(account.number, "6225881234567890");
        assert_eq!(account.masked_number(), "6225********7890");
    }

    #[test]
    fn each_field_gets_its_own_message() {
        assert_eq!(
            BankAccount::parse("", "6225881234567890").unwrap_err().1.code,
            "bank_required"
        );
        assert_eq!(
            BankAccount::parse("ICBC", "").unwrap_err().1.code,
            "payout_account_required"
        );
        assert_eq!(
            BankAccount::parse("ICBC", "12345").unwrap_err().1.code,
            "payout_account_invalid"
        );
        assert_eq!(
            BankAccount::parse("ICBC", "62258812345678AB").unwrap_err().0,
            "payout_account"
        );
    }
}
