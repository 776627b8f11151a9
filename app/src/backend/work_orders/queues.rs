//! The queues: within a skill group's queue VIP customers' work is served first and then
//! the earliest deadline first (routing and assignment: `routing`); "take next" hands an
//! agent the head of their groups' queues, and two agents taking next at once never get
//! the same work order.

use super::history::{record_event, Event};
use super::routing::{capacity_of, load_of, lock_staff};
use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::{measures, stored, DbKind};
use crate::backend::{AppState, Db};
use crate::domain::service_level::{Deadlines, DUE_SOON_MS, VIEW_COUNT_CAP};
use crate::domain::{
    Channel, Priority, QueueView, Role, ServiceType, StaffStatus, VipTier, WorkOrderEventKind, WorkOrderKind,
    WorkOrderStatus,
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
     w.last_public_author_kind";
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

/// The queue order's first key (and the queue indexes'): VIP first.
macro_rules! vip_first {
    () => {
        "CASE WHEN w.priority = 'vip' THEN 0 ELSE 1 END"
    };
}

/// The queue order's second key: work with a running deadline before work without.
macro_rules! deadline_first {
    () => {
        "CASE WHEN w.next_due IS NULL THEN 1 ELSE 0 END"
    };
}

/// VIP first, then the earliest running deadline, then the oldest.
const QUEUE_ORDER: &str = concat!(
    "ORDER BY ",
    vip_first!(),
    ", ",
    deadline_first!(),
    ", w.next_due, w.created_at, w.id"
);

/// A deadline view's part read as two ranges of its index, VIP and the rest, each with a
/// running deadline: a condition on `next_due` alone is no range of an index that puts VIP
/// first, so each group's every VIP line was read to find the breached ones after them.
const DEADLINE_RANGES: [&str; 2] = [
    concat!(vip_first!(), " = 0 AND ", deadline_first!(), " = 0"),
    concat!(vip_first!(), " = 1 AND ", deadline_first!(), " = 0"),
];

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
    last_public_author_kind: Option<String>,
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
            customer_waiting: self.last_public_author_kind.as_deref() == Some("customer"),
        })
    }
}

#[derive(sqlx::FromRow)]
struct IdRow {
    id: i64,
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
    // Whether the heads are there at all, locked or not: every head held by other takers at
    // that moment is a busy queue to try again, not an empty one.
    let any_sql =
        format!("SELECT w.id FROM work_orders w WHERE w.id IN ({candidates}) AND w.assignee_staff_id IS NULL LIMIT 1");
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
            let mut query = sqlx::query_as::<_, IdRow>(&any_sql);
            for group in &reach.groups {
                query = query.bind(*group);
            }
            let waiting = !reach.groups.is_empty() && query.fetch_optional(&mut *tx).await?.is_some();
            tx.rollback().await?;
            if waiting && !skip_locked.is_empty() {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                continue;
            }
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
            let parts = self.parts(view, false);
            let parts: Vec<String> = if matches!(view, QueueView::Breached | QueueView::DueSoon) {
                parts
                    .iter()
                    .flat_map(|part| DEADLINE_RANGES.iter().map(move |range| format!("{part} AND {range}")))
                    .collect()
            } else {
                parts
            };
            let heads = parts
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
    // The page is chosen first, on the work orders alone; the joins then run for its lines
    // only, not for every work order in the view.
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
