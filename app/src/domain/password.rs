use super::Invalid;

/// A new password that meets the rules: 8 to 128 characters with a letter and a digit.
/// Never `Serialize`, never `Debug`-printed.
pub struct Password(String);

impl Password {
    pub const MIN_LEN: usize = 8;
    pub const MAX_LEN: usize = 128;

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let len = input.chars().count();
        if len < Self::MIN_LEN {
            return Err(Invalid::new("password_too_short", "Use at least 8 characters"));
        }
        if len > Self::MAX_LEN {
            return Err(Invalid::new("password_too_long", "Use at most 128 characters"));
        }
        if !input.chars().any(|c| c.is_alphabetic()) || !input.chars().any(|c| c.is_ascii_digit()) {
            return Err(Invalid::new(
                "password_too_simple",
                "Use at least one letter and one digit",
            ));
        }
        Ok(Self(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_letters_with_digits() {
        assert!(Password::parse("safe2026pass").is_ok());
    }

    #[test]
    fn explains_what_is_missing() {
        assert_eq!(Password::parse("a1").unwrap_err().code, "password_too_short");
        assert_eq!(Password::parse("onlyletters").unwrap_err().code, "password_too_simple");
        assert_eq!(Password::parse("1234567890").unwrap_err().code, "password_too_simple");
        assert_eq!(Password::parse(&"a1".repeat(65)).unwrap_err().code, "password_too_long");
    }

    #[test]
    fn never_prints_itself() {
        assert_eq!(format!("{:?}", Password::parse("secret123").unwrap()), "Password(***)");
    }
}
