//! A customer's contact history (客户接触记录): every interaction on every channel, newest
//! first: work orders opened and their messages (internal notes marked as such), claims
//! reported and moved on by staff, ratings given, and the notifications sent to them.

use crate::backend::Db;
use crate::domain::{Channel, ClaimStage, ContactKind, NotificationKind};
use crate::error::AppError;
use crate::model::customers::ContactEvent;

/// How much of a message the history shows.
const SHOWN_CHARS: usize = 140;

#[derive(sqlx::FromRow)]
struct Row {
    at: i64,
    kind: String,
    channel: Option<String>,
    reference: Option<String>,
    text: Option<String>,
    staff: Option<String>,
}

fn shorten(text: &str) -> String {
    let mut shown: String = text.chars().take(SHOWN_CHARS).collect();
    if text.chars().count() > SHOWN_CHARS {
        shown.push('…');
    }
    shown
}

/// The customer's latest `limit` interactions, newest first.
pub async fn history(db: &Db, customer_id: i64, limit: i64) -> Result<Vec<ContactEvent>, AppError> {
    // One query per source, each bounded, merged here: simpler to read than a UNION whose
    // columns must agree on both databases.
    let sources: [&str; 6] = [
        "SELECT w.created_at AS at, 'work_order_opened' AS kind, w.channel, w.order_no AS reference, \
           w.subject AS text, NULL AS staff FROM work_orders w WHERE w.customer_id = $1",
        "SELECT m.at, CASE WHEN m.visibility = 'internal' THEN 'internal_note' \
             WHEN m.author_kind = 'customer' THEN 'customer_message' ELSE 'insurer_reply' END AS kind, \
           w.channel, w.order_no AS reference, m.body AS text, s.display_name AS staff \
         FROM work_order_messages m JOIN work_orders w ON w.id = m.work_order_id \
         LEFT JOIN staff s ON m.author_kind = 'staff' AND s.id = m.author_id WHERE w.customer_id = $1",
        "SELECT c.created_at AS at, 'claim_reported' AS kind, 'portal' AS channel, c.claim_no AS reference, \
           c.description AS text, NULL AS staff FROM claims c WHERE c.customer_id = $1",
        "SELECT e.at, 'claim_step' AS kind, NULL AS channel, c.claim_no AS reference, e.stage AS text, \
           s.display_name AS staff FROM claim_events e JOIN claims c ON c.id = e.claim_id \
         JOIN staff s ON s.id = e.staff_id WHERE c.customer_id = $1",
        "SELECT r.created_at AS at, 'rating' AS kind, \
           CASE WHEN r.source = 'follow_up' THEN 'phone' ELSE 'portal' END AS channel, \
           COALESCE((SELECT c.claim_no FROM claims c WHERE r.subject_kind = 'claim' AND c.id = r.subject_id), \
             (SELECT w.order_no FROM work_orders w WHERE r.subject_kind = 'work_order' AND w.id = r.subject_id)) \
             AS reference, \
           CAST(r.score AS TEXT) AS text, NULL AS staff FROM ratings r WHERE r.customer_id = $1",
        "SELECT n.at, 'notification' AS kind, NULL AS channel, NULL AS reference, n.kind AS text, NULL AS staff \
         FROM notifications n WHERE n.customer_id = $1",
    ];
    let mut rows: Vec<Row> = Vec::new();
    let mut conn = db.pool.acquire().await?;
    for source in sources {
        let mut part: Vec<Row> = sqlx::query_as(&format!("{source} ORDER BY at DESC LIMIT $2"))
            .bind(customer_id)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?;
        rows.append(&mut part);
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.at));
    rows.truncate(limit as usize);
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let kind = ContactKind::parse(&r.kind)?;
            let text = r.text.unwrap_or_default();
            let (stage, notification, text) = match kind {
                ContactKind::ClaimStep => (ClaimStage::parse(&text), None, String::new()),
                ContactKind::Notification => (None, NotificationKind::parse(&text), String::new()),
                ContactKind::Rating => (None, None, "★".repeat(text.parse::<usize>().unwrap_or(0).min(5))),
                _ => (None, None, shorten(&text)),
            };
            Some(ContactEvent {
                at: r.at,
                kind,
                channel: r.channel.as_deref().and_then(Channel::parse),
                reference: r.reference,
                text,
                staff: r.staff,
                stage,
                notification,
            })
        })
        .collect())
}
