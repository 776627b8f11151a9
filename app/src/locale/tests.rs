//! The translation files are complete: both have the same keys, every key the code uses
//! exists, and every label and error code the domain can produce has a text.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::Locale;
use crate::domain::*;

fn source(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => include_str!("../../locales/zh-CN.json"),
        Locale::En => include_str!("../../locales/en.json"),
    }
}

fn table(locale: Locale) -> HashMap<String, String> {
    serde_json::from_str(source(locale)).unwrap()
}

fn keys(locale: Locale) -> BTreeSet<String> {
    let table = table(locale);
    assert!(
        table.values().all(|v| !v.trim().is_empty()),
        "{} has an empty text",
        locale.tag()
    );
    table.into_keys().collect()
}

fn source_files(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("locale/tests.rs") {
            out.push(std::fs::read_to_string(path).unwrap());
        }
    }
}

/// String literals in the source that look like translation keys or error codes.
fn quoted_after(source: &str, marker: &str) -> Vec<String> {
    source
        .match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &source[i + marker.len()..];
            let rest = rest.trim_start();
            let rest = rest.strip_prefix('"')?;
            Some(rest[..rest.find('"')?].to_string())
        })
        .collect()
}

#[test]
fn both_languages_have_the_same_keys() {
    let zh = keys(Locale::ZhCn);
    let en = keys(Locale::En);
    let only_zh: Vec<_> = zh.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    assert!(
        only_zh.is_empty() && only_en.is_empty(),
        "only in zh-CN: {only_zh:?}; only in en: {only_en:?}"
    );
}

#[test]
fn every_key_and_error_code_the_code_uses_has_a_text() {
    let known = keys(Locale::En);
    let mut sources = Vec::new();
    source_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut sources);
    let mut missing = BTreeSet::new();
    for source in &sources {
        for marker in ["t(", "label=", "hint=", "title="] {
            for key in quoted_after(source, marker) {
                if key.contains('.') && !known.contains(&key) {
                    missing.insert(key);
                }
            }
        }
        for marker in [
            "Invalid::new(",
            "errors.set(\"confirm\",",
            "errors.set(\"current_password\",",
            "errors.set(\"password\",",
            "AppError::conflict(\"contact\",",
        ] {
            for code in quoted_after(source, marker) {
                if !known.contains(&format!("error.{code}")) {
                    missing.insert(format!("error.{code}"));
                }
            }
        }
    }
    let codes = [
        "unauthenticated",
        "invalid_credentials",
        "forbidden",
        "not_found",
        "bad_request",
        "payload_too_large",
        "too_many_attempts",
        "internal",
        "network",
        // Codes set by forms and by conflicts, which the scan above does not reach.
        "policy_required",
        "coverage_required",
        "uploads_in_progress",
        "uploads_failed",
        "document_unavailable",
        "claim_closed",
        "out_of_stock",
        "insufficient_points",
        "file_type_unsupported",
        "file_empty",
        "file_required",
        "purpose_invalid",
        "level_required",
        "kind_required",
        "relation_required",
        "share_invalid",
        "identity_mismatch",
        "verification_pending",
        "date_not_future",
        "city_required",
        "request_closed",
        "not_finished",
        "already_rated",
        "subject_invalid",
        "case_no_invalid",
        "order_no_invalid",
        "status_invalid",
        "contact_required",
        "phone_invalid",
        "email_invalid",
        "request_key_reused",
        "id_number_taken",
        "already_booked",
        "username_taken",
        "cannot_demote_self",
        "cannot_deactivate_self",
        "password_change_required",
        "payout_account_unknown",
        "unsupported_media_type",
        "at_capacity",
        "already_linked",
        "too_many_tags",
        "queue_busy",
        "not_yours",
        "work_order_finished",
        "work_order_closed",
        "resolution_code_required",
        "complaint_category_required",
        "choice_invalid",
        "handover_note_required",
        "group_required",
        "colleague_not_in_group",
        "transfer_to_same",
        "view_invalid",
        "queue_empty",
        "stage_changed",
        "approval_pending",
        "no_pending_approval",
        "own_request",
        "above_authority",
        "decided_before",
        "not_fast_tracked",
        "not_decided",
        "already_disputed",
        "change_decided",
        "no_change_requested",
        "shares_do_not_add_up",
        "already_reviewed",
        "paid_not_disputable",
        "phone_on_record",
        "follow_up_changed",
    ];
    for code in codes {
        if !known.contains(&format!("error.{code}")) {
            missing.insert(format!("error.{code}"));
        }
    }
    let mut labels: Vec<String> = Vec::new();
    labels.extend(PolicyStatus::ALL.iter().map(|v| v.label_key()));
    labels.extend(ProductLine::ALL.iter().map(|v| v.label_key()));
    labels.extend(MemberLevel::ALL.iter().map(|v| v.label_key()));
    labels.extend(VipTier::ALL.iter().map(|v| v.label_key()));
    labels.extend(Role::ALL.iter().map(|v| v.label_key()));
    labels.extend(PaymentFrequency::ALL.iter().map(|v| v.label_key()));
    labels.extend(InstallmentStatus::ALL.iter().map(|v| v.label_key()));
    labels.extend(Relation::ALL.iter().map(|v| v.label_key()));
    labels.extend(ClaimStage::ALL.iter().map(|v| v.label_key()));
    labels.extend(ClaimOutcome::ALL.iter().map(|v| v.label_key()));
    labels.extend(RewardKind::ALL.iter().map(|v| v.label_key()));
    labels.extend(PointsReason::ALL.iter().map(|v| v.label_key()));
    labels.extend(PointsRule::ALL.iter().map(|v| v.label_key()));
    for kind in NotificationKind::ALL {
        labels.push(format!("{}.title", kind.label_key()));
        labels.push(format!("{}.body", kind.label_key()));
    }
    labels.extend(
        ClaimStage::ALL
            .iter()
            .filter(|s| **s != ClaimStage::Closed)
            .map(|s| format!("claim_next.{}", s.as_str())),
    );
    labels.extend(["once", "month", "event"].map(|p| format!("points.period.{p}")));
    labels.extend(WorkOrderKind::ALL.iter().map(|v| v.label_key()));
    labels.extend(CodePurpose::ALL.iter().map(|p| format!("one_time_code.{}", p.as_str())));
    labels.extend(WorkOrderStatus::ALL.iter().map(|v| v.label_key()));
    labels.extend(ServiceType::ALL.iter().map(|v| v.label_key()));
    labels.extend(StaffStatus::ALL.iter().map(|v| v.label_key()));
    labels.extend(
        WorkOrderStatus::ALL
            .iter()
            .map(|v| format!("work_orders.desk.status.{}", v.as_str())),
    );
    labels.extend(Channel::ALL.iter().map(|v| v.label_key()));
    labels.extend(Priority::ALL.iter().map(|v| v.label_key()));
    labels.extend(ResolutionCode::ALL.iter().map(|v| v.label_key()));
    labels.extend(ComplaintCategory::ALL.iter().map(|v| v.label_key()));
    labels.extend(WorkOrderEventKind::ALL.iter().map(|v| v.label_key()));
    labels.extend(QueueView::ALL.iter().map(|v| v.label_key()));
    labels.extend(StaffAlertKind::ALL.iter().map(|v| v.label_key()));
    labels.extend(SlaUnit::ALL.iter().map(|v| v.label_key()));
    labels.extend(ClaimQueueView::ALL.iter().map(|v| v.label_key()));
    labels.extend(ChangeStatus::ALL.iter().map(|v| v.label_key()));
    labels.extend(ContactKind::ALL.iter().map(|v| v.label_key()));
    labels.extend(FollowUpStatus::ALL.iter().map(|v| v.label_key()));
    labels.extend(FollowUpOutcome::ALL.iter().map(|v| v.label_key()));
    labels.extend(["claims.desk.documents_requested", "claims.desk.fast_track_stopped"].map(String::from));
    labels.extend(["requested", "confirmed", "done", "cancelled"].map(|s| format!("booking_status.{s}")));
    labels.extend(
        [
            "new_phone",
            "new_email",
            "beneficiary_name",
            "beneficiary_id_number",
            "beneficiary_relation",
            "beneficiary_share",
            "payout_bank",
            "payout_account",
        ]
        .map(|k| format!("work_orders.{k}")),
    );
    labels.extend(["nav.work_orders", "upload.hint", "nav.claims"].map(String::from));
    missing.extend(labels.into_iter().filter(|k| !known.contains(k)));
    assert!(missing.is_empty(), "keys without a text: {missing:?}");
}

#[test]
fn placeholders_match_between_languages() {
    let zh = table(Locale::ZhCn);
    let en = table(Locale::En);
    // A text admins wrote in both languages comes as `<name>_zh` and `<name>_en` (an
    // announcement's title): each language names its own.
    let names = |text: &str| -> BTreeSet<String> {
        text.split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
            .map(|n| n.trim_end_matches("_zh").trim_end_matches("_en").to_string())
            .collect()
    };
    for (key, zh_text) in &zh {
        assert_eq!(names(zh_text), names(&en[key]), "placeholders differ for {key}");
    }
}

#[test]
fn the_compiled_tables_say_what_the_files_say() {
    for locale in Locale::ALL {
        for (key, text) in table(locale) {
            assert_eq!(locale.lookup(&key), Some(text.as_str()), "{} {key}", locale.tag());
        }
    }
    assert_eq!(Locale::En.lookup("no.such.key"), None);
    assert_eq!(Locale::En.text("no.such.key"), "no.such.key");
}

#[test]
fn dates_read_naturally_in_both_languages() {
    assert_eq!(super::format_date("2026-03-01", Locale::ZhCn), "2026年3月1日");
    assert_eq!(super::format_date("2026-03-01", Locale::En), "1 Mar 2026");
    assert_eq!(super::format_date("garbage", Locale::En), "garbage");
}

#[test]
fn sizes_read_without_needless_decimals() {
    use super::format_size;
    assert_eq!(format_size(300), "1 KB");
    assert_eq!(format_size(820 * 1024), "820 KB");
    assert_eq!(format_size(10 * 1024 * 1024), "10 MB");
    assert_eq!(format_size(3_565_158), "3.4 MB");
    assert_eq!(format_size(1024 * 1024 - 1), "1024 KB");
}

/// The customer's bundle carries only the general tables: every key the portal, the public
/// pages and the shared components name must be there, and the console's texts must not.
#[test]
fn customer_pages_read_only_the_general_texts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = Vec::new();
    for dir in ["pages/portal", "pages/public", "components"] {
        source_files(&root.join(dir), &mut sources);
    }
    let mut staff_only = BTreeSet::new();
    for source in &sources {
        for marker in ["t(", "label=", "hint=", "title=", "t_args("] {
            for key in quoted_after(source, marker) {
                if key.contains('.') && super::tables::KEYS.binary_search(&key.as_str()).is_err() {
                    staff_only.insert(key);
                }
            }
        }
    }
    assert!(
        staff_only.is_empty(),
        "customer pages name console-only keys: {staff_only:?}"
    );
    assert!(super::tables::KEYS.binary_search(&"claims.desk.title").is_err());
    assert!(super::tables::STAFF_KEYS.binary_search(&"claims.desk.title").is_ok());
    assert_eq!(Locale::ZhCn.lookup("claims.desk.title"), Some("理赔台"));
    assert_eq!(
        Locale::ZhCn.lookup("claims.title"),
        Some(table(Locale::ZhCn)["claims.title"].as_str())
    );
}
