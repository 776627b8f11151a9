//! Calls from the telephony system (CTI, 呼叫中心): when it puts a call through to an agent,
//! it tells the platform, and the agent's console pops up who is calling. Each report is
//! one signed `POST /cti/calls` of JSON, signed the way the platform signs its own requests
//! to the SMS gateway:
//!
//! ```text
//! x-anxin-timestamp: 1764057600
//! x-anxin-signature: sha256=<hex HMAC-SHA256(APP_CTI_SECRET, "<timestamp>.<body>")>
//!
//! {"call_id":"c-8842","agent":"agent","caller":"13800138000"}
//! ```
//!
//! A report older or newer than five minutes, or with another signature, is refused; the
//! same `call_id` again changes nothing (a retried or replayed report pops up once).

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::backend::{messaging::staff_alerts, Db};
use crate::domain::Phone;
use crate::error::AppError;
use crate::routes;

/// How far a report's timestamp may be from the server's clock, in seconds.
pub const CLOCK_SKEW_SECS: i64 = 300;

#[derive(Debug, Deserialize)]
pub struct CallReport {
    pub call_id: String,
    /// The agent's username.
    pub agent: String,
    /// The caller's number as the network gave it.
    pub caller: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct CallAnswer {
    /// The customer with that mobile number, if there is one.
    pub customer_no: Option<String>,
    /// False when this call was reported before.
    pub new: bool,
}

/// Whether `signature` is the report's, made at `timestamp` (Unix seconds) within the
/// allowed skew of `now_secs`. Compared in constant time.
pub fn signature_valid(secret: &[u8], timestamp: i64, body: &[u8], signature: &str, now_secs: i64) -> bool {
    if (now_secs - timestamp).abs() > CLOCK_SKEW_SECS {
        return false;
    }
    let Some(hex_mac) = signature.strip_prefix("sha256=") else {
        return false;
    };
    let Ok(expected) = hex::decode(hex_mac) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

/// Pops the call up in the agent's console: the customer's page, or a search by the
/// number for a caller nobody has on record.
pub async fn put_through(db: &Db, report: &CallReport, now: i64) -> Result<CallAnswer, AppError> {
    let call_id = crate::domain::check_call_id(&report.call_id).map_err(|e| AppError::invalid("call_id", e))?;
    let phone = Phone::parse(&report.caller).map_err(|e| AppError::invalid("caller", e))?;
    #[derive(sqlx::FromRow)]
    struct IdRow {
        id: i64,
    }
    #[derive(sqlx::FromRow)]
    struct CustomerRow {
        customer_no: String,
        name: String,
    }
    let mut tx = db.begin_write().await?;
    let agent: IdRow = sqlx::query_as("SELECT id FROM staff WHERE username = $1 AND active = 1")
        .bind(report.agent.trim().to_lowercase())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let customer: Option<CustomerRow> = sqlx::query_as("SELECT customer_no, name FROM customers WHERE phone = $1")
        .bind(phone.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let (subject, link) = match &customer {
        Some(c) => (
            format!("{} {}", c.name, phone.masked()),
            routes::console::customer(&c.customer_no),
        ),
        None => (phone.masked(), routes::console::search(phone.as_str())),
    };
    let new = staff_alerts::incoming_call(&mut tx, agent.id, &call_id, &subject, &link, now).await?;
    tx.commit().await?;
    Ok(CallAnswer {
        customer_no: customer.map(|c| c.customer_no),
        new,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(secret: &[u8], timestamp: i64, body: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
        mac.update(format!("{timestamp}.{body}").as_bytes());
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    }

    #[test]
    fn only_a_fresh_report_signed_with_the_secret_is_valid() {
        let secret = b"a-cti-secret-of-some-length";
        let body = r#"{"call_id":"c-1","agent":"agent","caller":"13800138000"}"#;
        let now = 1_800_000_000;
        let good = sign(secret, now, body);
        assert!(signature_valid(secret, now, body.as_bytes(), &good, now + 10));
        assert!(
            !signature_valid(secret, now, body.as_bytes(), &good, now + CLOCK_SKEW_SECS + 1),
            "stale"
        );
        assert!(!signature_valid(
            b"another-secret-of-length",
            now,
            body.as_bytes(),
            &good,
            now
        ));
        assert!(
            !signature_valid(secret, now, b"{\"call_id\":\"c-2\"}", &good, now),
            "another body"
        );
        assert!(
            !signature_valid(secret, now + 1, body.as_bytes(), &good, now),
            "another time"
        );
        assert!(!signature_valid(secret, now, body.as_bytes(), "sha256=zz", now));
        assert!(!signature_valid(secret, now, body.as_bytes(), "", now));
    }
}
