//! Live updates across server processes. A change publishes its event inside its own
//! transaction, so the event is seen exactly when the change is: on PostgreSQL with
//! `pg_notify`, which reaches every process that LISTENs once the transaction commits (and
//! never if it rolls back); on SQLite as a row of `live_events`, which each process reads a
//! moment after it commits. Each process fans the events out to its open streams
//! (`LiveHub`), and each stream passes on only what its caller may know of
//! (`LiveEvent::reaches`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};

use super::auth::guard::Caller;
use super::{now_ms, Db, DbKind, Tx};
use crate::error::{internal_error, AppError};
use crate::model::live::LiveChange;

/// The PostgreSQL channel every process listens on.
const CHANNEL: &str = "live";
/// How often a process on SQLite looks for new events.
const SQLITE_POLL: Duration = Duration::from_millis(200);
/// How long an event row is kept on SQLite: long enough for every reader to see it.
const SQLITE_KEEP_MS: i64 = 60_000;
/// How far a slow stream may fall behind before it is told to re-read everything.
const BACKLOG: usize = 1024;
/// How long a process waits before listening again after losing its connection.
const RECONNECT: Duration = Duration::from_secs(1);
/// Open streams one session may hold (tabs and windows), and one process in all, so that
/// no account can hold the server's connections.
pub const MAX_STREAMS_PER_SESSION: usize = 8;
const MAX_STREAMS: usize = 4096;

/// Who may learn of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The customer it concerns, and staff.
    Customer(i64),
    /// Staff only: an internal note, an assignment, a transfer.
    Staff,
    /// One member of staff: their own alerts.
    OneStaff(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveEvent {
    pub to: Audience,
    pub change: LiveChange,
}

impl LiveEvent {
    fn resync() -> Self {
        Self {
            to: Audience::Staff,
            change: LiveChange::Resync,
        }
    }

    /// Whether this caller may be told of it.
    pub fn reaches(&self, caller: &Caller) -> bool {
        if self.change == LiveChange::Resync {
            return true;
        }
        match (self.to, caller) {
            (Audience::Customer(id), Caller::Customer(c)) => c.customer_id == id,
            (Audience::Customer(_) | Audience::Staff, Caller::Staff(_)) => true,
            (Audience::OneStaff(id), Caller::Staff(s)) => s.staff_id == id,
            _ => false,
        }
    }
}

/// This process's fan-out of events to its open streams; it also tells them when the
/// server is stopping, so that no stream holds a shutdown open.
#[derive(Clone, Debug)]
pub struct LiveHub {
    sender: broadcast::Sender<LiveEvent>,
    stopping: watch::Receiver<bool>,
    open: Arc<Mutex<OpenStreams>>,
}

#[derive(Debug, Default)]
struct OpenStreams {
    total: usize,
    by_session: HashMap<String, usize>,
}

/// One open stream's place, given back when the stream ends.
pub struct StreamTicket {
    open: Arc<Mutex<OpenStreams>>,
    session_id: String,
}

impl Drop for StreamTicket {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.total -= 1;
        if let Some(n) = open.by_session.get_mut(&self.session_id) {
            *n -= 1;
            if *n == 0 {
                open.by_session.remove(&self.session_id);
            }
        }
    }
}

impl LiveHub {
    pub fn new(stopping: watch::Receiver<bool>) -> Self {
        Self {
            sender: broadcast::channel(BACKLOG).0,
            stopping,
            open: Arc::default(),
        }
    }

    /// A place for one more stream of this session, unless it holds as many as it may (or
    /// the process does).
    pub fn admit(&self, session_id: &str) -> Option<StreamTicket> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let held = open.by_session.get(session_id).copied().unwrap_or(0);
        if held >= MAX_STREAMS_PER_SESSION || open.total >= MAX_STREAMS {
            return None;
        }
        open.total += 1;
        *open.by_session.entry(session_id.to_string()).or_default() += 1;
        Some(StreamTicket {
            open: self.open.clone(),
            session_id: session_id.to_string(),
        })
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.sender.subscribe()
    }

    /// Resolves once the server begins to stop.
    pub async fn stopped(&self) {
        let mut stopping = self.stopping.clone();
        let _ = stopping.wait_for(|stop| *stop).await;
    }

    fn deliver(&self, event: LiveEvent) {
        // Nobody listening is fine: no page is open.
        let _ = self.sender.send(event);
    }
}

/// Publishes `event` with the transaction: seen by every process when it commits.
pub async fn publish(tx: &mut Tx, event: &LiveEvent) -> Result<(), AppError> {
    let payload = serde_json::to_string(event).map_err(|e| internal_error(&e))?;
    if tx.backend_name().eq_ignore_ascii_case("postgresql") {
        sqlx::query("SELECT 1 AS sent FROM (SELECT pg_notify($1, $2)) AS notified")
            .bind(CHANNEL)
            .bind(payload)
            .execute(&mut **tx)
            .await?;
    } else {
        sqlx::query("INSERT INTO live_events (payload, at) VALUES ($1, $2)")
            .bind(payload)
            .bind(now_ms())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A work order changed; its customer is told too when the change is one they can see.
pub async fn work_order_changed(tx: &mut Tx, order_id: i64, customer_sees: bool) -> Result<(), AppError> {
    let sql = "SELECT order_no AS number, customer_id FROM work_orders WHERE id = $1";
    case_changed(tx, sql, order_id, customer_sees, |order_no| LiveChange::WorkOrder {
        order_no,
    })
    .await
}

/// A claim changed; its customer is told too when the change is one they can see.
pub async fn claim_changed(tx: &mut Tx, claim_id: i64, customer_sees: bool) -> Result<(), AppError> {
    let sql = "SELECT claim_no AS number, customer_id FROM claims WHERE id = $1";
    case_changed(tx, sql, claim_id, customer_sees, |claim_no| LiveChange::Claim {
        claim_no,
    })
    .await
}

/// Publishes the change of the case `sql` finds by id (its number and customer).
async fn case_changed(
    tx: &mut Tx,
    sql: &str,
    id: i64,
    customer_sees: bool,
    change: impl FnOnce(String) -> LiveChange,
) -> Result<(), AppError> {
    #[derive(sqlx::FromRow)]
    struct CaseRow {
        number: String,
        customer_id: i64,
    }
    let row: CaseRow = sqlx::query_as(sql).bind(id).fetch_one(&mut **tx).await?;
    let to = if customer_sees {
        Audience::Customer(row.customer_id)
    } else {
        Audience::Staff
    };
    publish(
        tx,
        &LiveEvent {
            to,
            change: change(row.number),
        },
    )
    .await
}

/// Feeds this process's hub until the server stops: LISTEN on PostgreSQL, reading
/// `live_events` on SQLite.
pub async fn run(db: Db, database_url: String, hub: LiveHub) {
    match db.kind {
        DbKind::Postgres => listen_postgres(&database_url, &hub).await,
        DbKind::Sqlite => read_sqlite(&db, &hub).await,
    }
}

async fn listen_postgres(url: &str, hub: &LiveHub) {
    loop {
        let listening = async {
            let mut listener = sqlx::postgres::PgListener::connect(url).await?;
            listener.listen(CHANNEL).await?;
            Ok::<_, sqlx::Error>(listener)
        };
        let mut listener = tokio::select! {
            listening = listening => match listening {
                Ok(listener) => listener,
                Err(error) => {
                    tracing::warn!(%error, "live updates: cannot listen, trying again");
                    tokio::select! {
                        _ = tokio::time::sleep(RECONNECT) => continue,
                        _ = hub.stopped() => return,
                    }
                }
            },
            _ = hub.stopped() => return,
        };
        // Whatever was published while this process was not listening is unknown.
        hub.deliver(LiveEvent::resync());
        loop {
            tokio::select! {
                received = listener.try_recv() => match received {
                    Ok(Some(notification)) => match serde_json::from_str(notification.payload()) {
                        Ok(event) => hub.deliver(event),
                        Err(error) => tracing::warn!(%error, "live updates: an event this version cannot read"),
                    },
                    // The connection dropped; the next call reconnects. Events may be lost.
                    Ok(None) => hub.deliver(LiveEvent::resync()),
                    Err(error) => {
                        tracing::warn!(%error, "live updates: listening failed");
                        break;
                    }
                },
                _ = hub.stopped() => return,
            }
        }
    }
}

async fn read_sqlite(db: &Db, hub: &LiveHub) {
    #[derive(sqlx::FromRow)]
    struct EventRow {
        id: i64,
        payload: String,
    }
    #[derive(sqlx::FromRow)]
    struct LastRow {
        last: i64,
    }
    // Ids are given out under SQLite's one write lock, so they commit in order: reading
    // past the last id seen never skips an event committed later.
    let mut last = loop {
        match sqlx::query_as::<_, LastRow>("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS last FROM live_events")
            .fetch_one(&db.pool)
            .await
        {
            Ok(row) => break row.last,
            Err(error) => tracing::warn!(%error, "live updates: cannot read events"),
        }
        tokio::select! {
            _ = tokio::time::sleep(RECONNECT) => {}
            _ = hub.stopped() => return,
        }
    };
    let mut swept_at = 0;
    loop {
        let rows: Result<Vec<EventRow>, _> =
            sqlx::query_as("SELECT id, payload FROM live_events WHERE id > $1 ORDER BY id LIMIT 500")
                .bind(last)
                .fetch_all(&db.pool)
                .await;
        match rows {
            Ok(rows) => {
                for row in rows {
                    last = row.id;
                    match serde_json::from_str(&row.payload) {
                        Ok(event) => hub.deliver(event),
                        Err(error) => tracing::warn!(%error, "live updates: an event this version cannot read"),
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "live updates: cannot read events"),
        }
        let now = now_ms();
        if now - swept_at > SQLITE_KEEP_MS {
            swept_at = now;
            if let Err(error) = sqlx::query("DELETE FROM live_events WHERE at < $1")
                .bind(now - SQLITE_KEEP_MS)
                .execute(&db.pool)
                .await
            {
                tracing::warn!(%error, "live updates: cannot delete old events");
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(SQLITE_POLL) => {}
            _ = hub.stopped() => return,
        }
    }
}
