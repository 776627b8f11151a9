//! The supervisors' live board: each skill group's waiting, at-risk and breached work, the
//! agents by presence, today's intake, first responses and satisfaction, and the claims
//! desk per stage. Aggregated once per process for all its viewers (`Services::board`):
//! a change anywhere (a live event) marks it stale, and while anyone watches, `run`
//! aggregates it again within a second and tells this process's open boards to read it.

use std::sync::Arc;
use std::time::Duration;

use crate::backend::platform::live::{Audience, LiveEvent};
use crate::backend::{measures, rules};
use crate::backend::{now_ms, stored, AppState, Db};
use crate::domain::calendar::{insurer_date, INSURER_OFFSET_MS};
use crate::domain::service_targets::{Spread, AT_RISK_MS};
use crate::domain::{Channel, ClaimStage, StaffStatus, WorkOrderKind};
use crate::error::AppError;
use crate::model::board::{AgentOnBoard, GroupLoad, Intake, ServiceBoard};
use crate::model::claims::StageLoad;
use crate::model::live::LiveChange;
use crate::model::work_orders::SkillGroup;

/// A board this old is aggregated again even without news: waits grow and deadlines pass
/// with the clock.
const MAX_AGE_MS: i64 = 15_000;
/// The least time between two aggregations of a process, however busy the centre (more
/// when an aggregation takes longer: `SharedView::gap_ms`). With `TICK`, a change shows
/// within 2 s.
const MIN_GAP_MS: i64 = 1_000;
/// How often `run` looks whether the board needs aggregating: a change reaches the open
/// boards within this and one aggregation.
const TICK: Duration = Duration::from_millis(500);
/// Boards are kept current while someone looked within this.
const WATCHED_MS: i64 = 60_000;
/// The most agents the board lists (the busiest first); the rest are counted.
const AGENTS_SHOWN: i64 = 500;

/// The board as of now, shared with every other viewer of this process.
pub async fn read(state: &AppState, now: i64) -> Result<Arc<ServiceBoard>, AppError> {
    state
        .board
        .read(now, (MIN_GAP_MS, MAX_AGE_MS), true, || aggregate(&state.db, now))
        .await
}

/// Keeps this process's board current while anyone watches it: a live event about work,
/// claims or presence marks it stale; each tick a stale or old board is aggregated again
/// and this process's open boards are told to read it (the event goes to this process's
/// streams only: every process aggregates its own).
pub async fn run(state: AppState) {
    let mut events = state.live.subscribe();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            received = events.recv() => match received {
                Ok(event) => {
                    if matches!(
                        event.change,
                        LiveChange::WorkOrder { .. } | LiveChange::Claim { .. } | LiveChange::Presence | LiveChange::Resync
                    ) {
                        state.board.mark_stale();
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => state.board.mark_stale(),
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            },
            _ = tick.tick() => {
                let now = now_ms();
                if !state.board.viewed_since(now - WATCHED_MS) {
                    continue;
                }
                let age = state.board.computed_at().await.map_or(i64::MAX, |at| now - at);
                let due = (state.board.is_stale() && age >= state.board.gap_ms(MIN_GAP_MS)) || age >= MAX_AGE_MS;
                if !due {
                    continue;
                }
                match state.board.read(now, (MIN_GAP_MS, MAX_AGE_MS), false, || aggregate(&state.db, now)).await {
                    Ok(_) => state.live.tell_this_process(LiveEvent { to: Audience::Staff, change: LiveChange::Board }),
                    Err(error) => tracing::warn!(%error, "live board: cannot aggregate"),
                }
            }
            _ = state.live.stopped() => return,
        }
    }
}

/// Counts as the board shows them, from the database.
pub async fn aggregate(db: &Db, now: i64) -> Result<ServiceBoard, AppError> {
    let day_start = insurer_date(now).start_ms(INSURER_OFFSET_MS);
    let mut conn = db.pool.acquire().await?;
    let (first_response, first_response_met) = first_responses(&mut conn, day_start).await?;
    let (rated, satisfied) = ratings(&mut conn, day_start).await?;
    Ok(ServiceBoard {
        computed_at: now,
        day_start,
        groups: groups(&mut conn, now).await?,
        agents: agents(&mut conn).await?,
        offline: offline(&mut conn).await?,
        intake: intake(&mut conn, day_start).await?,
        first_response,
        first_response_met,
        rated,
        satisfied,
        claim_stages: claim_stages(&mut conn, now).await?,
        targets: rules::service_targets(&mut conn).await?,
    })
}

type Conn = sqlx::pool::PoolConnection<sqlx::Any>;

/// Each group's open work, in one pass over the open work orders (a partial index holds
/// them), every group listed even when it has none.
async fn groups(conn: &mut Conn, now: i64) -> Result<Vec<GroupLoad>, AppError> {
    #[derive(sqlx::FromRow)]
    struct GroupRow {
        code: String,
        name_zh: String,
        name_en: String,
        waiting: Option<i64>,
        waiting_vip: Option<i64>,
        longest_waiting_since: Option<i64>,
        at_risk: Option<i64>,
        breached: Option<i64>,
        open: Option<i64>,
    }
    let sql = format!(
        "SELECT g.code, g.name_zh, g.name_en, o.waiting, o.waiting_vip, o.longest_waiting_since, o.at_risk, \
           o.breached, o.open \
         FROM skill_groups g LEFT JOIN ( \
           SELECT w.skill_group_id, \
             COUNT(CASE WHEN {waiting} AND w.priority <> 'vip' THEN 1 END) AS waiting, \
             COUNT(CASE WHEN {waiting} AND w.priority = 'vip' THEN 1 END) AS waiting_vip, \
             MIN(CASE WHEN {waiting} THEN w.created_at END) AS longest_waiting_since, \
             COUNT(CASE WHEN {at_risk} THEN 1 END) AS at_risk, \
             COUNT(CASE WHEN {breached} THEN 1 END) AS breached, \
             COUNT(*) AS open \
           FROM work_orders w WHERE {open} AND w.merged_into_id IS NULL GROUP BY w.skill_group_id \
         ) o ON o.skill_group_id = g.id ORDER BY g.id",
        waiting = measures::work_order_waiting("w"),
        at_risk = measures::work_order_due_soon("w", "$1", "$2"),
        breached = measures::work_order_overdue("w", "$1"),
        open = measures::work_order_open("w"),
    );
    let rows: Vec<GroupRow> = sqlx::query_as(&sql)
        .bind(now)
        .bind(now + AT_RISK_MS)
        .fetch_all(&mut **conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| GroupLoad {
            group: SkillGroup {
                code: r.code,
                name_zh: r.name_zh,
                name_en: r.name_en,
            },
            waiting: r.waiting.unwrap_or(0),
            waiting_vip: r.waiting_vip.unwrap_or(0),
            longest_waiting_since: r.longest_waiting_since,
            at_risk: r.at_risk.unwrap_or(0),
            breached: r.breached.unwrap_or(0),
            open: r.open.unwrap_or(0),
        })
        .collect())
}

/// Agents in any presence but offline, the busiest first.
async fn agents(conn: &mut Conn) -> Result<Vec<AgentOnBoard>, AppError> {
    #[derive(sqlx::FromRow)]
    struct AgentRow {
        display_name: String,
        status: String,
        status_since: Option<i64>,
        load: i64,
        capacity: i64,
    }
    let rows: Vec<AgentRow> = sqlx::query_as(&format!(
        "SELECT s.display_name, s.status, s.status_since, {} AS load, s.capacity FROM staff s \
         WHERE s.active = 1 AND s.role = 'agent' AND s.status <> 'offline' \
         ORDER BY CASE s.status WHEN 'available' THEN 0 WHEN 'busy' THEN 1 ELSE 2 END, load DESC, s.display_name \
         LIMIT {AGENTS_SHOWN}",
        measures::handler_load("s.id")
    ))
    .fetch_all(&mut **conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(AgentOnBoard {
                name: r.display_name,
                status: stored(StaffStatus::parse(&r.status), "staff status")?,
                since: r.status_since,
                load: r.load,
                capacity: r.capacity,
            })
        })
        .collect()
}

async fn offline(conn: &mut Conn) -> Result<i64, AppError> {
    #[derive(sqlx::FromRow)]
    struct CountRow {
        n: i64,
    }
    let row: CountRow =
        sqlx::query_as("SELECT COUNT(*) AS n FROM staff WHERE active = 1 AND role = 'agent' AND status = 'offline'")
            .fetch_one(&mut **conn)
            .await?;
    Ok(row.n)
}

/// Today's new work orders by channel and kind (a merged duplicate counts once: as the
/// work order it was merged into).
async fn intake(conn: &mut Conn, day_start: i64) -> Result<Vec<Intake>, AppError> {
    #[derive(sqlx::FromRow)]
    struct IntakeRow {
        channel: String,
        kind: String,
        n: i64,
    }
    let rows: Vec<IntakeRow> = sqlx::query_as(
        "SELECT w.channel, w.kind, COUNT(*) AS n FROM work_orders w \
         WHERE w.created_at >= $1 AND w.merged_into_id IS NULL GROUP BY w.channel, w.kind ORDER BY n DESC, w.channel, w.kind",
    )
    .bind(day_start)
    .fetch_all(&mut **conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Intake {
                channel: stored(Channel::parse(&r.channel), "channel")?,
                kind: stored(WorkOrderKind::parse(&r.kind), "work order kind")?,
                count: r.n,
            })
        })
        .collect()
}

/// Today's first responses: how long each customer waited, and how many came within
/// their deadline (`measures::first_response_met`).
async fn first_responses(conn: &mut Conn, day_start: i64) -> Result<(Spread, i64), AppError> {
    #[derive(sqlx::FromRow)]
    struct ResponseRow {
        waited: i64,
        met: i64,
    }
    let rows: Vec<ResponseRow> = sqlx::query_as(&format!(
        "SELECT w.first_response_at - w.created_at AS waited, CAST(CASE WHEN {} THEN 1 ELSE 0 END AS BIGINT) AS met \
         FROM work_orders w WHERE w.first_response_at >= $1 AND w.merged_into_id IS NULL",
        measures::first_response_met("w")
    ))
    .bind(day_start)
    .fetch_all(&mut **conn)
    .await?;
    let met = rows.iter().filter(|r| r.met == 1).count() as i64;
    Ok((Spread::of(rows.into_iter().map(|r| r.waited.max(0)).collect()), met))
}

/// Today's ratings and the satisfied among them (`measures::satisfied`).
async fn ratings(conn: &mut Conn, day_start: i64) -> Result<(i64, i64), AppError> {
    #[derive(sqlx::FromRow)]
    struct RatingRow {
        rated: i64,
        satisfied: i64,
    }
    let row: RatingRow = sqlx::query_as(&format!(
        "SELECT COUNT(*) AS rated, COUNT(CASE WHEN {} THEN 1 END) AS satisfied FROM ratings r WHERE r.created_at >= $1",
        measures::satisfied("r.score")
    ))
    .bind(day_start)
    .fetch_one(&mut **conn)
    .await?;
    Ok((row.rated, row.satisfied))
}

/// The open claims per stage and those past the stage's commitment
/// (`measures::claim_stage_overdue`).
async fn claim_stages(conn: &mut Conn, now: i64) -> Result<Vec<StageLoad>, AppError> {
    #[derive(sqlx::FromRow)]
    struct StageRow {
        stage: String,
        open: i64,
        overdue: i64,
    }
    let limits = crate::backend::claims::StageLimits::read(conn).await?;
    let rows: Vec<StageRow> = sqlx::query_as(&format!(
        "SELECT cl.stage, COUNT(*) AS open, COUNT(CASE WHEN {overdue} THEN 1 END) AS overdue \
         FROM claims cl LEFT JOIN claim_stage_commitments k ON k.stage = cl.stage \
         WHERE {open} GROUP BY cl.stage",
        overdue = measures::claim_stage_overdue("cl", "k", "$1"),
        open = measures::claim_open("cl"),
    ))
    .bind(now)
    .fetch_all(&mut **conn)
    .await?;
    // Every open stage, in the order claims pass them, with or without claims.
    Ok(ClaimStage::ALL
        .iter()
        .filter(|s| **s != ClaimStage::Closed)
        .map(|&stage| {
            let row = rows.iter().find(|r| r.stage == stage.as_str());
            StageLoad {
                stage,
                open: row.map_or(0, |r| r.open),
                overdue: row.map_or(0, |r| r.overdue),
                limit_hours: limits.of(stage),
            }
        })
        .collect())
}
