//! Telling customers: a notification in the app and, per the customer's preferences, SMS
//! and e-mail through the outbox, all in the transaction of the event itself, so a
//! notification is recorded exactly when the event is.

use crate::backend::{messaging::outbox, now_ms, Tx};
use crate::domain::NotificationKind;
use crate::error::AppError;
use crate::locale::{notification_text, Locale};
use crate::model::notifications::ChannelPreferences;
use crate::routes;

/// One event to tell a customer about. `params` fill `{name}` in the texts
/// `notification_kind.<kind>.title` and `.body`; a value `t:<key>` is itself translated.
pub struct NewNotification {
    pub kind: NotificationKind,
    pub params: Vec<(&'static str, String)>,
    /// For notifications a sweep may find again: the same key for the same customer is sent once.
    pub dedup_key: Option<String>,
}

/// Default channels for a customer who never chose: in-app and SMS on, e-mail off.
pub const DEFAULT_PREFERENCES: ChannelPreferences = ChannelPreferences {
    in_app: true,
    sms: true,
    email: false,
};

#[derive(sqlx::FromRow)]
struct PreferencesRow {
    in_app: i64,
    sms: i64,
    email: i64,
}

pub async fn preferences(conn: &mut sqlx::AnyConnection, customer_id: i64) -> Result<ChannelPreferences, AppError> {
    let row: Option<PreferencesRow> =
        sqlx::query_as("SELECT in_app, sms, email FROM notification_preferences WHERE customer_id = $1")
            .bind(customer_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map_or(DEFAULT_PREFERENCES, |r| ChannelPreferences {
        in_app: r.in_app != 0,
        sms: r.sms != 0,
        email: r.email != 0,
    }))
}

/// A row of `notifications`. `read_at` set: recorded but not shown as new (in-app
/// notifications turned off).
pub struct NotificationInsert<'a> {
    pub customer_id: i64,
    pub kind: NotificationKind,
    /// The parameters as a JSON object of strings.
    pub params_json: &'a str,
    pub read_at: Option<i64>,
    pub at: i64,
    pub dedup_key: Option<&'a str>,
}

/// Inserts a row of `notifications`; false when its dedup key was used before.
pub async fn insert_notification(
    tx: &mut Tx,
    n: &NotificationInsert<'_>,
    link: Option<&str>,
) -> Result<bool, AppError> {
    let inserted = sqlx::query(
        "INSERT INTO notifications (customer_id, kind, params, link, read_at, at, created_at, updated_at, dedup_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $6, $7) ON CONFLICT (customer_id, dedup_key) DO NOTHING",
    )
    .bind(n.customer_id)
    .bind(n.kind.as_str())
    .bind(n.params_json)
    .bind(link)
    .bind(n.read_at)
    .bind(n.at)
    .bind(n.dedup_key)
    .execute(&mut **tx)
    .await?;
    let new = inserted.rows_affected() == 1;
    if new {
        let event = crate::backend::platform::live::LiveEvent {
            to: crate::backend::platform::live::Audience::Customer(n.customer_id),
            change: crate::model::live::LiveChange::Notifications,
        };
        crate::backend::platform::live::publish(tx, &event).await?;
    }
    Ok(new)
}

#[derive(sqlx::FromRow)]
struct ContactRow {
    phone: Option<String>,
    email: Option<String>,
}

/// An SMS or e-mail's subject and text for a notification. Messages leave in Chinese, the
/// language of the insurer's customers.
pub fn outgoing_text(kind: NotificationKind, params: &[(&'static str, String)]) -> (String, String) {
    let (title, body) = notification_text(Locale::ZhCn, kind, params);
    let brand = Locale::ZhCn.text("app.brand");
    (format!("{brand}：{title}"), format!("【{brand}】{title}：{body}"))
}

/// The parameters as the JSON object of strings `notifications.params` holds.
pub fn params_json(params: &[(&'static str, String)]) -> String {
    let object: serde_json::Map<String, serde_json::Value> = params
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::Value::Object(object).to_string()
}

pub async fn notify(tx: &mut Tx, customer_id: i64, notification: NewNotification) -> Result<(), AppError> {
    let now = now_ms();
    let prefs = preferences(&mut *tx, customer_id).await?;
    // A keyed notification is always recorded (read already when in-app is off), so the key
    // decides once whether it was sent before, for every channel.
    if prefs.in_app || notification.dedup_key.is_some() {
        let params_json = params_json(&notification.params);
        let link = routes::notification_link(notification.kind, &notification.params);
        let inserted = insert_notification(
            tx,
            &NotificationInsert {
                customer_id,
                kind: notification.kind,
                params_json: &params_json,
                read_at: (!prefs.in_app).then_some(now),
                at: now,
                dedup_key: notification.dedup_key.as_deref(),
            },
            link.as_deref(),
        )
        .await?;
        if !inserted {
            return Ok(());
        }
    }
    if prefs.sms || prefs.email {
        let contact: ContactRow = sqlx::query_as("SELECT phone, email FROM customers WHERE id = $1")
            .bind(customer_id)
            .fetch_one(&mut **tx)
            .await?;
        let (subject, text) = outgoing_text(notification.kind, &notification.params);
        let channels = [("sms", prefs.sms, contact.phone), ("email", prefs.email, contact.email)];
        for (channel, wanted, recipient) in channels {
            let Some(recipient) = recipient.filter(|_| wanted) else {
                continue;
            };
            outbox::enqueue(tx, channel, &recipient, &subject, &text, now).await?;
        }
    }
    Ok(())
}
