//! What staff keep about a customer beside the record: short tags (大客户, 投诉敏感, 需回访)
//! and dated notes. Staff-only; never shown to the customer.

use super::{Invalid, TextRule};

/// A tag: a word or two, shown as a chip on the customer's page.
pub const TAG: TextRule = TextRule {
    min_chars: 1,
    max_chars: 12,
    multiline: false,
    required: Invalid::new("tag_required", "Enter a tag"),
    too_short: Invalid::new("tag_required", "Enter a tag"),
    too_long: Invalid::new("tag_too_long", "At most 12 characters"),
};

/// The most tags one customer carries, so the chips stay readable.
pub const MAX_TAGS: i64 = 12;

/// A note about the customer for colleagues (how they like to be reached, what upset them).
pub const CUSTOMER_NOTE: TextRule = TextRule {
    min_chars: 2,
    max_chars: 500,
    multiline: true,
    required: Invalid::new("customer_note_required", "Write the note"),
    too_short: Invalid::new("customer_note_required", "Write the note"),
    too_long: Invalid::new("note_too_long", "At most 500 characters"),
};

/// A tag as it is kept: trimmed, inner runs of spaces made one.
pub fn check_tag(input: &str) -> Result<String, Invalid> {
    let tag = TAG.check(input)?;
    Ok(tag.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_short_single_lines() {
        assert_eq!(check_tag("  投诉  敏感 ").unwrap(), "投诉 敏感");
        assert_eq!(check_tag(" ").unwrap_err().code, "tag_required");
        assert_eq!(
            check_tag("一二三四五六七八九十一二三").unwrap_err().code,
            "tag_too_long"
        );
        assert_eq!(check_tag("a\nb").unwrap_err().code, "text_hidden_characters");
    }
}
