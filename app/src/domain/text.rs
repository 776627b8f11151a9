//! Free-text fields: trimmed, required or not, limited in characters (not bytes, so
//! Chinese text gets the same room as English), and free of hidden characters.

use super::Invalid;

/// Rules for one text field; the codes name the field so the message can too.
pub struct TextRule {
    pub min_chars: usize,
    pub max_chars: usize,
    /// The text may have line breaks (and tabs).
    pub multiline: bool,
    pub required: Invalid,
    pub too_short: Invalid,
    pub too_long: Invalid,
}

/// Why text with hidden characters is refused.
pub const HIDDEN_CHARACTERS: Invalid = Invalid::new(
    "text_hidden_characters",
    "Remove invisible control characters from the text",
);

/// Whether text carries characters nobody means to type and that change what others see:
/// control characters (NUL, BEL, ESC, ...; line breaks and tabs only where the text may
/// have lines) and the bidirectional overrides and isolates that make text read
/// differently than it is stored. Every free-text field is checked with this one rule.
pub fn has_hidden_characters(text: &str, multiline: bool) -> bool {
    text.chars().any(|c| {
        let allowed_whitespace = multiline && matches!(c, '\n' | '\r' | '\t');
        (c.is_control() && !allowed_whitespace)
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
    })
}

/// What a Chinese keyboard types in full-width form (digits, letters, `－`, `．`, the
/// ideographic space) as the ASCII people meant, for numbers, phones and accounts.
pub fn half_width(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

impl TextRule {
    pub fn check(&self, input: &str) -> Result<String, Invalid> {
        let value = input.trim();
        if has_hidden_characters(value, self.multiline) {
            return Err(HIDDEN_CHARACTERS);
        }
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
        multiline: false,
        required: Invalid::new("place_required", ""),
        too_short: Invalid::new("description_too_short", ""),
        too_long: Invalid::new("place_too_long", ""),
    };

    #[test]
    fn full_width_forms_become_ascii() {
        assert_eq!(half_width("１２３４．５６"), "1234.56");
        assert_eq!(half_width("１３８\u{3000}００１３－８０００"), "138 0013-8000");
        assert_eq!(half_width("北京，朝阳"), "北京,朝阳");
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(RULE.check(" 北京朝阳 ").unwrap(), "北京朝阳");
        assert_eq!(RULE.check("北京朝阳区").unwrap_err().code, "place_too_long");
        assert_eq!(RULE.check("北").unwrap_err().code, "description_too_short");
        assert_eq!(RULE.check("  ").unwrap_err().code, "place_required");
    }

    #[test]
    fn hidden_characters_are_refused_wherever_they_are() {
        for text in ["a\0b", "北京\u{7}", "\u{1b}[31mred", "abc\u{202E}txt.exe", "x\u{2066}y"] {
            assert_eq!(RULE.check(text).unwrap_err().code, "text_hidden_characters", "{text:?}");
        }
        assert!(has_hidden_characters("line one\nline two", false));
        assert!(!has_hidden_characters("line one\nline two\ttabbed", true));
        assert!(has_hidden_characters("line\0", true), "NUL never");
        assert!(!has_hidden_characters("北京市朝阳区 100020", false));
    }
}
