//! Claims (在线理赔): report, follow, add documents, dispute a decision once.

mod add_claim_documents;
mod claim_options;
mod dispute_claim;
mod get_my_claim;
mod list_my_claims;
mod my_payout_accounts;
mod report_claim;

pub use add_claim_documents::*;
pub use claim_options::*;
pub use dispute_claim::*;
pub use get_my_claim::*;
pub use list_my_claims::*;
pub use my_payout_accounts::*;
pub use report_claim::*;
