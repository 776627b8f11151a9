//! SMS through an HTTP gateway. Each message is one signed `POST` of JSON:
//!
//! ```text
//! POST <APP_SMS_GATEWAY_URL>
//! content-type: application/json
//! x-anxin-timestamp: 1764057600
//! x-anxin-signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>
//!
//! {"message_id":"outbox-42","to":"13800138000","text":"【安心保险】…"}
//! ```
//!
//! The gateway drops a `message_id` it has seen (retries send the same one). A 2xx answer
//! is delivered; 408, 425, 429, 5xx or no answer is temporary (tried again later); any other
//! answer is permanent and recorded with what the gateway said.

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::backend::messaging::outbox::{OutgoingMessage, SendError, Sender};

pub const TIMESTAMP_HEADER: &str = "x-anxin-timestamp";
pub const SIGNATURE_HEADER: &str = "x-anxin-signature";

/// The signature header's value for a body sent at `timestamp` (Unix seconds).
pub fn sign(secret: &[u8], timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

pub struct SmsGateway {
    client: reqwest::Client,
    url: String,
    secret: Vec<u8>,
}

impl SmsGateway {
    pub fn new(url: &str, secret: &str) -> Result<Self, String> {
        let parsed = reqwest::Url::parse(url).map_err(|e| format!("the SMS gateway URL {url:?}: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!("the SMS gateway URL {url:?} must be http or https"));
        }
        if secret.len() < 16 {
            return Err("the SMS gateway secret must have at least 16 characters".into());
        }
        crate::backend::platform::tls::install_tls_provider();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| format!("the SMS gateway client: {e}"))?;
        Ok(Self {
            client,
            url: url.to_string(),
            secret: secret.as_bytes().to_vec(),
        })
    }
}

impl Sender for SmsGateway {
    async fn send(&self, message: &OutgoingMessage) -> Result<(), SendError> {
        let body = serde_json::json!({
            "message_id": message.message_id(),
            "to": message.recipient,
            "text": message.body,
        })
        .to_string();
        let timestamp = crate::backend::now_ms() / 1000;
        let answer = self
            .client
            .post(&self.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(SIGNATURE_HEADER, sign(&self.secret, timestamp, &body))
            .body(body)
            .send()
            .await
            .map_err(|e| SendError::Temporary(format!("SMS gateway unreachable: {e}")))?;
        let status = answer.status();
        if status.is_success() {
            return Ok(());
        }
        let said: String = answer.text().await.unwrap_or_default().chars().take(200).collect();
        let reason = format!("SMS gateway answered {status}: {said}");
        let temporary = status.is_server_error() || matches!(status.as_u16(), 408 | 425 | 429);
        Err(if temporary {
            SendError::Temporary(reason)
        } else {
            SendError::Permanent(reason)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_covers_time_and_body() {
        let a = sign(b"0123456789abcdef", 1, "{}");
        assert!(a.starts_with("sha256=") && a.len() == 7 + 64);
        assert_ne!(a, sign(b"0123456789abcdef", 2, "{}"));
        assert_ne!(a, sign(b"0123456789abcdef", 1, "{ }"));
        assert_ne!(a, sign(b"0123456789abcdeF", 1, "{}"));
    }
}
