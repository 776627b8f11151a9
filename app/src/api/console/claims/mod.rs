//! The claims desk: claims by stage, a claim in its handler's hands, approvals above a
//! handler's authority, refusal, requests for documents, notes, fast-track review.

mod add_claim_note;
mod advance_claim;
mod assign_claim;
mod claim_queue;
mod decide_claim_approval;
mod get_claim_case;
mod refuse_claim;
mod request_claim_documents;
mod stop_fast_track;

pub use add_claim_note::*;
pub use advance_claim::*;
pub use assign_claim::*;
pub use claim_queue::*;
pub use decide_claim_approval::*;
pub use get_claim_case::*;
pub use refuse_claim::*;
pub use request_claim_documents::*;
pub use stop_fast_track::*;

/// A claim number as staff typed or the page sent it, checked.
#[cfg(feature = "ssr")]
fn claim_number(text: &str) -> Result<String, crate::error::AppError> {
    crate::domain::CaseKind::Claim
        .parse(text, "claim_no_invalid")
        .map_err(|e| crate::error::AppError::invalid("claim_no", e))
}
