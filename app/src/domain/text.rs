//! Free-text fields: trimmed, required or not, and limited in characters (not bytes,
//! so Chinese text gets the same room as English).

use super::Invalid;

/// Rules for one text field; the codes name the field so the message can too.
pub struct TextRule {
    pub min_chars: usize,
    pub max_chars: usize,
    pub required: Invalid,
    pub too_short: Invalid,
    pub too_long: Invalid,
}

impl TextRule {
    pub fn check(&self, input: &str) -> Result<String, Invalid> {
        let value = input.trim();
        let count = value.chars().count();
        if count == 0 && self.min_chars > 0 {
            Err(self.required.clone())
        } else if count < self.min_chars {
            Err(self.too_short.clone())
        } else if count > self.max_chars {
            Err(self.too_long.clone())
        } else {
            Ok(value.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: TextRule = TextRule {
        min_chars: 2,
        max_chars: 4,
        required: Invalid::new("place_required", ""),
        too_short: Invalid::new("description_too_short", ""),
        too_long: Invalid::new("place_too_long", ""),
    };

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(RULE.check(" 北京朝阳 ").unwrap(), "北京朝阳");
        assert_eq!(RULE.check("北京朝阳区").unwrap_err().code, "place_too_long");
        assert_eq!(RULE.check("北").unwrap_err().code, "description_too_short");
        assert_eq!(RULE.check("  ").unwrap_err().code, "place_required");
    }
}
