//! Telling customers: an in-app inbox row and, per the customer's preferences, SMS and
//! e-mail through the outbox, all in the transaction of the event itself, so a message is
//! recorded exactly when the event is.

use super::{now_ms, Tx};
use crate::domain::NotificationKind;
use crate::error::AppError;
use crate::i18n::{notice_text, Locale};

/// One event to tell a customer about. `params` fill `{name}` in the texts
/// `notification.<kind>.title` and `.body`.
pub struct Notice {
    pub kind: NotificationKind,
    pub params: Vec<(&'static str, String)>,
    /// Where the inbox entry leads in the portal.
    pub link: Option<String>,
    /// For notices a sweep may find again: the same key for the same customer is sent once.
    pub dedup_key: Option<String>,
}

/// Default channels for a customer who never chose: in-app and SMS on, e-mail off.
pub const DEFAULT_PREFERENCES: (bool, bool, bool) = (true, true, false);

pub async fn preferences(conn: &mut sqlx::AnyConnection, customer_id: i64) -> Result<(bool, bool, bool), AppError> {
    let row: Option<(i64, i64, i64)> =
        sqlx::query_as("SELECT in_app, sms, email FROM notification_preferences WHERE customer_id = $1")
            .bind(customer_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map_or(DEFAULT_PREFERENCES, |(a, s, e)| (a != 0, s != 0, e != 0)))
}

pub async fn notify(tx: &mut Tx, customer_id: i64, notice: Notice) -> Result<(), AppError> {
    let now = now_ms();
    let (in_app, sms, email) = preferences(&mut *tx, customer_id).await?;
    let params: serde_json::Map<String, serde_json::Value> = notice
        .params
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
        .collect();
    // A keyed notice is always recorded (read already when in-app is off), so the key
    // decides once whether it was sent before, for every channel.
    if in_app || notice.dedup_key.is_some() {
        let inserted = sqlx::query(
            "INSERT INTO notifications (customer_id, kind, params, link, read_at, at, created_at, updated_at, dedup_key) \
             VALUES ($1, $2, $3, $4, $5, $6, $6, $6, $7) ON CONFLICT (customer_id, dedup_key) DO NOTHING",
        )
        .bind(customer_id)
        .bind(notice.kind.as_str())
        .bind(serde_json::Value::Object(params).to_string())
        .bind(notice.link.as_deref())
        .bind((!in_app).then_some(now))
        .bind(now)
        .bind(notice.dedup_key.as_deref())
        .execute(&mut **tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Ok(());
        }
    }
    if sms || email {
        let (phone, address): (Option<String>, Option<String>) =
            sqlx::query_as("SELECT phone, email FROM customers WHERE id = $1")
                .bind(customer_id)
                .fetch_one(&mut **tx)
                .await?;
        // Messages leave in Chinese, the language of the insurer's customers.
        let (title, body) = notice_text(Locale::ZhCn, notice.kind, &notice.params);
        let text = format!("【{}】{title}：{body}", Locale::ZhCn.text("app.brand"));
        let channels = [("sms", sms, phone), ("email", email, address)];
        for (channel, wanted, recipient) in channels {
            let Some(recipient) = recipient.filter(|_| wanted) else {
                continue;
            };
            sqlx::query(
                "INSERT INTO outbox (channel, recipient, body, status, attempts, locked_until, created_at, updated_at) \
                 VALUES ($1, $2, $3, 'pending', 0, 0, $4, $4)",
            )
            .bind(channel)
            .bind(recipient)
            .bind(&text)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}
