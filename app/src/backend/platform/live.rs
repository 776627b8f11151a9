//! Live updates across server processes. A change publishes its event inside its own
//! transaction, so the event is seen exactly when the change is: on PostgreSQL with
//! `pg_notify`, which reaches every process that LISTENs once the transaction commits (and
//! never if it rolls back); on SQLite as a row of `live_events`, which each process reads a
//! moment after it commits. Each process fans the events out to its open streams
//! (`LiveHub`), and each stream passes on only what its caller may know of
//! (`LiveEvent::reaches`).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, oneshot, watch};

use crate::backend::platform::auth::guard::Caller;
use crate::backend::{now_ms, Db, DbKind, Tx};
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
/// Open streams one session may hold (tabs and windows).
pub const MAX_STREAMS_PER_SESSION: usize = 8;
/// Open streams one account may hold in one process, over all its sessions: a person has a
/// few devices and tabs; signing in again and again does not buy more.
pub const MAX_STREAMS_PER_ACCOUNT: usize = 16;

/// How many streams a process holds, and how many one client address may hold of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamLimits {
    /// All streams of the process (each is an open connection).
    pub process: usize,
    /// Customers' streams from one client address (staff, often many behind one office
    /// address, are held to their account's limit only).
    pub per_address: usize,
}

impl Default for StreamLimits {
    fn default() -> Self {
        Self {
            process: 4096,
            per_address: 128,
        }
    }
}

/// Whose stream it is, for the limits.
#[derive(Debug, Clone)]
pub struct StreamOwner {
    pub session_id: String,
    /// `customer:<id>` or `staff:<id>`.
    pub account: String,
    /// The client address, for customers (see `StreamLimits::per_address`).
    pub address: Option<String>,
}

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
    /// The customers whose ids are after the first and up to the second: a batch of an
    /// announcement's notices, one event for a thousand customers (those outside its segment
    /// only read their unread count again).
    CustomersBetween(i64, i64),
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
            (Audience::CustomersBetween(after, through), Caller::Customer(c)) => {
                c.customer_id > after && c.customer_id <= through
            }
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
    limits: StreamLimits,
}

/// The open streams and what each owner holds.
#[derive(Debug, Default)]
struct OpenStreams {
    next_id: u64,
    /// By id, so the oldest comes first.
    streams: BTreeMap<u64, OpenStream>,
    by_session: HashMap<String, usize>,
    by_account: HashMap<String, usize>,
    by_address: HashMap<String, usize>,
}

#[derive(Debug)]
struct OpenStream {
    owner: StreamOwner,
    /// Told when the stream must end to make room (`LiveHub::admit`).
    evict: oneshot::Sender<()>,
}

fn count_up(counts: &mut HashMap<String, usize>, key: &str) {
    *counts.entry(key.to_string()).or_default() += 1;
}

fn count_down(counts: &mut HashMap<String, usize>, key: &str) {
    if let Some(n) = counts.get_mut(key) {
        *n -= 1;
        if *n == 0 {
            counts.remove(key);
        }
    }
}

impl OpenStreams {
    fn held(counts: &HashMap<String, usize>, key: &str) -> usize {
        counts.get(key).copied().unwrap_or(0)
    }

    /// Takes a stream out of the counts (when it ends, or is evicted).
    fn release(&mut self, id: u64) -> Option<OpenStream> {
        let stream = self.streams.remove(&id)?;
        count_down(&mut self.by_session, &stream.owner.session_id);
        count_down(&mut self.by_account, &stream.owner.account);
        if let Some(address) = &stream.owner.address {
            count_down(&mut self.by_address, address);
        }
        Some(stream)
    }

    /// The oldest stream of the account holding the most, if it holds more than `than`.
    fn oldest_of_the_greediest(&self, than: usize) -> Option<u64> {
        let (account, held) = self.by_account.iter().max_by_key(|(_, n)| **n)?;
        if *held <= than {
            return None;
        }
        self.streams
            .iter()
            .find(|(_, s)| &s.owner.account == account)
            .map(|(id, _)| *id)
    }
}

/// One open stream's place, given back when the stream ends.
pub struct StreamTicket {
    open: Arc<Mutex<OpenStreams>>,
    id: u64,
    /// Resolves when the hub ends this stream to make room for another account's.
    pub evicted: oneshot::Receiver<()>,
}

impl Drop for StreamTicket {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.release(self.id);
    }
}

/// Why a stream was not opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamRefused {
    SessionFull,
    AccountFull,
    AddressFull,
    ProcessFull,
}

impl LiveHub {
    pub fn new(stopping: watch::Receiver<bool>, limits: StreamLimits) -> Self {
        Self {
            sender: broadcast::channel(BACKLOG).0,
            stopping,
            open: Arc::default(),
            limits,
        }
    }

    /// A place for one more stream of `owner`, unless its session, account or address holds
    /// as many as it may. When the process is full, the account holding the most streams
    /// gives up its oldest, if it holds more than this owner would: one account cannot
    /// keep everyone else out, and a newcomer is not refused while someone hoards.
    pub fn admit(&self, owner: StreamOwner) -> Result<StreamTicket, StreamRefused> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if OpenStreams::held(&open.by_session, &owner.session_id) >= MAX_STREAMS_PER_SESSION {
            return Err(StreamRefused::SessionFull);
        }
        let account_held = OpenStreams::held(&open.by_account, &owner.account);
        if account_held >= MAX_STREAMS_PER_ACCOUNT {
            return Err(StreamRefused::AccountFull);
        }
        if let Some(address) = &owner.address {
            if OpenStreams::held(&open.by_address, address) >= self.limits.per_address {
                return Err(StreamRefused::AddressFull);
            }
        }
        if open.streams.len() >= self.limits.process {
            let Some(victim) = open.oldest_of_the_greediest(account_held + 1) else {
                return Err(StreamRefused::ProcessFull);
            };
            if let Some(evicted) = open.release(victim) {
                tracing::info!(account = %evicted.owner.account, "live stream ended to make room");
                let _ = evicted.evict.send(());
            }
        }
        let id = open.next_id;
        open.next_id += 1;
        count_up(&mut open.by_session, &owner.session_id);
        count_up(&mut open.by_account, &owner.account);
        if let Some(address) = &owner.address {
            count_up(&mut open.by_address, address);
        }
        let (evict, evicted) = oneshot::channel();
        open.streams.insert(id, OpenStream { owner, evict });
        Ok(StreamTicket {
            open: self.open.clone(),
            id,
            evicted,
        })
    }

    /// How many streams this process holds now.
    pub fn open_streams(&self) -> usize {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).streams.len()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.sender.subscribe()
    }

    /// Resolves once the server begins to stop.
    pub async fn stopped(&self) {
        let mut stopping = self.stopping.clone();
        let _ = stopping.wait_for(|stop| *stop).await;
    }

    /// Tells this process's open streams only (what each process computes for itself, such
    /// as the live board).
    pub fn tell_this_process(&self, event: LiveEvent) {
        self.deliver(event);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn hub(process: usize, per_address: usize) -> LiveHub {
        let (_, stopping) = watch::channel(false);
        LiveHub::new(stopping, StreamLimits { process, per_address })
    }

    fn owner(account: &str, session: &str, address: Option<&str>) -> StreamOwner {
        StreamOwner {
            session_id: session.into(),
            account: account.into(),
            address: address.map(str::to_string),
        }
    }

    #[test]
    fn an_account_holds_a_few_streams_however_many_sessions_it_opens() {
        let hub = hub(1000, 1000);
        let mut held = Vec::new();
        for n in 0..MAX_STREAMS_PER_ACCOUNT {
            held.push(hub.admit(owner("customer:1", &format!("s{}", n / 4), None)).unwrap());
        }
        assert_eq!(
            hub.admit(owner("customer:1", "a-new-session", None)).err(),
            Some(StreamRefused::AccountFull)
        );
        assert!(hub.admit(owner("customer:2", "other", None)).is_ok());
        drop(held.pop());
        assert!(hub.admit(owner("customer:1", "a-new-session", None)).is_ok());
    }

    #[test]
    fn one_address_holds_its_share_of_customer_streams_and_staff_are_not_counted_by_address() {
        let hub = hub(1000, 3);
        let _held: Vec<_> = (0..3)
            .map(|n| {
                hub.admit(owner(&format!("customer:{n}"), &format!("s{n}"), Some("10.0.0.1")))
                    .unwrap()
            })
            .collect();
        assert_eq!(
            hub.admit(owner("customer:9", "s9", Some("10.0.0.1"))).err(),
            Some(StreamRefused::AddressFull)
        );
        assert!(hub.admit(owner("customer:9", "s9", Some("10.0.0.2"))).is_ok());
        assert!(hub.admit(owner("staff:1", "t1", None)).is_ok());
    }

    #[test]
    fn a_full_process_makes_the_greediest_account_give_way_to_a_newcomer() {
        let hub = hub(10, 1000);
        let mut greedy: Vec<_> = (0..8)
            .map(|n| hub.admit(owner("customer:1", &format!("s{}", n / 4), None)).unwrap())
            .collect();
        let _others: Vec<_> = (0..2)
            .map(|n| hub.admit(owner(&format!("customer:{}", 10 + n), "o", None)).unwrap())
            .collect();
        assert_eq!(hub.open_streams(), 10);
        let newcomer = hub.admit(owner("customer:2", "new", None)).expect("room is made");
        assert_eq!(hub.open_streams(), 10);
        // The greedy account's oldest stream is told to end; the rest go on.
        assert!(greedy[0].evicted.try_recv().is_ok());
        assert!(greedy[1].evicted.try_recv().is_err());
        drop(greedy.remove(0));
        assert_eq!(hub.open_streams(), 10, "an evicted stream is counted once");
        drop(newcomer);
        // When everyone holds as little as the newcomer would, the newcomer waits.
        let hub = hub_of_equals();
        assert_eq!(
            hub.0.admit(owner("customer:99", "x", None)).err(),
            Some(StreamRefused::ProcessFull)
        );
    }

    fn hub_of_equals() -> (LiveHub, Vec<StreamTicket>) {
        let hub = hub(4, 1000);
        let held = (0..4)
            .map(|n| {
                hub.admit(owner(&format!("customer:{n}"), &format!("s{n}"), None))
                    .unwrap()
            })
            .collect();
        (hub, held)
    }
}
