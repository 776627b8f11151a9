//! Domain types and rules: pure, no I/O, shared by browser and server so that a rule
//! (a phone number, an amount, a policy number) is checked the same way on both sides.

mod account;
mod admin_change;
pub mod audit_detail;
mod bank_account;
pub mod calendar;
mod campaign;
mod canned_replies;
mod case_number;
mod claim;
mod claim_handling;
mod contact;
mod content;
mod customer_notes;
mod customer_number;
mod customer_query;
pub mod date;
mod enums;
mod id_number;
mod idempotency;
mod money;
mod one_time_code;
mod page_cursor;
mod password;
mod policy_number;
pub mod report_period;
pub mod service_level;
mod service_rules;
pub mod service_targets;
mod staff_account;
mod text;
mod work_order;

pub use account::SignInAccount;
pub use admin_change::{check_reward, parse_points_adjustment, ADMIN_REASON, MAX_POINTS_ADJUSTMENT};
pub use bank_account::{mask_account, BankAccount};
pub use campaign::{
    check_campaign, check_entry, ActivityFields, CampaignFields, CheckedActivity, CheckedCampaign, ENTRY_TEXT,
    MAX_ACTIVITIES,
};
pub use canned_replies::{
    check_canned_reply_body, fill_canned_reply, CannedReplyContext, CANNED_REPLY_TITLE, PLACEHOLDERS,
};
pub use case_number::CaseKind;
pub use claim::{
    check_claim, decide_fast_track, similar_amounts, CheckedClaim, ClaimFields, ClaimLimits, FastTrackFacts,
    FastTrackReview, FAST_TRACK_NEAR_DAYS, FAST_TRACK_WINDOW_DAYS,
};
pub use claim_handling::{
    check_stage_entry, Authority, PayoutBounds, StageFacts, StageInput, DOCUMENTS_REQUEST, REASON, REFUSAL_REASON,
    SURVEY_NOTES,
};
pub use contact::{Contact, Email, Phone, INSURER_HOTLINE};
pub use content::{
    check_announcement, check_article, format_insurer_time, index_terms, parse_insurer_time, parse_slug, query_terms,
    search_terms, AnnouncementFields, ArticleFields, CheckedAnnouncement, CheckedArticle, Segment,
};
pub use customer_notes::{check_tag, CUSTOMER_NOTE, MAX_TAGS, TAG};
pub use customer_number::CustomerNumber;
pub use customer_query::CustomerQuery;
pub use enums::{
    AnnouncementStatus, ArticleKind, CampaignActivityKind, Capability, ChangeStatus, Channel, ClaimOutcome,
    ClaimQueueView, ClaimStage, CodePurpose, ComplaintCategory, ContactKind, DocumentPurpose, FollowUpOutcome,
    FollowUpStatus, InstallmentStatus, MemberLevel, NotificationKind, PaymentFrequency, PointsReason, PointsRule,
    PolicyStatus, Priority, ProductLine, QueueView, Relation, ReportPeriod, ResolutionCode, RewardKind, Role,
    ServiceFact, ServiceMeasure, ServiceType, SlaUnit, StaffAlertKind, StaffStatus, Standing, VipTier,
    WorkOrderEventKind, WorkOrderKind, WorkOrderStatus,
};
pub use id_number::IdNumber;
pub use idempotency::IdempotencyKey;
pub use money::Money;
pub use one_time_code::{parse_code, CODE_DIGITS};
pub use page_cursor::PageCursor;
pub use password::Password;
pub use policy_number::PolicyNumber;
pub use service_rules::{
    check_calendar_days, check_follow_up_settings, check_names, check_sla_targets, parse_commitment_hours,
    parse_coverage_limit, parse_fast_track_limit, parse_rule_points, CalendarDaysFields, CheckedCalendarDays,
    SlaTargetFields, SpanFields, MAX_CALENDAR_SPAN,
};
pub use staff_account::{check_staff, parse_username, CheckedStaff, StaffFields, MAX_CAPACITY};
pub use text::{half_width, has_hidden_characters, TextRule, HIDDEN_CHARACTERS};
pub use work_order::{
    check_call_id, check_recording_url, check_score, check_service_type, check_staff_status, needs_policy, CITY,
    COMMENT, HANDOVER_NOTE, MESSAGE, NOTE, SUBJECT,
};

/// Why a piece of input was refused: a stable code the UI translates (`error.<code>`)
/// and an English sentence for API users and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub code: &'static str,
    pub message: &'static str,
}

impl Invalid {
    pub const fn new(code: &'static str, message: &'static str) -> Self {
        Self { code, message }
    }
}

/// Lower case for comparing what people type as identifiers (e-mail addresses, usernames).
/// The server folds all of Unicode and decides; the browser only checks the form before
/// sending, where ASCII folding gives the same verdict and keeps Unicode's case tables
/// (about 5 KB brotli) out of every customer's first download.
pub fn fold_case(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return text.to_ascii_lowercase();
    #[cfg(not(target_arch = "wasm32"))]
    text.to_lowercase()
}

/// Masks all but the first `keep_start` and last `keep_end` characters, e.g. an ID number.
pub fn mask_middle(value: &str, keep_start: usize, keep_end: usize) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= keep_start + keep_end {
        return "*".repeat(chars.len());
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < keep_start || i >= chars.len() - keep_end {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_an_id_number_keeping_region_and_check_digits() {
        assert_eq!(mask_middle("110101199003071234", 3, 4), "110***********1234");
    }

    #[test]
    fn masks_short_values_entirely() {
        assert_eq!(mask_middle("1234", 3, 4), "****");
    }
}

/// A person's name as entered on a form: trimmed, 1 to 50 characters, no control characters.
pub fn parse_person_name(input: &str) -> Result<String, Invalid> {
    let name = input.trim();
    if name.is_empty() {
        return Err(Invalid::new("name_required", "Enter your name"));
    }
    if has_hidden_characters(name, false) {
        return Err(HIDDEN_CHARACTERS);
    }
    if name.chars().count() > 50 {
        return Err(Invalid::new("name_invalid", "Names are at most 50 characters"));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(parse_person_name("  李娜 ").unwrap(), "李娜");
        assert_eq!(parse_person_name(" ").unwrap_err().code, "name_required");
        assert_eq!(parse_person_name(&"名".repeat(51)).unwrap_err().code, "name_invalid");
    }
}
