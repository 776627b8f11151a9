//! The one error type of the API. Each variant says its HTTP status (`status`) and carries
//! a stable `code` the UI translates (`error.<code>`); `message` is English for API users.
//! Database and unexpected errors never reach the client as text: they are logged on the
//! server with their cause and arrive as `Internal` with the request id.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::domain::Invalid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "AppErrorWire")]
pub enum AppError {
    /// 401: no valid session (none, expired, tampered or revoked).
    #[error("Please sign in to continue")]
    Unauthenticated,
    /// 401: the same answer for an unknown account and a wrong password.
    #[error("Wrong account or password")]
    InvalidCredentials,
    /// 403: signed in, but this role may not do that.
    #[error("You do not have permission to do that")]
    Forbidden,
    /// 403: this self-service needs a higher member level (or VIP tier); `required` names
    /// it so the UI can offer the step up.
    #[error("This needs the member level {required}")]
    LevelRequired { required: String },
    /// 404: missing, or belongs to someone else: the two are not told apart.
    #[error("Not found")]
    NotFound,
    /// 422: a field of the input breaks a rule; the form shows `message` beside `field`.
    #[error("{message}")]
    Invalid {
        field: String,
        code: String,
        message: String,
    },
    /// 409: the input is well-formed but clashes with what exists (a phone already registered).
    #[error("{message}")]
    Conflict {
        field: String,
        code: String,
        message: String,
    },
    /// 400: the request itself is malformed (missing or mistyped arguments).
    #[error("Malformed request: {message}")]
    BadRequest { message: String },
    /// 415: this endpoint takes another kind of body (`expected` names it).
    #[error("This endpoint takes {expected}")]
    UnsupportedMediaType { expected: String },
    /// 413: the request body is over the limit.
    #[error("Request too large: the limit is {limit_bytes} bytes")]
    PayloadTooLarge { limit_bytes: u64 },
    /// 429: too many failed sign-ins for this account or address.
    #[error("Too many failed attempts. Try again in {retry_after_secs} seconds")]
    TooManyAttempts { retry_after_secs: u64 },
    /// 500: logged on the server; `request_id` finds the log line.
    #[error("Something went wrong on our side (request {request_id})")]
    Internal { request_id: String },
    /// The browser could not reach the server or read its answer (never sent by the server).
    #[error("Could not reach the service: {message}")]
    Network { message: String },
}

/// `AppError` as it arrives, flat (see `crate::wire`).
#[derive(Deserialize)]
struct AppErrorWire {
    kind: AppErrorKind,
    field: Option<String>,
    code: Option<String>,
    message: Option<String>,
    required: Option<String>,
    expected: Option<String>,
    limit_bytes: Option<u64>,
    retry_after_secs: Option<u64>,
    request_id: Option<String>,
}

crate::wire::wire_tag!(AppErrorKind {
    Unauthenticated => "unauthenticated",
    InvalidCredentials => "invalid_credentials",
    Forbidden => "forbidden",
    LevelRequired => "level_required",
    NotFound => "not_found",
    Invalid => "invalid",
    Conflict => "conflict",
    BadRequest => "bad_request",
    UnsupportedMediaType => "unsupported_media_type",
    PayloadTooLarge => "payload_too_large",
    TooManyAttempts => "too_many_attempts",
    Internal => "internal",
    Network => "network",
});

impl TryFrom<AppErrorWire> for AppError {
    type Error = String;

    fn try_from(wire: AppErrorWire) -> Result<Self, String> {
        use crate::wire::required;
        Ok(match wire.kind {
            AppErrorKind::Unauthenticated => Self::Unauthenticated,
            AppErrorKind::InvalidCredentials => Self::InvalidCredentials,
            AppErrorKind::Forbidden => Self::Forbidden,
            AppErrorKind::LevelRequired => Self::LevelRequired {
                required: required(wire.required, "required")?,
            },
            AppErrorKind::NotFound => Self::NotFound,
            AppErrorKind::Invalid => Self::Invalid {
                message: required(wire.message, "message")?,
                field: required(wire.field, "field")?,
                code: required(wire.code, "code")?,
            },
            AppErrorKind::Conflict => Self::Conflict {
                message: required(wire.message, "message")?,
                field: required(wire.field, "field")?,
                code: required(wire.code, "code")?,
            },
            AppErrorKind::BadRequest => Self::BadRequest {
                message: required(wire.message, "message")?,
            },
            AppErrorKind::UnsupportedMediaType => Self::UnsupportedMediaType {
                expected: required(wire.expected, "expected")?,
            },
            AppErrorKind::PayloadTooLarge => Self::PayloadTooLarge {
                limit_bytes: required(wire.limit_bytes, "limit_bytes")?,
            },
            AppErrorKind::TooManyAttempts => Self::TooManyAttempts {
                retry_after_secs: required(wire.retry_after_secs, "retry_after_secs")?,
            },
            AppErrorKind::Internal => Self::Internal {
                request_id: required(wire.request_id, "request_id")?,
            },
            AppErrorKind::Network => Self::Network {
                message: required(wire.message, "message")?,
            },
        })
    }
}

impl AppError {
    pub fn invalid(field: &str, reason: Invalid) -> Self {
        Self::Invalid {
            field: field.into(),
            code: reason.code.into(),
            message: reason.message.into(),
        }
    }

    pub fn conflict(field: &str, code: &str, message: &str) -> Self {
        Self::Conflict {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated | Self::InvalidCredentials => 401,
            Self::Forbidden | Self::LevelRequired { .. } => 403,
            Self::NotFound => 404,
            Self::Invalid { .. } => 422,
            Self::Conflict { .. } => 409,
            Self::BadRequest { .. } => 400,
            Self::PayloadTooLarge { .. } => 413,
            Self::UnsupportedMediaType { .. } => 415,
            Self::TooManyAttempts { .. } => 429,
            Self::Internal { .. } => 500,
            Self::Network { .. } => 503,
        }
    }

    /// The translation key suffix for the UI.
    pub fn code(&self) -> &str {
        match self {
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
            Self::LevelRequired { .. } => "level_required",
            Self::NotFound => "not_found",
            Self::Invalid { code, .. } | Self::Conflict { code, .. } => code,
            Self::BadRequest { .. } => "bad_request",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnsupportedMediaType { .. } => "unsupported_media_type",
            Self::TooManyAttempts { .. } => "too_many_attempts",
            Self::Internal { .. } => "internal",
            Self::Network { .. } => "network",
        }
    }

    /// The first of a form's broken rules (the `domain` checks answer every field's; the
    /// form shows each beside its field, the API answers the first).
    #[cfg(feature = "ssr")]
    pub fn first_invalid(errors: Vec<(&'static str, Invalid)>) -> Self {
        errors
            .into_iter()
            .next()
            .map(|(field, invalid)| Self::invalid(field, invalid))
            .unwrap_or_else(|| internal_error(&"a form refused without a reason"))
    }

    /// The form field this error belongs beside, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Invalid { field, .. } | Self::Conflict { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The same error shown beside `to` when the server named `from`: for a form whose one
    /// box feeds a field of another name (the composer's text is a reply or a note).
    pub fn shown_beside(self, from: &str, to: &str) -> Self {
        match self {
            Self::Invalid { field, code, message } if field == from => Self::Invalid {
                field: to.into(),
                code,
                message,
            },
            Self::Conflict { field, code, message } if field == from => Self::Conflict {
                field: to.into(),
                code,
                message,
            },
            other => other,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::MissingArg(name) => Self::BadRequest {
                message: format!("Missing argument `{name}`"),
            },
            ServerFnErrorErr::Args(decoder) => Self::BadRequest {
                message: arguments_unreadable(&decoder),
            },
            // On the server, a body that does not decode is the client's mistake; in the
            // browser, an answer that does not decode means the connection failed.
            ServerFnErrorErr::Deserialization(decoder) if cfg!(feature = "ssr") => Self::BadRequest {
                message: arguments_unreadable(&decoder),
            },
            ServerFnErrorErr::Request(message) | ServerFnErrorErr::Deserialization(message) => {
                Self::Network { message }
            }
            other => {
                #[cfg(feature = "ssr")]
                return internal_error(&other);
                #[cfg(not(feature = "ssr"))]
                Self::Network {
                    message: other.to_string(),
                }
            }
        }
    }
}

/// What a client is told when its arguments do not decode, in the API's words (the
/// decoder's own wording names its types and internals): the argument, when the decoder
/// says which one is missing or unknown, and where the arguments are described.
#[cfg(feature = "ssr")]
fn arguments_unreadable(decoder: &str) -> String {
    tracing::debug!(%decoder, "arguments did not decode");
    // serde's messages name a field between backticks after these words.
    let named = |words: &str| {
        let rest = &decoder[decoder.find(words)? + words.len()..];
        let name = rest.split('`').next()?;
        (!name.is_empty() && name.len() <= 40 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then(|| name.to_string())
    };
    if let Some(name) = named("missing field `") {
        format!("Missing argument `{name}`")
    } else if let Some(name) = named("unknown field `") {
        format!("Unknown argument `{name}`")
    } else {
        "The arguments could not be read: an argument is missing, or of the wrong type or form (docs/api.md lists each endpoint's)".into()
    }
}

/// In the browser, arguments that do not encode are a bug of the page's own: as they come.
#[cfg(not(feature = "ssr"))]
fn arguments_unreadable(decoder: &str) -> String {
    decoder.to_string()
}

/// Logs an unexpected error with its cause and the request id, and gives the client only
/// the request id.
#[cfg(feature = "ssr")]
pub fn internal_error(cause: &dyn std::fmt::Display) -> AppError {
    let request_id = request_id().unwrap_or_else(|| "-".into());
    tracing::error!(request_id = %request_id, error = %cause, "internal error");
    AppError::Internal { request_id }
}

/// The `x-request-id` the server's middleware put on this request.
#[cfg(feature = "ssr")]
pub fn request_id() -> Option<String> {
    leptos::prelude::with_context::<http::request::Parts, _>(|parts| {
        parts.headers.get("x-request-id")?.to_str().ok().map(str::to_string)
    })
    .flatten()
}

/// Database errors: a violated constraint the schema names becomes the field error that
/// constraint stands for (see `constraints`); anything else is internal.
#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        if let Some(error) = constraints::violated(&err).and_then(constraints::field_error) {
            return error;
        }
        internal_error(&err)
    }
}

#[cfg(feature = "ssr")]
pub mod constraints;

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn undecodable_arguments_are_told_in_the_apis_words() {
        let told = |decoder: &str| match AppError::from_server_fn_error(ServerFnErrorErr::Args(decoder.into())) {
            AppError::BadRequest { message } => message,
            other => panic!("{other:?}"),
        };
        assert_eq!(told("missing field `customer_no`"), "Missing argument `customer_no`");
        assert_eq!(
            told("unknown field `admin`, expected one of `a`"),
            "Unknown argument `admin`"
        );
        let typed = told("invalid type: string \"x\", expected i64 at line 1 column 9");
        assert!(!typed.contains("i64") && !typed.contains("line 1"), "{typed}");
        assert!(told("missing field `<script>`").starts_with("The arguments could not be read"));
    }

    #[test]
    fn serializes_with_a_kind_tag_the_client_can_read() {
        let err = AppError::invalid("phone", Invalid::new("phone_invalid", "Enter a phone"));
        let json = serde_json::to_string(&err).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"invalid","field":"phone","code":"phone_invalid","message":"Enter a phone"}"#
        );
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), err);
    }

    #[test]
    fn every_error_decodes_from_what_the_server_sends() {
        let all = [
            AppError::Unauthenticated,
            AppError::InvalidCredentials,
            AppError::Forbidden,
            AppError::LevelRequired {
                required: "verified".into(),
            },
            AppError::NotFound,
            AppError::invalid("phone", Invalid::new("phone_invalid", "Enter a phone")),
            AppError::conflict("phone", "phone_taken", "Registered"),
            AppError::BadRequest {
                message: "no body".into(),
            },
            AppError::UnsupportedMediaType {
                expected: "multipart".into(),
            },
            AppError::PayloadTooLarge { limit_bytes: 10 },
            AppError::TooManyAttempts { retry_after_secs: 60 },
            AppError::Internal {
                request_id: "r-1".into(),
            },
            AppError::Network {
                message: "offline".into(),
            },
        ];
        for err in all {
            let json = serde_json::to_string(&err).unwrap();
            assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), err, "{json}");
        }
        let missing = serde_json::from_str::<AppError>(r#"{"kind":"invalid","field":"phone","code":"x"}"#);
        assert!(missing.unwrap_err().to_string().contains("missing field `message`"));
        assert!(serde_json::from_str::<AppError>(r#"{"kind":"teapot"}"#).is_err());
    }

    #[test]
    fn unknown_account_and_wrong_password_are_one_error() {
        assert_eq!(AppError::InvalidCredentials.status(), 401);
        assert_eq!(AppError::InvalidCredentials.code(), "invalid_credentials");
    }
}
