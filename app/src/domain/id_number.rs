//! The 18-character resident identity card number (居民身份证号码), GB 11643-1999:
//! 6-digit region, 8-digit birth date, 3-digit sequence, and a check character (0-9 or X).

use super::{date::is_iso_date, mask_middle, Invalid};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber(String);

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

impl IdNumber {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let value: String = input.trim().to_uppercase();
        if value.is_empty() {
            return Err(Invalid::new("id_number_required", "Enter your ID number"));
        }
        let bytes = value.as_bytes();
        let shape_ok = bytes.len() == 18
            && bytes[..17].iter().all(u8::is_ascii_digit)
            && (bytes[17].is_ascii_digit() || bytes[17] == b'X');
        if !shape_ok {
            return Err(Invalid::new(
                "id_number_invalid",
                "An ID number has 18 characters: 17 digits and a digit or X",
            ));
        }
        let birth = format!("{}-{}-{}", &value[6..10], &value[10..12], &value[12..14]);
        if !is_iso_date(&birth) {
            return Err(Invalid::new(
                "id_number_invalid",
                "An ID number has 18 characters: 17 digits and a digit or X",
            ));
        }
        let sum: u32 = bytes[..17]
            .iter()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        if CHECK_CHARS[(sum % 11) as usize] != bytes[17] {
            return Err(Invalid::new(
                "id_number_checksum",
                "This ID number's check digit does not match; check for a typo",
            ));
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form kept on record and shown: region prefix and last four only.
    pub fn masked(&self) -> String {
        mask_middle(&self.0, 3, 4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_with_the_right_check_character_is_accepted() {
        // The standard's own example.
        let id = IdNumber::parse("11010519491231002x").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.masked(), "110***********002X");
    }

    #[test]
    fn a_typo_is_caught_by_the_check_character() {
        assert_eq!(
            IdNumber::parse("110105194912310021").unwrap_err().code,
            "id_number_checksum"
        );
    }

    #[test]
    fn wrong_shapes_and_impossible_birth_dates_are_refused() {
        for input in [
            "1101051949123100",
            "11010519491231002Y",
            "110105194913310020",
            "ABCDEF19491231002X",
        ] {
            assert_eq!(IdNumber::parse(input).unwrap_err().code, "id_number_invalid", "{input}");
        }
        assert_eq!(IdNumber::parse(" ").unwrap_err().code, "id_number_required");
    }
}
