//! The rules for a work order the customer opens, shared by the form and the server.

use super::text::TextRule;
use super::{ComplaintCategory, Invalid, ResolutionCode, ServiceType, WorkOrderKind, WorkOrderStatus};

pub const SUBJECT: TextRule = TextRule {
    min_chars: 2,
    max_chars: 80,
    multiline: false,
    required: Invalid::new("subject_required", "Give it a short title"),
    too_short: Invalid::new("subject_required", "Give it a short title"),
    too_long: Invalid::new("subject_too_long", "At most 80 characters"),
};

pub const MESSAGE: TextRule = TextRule {
    min_chars: 5,
    max_chars: 2000,
    multiline: true,
    required: Invalid::new("message_required", "Write your message"),
    too_short: Invalid::new("message_too_short", "Write at least 5 characters"),
    too_long: Invalid::new("message_too_long", "At most 2000 characters"),
};

pub const COMMENT: TextRule = TextRule {
    min_chars: 0,
    max_chars: 500,
    multiline: true,
    required: Invalid::new("comment_too_long", "At most 500 characters"),
    too_short: Invalid::new("comment_too_long", "At most 500 characters"),
    too_long: Invalid::new("comment_too_long", "At most 500 characters"),
};

/// A note staff write on a case (a claim step, what the customer must still send).
pub const NOTE: TextRule = TextRule {
    min_chars: 0,
    max_chars: 500,
    multiline: true,
    required: Invalid::new("note_too_long", "At most 500 characters"),
    too_short: Invalid::new("note_too_long", "At most 500 characters"),
    too_long: Invalid::new("note_too_long", "At most 500 characters"),
};

/// Why a work order is passed on: whoever picks it up reads it, so the customer need not
/// repeat themselves.
pub const HANDOVER_NOTE: TextRule = TextRule {
    min_chars: 5,
    max_chars: 500,
    multiline: true,
    required: Invalid::new("handover_note_required", "Say why, for whoever picks it up"),
    too_short: Invalid::new("handover_note_required", "Say why, for whoever picks it up"),
    too_long: Invalid::new("note_too_long", "At most 500 characters"),
};

/// The city a VIP service is booked in.
pub const CITY: TextRule = TextRule {
    min_chars: 1,
    max_chars: 30,
    multiline: false,
    required: Invalid::new("city_required", "Enter the city"),
    too_short: Invalid::new("city_required", "Enter the city"),
    too_long: Invalid::new("city_too_long", "At most 30 characters"),
};

/// Policy-service requests and claim enquiries are about one policy; the rest may be.
pub fn needs_policy(kind: WorkOrderKind) -> bool {
    matches!(kind, WorkOrderKind::PolicyService | WorkOrderKind::ClaimEnquiry)
}

/// A policy-service request must say which change; other kinds must not.
pub fn check_service_type(kind: WorkOrderKind, service: Option<ServiceType>) -> Result<Option<ServiceType>, Invalid> {
    match (kind, service) {
        (WorkOrderKind::PolicyService, None) => Err(Invalid::new("service_type_required", "Choose what to change")),
        (WorkOrderKind::PolicyService, Some(service)) => Ok(Some(service)),
        (_, _) => Ok(None),
    }
}

/// A status change staff make, with what it needs: staff never set `open` (that is how a
/// work order starts), a closed work order stays closed, and resolving or closing one
/// records how it ended (and, for a complaint, what it was about). Returns the field at fault.
pub fn check_staff_status(
    kind: WorkOrderKind,
    from: WorkOrderStatus,
    to: WorkOrderStatus,
    resolution: Option<ResolutionCode>,
    category: Option<ComplaintCategory>,
) -> Result<(), (&'static str, Invalid)> {
    if to == WorkOrderStatus::Open {
        return Err(("status", Invalid::new("status_invalid", "Choose the new status")));
    }
    if from == WorkOrderStatus::Closed {
        return Err(("status", Invalid::new("work_order_closed", "This work order is closed")));
    }
    if to.is_finished() {
        if resolution.is_none() {
            return Err((
                "resolution_code",
                Invalid::new("resolution_code_required", "Choose how it was resolved"),
            ));
        }
        if kind == WorkOrderKind::Complaint && category.is_none() {
            return Err((
                "complaint_category",
                Invalid::new("complaint_category_required", "Choose what the complaint was about"),
            ));
        }
    }
    Ok(())
}

/// A 1-5 satisfaction score.
pub fn check_score(score: i64) -> Result<i64, Invalid> {
    if (1..=5).contains(&score) {
        Ok(score)
    } else {
        Err(Invalid::new("score_invalid", "Choose 1 to 5 stars"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_service_requests_name_the_change() {
        assert_eq!(
            check_service_type(WorkOrderKind::PolicyService, None).unwrap_err().code,
            "service_type_required"
        );
        assert_eq!(
            check_service_type(WorkOrderKind::Complaint, Some(ServiceType::ContactChange)).unwrap(),
            None
        );
        assert!(needs_policy(WorkOrderKind::PolicyService));
        assert!(!needs_policy(WorkOrderKind::Complaint));
    }

    #[test]
    fn resolving_records_how_and_a_closed_order_stays_closed() {
        use WorkOrderStatus::*;
        let resolved = Some(ResolutionCode::Answered);
        assert!(check_staff_status(WorkOrderKind::Consultation, Open, InProgress, None, None).is_ok());
        assert_eq!(
            check_staff_status(WorkOrderKind::Consultation, InProgress, Resolved, None, None)
                .unwrap_err()
                .0,
            "resolution_code"
        );
        assert!(check_staff_status(WorkOrderKind::Consultation, InProgress, Resolved, resolved, None).is_ok());
        assert_eq!(
            check_staff_status(WorkOrderKind::Complaint, InProgress, Resolved, resolved, None)
                .unwrap_err()
                .0,
            "complaint_category"
        );
        assert!(check_staff_status(
            WorkOrderKind::Complaint,
            InProgress,
            Resolved,
            resolved,
            Some(ComplaintCategory::ClaimSpeed)
        )
        .is_ok());
        assert_eq!(
            check_staff_status(WorkOrderKind::Consultation, Closed, InProgress, None, None)
                .unwrap_err()
                .1
                .code,
            "work_order_closed"
        );
        assert_eq!(
            check_staff_status(WorkOrderKind::Consultation, InProgress, Open, None, None)
                .unwrap_err()
                .1
                .code,
            "status_invalid"
        );
    }

    #[test]
    fn scores_run_from_one_to_five() {
        assert!(check_score(0).is_err());
        assert!(check_score(6).is_err());
        assert_eq!(check_score(5).unwrap(), 5);
    }
}

/// A call's id as the telephony system names it: letters, digits and `.`, `_`, `:`, `-`.
pub fn check_call_id(input: &str) -> Result<String, Invalid> {
    let id = input.trim();
    let well_formed = (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-'));
    if well_formed {
        Ok(id.to_string())
    } else {
        Err(Invalid::new(
            "call_id_invalid",
            "Enter the call's id as the phone system shows it",
        ))
    }
}

/// Where the telephony system keeps a call's recording: an https address, played or opened
/// from the work order.
pub fn check_recording_url(input: &str) -> Result<String, Invalid> {
    let url = input.trim();
    let rest = url.strip_prefix("https://").unwrap_or_default();
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // No `user@` before the host: it makes a link read as one site and go to another.
    let well_formed = url.len() <= 500
        && !host.is_empty()
        && !host.contains('@')
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'));
    if well_formed {
        Ok(url.to_string())
    } else {
        Err(Invalid::new(
            "recording_url_invalid",
            "Enter the recording's web address (https://...)",
        ))
    }
}

#[cfg(test)]
mod reference_tests {
    use super::*;

    #[test]
    fn call_ids_and_recording_addresses_are_checked() {
        assert_eq!(check_call_id(" pbx-2026:0001 ").unwrap(), "pbx-2026:0001");
        assert!(check_call_id("").is_err());
        assert!(check_call_id("a b").is_err());
        assert!(check_call_id(&"x".repeat(65)).is_err());
        assert_eq!(
            check_recording_url("https://pbx.example.cn/rec/0001.mp3").unwrap(),
            "https://pbx.example.cn/rec/0001.mp3"
        );
        for bad in [
            "javascript:alert(1)",
            "ftp://x/y",
            "http://pbx.example.cn/rec/1.mp3",
            "https://pbx.example.cn@evil.example/rec.mp3",
            "https://",
            "https:///path",
            "https://a b/c",
            "https://x/\"onload",
        ] {
            assert!(check_recording_url(bad).is_err(), "{bad}");
        }
    }
}
