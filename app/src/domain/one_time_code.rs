//! One-time codes (验证码) as people type them: six digits, spaces between groups allowed.

use super::Invalid;

/// How many digits a code has.
pub const CODE_DIGITS: usize = 6;

/// The code's digits, or why the input is not one.
pub fn parse_code(input: &str) -> Result<String, Invalid> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() {
        return Err(Invalid::new("code_required", "Enter the code we sent you"));
    }
    if digits.len() != CODE_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::new("code_invalid", "The code has 6 digits"));
    }
    Ok(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_with_spaces_allowed() {
        assert_eq!(parse_code(" 123 456 ").unwrap(), "123456");
        assert_eq!(parse_code("").unwrap_err().code, "code_required");
        assert_eq!(parse_code("12345").unwrap_err().code, "code_invalid");
        assert_eq!(parse_code("12345a").unwrap_err().code, "code_invalid");
    }
}
