//! The facts the service's measures are counted from (`ServiceFact`), each recorded in the
//! transaction of the change it follows, with the insurer's day and hour it fell on and the
//! dimensions reports filter by as they were at that moment. Rollups per day and per hour
//! and per combination of dimensions are kept from them by `roll_up` (a few seconds behind,
//! in the order of their keys, so that two processes never deadlock on a busy day's rows),
//! rebuilt from them by `rebuild`, and compared with a recount by `check`.
//!
//! Work orders are read before and after a change (`work_order_before`, `work_order_changed`):
//! the facts are the differences, so whichever path changed a work order (the desk, the
//! customer, a merge, a transfer) its facts follow from what it stored.

use std::sync::OnceLock;

use jiff::tz::TimeZone;

use crate::backend::{Db, DbKind, Tx};
use crate::domain::ServiceFact;
use crate::error::AppError;

/// The insurer's time zone unless `APP_INSURER_TIME_ZONE` names another.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Shanghai";

static INSURER_ZONE: OnceLock<TimeZone> = OnceLock::new();

/// Sets the insurer's time zone by its IANA name (the tz database is built in), once per
/// process; an unknown name is refused.
pub fn set_insurer_time_zone(name: &str) -> Result<(), String> {
    let zone = TimeZone::get(name).map_err(|e| format!("the time zone `{name}` is unknown: {e}"))?;
    let _ = INSURER_ZONE.set(zone);
    Ok(())
}

fn insurer_zone() -> &'static TimeZone {
    INSURER_ZONE.get_or_init(|| TimeZone::get(DEFAULT_TIME_ZONE).unwrap_or(TimeZone::UTC))
}

/// The insurer's day (`YYYY-MM-DD`) and hour (0-23) at an instant.
pub fn day_and_hour(at: i64) -> (String, i64) {
    let instant = jiff::Timestamp::from_millisecond(at).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let local = insurer_zone().to_datetime(instant);
    (
        format!("{:04}-{:02}-{:02}", local.year(), local.month(), local.day()),
        i64::from(local.hour()),
    )
}

/// The instant the insurer's day `date` begins (its first moment where a clock change skips
/// midnight).
pub fn day_start_ms(date: crate::domain::calendar::Date) -> i64 {
    let civil = jiff::civil::Date::new(date.year as i16, date.month as i8, date.day as i8)
        .map(jiff::civil::DateTime::from)
        .unwrap_or_default();
    insurer_zone()
        .to_timestamp(civil)
        .map_or(0, |instant| instant.as_millisecond())
}

/// Who and what a fact is about, as reports filter it. Missing ones are 0 or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dimensions {
    pub skill_group_id: i64,
    pub staff_id: i64,
    pub channel: String,
    pub kind: String,
    pub line: String,
    pub vip: bool,
    pub category: String,
}

/// One fact to record.
pub struct Fact {
    pub fact: ServiceFact,
    pub at: i64,
    pub work_order_id: Option<i64>,
    pub claim_id: Option<i64>,
    pub dimensions: Dimensions,
    pub value: i64,
    pub met: bool,
}

/// Records a fact in the caller's transaction; `roll_up` adds it to the rollups.
pub async fn record(tx: &mut Tx, f: &Fact) -> Result<(), AppError> {
    let (day, hour) = day_and_hour(f.at);
    let d = &f.dimensions;
    sqlx::query(
        "INSERT INTO service_facts (fact, at, day, hour, work_order_id, claim_id, skill_group_id, staff_id, channel, \
         kind, line, vip, category, value, met, rolled_up, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 0, $2)",
    )
    .bind(f.fact.as_str())
    .bind(f.at)
    .bind(day)
    .bind(hour)
    .bind(f.work_order_id)
    .bind(f.claim_id)
    .bind(d.skill_group_id)
    .bind(d.staff_id)
    .bind(&d.channel)
    .bind(&d.kind)
    .bind(&d.line)
    .bind(i64::from(d.vip))
    .bind(&d.category)
    .bind(f.value)
    .bind(i64::from(f.met))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What a work order's facts are told from: its state and dimensions at one moment.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderState {
    created_at: i64,
    status: String,
    skill_group_id: Option<i64>,
    assignee_staff_id: Option<i64>,
    channel: String,
    kind: String,
    priority: String,
    complaint_category: Option<String>,
    line: Option<String>,
    first_response_at: Option<i64>,
    first_response_due: Option<i64>,
    next_response_due: Option<i64>,
    resolved_at: Option<i64>,
    resolution_due: Option<i64>,
    paused_at: Option<i64>,
    merged_into_id: Option<i64>,
    last_public_author_kind: Option<String>,
}

impl OrderState {
    fn dimensions(&self) -> Dimensions {
        Dimensions {
            skill_group_id: self.skill_group_id.unwrap_or(0),
            staff_id: self.assignee_staff_id.unwrap_or(0),
            channel: self.channel.clone(),
            kind: self.kind.clone(),
            line: self.line.clone().unwrap_or_default(),
            vip: self.priority == "vip",
            category: self.complaint_category.clone().unwrap_or_default(),
        }
    }
}

/// A work order as its facts see it, in the caller's transaction; `None` if there is none.
pub async fn work_order_before(tx: &mut Tx, order_id: i64) -> Result<Option<OrderState>, AppError> {
    Ok(sqlx::query_as(
        "SELECT w.created_at, w.status, w.skill_group_id, w.assignee_staff_id, w.channel, w.kind, w.priority, \
           w.complaint_category, pr.line, w.first_response_at, w.first_response_due, w.next_response_due, \
           w.resolved_at, w.resolution_due, w.paused_at, w.merged_into_id, w.last_public_author_kind \
         FROM work_orders w LEFT JOIN policies p ON p.id = w.policy_id LEFT JOIN products pr ON pr.id = p.product_id \
         WHERE w.id = $1",
    )
    .bind(order_id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// How long a work order has waited for the customer in all, up to `at` (a wait still
/// running counts up to `at`).
async fn waited(tx: &mut Tx, order_id: i64, state: &OrderState, at: i64) -> Result<i64, AppError> {
    let ended: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(value) AS BIGINT) FROM service_facts WHERE work_order_id = $1 AND fact = 'resumed'",
    )
    .bind(order_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(ended.unwrap_or(0) + state.paused_at.map_or(0, |since| (at - since).max(0)))
}

/// Records what changed on a work order since `before` (`None`: it is new), at `at`.
pub async fn work_order_changed(
    tx: &mut Tx,
    order_id: i64,
    before: Option<&OrderState>,
    at: i64,
) -> Result<(), AppError> {
    let Some(after) = work_order_before(tx, order_id).await? else {
        return Ok(());
    };
    let mut facts: Vec<(ServiceFact, i64, bool)> = Vec::new();
    let before = match before {
        Some(before) => before.clone(),
        None => {
            facts.push((ServiceFact::Created, 0, true));
            // As if it had been nothing: every later difference is a fact of its own.
            OrderState {
                status: "open".into(),
                first_response_at: None,
                resolved_at: None,
                paused_at: None,
                merged_into_id: None,
                ..after.clone()
            }
        }
    };
    if before.first_response_at.is_none() {
        if let Some(answered) = after.first_response_at {
            let waits = waited(tx, order_id, &before, answered).await?;
            let met = after.first_response_due.is_none_or(|due| answered <= due);
            facts.push((
                ServiceFact::FirstResponse,
                (answered - after.created_at - waits).max(0),
                met,
            ));
        }
    }
    let waiting = |s: &str| s == "awaiting_customer";
    if !waiting(&before.status) && waiting(&after.status) {
        facts.push((ServiceFact::Paused, 0, true));
    }
    if let (true, false, Some(since)) = (waiting(&before.status), waiting(&after.status), before.paused_at) {
        facts.push((ServiceFact::Resumed, (at - since).max(0), true));
    }
    if before.skill_group_id.is_some() && before.skill_group_id != after.skill_group_id {
        facts.push((ServiceFact::Transferred, 0, true));
    }
    if before.merged_into_id.is_none() && after.merged_into_id.is_some() {
        // A duplicate merged away: neither resolved nor closed as work of its own.
        facts.push((ServiceFact::Merged, 0, true));
    } else {
        if before.resolved_at.is_none() {
            if let Some(resolved) = after.resolved_at {
                // Waits for the customer before it are not the service centre's time.
                let waits = waited(tx, order_id, &before, resolved).await?;
                let met = after.resolution_due.is_none_or(|due| resolved <= due);
                facts.push((ServiceFact::Resolved, (resolved - after.created_at - waits).max(0), met));
            }
        }
        if let (Some(resolved), None) = (before.resolved_at, after.resolved_at) {
            facts.push((ServiceFact::Reopened, (at - resolved).max(0), true));
        }
        if before.status != "closed" && after.status == "closed" {
            facts.push((ServiceFact::Closed, 0, true));
        }
    }
    let dimensions = after.dimensions();
    for (fact, value, met) in facts {
        record(
            tx,
            &Fact {
                fact,
                at,
                work_order_id: Some(order_id),
                claim_id: None,
                dimensions: dimensions.clone(),
                value,
                met,
            },
        )
        .await?;
    }
    Ok(())
}

/// A public reply from staff, recorded before it is written: how long the customer had
/// waited since their last message, and whether the response deadline running then was kept.
pub async fn replied(tx: &mut Tx, order_id: i64, at: i64) -> Result<(), AppError> {
    let Some(state) = work_order_before(tx, order_id).await? else {
        return Ok(());
    };
    let waited_since: Option<i64> = if state.last_public_author_kind.as_deref() == Some("customer") {
        sqlx::query_scalar(
            "SELECT MAX(at) FROM work_order_messages WHERE work_order_id = $1 AND visibility = 'public' \
             AND author_kind = 'customer'",
        )
        .bind(order_id)
        .fetch_one(&mut **tx)
        .await?
    } else {
        None
    };
    let running = if state.first_response_at.is_none() {
        state.first_response_due
    } else {
        state.next_response_due
    };
    record(
        tx,
        &Fact {
            fact: ServiceFact::Replied,
            at,
            work_order_id: Some(order_id),
            claim_id: None,
            dimensions: state.dimensions(),
            value: waited_since.map_or(0, |since| (at - since).max(0)),
            met: running.is_none_or(|due| at <= due),
        },
    )
    .await
}

/// A customer's rating of a work order or a claim.
pub async fn rated(tx: &mut Tx, subject_kind: &str, subject_id: i64, score: i64, at: i64) -> Result<(), AppError> {
    let (work_order_id, claim_id, dimensions) = if subject_kind == "work_order" {
        let Some(state) = work_order_before(tx, subject_id).await? else {
            return Ok(());
        };
        (Some(subject_id), None, state.dimensions())
    } else {
        (None, Some(subject_id), claim_dimensions(tx, subject_id).await?)
    };
    record(
        tx,
        &Fact {
            fact: ServiceFact::Rated,
            at,
            work_order_id,
            claim_id,
            dimensions,
            value: score,
            met: crate::domain::service_targets::is_satisfied(score),
        },
    )
    .await
}

/// A claim's dimensions: its handler, its product line, whether it is served as VIP.
async fn claim_dimensions(tx: &mut Tx, claim_id: i64) -> Result<Dimensions, AppError> {
    #[derive(sqlx::FromRow)]
    struct ClaimRow {
        handler_staff_id: Option<i64>,
        line: Option<String>,
        priority: String,
    }
    let row: Option<ClaimRow> = sqlx::query_as(
        "SELECT cl.handler_staff_id, pr.line, cl.priority FROM claims cl \
         LEFT JOIN policies p ON p.id = cl.policy_id LEFT JOIN products pr ON pr.id = p.product_id WHERE cl.id = $1",
    )
    .bind(claim_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map_or_else(Dimensions::default, |r| Dimensions {
        staff_id: r.handler_staff_id.unwrap_or(0),
        line: r.line.unwrap_or_default(),
        vip: r.priority == "vip",
        ..Dimensions::default()
    }))
}

/// A claim entered `stage` at `at`: the stage it left is a fact (how long it stayed there,
/// within its commitment or not); the first stage is the claim reported; closing records
/// the outcome and the payout.
pub async fn claim_stage_entered(tx: &mut Tx, claim_id: i64, stage: &str, at: i64) -> Result<(), AppError> {
    #[derive(sqlx::FromRow)]
    struct EventRow {
        stage: String,
        at: i64,
        limit_hours: Option<i64>,
    }
    // The stage it was in: the last step before this one.
    let previous: Option<EventRow> = sqlx::query_as(
        "SELECT e.stage, e.at, k.limit_hours FROM claim_events e \
         LEFT JOIN claim_stage_commitments k ON k.stage = e.stage \
         WHERE e.claim_id = $1 ORDER BY e.at DESC, e.id DESC LIMIT 1",
    )
    .bind(claim_id)
    .fetch_optional(&mut **tx)
    .await?;
    let dimensions = claim_dimensions(tx, claim_id).await?;
    let mut facts = Vec::new();
    match previous {
        None => facts.push((ServiceFact::ClaimReported, String::new(), 0, true)),
        Some(p) if p.stage != stage => {
            let spent = (at - p.at).max(0);
            let met = p
                .limit_hours
                .is_none_or(|hours| spent <= hours * crate::domain::calendar::HOUR_MS);
            facts.push((ServiceFact::ClaimStageLeft, p.stage, spent, met));
        }
        Some(_) => {}
    }
    if stage == "closed" {
        #[derive(sqlx::FromRow)]
        struct OutcomeRow {
            outcome: Option<String>,
            payout_fen: Option<i64>,
        }
        let outcome: Option<OutcomeRow> = sqlx::query_as("SELECT outcome, payout_fen FROM claims WHERE id = $1")
            .bind(claim_id)
            .fetch_optional(&mut **tx)
            .await?;
        let (kind, paid) = outcome.map_or((String::new(), 0), |o| {
            (o.outcome.unwrap_or_default(), o.payout_fen.unwrap_or(0))
        });
        facts.push((ServiceFact::ClaimClosed, kind, paid, true));
    }
    for (fact, kind, value, met) in facts {
        record(
            tx,
            &Fact {
                fact,
                at,
                work_order_id: None,
                claim_id: Some(claim_id),
                dimensions: Dimensions {
                    kind,
                    ..dimensions.clone()
                },
                value,
                met,
            },
        )
        .await?;
    }
    Ok(())
}

/// How often `run` adds new facts to the rollups: reports are this far behind at most.
const ROLL_UP_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Keeps the rollups current in every process (`roll_up` is safe in several at once), until
/// `stop` says the application is stopping.
pub async fn run(db: Db, mut stop: tokio::sync::watch::Receiver<bool>) {
    while !*stop.borrow() {
        if let Err(error) = roll_up(&db).await {
            tracing::warn!(%error, "service rollups: cannot add the new facts");
        }
        tokio::select! {
            _ = tokio::time::sleep(ROLL_UP_EVERY) => {}
            _ = stop.changed() => {}
        }
    }
}

/// The rollup columns, in the order of the rollups' key.
const KEY: &str = "fact, bucket, skill_group_id, staff_id, channel, kind, line, vip, category";

/// The facts summed per `grain` (`day` or `hour`), as rows of the rollups table, from the
/// facts `which` selects (a condition on `f`).
fn summed(grain: &str, which: &str) -> String {
    let bucket = if grain == "day" {
        "f.day".to_string()
    } else {
        // `YYYY-MM-DD HH`, the hour padded.
        "f.day || ' ' || CASE WHEN f.hour < 10 THEN '0' ELSE '' END || CAST(f.hour AS TEXT)".to_string()
    };
    format!(
        "SELECT '{grain}' AS grain, f.fact, {bucket} AS bucket, f.skill_group_id, f.staff_id, f.channel, f.kind, \
           f.line, f.vip, f.category, COUNT(*) AS n, CAST(SUM(f.value) AS BIGINT) AS value_sum, CAST(SUM(f.met) AS BIGINT) AS met \
         FROM service_facts f WHERE {which} \
         GROUP BY f.fact, bucket, f.skill_group_id, f.staff_id, f.channel, f.kind, f.line, f.vip, f.category"
    )
}

/// How many facts one pass of `roll_up` takes.
const ROLL_UP_BATCH: i64 = 5_000;

/// Adds the facts not yet in the rollups to them, a batch at a time, until none is left;
/// answers how many. Safe in several processes at once: a fact is taken by one (its row
/// locked, others skipped on PostgreSQL; SQLite's writer is alone), and the rollup rows are
/// written in the order of their key.
pub async fn roll_up(db: &Db) -> Result<u64, AppError> {
    let mut total = 0;
    loop {
        let mut tx = db.begin_write().await?;
        let skip_locked = if db.kind == DbKind::Postgres {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM service_facts WHERE rolled_up = 0 ORDER BY id LIMIT {ROLL_UP_BATCH}{skip_locked}"
        ))
        .fetch_all(&mut *tx)
        .await?;
        if ids.is_empty() {
            tx.rollback().await?;
            return Ok(total);
        }
        // Exactly the facts this pass holds (ids read from the database, not from a caller).
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let which = format!("f.id IN ({list})");
        for grain in ["day", "hour"] {
            sqlx::query(&format!(
                "INSERT INTO service_rollups (grain, {KEY}, n, value_sum, met) \
                 SELECT grain, {KEY}, n, value_sum, met FROM ({}) s WHERE 1 = 1 ORDER BY {KEY} \
                 ON CONFLICT (grain, {KEY}) DO UPDATE SET n = service_rollups.n + excluded.n, \
                   value_sum = service_rollups.value_sum + excluded.value_sum, met = service_rollups.met + excluded.met",
                summed(grain, &which)
            ))
            .execute(&mut *tx)
            .await?;
        }
        let done = sqlx::query(&format!("UPDATE service_facts SET rolled_up = 1 WHERE id IN ({list})"))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        total += done.rows_affected();
    }
}

/// Rebuilds the rollups from the facts alone (after a change of definitions, or to repair
/// them), in one transaction: readers see the old rollups or the new ones. Answers how many
/// rollup rows there are.
pub async fn rebuild(db: &Db) -> Result<u64, AppError> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM service_rollups").execute(&mut *tx).await?;
    for grain in ["day", "hour"] {
        sqlx::query(&format!(
            "INSERT INTO service_rollups (grain, {KEY}, n, value_sum, met) \
             SELECT grain, {KEY}, n, value_sum, met FROM ({}) s ORDER BY {KEY}",
            summed(grain, "1 = 1")
        ))
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE service_facts SET rolled_up = 1 WHERE rolled_up = 0")
        .execute(&mut *tx)
        .await?;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM service_rollups")
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(rows as u64)
}

/// How the rollups compare with a recount of the facts: the rows that differ (each way).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Check {
    pub rollup_rows: i64,
    pub facts: i64,
    /// Rollup rows with no equal in the recount, and recounted rows with no equal rollup.
    pub differing: i64,
}

/// Rolls up what is pending, then recounts every rollup from the facts it holds and
/// compares, in one statement (one snapshot: facts recorded meanwhile are in neither).
pub async fn check(db: &Db) -> Result<Check, AppError> {
    roll_up(db).await?;
    let mut conn = db.pool.acquire().await?;
    let rolled = "f.rolled_up = 1";
    let recount = format!("{} UNION ALL {}", summed("day", rolled), summed("hour", rolled));
    let columns = format!("grain, {KEY}, n, value_sum, met");
    let differing: i64 = sqlx::query_scalar(&format!(
        "SELECT (SELECT COUNT(*) FROM (SELECT {columns} FROM service_rollups EXCEPT SELECT {columns} FROM ({recount}) a) x) \
           + (SELECT COUNT(*) FROM (SELECT {columns} FROM ({recount}) b EXCEPT SELECT {columns} FROM service_rollups) y)"
    ))
    .fetch_one(&mut *conn)
    .await?;
    let rollup_rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM service_rollups")
        .fetch_one(&mut *conn)
        .await?;
    let facts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM service_facts")
        .fetch_one(&mut *conn)
        .await?;
    Ok(Check {
        rollup_rows,
        facts,
        differing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_insurer_day_is_china_time_by_default() {
        // 2026-12-07 15:50 UTC is 23:50 in Shanghai; 16:10 UTC is past midnight there.
        let evening = 1_796_658_600_000;
        assert_eq!(day_and_hour(evening), ("2026-12-07".to_string(), 23));
        assert_eq!(day_and_hour(evening + 20 * 60_000), ("2026-12-08".to_string(), 0));
        // Midnight in Shanghai is 16:00 UTC the day before.
        let december_8 = crate::domain::calendar::Date::parse_iso("2026-12-08").unwrap();
        assert_eq!(day_start_ms(december_8), evening + 10 * 60_000);
    }
}
