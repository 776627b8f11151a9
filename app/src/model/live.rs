//! Live updates: what changed, as the server tells an open page over server-sent events
//! (`GET /live`). Only the fact of a change travels this way, never its content: the page
//! re-reads what it shows through its own server function, behind its own guard.

use serde::{Deserialize, Serialize};

/// The path of the event stream (not a server function: one long GET per open app).
pub const LIVE_PATH: &str = "/live";

/// Something a page may be showing changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "topic", rename_all = "snake_case", try_from = "LiveChangeWire")]
pub enum LiveChange {
    /// A work order's conversation, status, assignment or queue.
    WorkOrder { order_no: String },
    /// A claim's stage, documents or handling.
    Claim { claim_no: String },
    /// The customer's notifications.
    Notifications,
    /// A member of staff's own alerts (work assigned, a call put through, a deadline).
    Alerts,
    /// A member of staff set their presence (available, busy, away, offline).
    Presence,
    /// This process aggregated the supervisors' live board again.
    Board,
    /// Changes may have been missed (the stream or the database connection dropped):
    /// re-read everything shown.
    Resync,
}

/// `LiveChange` as it arrives, flat (see `crate::wire`).
#[derive(Deserialize)]
struct LiveChangeWire {
    topic: LiveTopic,
    order_no: Option<String>,
    claim_no: Option<String>,
}

crate::wire::wire_tag!(LiveTopic {
    WorkOrder => "work_order",
    Claim => "claim",
    Notifications => "notifications",
    Alerts => "alerts",
    Presence => "presence",
    Board => "board",
    Resync => "resync",
});

impl TryFrom<LiveChangeWire> for LiveChange {
    type Error = String;

    fn try_from(wire: LiveChangeWire) -> Result<Self, String> {
        use crate::wire::required;
        Ok(match wire.topic {
            LiveTopic::WorkOrder => LiveChange::WorkOrder {
                order_no: required(wire.order_no, "order_no")?,
            },
            LiveTopic::Claim => LiveChange::Claim {
                claim_no: required(wire.claim_no, "claim_no")?,
            },
            LiveTopic::Notifications => LiveChange::Notifications,
            LiveTopic::Alerts => LiveChange::Alerts,
            LiveTopic::Presence => LiveChange::Presence,
            LiveTopic::Board => LiveChange::Board,
            LiveTopic::Resync => LiveChange::Resync,
        })
    }
}
