//! A work order in staff hands: the whole case on one screen, public replies and internal
//! notes, status changes with how it ended, and transfers with a note. Every change is
//! audited in its own transaction; an internal note never reaches the customer.

use crate::backend::feedback::follow_ups;
use crate::backend::messaging::notify::{notify, NewNotification};
use crate::backend::messaging::staff_alerts::{self, Alert};
use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::platform::facts;
use crate::backend::work_orders::access::{
    order_by_number, order_to_act_on, order_to_write, reach, visible_to, OrderRow, Reach,
};
use crate::backend::work_orders::history::{record_event, Event};
use crate::backend::work_orders::queues::{self, item_select, ItemRow};
use crate::backend::work_orders::{add_message, changes, visible_change, Author, Visibility};
use crate::backend::{customers, customers::documents, platform, stored, Db, Tx};
use crate::domain::calendar::{Date, INSURER_OFFSET_MS};
use crate::domain::service_level::Deadlines;
use crate::domain::{
    check_staff_status, CannedReplyContext, ChangeStatus, ComplaintCategory, CustomerNumber, DocumentPurpose, Invalid,
    NotificationKind, ResolutionCode, Role, ServiceType, StaffAlertKind, WorkOrderEventKind, WorkOrderKind,
    WorkOrderStatus, HANDOVER_NOTE, MESSAGE, REASON,
};
use crate::error::{internal_error, AppError};
use crate::model::work_orders::{DeskEvent, DeskMessage, DeskReply, DeskWorkOrder, SkillGroup, Transfer, Transferred};

/// The facts about a work order that decide what staff may do with it.
/// Everything about a work order on one screen. Audited as a read of the customer's data.
pub async fn detail(db: &Db, staff: &StaffCaller, order_no: &str, now: i64) -> Result<DeskWorkOrder, AppError> {
    let mut conn = db.pool.acquire().await?;
    let order = order_by_number(&mut conn, order_no).await?.ok_or(AppError::NotFound)?;
    let reach = reach(&mut conn, staff, &order).await?;
    if reach == Reach::None {
        return Err(AppError::NotFound);
    }
    let item: ItemRow = sqlx::query_as(&format!("{} WHERE w.id = $1", item_select("work_orders w")))
        .bind(order.id)
        .fetch_one(&mut *conn)
        .await?;
    let item = item.into_item()?;

    #[derive(sqlx::FromRow)]
    struct ExtraRow {
        request_data: Option<String>,
        change_status: Option<String>,
        change_refusal_reason: Option<String>,
        policy_no: Option<String>,
        resolution_code: Option<String>,
        complaint_category: Option<String>,
    }
    let extra: ExtraRow = sqlx::query_as(
        "SELECT w.request_data, w.change_status, w.change_refusal_reason, p.policy_no, w.resolution_code, \
           w.complaint_category FROM work_orders w \
         LEFT JOIN policies p ON p.id = w.policy_id WHERE w.id = $1",
    )
    .bind(order.id)
    .fetch_one(&mut *conn)
    .await?;

    #[derive(sqlx::FromRow)]
    struct MessageRow {
        author_kind: String,
        author_name: Option<String>,
        visibility: String,
        body: String,
        at: i64,
    }
    let messages: Vec<MessageRow> = sqlx::query_as(
        "SELECT m.author_kind, CASE WHEN m.author_kind = 'staff' THEN s.display_name ELSE c.name END AS author_name, \
           m.visibility, m.body, m.at \
         FROM work_order_messages m \
         LEFT JOIN staff s ON m.author_kind = 'staff' AND s.id = m.author_id \
         LEFT JOIN customers c ON m.author_kind = 'customer' AND c.id = m.author_id \
         WHERE m.work_order_id = $1 ORDER BY m.at, m.id",
    )
    .bind(order.id)
    .fetch_all(&mut *conn)
    .await?;

    #[derive(sqlx::FromRow)]
    struct EventRow {
        at: i64,
        kind: String,
        actor: Option<String>,
        from_code: Option<String>,
        from_zh: Option<String>,
        from_en: Option<String>,
        to_code: Option<String>,
        to_zh: Option<String>,
        to_en: Option<String>,
        from_staff: Option<String>,
        to_staff: Option<String>,
        status: Option<String>,
        note: String,
    }
    let events: Vec<EventRow> = sqlx::query_as(
        "SELECT e.at, e.kind, a.display_name AS actor, fg.code AS from_code, fg.name_zh AS from_zh, \
           fg.name_en AS from_en, tg.code AS to_code, tg.name_zh AS to_zh, tg.name_en AS to_en, \
           fs.display_name AS from_staff, ts.display_name AS to_staff, e.status, e.note \
         FROM work_order_events e \
         LEFT JOIN staff a ON a.id = e.actor_staff_id \
         LEFT JOIN skill_groups fg ON fg.id = e.from_group_id \
         LEFT JOIN skill_groups tg ON tg.id = e.to_group_id \
         LEFT JOIN staff fs ON fs.id = e.from_staff_id \
         LEFT JOIN staff ts ON ts.id = e.to_staff_id \
         WHERE e.work_order_id = $1 ORDER BY e.at, e.id",
    )
    .bind(order.id)
    .fetch_all(&mut *conn)
    .await?;
    let group = |code: Option<String>, zh: Option<String>, en: Option<String>| match (code, zh, en) {
        (Some(code), Some(name_zh), Some(name_en)) => Some(SkillGroup { code, name_zh, name_en }),
        _ => None,
    };

    let customer_no = stored(CustomerNumber::parse(&item.customer_no).ok(), "customer number")?;
    let groups = queues::groups_of(&mut conn, None).await?;
    let colleagues = crate::backend::staff::colleagues(&mut conn).await?;
    // Placeholders read as the customer reads them: the date in the insurer's time zone, and
    // never one gone by (`Deadlines::promise`).
    let due_date = item
        .deadlines
        .promise(now)
        .map(|due| Date::at(due, INSURER_OFFSET_MS).iso())
        .unwrap_or_default();
    let context = CannedReplyContext {
        customer_name: &item.customer_name,
        order_no: &item.order_no,
        due_date: &due_date,
    };
    let canned_replies =
        crate::backend::content::canned_replies::for_order(&mut conn, staff.staff_id, &context).await?;
    let related = crate::backend::work_orders::references::related_to(&mut conn, order.id).await?;
    let recordings = crate::backend::work_orders::references::recordings_of(&mut conn, order.id).await?;
    #[derive(sqlx::FromRow)]
    struct ScoreRow {
        score: i64,
    }
    let rating: Option<ScoreRow> = sqlx::query_as(
        "SELECT score FROM ratings WHERE source = 'portal' AND subject_kind = 'work_order' AND subject_id = $1",
    )
    .bind(order.id)
    .fetch_optional(&mut *conn)
    .await?;
    drop(conn);
    let (_, customer) = customers::profile(db, &customer_no)
        .await?
        .ok_or_else(|| internal_error(&"work order without its customer"))?;
    let documents = documents::list_attached(db, order.customer_id, DocumentPurpose::WorkOrder, order.id).await?;
    audit::record_read(
        db,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "work_order.view",
            customer_id: Some(order.customer_id),
            detail: format!("order_no={}", order.order_no),
        },
    )
    .await?;
    Ok(DeskWorkOrder {
        item,
        policy_no: extra.policy_no,
        change: extra.request_data.as_deref().map(visible_change).unwrap_or_default(),
        change_status: extra.change_status.as_deref().and_then(ChangeStatus::parse),
        change_refusal_reason: extra.change_refusal_reason,
        messages: messages
            .into_iter()
            .map(|m| DeskMessage {
                from_customer: m.author_kind == "customer",
                author: m.author_name.unwrap_or_default(),
                internal: m.visibility == "internal",
                body: m.body,
                at: m.at,
            })
            .collect(),
        events: events
            .into_iter()
            .map(|e| {
                Ok(DeskEvent {
                    at: e.at,
                    kind: stored(WorkOrderEventKind::parse(&e.kind), "work order event")?,
                    actor: e.actor,
                    from_group: group(e.from_code, e.from_zh, e.from_en),
                    to_group: group(e.to_code, e.to_zh, e.to_en),
                    from_staff: e.from_staff,
                    to_staff: e.to_staff,
                    status: e.status.as_deref().and_then(WorkOrderStatus::parse),
                    note: e.note,
                })
            })
            .collect::<Result<_, AppError>>()?,
        documents,
        customer,
        resolution_code: extra.resolution_code.as_deref().and_then(ResolutionCode::parse),
        complaint_category: extra.complaint_category.as_deref().and_then(ComplaintCategory::parse),
        rating: rating.map(|r| r.score),
        groups,
        colleagues,
        can_act: reach == Reach::Act,
        canned_replies,
        related,
        recordings,
        now,
    })
}

/// What a reply or status change leaves on the work order, written in one statement: the
/// status, the deadlines and the running one, the resolution.
pub struct Outcome {
    pub status: WorkOrderStatus,
    pub deadlines: Deadlines,
    pub paused_at: Option<i64>,
    pub resolution: Option<ResolutionCode>,
    pub category: Option<ComplaintCategory>,
    pub at: i64,
}

/// Writes an outcome (in the caller's transaction, with the reply or status event it
/// belongs to).
pub async fn save(tx: &mut Tx, order_id: i64, o: &Outcome) -> Result<(), AppError> {
    let before = facts::work_order_before(tx, order_id).await?;
    let d = &o.deadlines;
    sqlx::query(
        "UPDATE work_orders SET status = $1, first_response_at = $2, next_response_due = $3, resolution_due = $4, \
         resolved_at = $5, paused_at = $6, next_due = $7, resolution_code = COALESCE($8, resolution_code), \
         complaint_category = COALESCE($9, complaint_category), updated_at = $10 WHERE id = $11",
    )
    .bind(o.status.as_str())
    .bind(d.first_response_at)
    .bind(d.next_response_due)
    .bind(d.resolution_due)
    .bind(d.resolved_at)
    .bind(o.paused_at)
    .bind(d.running(o.status))
    .bind(o.resolution.map(ResolutionCode::as_str))
    .bind(o.category.map(ComplaintCategory::as_str))
    .bind(o.at)
    .bind(order_id)
    .execute(&mut **tx)
    .await?;
    facts::work_order_changed(tx, order_id, before.as_ref(), o.at).await
}

/// A public reply and/or a status change. Taking up an unassigned work order makes it the
/// caller's; the customer is told; the first response and the next-response deadline are
/// recorded; waiting for the customer pauses the resolution clock.
pub async fn reply(db: &Db, staff: &StaffCaller, form: &DeskReply, now: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let order = order_to_act_on(&mut tx, staff, &form.order_no).await?;
    reply_on(&mut tx, staff, &order, form, now).await?;
    tx.commit().await?;
    Ok(())
}

/// `reply` inside the caller's transaction, on an order the caller may act on.
async fn reply_on(
    tx: &mut Tx,
    staff: &StaffCaller,
    order: &OrderRow,
    form: &DeskReply,
    now: i64,
) -> Result<(), AppError> {
    let message = form.message.trim();
    let message = if message.is_empty() {
        None
    } else {
        Some(MESSAGE.check(message).map_err(|e| AppError::invalid("message", e))?)
    };
    let to = WorkOrderStatus::parse(form.status.trim())
        .ok_or_else(|| AppError::invalid("status", Invalid::new("status_invalid", "Choose the new status")))?;
    let resolution = parse_optional(&form.resolution_code, ResolutionCode::parse, "resolution_code")?;
    let category = parse_optional(&form.complaint_category, ComplaintCategory::parse, "complaint_category")?;
    let from = order.status()?;
    let kind = order.kind()?;
    if message.is_none() && from == to {
        return Err(AppError::invalid(
            "message",
            Invalid::new("message_required", "Write your message"),
        ));
    }
    if from != to || message.is_some() {
        let recorded_resolution = order.resolution_code.as_deref().and_then(ResolutionCode::parse);
        let recorded_category = order.complaint_category.as_deref().and_then(ComplaintCategory::parse);
        check_staff_status(
            kind,
            from,
            to,
            resolution.or(recorded_resolution),
            category.or(recorded_category),
        )
        .map_err(|(field, e)| AppError::invalid(field, e))?;
    }
    if order.assignee_staff_id.is_none() {
        take(tx, order, staff.staff_id, now).await?;
    }
    let mut deadlines = order.deadlines();
    let mut paused_at = order.paused_at;
    if let Some(message) = &message {
        add_message(
            tx,
            order.id,
            Author::Staff,
            staff.staff_id,
            Visibility::Public,
            message,
            now,
        )
        .await?;
        deadlines.first_response_at.get_or_insert(now);
        deadlines.next_response_due = None;
    }
    if from != to {
        let calendar = platform::calendar::calendar(tx).await?;
        let targets = platform::calendar::targets(tx, kind, order.priority()?).await?;
        // Leaving the wait for the customer restarts the resolution clock where it stopped.
        if let (Some(since), Some(due)) = (paused_at.take(), deadlines.resolution_due) {
            deadlines.resolution_due = Some(targets.resolution.resume(&calendar, due, since, now));
        }
        match to {
            WorkOrderStatus::AwaitingCustomer => paused_at = Some(now),
            WorkOrderStatus::Resolved | WorkOrderStatus::Closed => {
                deadlines.resolved_at.get_or_insert(now);
                // Every resolved complaint gets a follow-up call (回访).
                if kind == WorkOrderKind::Complaint {
                    let subject = follow_ups::Subject::Complaint { order_id: order.id };
                    follow_ups::schedule(tx, order.customer_id, subject, now).await?;
                }
            }
            WorkOrderStatus::InProgress | WorkOrderStatus::Open => deadlines.resolved_at = None,
        }
        let mut event = Event::new(order.id, now, Some(staff.staff_id), WorkOrderEventKind::Status);
        event.status = Some(to);
        record_event(tx, event).await?;
    }
    save(
        tx,
        order.id,
        &Outcome {
            status: to,
            deadlines,
            paused_at,
            resolution,
            category,
            at: now,
        },
    )
    .await?;
    notify(
        tx,
        order.customer_id,
        NewNotification {
            kind: NotificationKind::WorkOrderReply,
            params: vec![("order_no", order.order_no.clone())],
            dedup_key: None,
        },
    )
    .await?;
    audit::record(
        tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "work_order.reply",
            customer_id: Some(order.customer_id),
            detail: format!(
                "order_no={} status={} message={}",
                order.order_no,
                to.as_str(),
                message.is_some()
            ),
        },
    )
    .await
}

/// Decides the change a policy-service request asks for: approving applies it to the
/// customer or policy record in the same transaction and resolves the work order; refusing
/// resolves it with the reason as a reply the customer reads. Once only: a second decision
/// (or two at once) answers 409 `change_decided`.
pub async fn decide_change(
    db: &Db,
    staff: &StaffCaller,
    order_no: &str,
    approve: bool,
    reason: &str,
    now: i64,
) -> Result<(), AppError> {
    let reason = if approve {
        String::new()
    } else {
        REASON.check(reason).map_err(|e| AppError::invalid("reason", e))?
    };
    let mut tx = db.begin_write().await?;
    // Changing a policy or a payee is for policy-service staff, wherever the order went.
    if !staff.role.at_least(Role::Supervisor)
        && !crate::backend::staff::handles(&mut tx, staff.staff_id, WorkOrderKind::PolicyService).await?
    {
        return Err(AppError::Forbidden);
    }
    let order = order_to_act_on(&mut tx, staff, order_no).await?;
    #[derive(sqlx::FromRow)]
    struct ChangeRow {
        policy_id: Option<i64>,
        service_type: Option<String>,
        request_data: Option<String>,
        change_status: Option<String>,
    }
    let change: ChangeRow =
        sqlx::query_as("SELECT policy_id, service_type, request_data, change_status FROM work_orders WHERE id = $1")
            .bind(order.id)
            .fetch_one(&mut *tx)
            .await?;
    let (Some(service), Some(data)) = (
        change.service_type.as_deref().and_then(ServiceType::parse),
        change.request_data.as_deref(),
    ) else {
        return Err(AppError::conflict(
            "change",
            "no_change_requested",
            "This work order asks for no change",
        ));
    };
    if change.change_status.as_deref() != Some(ChangeStatus::Pending.as_str()) {
        return Err(change_decided());
    }
    let applied = if approve {
        changes::apply(&mut tx, order.customer_id, change.policy_id, service, data, now).await?
    } else {
        String::new()
    };
    let decided = sqlx::query(
        "UPDATE work_orders SET change_status = $1, change_decided_by_staff_id = $2, change_decided_at = $3, \
           change_refusal_reason = $4 WHERE id = $5 AND change_status = 'pending'",
    )
    .bind(
        if approve {
            ChangeStatus::Applied
        } else {
            ChangeStatus::Refused
        }
        .as_str(),
    )
    .bind(staff.staff_id)
    .bind(now)
    .bind((!approve).then_some(reason.as_str()))
    .bind(order.id)
    .execute(&mut *tx)
    .await?;
    if decided.rows_affected() == 0 {
        return Err(change_decided());
    }
    let resolution = if approve {
        ResolutionCode::Changed
    } else {
        ResolutionCode::Explained
    };
    let answer = DeskReply {
        order_no: order.order_no.clone(),
        message: reason,
        status: WorkOrderStatus::Resolved.as_str().to_string(),
        resolution_code: resolution.as_str().to_string(),
        complaint_category: String::new(),
    };
    reply_on(&mut tx, staff, &order, &answer, now).await?;
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: if approve {
                "work_order.change_applied"
            } else {
                "work_order.change_refused"
            },
            customer_id: Some(order.customer_id),
            detail: format!("order_no={} service={} {applied}", order.order_no, service.as_str()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn change_decided() -> AppError {
    AppError::conflict("change", "change_decided", "This change was decided already")
}

fn parse_optional<T>(text: &str, parse: fn(&str) -> Option<T>, field: &str) -> Result<Option<T>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    parse(text)
        .map(Some)
        .ok_or_else(|| AppError::invalid(field, Invalid::new("choice_invalid", "Choose one of the options")))
}

/// Makes an unassigned work order this member of staff's, with the `taken` event.
pub async fn take(tx: &mut Tx, order: &OrderRow, staff_id: i64, now: i64) -> Result<(), AppError> {
    let taken =
        sqlx::query("UPDATE work_orders SET assignee_staff_id = $1 WHERE id = $2 AND assignee_staff_id IS NULL")
            .bind(staff_id)
            .bind(order.id)
            .execute(&mut **tx)
            .await?;
    if taken.rows_affected() == 0 {
        return Err(AppError::conflict(
            "work_order",
            "not_yours",
            "A colleague took this work order a moment ago",
        ));
    }
    let mut event = Event::new(order.id, now, Some(staff_id), WorkOrderEventKind::Taken);
    event.to_staff_id = Some(staff_id);
    event.to_group_id = order.skill_group_id;
    record_event(tx, event).await
}

/// Passes the work order on to a group (and a colleague in it, or its queue), with the
/// `transferred` event and the note that goes with it.
pub async fn move_to(
    tx: &mut Tx,
    order: &OrderRow,
    group_id: i64,
    to_staff: Option<i64>,
    by: i64,
    note: &str,
    now: i64,
) -> Result<(), AppError> {
    let before = facts::work_order_before(tx, order.id).await?;
    sqlx::query("UPDATE work_orders SET skill_group_id = $1, assignee_staff_id = $2, updated_at = $3 WHERE id = $4")
        .bind(group_id)
        .bind(to_staff)
        .bind(now)
        .bind(order.id)
        .execute(&mut **tx)
        .await?;
    facts::work_order_changed(tx, order.id, before.as_ref(), now).await?;
    let mut event = Event::new(order.id, now, Some(by), WorkOrderEventKind::Transferred);
    event.from_group_id = order.skill_group_id;
    event.to_group_id = Some(group_id);
    event.from_staff_id = order.assignee_staff_id;
    event.to_staff_id = to_staff;
    event.note = note;
    record_event(tx, event).await
}

/// An internal note: staff only, never shown or sent to the customer.
pub async fn add_note(db: &Db, staff: &StaffCaller, order_no: &str, note: &str, now: i64) -> Result<(), AppError> {
    let note = MESSAGE.check(note).map_err(|e| AppError::invalid("note", e))?;
    let mut tx = db.begin_write().await?;
    let order = order_to_write(&mut tx, order_no).await?;
    // Anyone who may read the work order may leave a note on it.
    if reach(&mut tx, staff, &order).await? == Reach::None {
        return Err(AppError::NotFound);
    }
    add_message(
        &mut tx,
        order.id,
        Author::Staff,
        staff.staff_id,
        Visibility::Internal,
        &note,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "work_order.note",
            customer_id: Some(order.customer_id),
            detail: format!("order_no={}", order.order_no),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Passes a work order to another group's queue or to a colleague in it, with the reason.
pub async fn transfer(db: &Db, staff: &StaffCaller, form: &Transfer, now: i64) -> Result<Transferred, AppError> {
    let note = HANDOVER_NOTE
        .check(&form.note)
        .map_err(|e| AppError::invalid("note", e))?;
    let mut tx = db.begin_write().await?;
    #[derive(sqlx::FromRow)]
    struct GroupRow {
        id: i64,
        code: String,
        name_zh: String,
        name_en: String,
    }
    let group: Option<GroupRow> = sqlx::query_as("SELECT id, code, name_zh, name_en FROM skill_groups WHERE code = $1")
        .bind(form.group.trim())
        .fetch_optional(&mut *tx)
        .await?;
    let group = group.ok_or_else(|| {
        AppError::invalid(
            "group",
            Invalid::new("group_required", "Choose the group to pass it to"),
        )
    })?;
    let order = order_to_act_on(&mut tx, staff, &form.order_no).await?;
    if order.status()?.is_finished() {
        return Err(AppError::conflict(
            "work_order",
            "work_order_finished",
            "This work order is finished; reopen it first",
        ));
    }
    let to_staff = if form.staff_id == 0 {
        None
    } else {
        #[derive(sqlx::FromRow)]
        struct MemberRow {
            id: i64,
            display_name: String,
        }
        let member: Option<MemberRow> = sqlx::query_as(
            "SELECT s.id, s.display_name FROM staff s JOIN staff_skill_groups sg ON sg.staff_id = s.id \
             WHERE s.id = $1 AND sg.skill_group_id = $2 AND s.active = 1",
        )
        .bind(form.staff_id)
        .bind(group.id)
        .fetch_optional(&mut *tx)
        .await?;
        Some(member.ok_or_else(|| {
            AppError::invalid(
                "staff_id",
                Invalid::new("colleague_not_in_group", "Choose someone who works in that group"),
            )
        })?)
    };
    let (to_staff, colleague) = match to_staff {
        Some(member) => (Some(member.id), Some(member.display_name)),
        None => (None, None),
    };
    if order.skill_group_id == Some(group.id) && order.assignee_staff_id == to_staff {
        return Err(AppError::invalid(
            "group",
            Invalid::new("transfer_to_same", "It is already there"),
        ));
    }
    move_to(&mut tx, &order, group.id, to_staff, staff.staff_id, &note, now).await?;
    if let Some(to_staff) = to_staff {
        staff_alerts::raise(
            &mut tx,
            Alert {
                staff_id: to_staff,
                kind: StaffAlertKind::Assigned,
                order_no: &order.order_no,
                dedup_key: format!("assigned:{}:{now}", order.order_no),
                at: now,
            },
        )
        .await?;
    }
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "work_order.transfer",
            customer_id: Some(order.customer_id),
            // To the group's queue names no one.
            detail: format!(
                "order_no={} group={}{}",
                order.order_no,
                form.group.trim(),
                to_staff.map(|id| format!(" staff={id}")).unwrap_or_default()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    let mut conn = db.pool.acquire().await?;
    let still_visible = visible_to(&mut conn, staff, &order.order_no).await?;
    Ok(Transferred {
        order_no: order.order_no,
        group: SkillGroup {
            code: group.code,
            name_zh: group.name_zh,
            name_en: group.name_en,
        },
        colleague,
        still_visible,
    })
}
