//! What every server function can reach, provided as Leptos context per request.

use std::sync::Arc;

use leptos::prelude::use_context;

use crate::backend::{Db, KeyedHasher, TokenKeys};
use crate::error::{internal_error, AppError};

/// Everything a request may need, shared by every request of the process: a clone (each
/// server function takes one from the context, the guard another) is one reference count,
/// not a copy of every setting.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl AppState {
    pub fn new(services: Services) -> Self {
        Self(Arc::new(services))
    }
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

/// What `AppState` holds.
pub struct Services {
    pub db: Db,
    pub tokens: Arc<TokenKeys>,
    /// Hashes ID numbers and one-time codes.
    pub hasher: KeyedHasher,
    pub auth: AuthSettings,
    pub files: FileSettings,
    pub points: PointsSettings,
    /// This process's live updates to open pages (`live`).
    pub live: crate::backend::platform::live::LiveHub,
    /// The font electronic policies are set in (`policy_pdf`).
    pub pdf_font: Arc<crate::backend::platform::pdf_font::PdfFont>,
    /// The supervisors' live board, aggregated once for all this process's viewers
    /// (`reports::board`).
    pub board: Arc<crate::backend::platform::shared_view::SharedView<crate::model::board::ServiceBoard>>,
}

/// Where customers' files go and how much they may upload.
#[derive(Clone, Debug)]
pub struct FileSettings {
    /// The folder or bucket (`crate::backend::platform::file_store`).
    pub store: Arc<dyn object_store::ObjectStore>,
    /// This process's own folder for files while they arrive and are checked.
    pub scratch_dir: std::path::PathBuf,
    pub max_file_bytes: u64,
    /// All files on one claim or work order together.
    pub max_case_bytes: u64,
}

#[derive(Clone, Debug)]
pub struct PointsSettings {
    /// Earned points expire this many days after they were earned.
    pub valid_days: i64,
}

/// Auth knobs that come from configuration.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// Send the session cookie with `Secure` (behind HTTPS).
    pub cookie_secure: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// Failed sign-ins per account within `throttle_window_secs` before it is locked.
    pub max_failures_per_account: i64,
    /// Failed sign-ins per client address within the window before it is locked.
    pub max_failures_per_address: i64,
    pub throttle_window_secs: i64,
    pub lockout_secs: i64,
    /// Seconds before another one-time code may go to the same phone or e-mail.
    pub code_resend_secs: i64,
    /// What one-time codes by SMS may cost, over every destination.
    pub sms_code_budget: SmsCodeBudget,
}

/// The budget of one-time codes sent by SMS, over all numbers and every process: against
/// SMS pumping (codes sent to many numbers a fraudster earns from), beside the limits per
/// destination and per client address.
#[derive(Debug, Clone, Copy)]
pub struct SmsCodeBudget {
    pub per_minute: i64,
    pub per_day: i64,
    /// Per number block of 10,000 (the first seven digits of a mobile number: the
    /// carrier's prefix and the block) in an hour.
    pub per_prefix_hour: i64,
}

impl Default for SmsCodeBudget {
    fn default() -> Self {
        Self {
            per_minute: 120,
            per_day: 20_000,
            per_prefix_hour: 30,
        }
    }
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            cookie_secure: false,
            trust_forwarded_for: false,
            max_failures_per_account: 5,
            max_failures_per_address: 30,
            throttle_window_secs: 15 * 60,
            lockout_secs: 15 * 60,
            code_resend_secs: 60,
            sms_code_budget: SmsCodeBudget::default(),
        }
    }
}

/// The state for this request.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal_error(&"AppState was not provided"))
}
