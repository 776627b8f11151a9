//! Routing, assignment and the queues: each work order is routed by kind (and product line)
//! to a skill group, where VIP customers' work is served first and, within a queue, the
//! earliest deadline first. New work goes to the least-loaded available agent of the group
//! who has room; "take next" hands an agent the head of their groups' queues, and two
//! agents taking next at once never get the same work order.

use crate::backend::messaging::staff_alerts::{self, Alert};
use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::{measures, platform, stored, DbKind};
use crate::backend::{AppState, Db, Tx};
use crate::domain::service_level::{Deadlines, DUE_SOON_MS, VIEW_COUNT_CAP};
use crate::domain::{
    Channel, Priority, QueueView, Role, ServiceType, StaffAlertKind, StaffStatus, VipTier, WorkOrderEventKind,
    WorkOrderKind, WorkOrderStatus,
};
use crate::error::AppError;
use crate::model::work_orders::{Presence, Queue, QueueCounts, QueueItem, SkillGroup};

/// How many lines a queue view shows at once.
const PAGE: i64 = 100;

/// How many of each group's head `take_next` considers: enough to pass over rows that
/// other agents are taking at the same moment.
const TAKE_CANDIDATES: i64 = 20;

/// A queue line's columns, read from `w` (the work orders, or a page of them) and the
/// joins of `ITEM_JOINS`.
const ITEM_COLUMNS: &str = "SELECT w.order_no, w.subject, w.kind, w.service_type, w.status, w.priority, \
     w.channel, c.customer_no, c.name AS customer_name, c.vip_tier, \
     g.code AS group_code, g.name_zh AS group_name_zh, g.name_en AS group_name_en, \
     w.assignee_staff_id, s.display_name AS assignee_name, w.created_at, w.updated_at, \
     w.first_response_due, w.first_response_at, w.next_response_due, w.resolution_due, w.resolved_at, w.next_due, \
     (SELECT m.author_kind FROM work_order_messages m WHERE m.work_order_id = w.id AND m.visibility = 'public' \
       ORDER BY m.at DESC, m.id DESC LIMIT 1) AS last_author_kind";
const ITEM_JOINS: &str = "JOIN customers c ON c.id = w.customer_id \
     LEFT JOIN skill_groups g ON g.id = w.skill_group_id \
     LEFT JOIN staff s ON s.id = w.assignee_staff_id";

/// Queue lines of the work orders in `from` (a table or a subquery, aliased `w`).
pub(super) fn item_select(from: &str) -> String {
    format!("{ITEM_COLUMNS} FROM {from} {ITEM_JOINS}")
}

/// What `QUEUE_ORDER` needs of a work order: the heads of a view read part by part are
/// chosen on these alone, from the index entries (`work_orders_unassigned_idx` and
/// `work_orders_mine_idx` carry `priority`).
const HEAD_COLUMNS: &str = "w.id, w.priority, w.next_due, w.created_at";

/// VIP first, then the earliest running deadline, then the oldest.
const QUEUE_ORDER: &str = "ORDER BY CASE WHEN w.priority = 'vip' THEN 0 ELSE 1 END, \
     CASE WHEN w.next_due IS NULL THEN 1 ELSE 0 END, w.next_due, w.created_at, w.id";

#[derive(sqlx::FromRow)]
pub(super) struct ItemRow {
    order_no: String,
    subject: String,
    kind: String,
    service_type: Option<String>,
    status: String,
    priority: String,
    channel: String,
    customer_no: String,
    customer_name: String,
    vip_tier: String,
    group_code: Option<String>,
    group_name_zh: Option<String>,
    group_name_en: Option<String>,
    assignee_staff_id: Option<i64>,
    assignee_name: Option<String>,
    created_at: i64,
    updated_at: i64,
    first_response_due: Option<i64>,
    first_response_at: Option<i64>,
    next_response_due: Option<i64>,
    resolution_due: Option<i64>,
    resolved_at: Option<i64>,
    next_due: Option<i64>,
    last_author_kind: Option<String>,
}

impl ItemRow {
    pub(super) fn into_item(self) -> Result<QueueItem, AppError> {
        let group = match (self.group_code, self.group_name_zh, self.group_name_en) {
            (Some(code), Some(name_zh), Some(name_en)) => Some(SkillGroup { code, name_zh, name_en }),
            _ => None,
        };
        Ok(QueueItem {
            order_no: self.order_no,
            subject: self.subject,
            kind: stored(WorkOrderKind::parse(&self.kind), "work order kind")?,
            service_type: self.service_type.as_deref().and_then(ServiceType::parse),
            status: stored(WorkOrderStatus::parse(&self.status), "work order status")?,
            priority: stored(Priority::parse(&self.priority), "priority")?,
            channel: stored(Channel::parse(&self.channel), "channel")?,
            customer_no: self.customer_no,
            customer_name: self.customer_name,
            vip_tier: stored(VipTier::parse(&self.vip_tier), "VIP tier")?,
            group,
            assignee: self.assignee_name,
            assignee_id: self.assignee_staff_id,
            opened_at: self.created_at,
            updated_at: self.updated_at,
            deadlines: Deadlines {
                first_response_due: self.first_response_due,
                first_response_at: self.first_response_at,
                next_response_due: self.next_response_due,
                resolution_due: self.resolution_due,
                resolved_at: self.resolved_at,
            },
            next_due: self.next_due,
            customer_waiting: self.last_author_kind.as_deref() == Some("customer"),
        })
    }
}

#[derive(sqlx::FromRow)]
struct IdRow {
    id: i64,
}

/// Records a line of a work order's history.
pub struct Event<'a> {
    pub order_id: i64,
    pub at: i64,
    pub actor_staff_id: Option<i64>,
    pub kind: WorkOrderEventKind,
    pub from_group_id: Option<i64>,
    pub to_group_id: Option<i64>,
    pub from_staff_id: Option<i64>,
    pub to_staff_id: Option<i64>,
    pub status: Option<WorkOrderStatus>,
    pub note: &'a str,
}

impl<'a> Event<'a> {
    pub fn new(order_id: i64, at: i64, actor_staff_id: Option<i64>, kind: WorkOrderEventKind) -> Self {
        Self {
            order_id,
            at,
            actor_staff_id,
            kind,
            from_group_id: None,
            to_group_id: None,
            from_staff_id: None,
            to_staff_id: None,
            status: None,
            note: "",
        }
    }
}

pub async fn record_event(tx: &mut Tx, e: Event<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO work_order_events (work_order_id, at, actor_staff_id, kind, from_group_id, to_group_id, from_staff_id, \
         to_staff_id, status, note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $2, $2)",
    )
    .bind(e.order_id)
    .bind(e.at)
    .bind(e.actor_staff_id)
    .bind(e.kind.as_str())
    .bind(e.from_group_id)
    .bind(e.to_group_id)
    .bind(e.from_staff_id)
    .bind(e.to_staff_id)
    .bind(e.status.map(WorkOrderStatus::as_str))
    .bind(e.note)
    .execute(&mut **tx)
    .await?;
    // A status change is the customer's news too; routing, assignment and transfers are not.
    crate::backend::platform::live::work_order_changed(tx, e.order_id, e.status.is_some()).await
}

/// The skill group for a kind of work order about a policy of `line` (if any): a route for
/// that line wins over the kind's general route.
async fn group_for(tx: &mut Tx, kind: WorkOrderKind, line: Option<&str>) -> Result<Option<i64>, AppError> {
    #[derive(sqlx::FromRow)]
    struct RouteRow {
        skill_group_id: i64,
    }
    let row: Option<RouteRow> = sqlx::query_as(
        "SELECT skill_group_id FROM work_order_routes WHERE kind = $1 AND line IN ($2, 'any') \
         ORDER BY CASE WHEN line = 'any' THEN 1 ELSE 0 END LIMIT 1",
    )
    .bind(kind.as_str())
    .bind(line.unwrap_or("any"))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.skill_group_id))
}

/// A new work order to route.
pub struct ToRoute<'a> {
    pub id: i64,
    pub order_no: &'a str,
    pub kind: WorkOrderKind,
    pub policy_id: Option<i64>,
    pub priority: Priority,
    pub at: i64,
}

/// Routes a new work order to its group, sets its deadlines, and gives it to the
/// least-loaded available agent of the group with room, if there is one. Returns the
/// assignee.
pub async fn route_new(tx: &mut Tx, order: ToRoute<'_>) -> Result<Option<i64>, AppError> {
    #[derive(sqlx::FromRow)]
    struct LineRow {
        line: String,
    }
    let line: Option<LineRow> = match order.policy_id {
        Some(policy_id) => {
            sqlx::query_as("SELECT pr.line FROM policies p JOIN products pr ON pr.id = p.product_id WHERE p.id = $1")
                .bind(policy_id)
                .fetch_optional(&mut **tx)
                .await?
        }
        None => None,
    };
    let group_id = group_for(tx, order.kind, line.as_ref().map(|l| l.line.as_str())).await?;
    let calendar = platform::calendar::calendar(tx).await?;
    let targets = platform::calendar::targets(tx, order.kind, order.priority).await?;
    let deadlines = Deadlines {
        first_response_due: Some(targets.first_response.due(&calendar, order.at)),
        resolution_due: Some(targets.resolution.due(&calendar, order.at)),
        ..Deadlines::default()
    };
    sqlx::query(
        "UPDATE work_orders SET skill_group_id = $1, first_response_due = $2, resolution_due = $3, next_due = $4 \
         WHERE id = $5",
    )
    .bind(group_id)
    .bind(deadlines.first_response_due)
    .bind(deadlines.resolution_due)
    .bind(deadlines.running(WorkOrderStatus::Open))
    .bind(order.id)
    .execute(&mut **tx)
    .await?;
    let mut routed = Event::new(order.id, order.at, None, WorkOrderEventKind::Routed);
    routed.to_group_id = group_id;
    record_event(tx, routed).await?;
    let Some(group_id) = group_id else { return Ok(None) };
    let Some(agent) = least_loaded_agent(tx, group_id).await? else {
        return Ok(None);
    };
    sqlx::query("UPDATE work_orders SET assignee_staff_id = $1 WHERE id = $2")
        .bind(agent)
        .bind(order.id)
        .execute(&mut **tx)
        .await?;
    let mut assigned = Event::new(order.id, order.at, None, WorkOrderEventKind::Assigned);
    assigned.to_staff_id = Some(agent);
    record_event(tx, assigned).await?;
    staff_alerts::raise(
        tx,
        Alert {
            staff_id: agent,
            kind: StaffAlertKind::Assigned,
            order_no: order.order_no,
            dedup_key: format!("assigned:{}:{}", order.order_no, order.at),
            at: order.at,
        },
    )
    .await?;
    Ok(Some(agent))
}

/// Takes a member of staff's row lock until the transaction ends, so that decisions about
/// their load (assignment, take next) queue instead of racing. SQLite's write transaction
/// already holds the database lock.
async fn lock_staff(tx: &mut Tx, staff_id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE staff SET updated_at = updated_at WHERE id = $1")
        .bind(staff_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// How many open work orders a member of staff has now.
async fn load_of(conn: &mut sqlx::AnyConnection, staff_id: i64) -> Result<i64, AppError> {
    #[derive(sqlx::FromRow)]
    struct CountRow {
        n: i64,
    }
    let row: CountRow = sqlx::query_as(&format!("SELECT {} AS n", measures::handler_load("$1")))
        .bind(staff_id)
        .fetch_one(conn)
        .await?;
    Ok(row.n)
}

/// The available agent of the group with the fewest open work orders and room for one more
/// (never one who is offline, away or busy, never one at capacity); the row is locked and
/// the load checked again under the lock.
async fn least_loaded_agent(tx: &mut Tx, group_id: i64) -> Result<Option<i64>, AppError> {
    let candidates: Vec<IdRow> = sqlx::query_as(&format!(
        "SELECT a.id FROM (SELECT s.id, s.capacity, {} AS load \
           FROM staff s JOIN staff_skill_groups sg ON sg.staff_id = s.id \
           WHERE sg.skill_group_id = $1 AND s.active = 1 AND s.status = 'available' AND s.role = 'agent') a \
         WHERE a.load < a.capacity ORDER BY a.load, a.id LIMIT 3",
        measures::handler_load("s.id")
    ))
    .bind(group_id)
    .fetch_all(&mut **tx)
    .await?;
    for candidate in candidates {
        lock_staff(tx, candidate.id).await?;
        let capacity = capacity_of(tx, candidate.id).await?;
        if load_of(tx, candidate.id).await? < capacity {
            return Ok(Some(candidate.id));
        }
    }
    Ok(None)
}

async fn capacity_of(conn: &mut sqlx::AnyConnection, staff_id: i64) -> Result<i64, AppError> {
    #[derive(sqlx::FromRow)]
    struct CapacityRow {
        capacity: i64,
    }
    let row: CapacityRow = sqlx::query_as("SELECT capacity FROM staff WHERE id = $1")
        .bind(staff_id)
        .fetch_one(conn)
        .await?;
    Ok(row.capacity)
}

/// Gives the caller the head of their groups' queues (unassigned, VIP first, earliest
/// deadline first). `None` when the queues are empty; 409 `at_capacity` when the caller
/// already has as much as they take.
pub async fn take_next(state: &AppState, staff: &StaffCaller, now: i64) -> Result<Option<String>, AppError> {
    let db = &state.db;
    // On PostgreSQL a row another agent is taking is skipped, not waited for; on SQLite the
    // write lock already puts takers in line.
    let skip_locked = if db.kind == DbKind::Postgres {
        " FOR UPDATE OF w SKIP LOCKED"
    } else {
        ""
    };
    // The head of each of the caller's groups, from the head of that group's index (a few
    // each, for rows other takers hold), then the first of those still free.
    let reach = Reach::of(db, staff).await?;
    let candidates = (0..reach.groups.len())
        .map(|i| {
            format!(
                "SELECT id FROM (SELECT w.id FROM work_orders w WHERE {desk} AND w.assignee_staff_id IS NULL \
                 AND {open} AND w.skill_group_id = ${n} {QUEUE_ORDER} LIMIT {TAKE_CANDIDATES}) c{i}",
                desk = on_desk(),
                open = open("w"),
                n = i + 1
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let take_sql = format!(
        "SELECT w.id, w.order_no, w.customer_id, w.skill_group_id FROM work_orders w \
         WHERE w.id IN ({candidates}) AND w.assignee_staff_id IS NULL {QUEUE_ORDER} LIMIT 1{skip_locked}"
    );
    for _ in 0..20 {
        let mut tx = db.begin_write().await?;
        lock_staff(&mut tx, staff.staff_id).await?;
        if load_of(&mut tx, staff.staff_id).await? >= capacity_of(&mut tx, staff.staff_id).await? {
            return Err(AppError::conflict(
                "work_order",
                "at_capacity",
                "You already have as many work orders as you take at once",
            ));
        }
        #[derive(sqlx::FromRow)]
        struct HeadRow {
            id: i64,
            order_no: String,
            customer_id: i64,
            skill_group_id: Option<i64>,
        }
        let head: Option<HeadRow> = if reach.groups.is_empty() {
            None
        } else {
            let mut query = sqlx::query_as(&take_sql);
            for group in &reach.groups {
                query = query.bind(*group);
            }
            query.fetch_optional(&mut *tx).await?
        };
        let Some(head) = head else {
            tx.rollback().await?;
            return Ok(None);
        };
        let taken = sqlx::query(
            "UPDATE work_orders SET assignee_staff_id = $1, updated_at = $2 WHERE id = $3 AND assignee_staff_id IS NULL",
        )
        .bind(staff.staff_id)
        .bind(now)
        .bind(head.id)
        .execute(&mut *tx)
        .await?;
        if taken.rows_affected() == 0 {
            // Someone else took it between the read and the write: try the next one.
            tx.rollback().await?;
            continue;
        }
        let mut event = Event::new(head.id, now, Some(staff.staff_id), WorkOrderEventKind::Taken);
        event.to_staff_id = Some(staff.staff_id);
        event.to_group_id = head.skill_group_id;
        record_event(&mut tx, event).await?;
        audit::record(
            &mut tx,
            AuditEntry {
                staff_id: staff.staff_id,
                action: "work_order.take",
                customer_id: Some(head.customer_id),
                detail: format!("order_no={}", head.order_no),
            },
        )
        .await?;
        tx.commit().await?;
        return Ok(Some(head.order_no));
    }
    Err(AppError::conflict(
        "work_order",
        "queue_busy",
        "Others are taking work from this queue right now; try again",
    ))
}

/// The work orders on the desk: active and not merged away. Every view's condition starts
/// with it, as written here, so the partial indexes on it apply (`work_orders_rank_idx`,
/// `work_orders_unassigned_idx`).
fn on_desk() -> String {
    format!("{} AND w.merged_into_id IS NULL", measures::work_order_active("w"))
}

/// Where the caller's views reach: a supervisor's (or admin's) everything; an agent's own
/// work and their groups' unassigned work. The groups bind from `$4` on.
struct Reach {
    supervises: bool,
    groups: Vec<i64>,
    sqlite: bool,
}

impl Reach {
    async fn of(db: &Db, staff: &StaffCaller) -> Result<Self, AppError> {
        let groups: Vec<IdRow> = sqlx::query_as(
            "SELECT skill_group_id AS id FROM staff_skill_groups WHERE staff_id = $1 ORDER BY skill_group_id",
        )
        .bind(staff.staff_id)
        .fetch_all(&db.pool)
        .await?;
        Ok(Self {
            supervises: staff.role.at_least(Role::Supervisor),
            groups: groups.into_iter().map(|g| g.id).collect(),
            sqlite: db.kind == DbKind::Sqlite,
        })
    }

    /// The work orders, aliased `w`, read through `index` on SQLite: it keeps no statistics
    /// (the platform never runs ANALYZE) and without them it read the whole desk through
    /// `work_orders_status_idx` and sorted every active work order (7 requests/s for a
    /// supervisor's queue at 50,000 customers). PostgreSQL chooses by its statistics.
    fn work_orders_by(&self, index: &str) -> String {
        if self.sqlite {
            format!("work_orders w INDEXED BY {index}")
        } else {
            "work_orders w".into()
        }
    }

    /// `$4, $5, …` for the groups; `NULL` (matching nothing) for none.
    fn group_list(&self) -> String {
        if self.groups.is_empty() {
            "NULL".into()
        } else {
            (0..self.groups.len())
                .map(|i| format!("${}", i + 4))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }

    /// What an agent may see of the shared views: their own, and their groups' unassigned.
    fn in_reach(&self) -> String {
        if self.supervises {
            "1 = 1".into()
        } else {
            format!(
                "(w.assignee_staff_id = $1 OR (w.assignee_staff_id IS NULL AND w.skill_group_id IN ({})))",
                self.group_list()
            )
        }
    }

    /// A view's condition on `w`, after `on_desk()`; `None` for a view the caller may not see.
    fn condition(&self, view: QueueView) -> Option<String> {
        Some(match view {
            QueueView::Mine => "w.assignee_staff_id = $1".to_string(),
            QueueView::Unassigned if self.supervises => format!("w.assignee_staff_id IS NULL AND {}", open("w")),
            QueueView::Unassigned => format!(
                "w.assignee_staff_id IS NULL AND {} AND w.skill_group_id IN ({})",
                open("w"),
                self.group_list()
            ),
            QueueView::AwaitingCustomer if self.supervises => "w.status = 'awaiting_customer'".to_string(),
            QueueView::AwaitingCustomer => "w.status = 'awaiting_customer' AND w.assignee_staff_id = $1".to_string(),
            QueueView::DueSoon => format!(
                "{} AND {}",
                measures::work_order_due_soon("w", "$2", "$3"),
                self.in_reach()
            ),
            QueueView::Breached => format!("{} AND {}", measures::work_order_overdue("w", "$2"), self.in_reach()),
            QueueView::All if self.supervises => "1 = 1".to_string(),
            QueueView::All => return None,
        })
    }

    /// Whether `view` is read part by part: an agent's own work and each of their groups'.
    fn by_parts(&self, view: QueueView) -> bool {
        !self.supervises && matches!(view, QueueView::Unassigned | QueueView::Breached | QueueView::DueSoon)
    }

    /// The conditions (after `on_desk()`) of the parts an agent's `view` is read in: their
    /// own work and each of their groups' unassigned work, each of which an index answers.
    /// When `counting`, due soon is read by the range of its window
    /// (`work_orders_unassigned_due_idx`: as one condition over the agent's reach it read
    /// every later deadline of their groups).
    fn parts(&self, view: QueueView, counting: bool) -> Vec<String> {
        let due = match view {
            QueueView::DueSoon if counting => {
                format!(" AND {}", measures::work_order_due_soon_by_range("w", "$2", "$3"))
            }
            QueueView::DueSoon => format!(" AND {}", measures::work_order_due_soon("w", "$2", "$3")),
            QueueView::Breached => format!(" AND {}", measures::work_order_overdue("w", "$2")),
            _ => String::new(),
        };
        let own = (view != QueueView::Unassigned).then(|| format!("w.assignee_staff_id = $1{due}"));
        let groups = (0..self.groups.len()).map(|i| {
            format!(
                "w.assignee_staff_id IS NULL AND {open} AND w.skill_group_id = ${n}{due}",
                open = open("w"),
                n = i + 4
            )
        });
        own.into_iter().chain(groups).collect()
    }

    /// The first `limit` work orders of `view` in queue order, as a subquery aliased `w`.
    /// An agent's shared views are read part by part (`parts`), each from the head of its
    /// index, so the cost is that of a page per part however long the queues are.
    fn page(&self, view: QueueView, limit: i64) -> Option<String> {
        let desk = on_desk();
        if self.by_parts(view) {
            let heads = self
                .parts(view, false)
                .iter()
                .enumerate()
                .map(|(i, part)| {
                    format!(
                        "SELECT * FROM (SELECT {HEAD_COLUMNS} FROM work_orders w WHERE {desk} AND {part} \
                         {QUEUE_ORDER} LIMIT {limit}) h{i}"
                    )
                })
                .collect::<Vec<_>>();
            if heads.is_empty() {
                return Some(
                    "(SELECT w.* FROM work_orders w WHERE 1 = 0 AND $1 = $1 AND $2 = $2 AND $3 = $3) w".into(),
                );
            }
            // The page is chosen from the heads' index entries; only its rows are read whole.
            return Some(format!(
                "(SELECT w.* FROM work_orders w WHERE w.id IN (SELECT w.id FROM ({}) w \
                   WHERE $1 = $1 AND $2 = $2 AND $3 = $3 {QUEUE_ORDER} LIMIT {limit})) w",
                heads.join(" UNION ALL ")
            ));
        }
        let condition = self.condition(view)?;
        // The whole desk in queue order is the head of `work_orders_rank_idx`.
        let from = if view == QueueView::All {
            self.work_orders_by("work_orders_rank_idx")
        } else {
            "work_orders w".into()
        };
        Some(format!(
            "(SELECT w.* FROM {from} WHERE {desk} AND {condition} AND $1 = $1 AND $2 = $2 AND $3 = $3 \
             {QUEUE_ORDER} LIMIT {limit}) w"
        ))
    }

    /// Binds the staff id, now, the end of "due soon" and the groups, in that order.
    fn bind<'q, O>(
        &self,
        query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
        staff: &StaffCaller,
        now: i64,
    ) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
        let mut query = query.bind(staff.staff_id).bind(now).bind(now + DUE_SOON_MS);
        for group in &self.groups {
            query = query.bind(*group);
        }
        query
    }
}

fn open(w: &str) -> String {
    measures::work_order_open(w)
}

/// The counts of every view, each counted only up to `VIEW_COUNT_CAP` (the desk shows
/// "99+" beyond), so a count costs at most that many index entries however full the
/// queues are.
pub async fn counts(db: &Db, staff: &StaffCaller, now: i64) -> Result<QueueCounts, AppError> {
    let reach = Reach::of(db, staff).await?;
    counts_in(db, staff, &reach, now).await
}

async fn counts_in(db: &Db, staff: &StaffCaller, reach: &Reach, now: i64) -> Result<QueueCounts, AppError> {
    #[derive(sqlx::FromRow)]
    struct CountsRow {
        mine: i64,
        unassigned: i64,
        awaiting_customer: i64,
        due_soon: i64,
        breached: i64,
        total: i64,
    }
    // Each count stops at the cap. An agent's unassigned, due-soon and breached work is counted
    // part by part, as the view reads it; deadlines from the oldest, in the order
    // of their index (a bitmap of every breached work order would not stop at the cap);
    // the rest straight from the index that fits the condition.
    let desk = on_desk();
    let count = |view: QueueView| {
        if reach.by_parts(view) {
            // Up to the cap from each part, in no order (a count needs none), the whole
            // stopping at the cap.
            let parts = reach
                .parts(view, true)
                .iter()
                .map(|part| {
                    format!("SELECT * FROM (SELECT 1 AS one FROM work_orders w WHERE {desk} AND {part} LIMIT {VIEW_COUNT_CAP}) p")
                })
                .collect::<Vec<_>>();
            if parts.is_empty() {
                return Some("0".into());
            }
            return Some(format!(
                "(SELECT COUNT(*) FROM (SELECT one FROM ({}) p WHERE $1 = $1 AND $2 = $2 AND $3 = $3 LIMIT {VIEW_COUNT_CAP}) c)",
                parts.join(" UNION ALL ")
            ));
        }
        // Deadlines: the (up to) cap earliest running deadlines from `now` on, or overall,
        // read in `next_due` order, then those within the measure's bound counted. Since
        // they are read in order, the ones that count are a prefix, so this is exact below
        // the cap (`measures::work_order_overdue` and `work_order_due_soon` as a range read
        // from one end; a range condition let the planner build a bitmap of every breached
        // work order before the cap applied).
        let by_deadline = match view {
            QueueView::Breached => Some(("w.next_due IS NOT NULL", "c.next_due <= $2")),
            QueueView::DueSoon => Some(("w.next_due > $2", "c.next_due <= $3")),
            _ => None,
        };
        if let Some((from, within)) = by_deadline {
            return Some(format!(
                "(SELECT COUNT(*) FROM (SELECT w.next_due FROM {table} WHERE {desk} AND {open} AND {from} \
                   AND {reach} AND $1 = $1 AND $2 = $2 AND $3 = $3 ORDER BY w.next_due LIMIT {VIEW_COUNT_CAP}) c \
                 WHERE {within})",
                table = reach.work_orders_by("work_orders_next_due_idx"),
                open = open("w"),
                reach = reach.in_reach(),
            ));
        }
        reach.condition(view).map(|condition| {
            format!(
                "(SELECT COUNT(*) FROM (SELECT 1 AS one FROM work_orders w WHERE {desk} AND {condition} \
                   AND $1 = $1 AND $2 = $2 AND $3 = $3 LIMIT {VIEW_COUNT_CAP}) c)"
            )
        })
    };
    let count = |view: QueueView| count(view).unwrap_or_else(|| "0".to_string());
    let sql = format!(
        "SELECT {} AS mine, {} AS unassigned, {} AS awaiting_customer, {} AS due_soon, {} AS breached, {} AS total",
        count(QueueView::Mine),
        count(QueueView::Unassigned),
        count(QueueView::AwaitingCustomer),
        count(QueueView::DueSoon),
        count(QueueView::Breached),
        count(QueueView::All),
    );
    let row: CountsRow = reach.bind(sqlx::query_as(&sql), staff, now).fetch_one(&db.pool).await?;
    Ok(QueueCounts {
        mine: row.mine,
        unassigned: row.unassigned,
        awaiting_customer: row.awaiting_customer,
        due_soon: row.due_soon,
        breached: row.breached,
        all: reach.supervises.then_some(row.total),
    })
}

/// One view of the queues, its first page in queue order.
pub async fn view(db: &Db, staff: &StaffCaller, view: QueueView, now: i64) -> Result<Queue, AppError> {
    let reach = Reach::of(db, staff).await?;
    // The page is chosen first, on the work orders alone; the joins and the last-author
    // lookup then run for its lines only, not for every work order in the view.
    let page = reach.page(view, PAGE + 1).ok_or(AppError::Forbidden)?;
    let sql = format!("{} {QUEUE_ORDER}", item_select(&page));
    let rows: Vec<ItemRow> = reach.bind(sqlx::query_as(&sql), staff, now).fetch_all(&db.pool).await?;
    let more = rows.len() as i64 > PAGE;
    let items = rows
        .into_iter()
        .take(PAGE as usize)
        .map(ItemRow::into_item)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Queue {
        view,
        counts: counts_in(db, staff, &reach, now).await?,
        items,
        more,
        presence: presence(db, staff.staff_id).await?,
        now,
    })
}

/// The caller's presence, capacity, load and groups.
pub async fn presence(db: &Db, staff_id: i64) -> Result<Presence, AppError> {
    #[derive(sqlx::FromRow)]
    struct StaffRow {
        display_name: String,
        status: String,
        capacity: i64,
    }
    let mut conn = db.pool.acquire().await?;
    let row: StaffRow = sqlx::query_as("SELECT display_name, status, capacity FROM staff WHERE id = $1")
        .bind(staff_id)
        .fetch_one(&mut *conn)
        .await?;
    let groups = groups_of(&mut conn, Some(staff_id)).await?;
    Ok(Presence {
        name: row.display_name,
        status: stored(StaffStatus::parse(&row.status), "staff status")?,
        capacity: row.capacity,
        load: load_of(&mut conn, staff_id).await?,
        groups,
    })
}

/// The skill groups of a member of staff, or every group.
pub async fn groups_of(conn: &mut sqlx::AnyConnection, staff_id: Option<i64>) -> Result<Vec<SkillGroup>, AppError> {
    #[derive(sqlx::FromRow)]
    struct GroupRow {
        code: String,
        name_zh: String,
        name_en: String,
    }
    let rows: Vec<GroupRow> = match staff_id {
        Some(id) => {
            sqlx::query_as(
                "SELECT g.code, g.name_zh, g.name_en FROM skill_groups g \
                 JOIN staff_skill_groups sg ON sg.skill_group_id = g.id WHERE sg.staff_id = $1 ORDER BY g.id",
            )
            .bind(id)
            .fetch_all(conn)
            .await?
        }
        None => {
            sqlx::query_as("SELECT code, name_zh, name_en FROM skill_groups ORDER BY id")
                .fetch_all(conn)
                .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|r| SkillGroup {
            code: r.code,
            name_zh: r.name_zh,
            name_en: r.name_en,
        })
        .collect())
}

/// Sets the caller's presence: only `available` agents get new work automatically.
pub async fn set_status(db: &Db, staff_id: i64, status: StaffStatus, now: i64) -> Result<Presence, AppError> {
    let mut tx = db.begin_write().await?;
    crate::backend::staff::set_status(&mut tx, staff_id, status, now).await?;
    tx.commit().await?;
    presence(db, staff_id).await
}
