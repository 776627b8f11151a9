use serde::{Deserialize, Serialize};
use std::fmt;

use super::Invalid;

/// The insurer's customer-service hotline (客服热线), open around the clock.
pub const INSURER_HOTLINE: &str = "95500";

/// A mainland China mobile number, stored as its 11 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    /// Accepts `13800138000`, `138 0013 8000`, `138-0013-8000` and `+86 138...`.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let digits: String = super::half_width(input)
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
            .collect();
        let digits = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("0086"))
            .unwrap_or(&digits);
        let valid = digits.len() == 11
            && digits.bytes().all(|b| b.is_ascii_digit())
            && digits.starts_with('1')
            && (b'3'..=b'9').contains(&digits.as_bytes()[1]);
        if valid {
            Ok(Self(digits.to_string()))
        } else {
            Err(Invalid::new(
                "phone_invalid",
                "Enter an 11-digit mainland mobile number, e.g. 138 0013 8000",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****8000`, for places where the whole number is not needed.
    pub fn masked(&self) -> String {
        super::mask_middle(&self.0, 3, 4)
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An e-mail address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        const INVALID: Invalid = Invalid::new("email_invalid", "Enter an e-mail address such as name@example.com");
        let value = super::fold_case(input.trim());
        if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(INVALID);
        }
        let Some((local, domain)) = value.split_once('@') else {
            return Err(INVALID);
        };
        let domain_ok = !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(INVALID);
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `d***@example.com`, for the audit log.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.split_once('@').unwrap_or((&self.0, ""));
        format!("{}***@{domain}", local.chars().next().unwrap_or('*'))
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone number or e-mail address, as given at registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    Phone(Phone),
    Email(Email),
}

impl Contact {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        if input.trim().is_empty() {
            return Err(Invalid::new(
                "contact_required",
                "Enter your mobile number or e-mail address",
            ));
        }
        if input.contains('@') {
            Email::parse(input).map(Self::Email)
        } else {
            Phone::parse(input).map(Self::Phone)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_accepts_full_width_digits() {
        assert_eq!(
            Phone::parse("１３８\u{3000}００１３\u{3000}８０００").unwrap().as_str(),
            "13800138000"
        );
    }

    #[test]
    fn phone_accepts_common_ways_of_writing_a_mobile_number() {
        for input in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "008613800138000",
        ] {
            assert_eq!(Phone::parse(input).unwrap().as_str(), "13800138000", "{input}");
        }
    }

    #[test]
    fn phone_refuses_landlines_short_numbers_and_letters() {
        for input in [
            "010-12345678",
            "1380013800",
            "138001380001",
            "12800138000",
            "1380013800a",
            "",
        ] {
            assert_eq!(Phone::parse(input).unwrap_err().code, "phone_invalid", "{input}");
        }
    }

    #[test]
    fn phone_masks_the_middle_digits() {
        assert_eq!(Phone::parse("13800138000").unwrap().masked(), "138****8000");
    }

    #[test]
    fn contact_is_an_email_when_it_has_an_at_sign_else_a_phone() {
        assert!(matches!(Contact::parse("a@b.cn"), Ok(Contact::Email(_))));
        assert!(matches!(Contact::parse("13800138000"), Ok(Contact::Phone(_))));
        assert_eq!(Contact::parse(" ").unwrap_err().code, "contact_required");
    }

    #[test]
    fn email_is_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Li.Na@Example.COM ").unwrap().as_str(),
            "li.na@example.com"
        );
    }

    #[test]
    fn email_refuses_malformed_addresses() {
        for input in [
            "plain",
            "@example.com",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "a@.com",
            "a@b.com.",
            "a@b..com",
        ] {
            assert_eq!(Email::parse(input).unwrap_err().code, "email_invalid", "{input}");
        }
    }
}
