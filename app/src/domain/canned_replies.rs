//! Canned replies (快捷回复): replies with placeholders that are filled for the work order at
//! hand. Only the placeholders below exist; a canned reply naming another is refused when saved,
//! so a customer never reads a stray `{...}`.

use super::{Invalid, TextRule};

pub const CANNED_REPLY_TITLE: TextRule = TextRule {
    min_chars: 2,
    max_chars: 40,
    multiline: false,
    required: Invalid::new("canned_reply_title_required", "Name the canned reply"),
    too_short: Invalid::new("canned_reply_title_required", "Name the canned reply"),
    too_long: Invalid::new("canned_reply_title_too_long", "At most 40 characters"),
};

pub const CANNED_REPLY_BODY: TextRule = TextRule {
    min_chars: 2,
    max_chars: 2000,
    multiline: true,
    required: Invalid::new("message_required", "Write your message"),
    too_short: Invalid::new("message_required", "Write your message"),
    too_long: Invalid::new("message_too_long", "At most 2,000 characters"),
};

/// The placeholders a canned reply may use.
pub const PLACEHOLDERS: &[&str] = &["customer_name", "order_no", "due_date"];

/// What the placeholders stand for on one work order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedReplyContext<'a> {
    pub customer_name: &'a str,
    pub order_no: &'a str,
    /// By when the customer hears back, as they read dates (`2026-12-07`); empty if none.
    pub due_date: &'a str,
}

/// The placeholders a text names, `{like_this}`.
fn named(body: &str) -> impl Iterator<Item = &str> {
    body.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

/// Checks a canned reply's text: its length and that every placeholder is one of `PLACEHOLDERS`.
pub fn check_canned_reply_body(body: &str) -> Result<String, Invalid> {
    let body = CANNED_REPLY_BODY.check(body)?;
    if named(&body).any(|name| !PLACEHOLDERS.contains(&name)) {
        return Err(Invalid::new(
            "placeholder_unknown",
            "Use only {customer_name}, {order_no} and {due_date}",
        ));
    }
    Ok(body)
}

/// The canned reply's text for one work order.
pub fn fill_canned_reply(body: &str, context: &CannedReplyContext<'_>) -> String {
    body.replace("{customer_name}", context.customer_name)
        .replace("{order_no}", context.order_no)
        .replace("{due_date}", context.due_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_every_placeholder_for_the_work_order() {
        let context = CannedReplyContext {
            customer_name: "陈晓明",
            order_no: "WO2026000001",
            due_date: "2026-12-07",
        };
        assert_eq!(
            fill_canned_reply(
                "{customer_name}您好，工单 {order_no} 将于 {due_date} 前答复。",
                &context
            ),
            "陈晓明您好，工单 WO2026000001 将于 2026-12-07 前答复。"
        );
    }

    #[test]
    fn refuses_unknown_placeholders_and_empty_text() {
        assert_eq!(
            check_canned_reply_body("您好 {name}").unwrap_err().code,
            "placeholder_unknown"
        );
        assert_eq!(check_canned_reply_body("  ").unwrap_err().code, "message_required");
        assert!(check_canned_reply_body("您好 {customer_name}，{order_no} 已办结").is_ok());
        assert!(check_canned_reply_body("花括号 { 不成对也可以").is_ok());
    }
}
