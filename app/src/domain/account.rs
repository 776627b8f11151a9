use super::{Email, Invalid, Phone};

/// What someone types into the sign-in form's account field. Customers sign in with their
/// phone or e-mail; staff with their username, which is neither.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInAccount {
    CustomerPhone(Phone),
    CustomerEmail(Email),
    StaffUsername(String),
}

impl SignInAccount {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(Invalid::new(
                "account_required",
                "Enter your phone number, e-mail or staff username",
            ));
        }
        if trimmed.contains('@') {
            return Email::parse(trimmed).map(Self::CustomerEmail);
        }
        if let Ok(phone) = Phone::parse(trimmed) {
            return Ok(Self::CustomerPhone(phone));
        }
        let username = super::fold_case(trimmed);
        let valid_username = username.len() <= 32
            && username.starts_with(|c: char| c.is_ascii_lowercase())
            && username
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_');
        if valid_username {
            Ok(Self::StaffUsername(username))
        } else {
            Err(Invalid::new(
                "account_invalid",
                "Enter your phone number, e-mail or staff username",
            ))
        }
    }

    /// The key failed attempts are counted under, the same however the account was typed.
    pub fn throttle_key(&self) -> String {
        match self {
            Self::CustomerPhone(p) => format!("account:phone:{p}"),
            Self::CustomerEmail(e) => format!("account:email:{e}"),
            Self::StaffUsername(u) => format!("account:staff:{u}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_phone_email_and_staff_username_apart() {
        assert!(matches!(
            SignInAccount::parse("138 0013 8000"),
            Ok(SignInAccount::CustomerPhone(_))
        ));
        assert!(matches!(
            SignInAccount::parse("Demo@Example.com"),
            Ok(SignInAccount::CustomerEmail(_))
        ));
        assert_eq!(
            SignInAccount::parse("Agent").unwrap(),
            SignInAccount::StaffUsername("agent".into())
        );
    }

    #[test]
    fn the_same_account_typed_differently_shares_a_throttle_key() {
        let a = SignInAccount::parse("13800138000").unwrap();
        let b = SignInAccount::parse("+86 138-0013-8000").unwrap();
        assert_eq!(a.throttle_key(), b.throttle_key());
    }

    #[test]
    fn refuses_empty_and_odd_input() {
        assert_eq!(SignInAccount::parse("  ").unwrap_err().code, "account_required");
        assert_eq!(SignInAccount::parse("12345").unwrap_err().code, "account_invalid");
        assert_eq!(SignInAccount::parse("x@y").unwrap_err().code, "email_invalid");
    }
}
