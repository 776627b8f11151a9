//! A payout bank account: the bank's name and the account (card) number. The number is
//! shown masked everywhere after it is entered.

use super::{half_width, mask_middle, Invalid};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankAccount {
    pub bank: String,
    pub number: String,
}

impl BankAccount {
    /// Spaces and dashes people type between digit groups are dropped, and full-width
    /// digits count as digits. Both fields are checked, so a form shows both messages.
    pub fn parse(bank: &str, number: &str) -> Result<Self, Vec<(&'static str, Invalid)>> {
        let mut errors = Vec::new();
        let bank = bank.trim();
        if bank.is_empty() {
            errors.push(("payout_bank", Invalid::new("bank_required", "Enter the bank's name")));
        } else if super::has_hidden_characters(bank, false) {
            errors.push(("payout_bank", super::HIDDEN_CHARACTERS));
        } else if bank.chars().count() > 40 {
            errors.push((
                "payout_bank",
                Invalid::new("bank_too_long", "A bank name is at most 40 characters"),
            ));
        }
        let digits: String = half_width(number).chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty() {
            errors.push((
                "payout_account",
                Invalid::new("payout_account_required", "Enter the account number"),
            ));
        } else if !(12..=30).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            errors.push((
                "payout_account",
                Invalid::new("payout_account_invalid", "An account number has 12 to 30 digits"),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
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
    fn full_width_digits_and_spaces_are_what_people_meant() {
        let account = BankAccount::parse("招商银行", "６２２５\u{3000}８８１２ ３４５６－７８９０").unwrap();
        assert_eq!(account.number, "6225881234567890");
    }

    #[test]
    fn each_field_gets_its_own_message() {
        let codes = |bank: &str, number: &str| -> Vec<(&'static str, &'static str)> {
            BankAccount::parse(bank, number)
                .unwrap_err()
                .into_iter()
                .map(|(field, invalid)| (field, invalid.code))
                .collect()
        };
        assert_eq!(codes("", "6225881234567890"), [("payout_bank", "bank_required")]);
        assert_eq!(codes("ICBC", ""), [("payout_account", "payout_account_required")]);
        assert_eq!(codes("ICBC", "12345"), [("payout_account", "payout_account_invalid")]);
        assert_eq!(
            codes("ICBC", "62258812345678AB"),
            [("payout_account", "payout_account_invalid")]
        );
        // Both wrong: both said at once.
        assert_eq!(
            codes("", "123"),
            [
                ("payout_bank", "bank_required"),
                ("payout_account", "payout_account_invalid")
            ]
        );
    }
}
