//! The console's work-order desk: routing to skill groups with VIP queues, load-aware
//! assignment, "take next" under contention, internal notes, transfers with their history,
//! service-level deadlines, and who may do what.

use app::api::admin::canned_replies::ListSharedCannedReplies;
use app::api::console::work_orders::{
    AddInternalNote, CaseViewers, DeleteCannedReply, GetWorkOrder, LogContact, MarkAlertsRead, MyAlerts,
    ReplyWorkOrder, SaveCannedReply, SetMyStatus, TakeNextWorkOrder, TransferWorkOrder, WorkOrderQueue,
};
use app::api::portal::notifications::MyNotifications;
use app::api::portal::work_orders::{GetMyWorkOrder, ListMyWorkOrders, OpenWorkOrder, ReplyToWorkOrder};
use app::domain::calendar::HOUR_MS;
use app::domain::{Priority, ProductLine, StaffAlertKind, VipTier, WorkOrderEventKind, WorkOrderStatus};
use app::error::AppError;
use app::model::work_orders::WorkOrderForm;
use app::model::work_orders::{DeskReply, Transfer};

use crate::claims::request_key;
use crate::client::User;
use crate::fixtures::{opened_work_order, reported_claim, CustomerSpec};
use crate::harness::*;
use crate::on_both;

on_both!(
    each_kind_is_routed_to_its_group_and_vip_work_is_served_first,
    new_work_goes_to_the_least_loaded_available_agent_never_offline_or_full,
    ten_agents_taking_next_at_once_never_share_a_work_order,
    internal_notes_never_reach_the_customer,
    a_transfer_keeps_its_note_and_history_for_whoever_picks_it_up,
    deadlines_are_set_paused_while_awaiting_the_customer_and_resumed,
    desk_functions_refuse_customers_strangers_and_work_outside_reach,
    deadlines_due_soon_or_breached_alert_the_assignee_and_supervisors_once,
    canned_replies_are_filled_for_the_work_order_and_agents_keep_their_own,
    a_call_is_recorded_as_a_work_order_for_a_customer_or_a_new_caller,
    colleagues_on_the_same_case_see_each_other_and_who_is_replying,
);

/// A quiet desk: the demo's work finished and every agent offline, so a test decides who
/// is available.
async fn quiet_desk(app: &TestApp) {
    app.execute("UPDATE work_orders SET status = 'closed', next_due = NULL")
        .await;
    app.execute("UPDATE staff SET status = 'offline'").await;
}

async fn set_status(app: &TestApp, username: &str, status: &str, capacity: i64) {
    app.execute(&format!(
        "UPDATE staff SET status = '{status}', capacity = {capacity} WHERE username = '{username}'"
    ))
    .await;
}

fn form(kind: &str, policy_no: Option<&str>) -> WorkOrderForm {
    WorkOrderForm {
        kind: kind.into(),
        subject: "想了解一下办理进度".into(),
        message: "请问我的事情现在办到哪一步了？谢谢。".into(),
        policy_no: policy_no.unwrap_or_default().into(),
        request_key: request_key(),
        ..WorkOrderForm::default()
    }
}

async fn open(customer: &User<'_>, form: WorkOrderForm) -> String {
    customer.call(OpenWorkOrder { form }).await.good().summary.order_no
}

/// The code of the skill group a work order waits in, as the supervisor (who sees every
/// group) reads it at the desk.
async fn group_of(supervisor: &User<'_>, order_no: &str) -> String {
    supervisor
        .desk_work_order(order_no)
        .await
        .item
        .group
        .unwrap_or_else(|| panic!("{order_no} is routed nowhere"))
        .code
}

/// The name of whoever a work order is assigned to, as the supervisor reads it at the desk:
/// 李静 (`agent`), 王磊 (`agent.wang`), 何晴 (`agent.he`)...
async fn assignee_of(supervisor: &User<'_>, order_no: &str) -> Option<String> {
    supervisor.desk_work_order(order_no).await.item.assignee
}

fn reply(order_no: &str, message: &str, status: &str) -> ReplyWorkOrder {
    ReplyWorkOrder {
        reply: DeskReply {
            order_no: order_no.into(),
            message: message.into(),
            status: status.into(),
            resolution_code: String::new(),
            complaint_category: String::new(),
        },
    }
}

async fn each_kind_is_routed_to_its_group_and_vip_work_is_served_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    quiet_desk(&app).await;
    let normal = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let vip = app
        .new_customer(CustomerSpec {
            vip_tier: VipTier::Gold,
            ..CustomerSpec::default()
        })
        .await
        .sign_in(&app)
        .await;
    let motorist_fixture = app
        .new_customer(CustomerSpec {
            line: ProductLine::Auto,
            ..CustomerSpec::default()
        })
        .await;
    let motor_policy = motorist_fixture.policy_no.as_str().to_string();
    let motorist = motorist_fixture.sign_in(&app).await;

    let normal_complaint = open(&normal, form("complaint", None)).await;
    let vip_complaint = open(&vip, form("complaint", None)).await;
    let question = open(&normal, form("consultation", None)).await;
    let motor_enquiry = open(&motorist, form("claim_enquiry", Some(&motor_policy))).await;

    let supervisor = app.as_supervisor().await;
    assert_eq!(group_of(&supervisor, &normal_complaint).await, "complaints");
    assert_eq!(group_of(&supervisor, &question).await, "service");
    assert_eq!(
        group_of(&supervisor, &motor_enquiry).await,
        "motor_claims",
        "the auto line has its own group"
    );
    assert_eq!(
        supervisor.desk_work_order(&vip_complaint).await.item.priority,
        Priority::Vip
    );

    // The supervisor's unassigned view: the VIP complaint first though it came later.
    let queue = supervisor
        .call(WorkOrderQueue {
            view: "unassigned".into(),
        })
        .await
        .good();
    let order: Vec<&str> = queue.items.iter().map(|i| i.order_no.as_str()).collect();
    assert_eq!(order[0], vip_complaint, "{order:?}");
    assert_eq!(queue.counts.unassigned, 4);

    // 王磊 works claims, motor claims and complaints: VIP complaint, then the motor enquiry or
    // the normal complaint by deadline, never the consultation.
    let wang = app.signed_in("agent.wang", DEMO_PASSWORD).await;
    let first = wang.call(TakeNextWorkOrder {}).await.good();
    assert_eq!(first.as_deref(), Some(vip_complaint.as_str()));
    let mut taken = vec![first.unwrap()];
    while let Some(next) = wang.call(TakeNextWorkOrder {}).await.good() {
        taken.push(next);
    }
    taken.sort();
    let mut expected = vec![vip_complaint.clone(), normal_complaint.clone(), motor_enquiry.clone()];
    expected.sort();
    assert_eq!(taken, expected);
    // 李静 (service, policy services) gets the consultation, and then the queues are empty.
    let li = app.as_agent().await;
    assert_eq!(
        li.call(TakeNextWorkOrder {}).await.good().as_deref(),
        Some(question.as_str())
    );
    assert_eq!(li.call(TakeNextWorkOrder {}).await.good(), None);
    let mine = li.call(WorkOrderQueue { view: "mine".into() }).await.good();
    assert_eq!(mine.counts.mine, 1);
    assert_eq!(mine.items[0].order_no, question);
}

async fn new_work_goes_to_the_least_loaded_available_agent_never_offline_or_full(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    quiet_desk(&app).await;
    // Complaints: 王磊 (capacity 8) and 何晴 (capacity 1) available; 孙涛 away.
    set_status(&app, "agent.wang", "available", 8).await;
    set_status(&app, "agent.he", "available", 1).await;
    set_status(&app, "agent.sun", "away", 8).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let supervisor = app.as_supervisor().await;

    let first = open(&customer, form("complaint", None)).await;
    assert_eq!(
        assignee_of(&supervisor, &first).await.as_deref(),
        Some("王磊"),
        "both empty: the first by id"
    );
    let second = open(&customer, form("complaint", None)).await;
    assert_eq!(
        assignee_of(&supervisor, &second).await.as_deref(),
        Some("何晴"),
        "the least loaded"
    );
    let third = open(&customer, form("complaint", None)).await;
    assert_eq!(
        assignee_of(&supervisor, &third).await.as_deref(),
        Some("王磊"),
        "何晴 is full"
    );

    // 王磊 goes offline: nobody with room is available, so the work waits in the queue.
    let wang = app.signed_in("agent.wang", DEMO_PASSWORD).await;
    wang.call(SetMyStatus {
        status: "offline".into(),
    })
    .await
    .good();
    let fourth = open(&customer, form("complaint", None)).await;
    assert_eq!(assignee_of(&supervisor, &fourth).await, None);
    // The assignee hears of new work in the console: one alert for each.
    let alerts = wang.call(MyAlerts {}).await.good();
    let assigned: Vec<&str> = alerts
        .items
        .iter()
        .filter(|a| a.kind == StaffAlertKind::Assigned && (a.subject == first || a.subject == third))
        .map(|a| a.subject.as_str())
        .collect();
    assert_eq!(assigned.len(), 2, "{:?}", alerts.items);
    assert!(assigned.contains(&first.as_str()) && assigned.contains(&third.as_str()));
    // A full agent taking next is told so, and nothing moves.
    let he = app.signed_in("agent.he", DEMO_PASSWORD).await;
    he.call(TakeNextWorkOrder {}).await.conflict("at_capacity");
    assert_eq!(assignee_of(&supervisor, &fourth).await, None);
    wang.call(SetMyStatus {
        status: "asleep".into(),
    })
    .await
    .invalid("status_invalid", "status");
}

async fn ten_agents_taking_next_at_once_never_share_a_work_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    quiet_desk(&app).await;
    for n in 0..10 {
        app.execute(&format!(
            "INSERT INTO staff (username, display_name, role, password_hash, active, status, capacity, created_at, updated_at) \
             SELECT 'agent.t{n}', '坐席{n}', 'agent', password_hash, 1, 'offline', 8, 0, 0 FROM staff WHERE username = 'agent'"
        ))
        .await;
        app.execute(&format!(
            "INSERT INTO staff_skill_groups (staff_id, skill_group_id, created_at, updated_at) \
             SELECT s.id, g.id, 0, 0 FROM staff s, skill_groups g WHERE s.username = 'agent.t{n}' AND g.code = 'complaints'"
        ))
        .await;
    }
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let mut opened = Vec::new();
    for _ in 0..14 {
        opened.push(open(&customer, form("complaint", None)).await);
    }
    let mut agents = Vec::new();
    for n in 0..10 {
        agents.push(app.signed_in(&format!("agent.t{n}"), DEMO_PASSWORD).await);
    }
    let taken = futures::future::join_all(agents.iter().map(|a| a.call(TakeNextWorkOrder {}))).await;
    let mut numbers: Vec<String> = taken
        .into_iter()
        .map(|r| r.good().expect("work for everyone"))
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 10, "ten different work orders");
    // At the desk: each taken by a different one of the ten, with one history line per take.
    let supervisor = app.as_supervisor().await;
    let mut takers = Vec::new();
    let mut takes = 0;
    for order_no in &opened {
        let order = supervisor.desk_work_order(order_no).await;
        let taken = order
            .events
            .iter()
            .filter(|e| e.kind == WorkOrderEventKind::Taken)
            .count();
        takes += taken;
        if numbers.contains(order_no) {
            assert_eq!(taken, 1, "{order_no}: {:?}", order.events);
            takers.push(order.item.assignee.expect("taken by someone"));
        }
    }
    assert_eq!(takes, 10, "one history line per take");
    takers.sort();
    takers.dedup();
    assert_eq!(takers.len(), 10, "{takers:?}");
    assert!(takers.iter().all(|name| name.starts_with("坐席")), "{takers:?}");
}

async fn internal_notes_never_reach_the_customer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    quiet_desk(&app).await;
    set_status(&app, "agent", "available", 8).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let order_no = open(&customer, form("consultation", None)).await;
    let agent = app.as_agent().await;
    let secret = "内部：客户曾三次投诉，注意措辞";
    agent
        .call(AddInternalNote {
            order_no: order_no.clone(),
            note: secret.into(),
        })
        .await
        .good();
    // A note alone is no answer: the customer still waits, and is told nothing.
    let list = customer.call(ListMyWorkOrders { before: None }).await.good().items;
    assert!(!list[0].insurer_replied_last);
    assert!(customer
        .call(MyNotifications { before: None })
        .await
        .good()
        .items
        .is_empty());
    agent
        .call(reply(&order_no, "您好，您的问题已收到，正在处理。", "in_progress"))
        .await
        .good();

    let seen = customer
        .call(GetMyWorkOrder {
            order_no: order_no.clone(),
        })
        .await
        .good();
    assert_eq!(seen.messages.len(), 2, "the question and the public reply: {seen:?}");
    assert!(seen.messages.iter().all(|m| !m.body.contains("内部")));
    let notifications = customer.call(MyNotifications { before: None }).await.good();
    assert_eq!(notifications.items.len(), 1);
    assert!(!format!("{notifications:?}").contains("内部"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE body LIKE '%内部%'").await,
        0,
        "no SMS or e-mail carries it"
    );
    // Staff see both, the note marked internal.
    let desk = agent
        .call(GetWorkOrder {
            order_no: order_no.clone(),
        })
        .await
        .good();
    let note = desk.messages.iter().find(|m| m.body == secret).expect("the note");
    assert!(note.internal);
    // A customer cannot write notes.
    assert_eq!(
        customer
            .call(AddInternalNote {
                order_no,
                note: "我也想写备注".into(),
            })
            .await
            .error(),
        AppError::Forbidden
    );
}

async fn a_transfer_keeps_its_note_and_history_for_whoever_picks_it_up(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    quiet_desk(&app).await;
    set_status(&app, "agent", "available", 8).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let order_no = open(&customer, form("consultation", None)).await;
    let supervisor = app.as_supervisor().await;
    assert_eq!(assignee_of(&supervisor, &order_no).await.as_deref(), Some("李静"));
    let li = app.as_agent().await;
    let transfer = |group: &str, staff_id: i64, note: &str| TransferWorkOrder {
        transfer: Transfer {
            order_no: order_no.clone(),
            group: group.into(),
            staff_id,
            note: note.into(),
        },
    };
    li.call(transfer("complaints", 0, ""))
        .await
        .invalid("handover_note_required", "note");
    li.call(transfer("nowhere", 0, "客户要投诉理赔时效"))
        .await
        .invalid("group_required", "group");
    let admin = app.as_admin().await;
    let admin_id = admin.staff_id("admin").await;
    li.call(transfer("complaints", admin_id, "客户要投诉理赔时效"))
        .await
        .invalid("colleague_not_in_group", "staff_id");
    let wang_id = admin.staff_id("agent.wang").await;
    let note = "客户对理赔时效不满，要求投诉；已致歉，请跟进赔付进度。";
    let went = li.call(transfer("complaints", wang_id, note)).await.good();
    // She is told where it went, and that it left her reach (her desk says so).
    assert_eq!(went.order_no, order_no);
    assert_eq!(went.group.code, "complaints");
    assert_eq!(went.colleague.as_deref(), Some("王磊"));
    assert!(!went.still_visible);

    // 王磊 sees where it came from, from whom and why.
    let wang = app.signed_in("agent.wang", DEMO_PASSWORD).await;
    let desk = wang
        .call(GetWorkOrder {
            order_no: order_no.clone(),
        })
        .await
        .good();
    assert!(desk.can_act);
    let moved = desk
        .events
        .iter()
        .find(|e| e.kind == WorkOrderEventKind::Transferred)
        .expect("the transfer in the history");
    assert_eq!(moved.actor.as_deref(), Some("李静"));
    assert_eq!(moved.from_group.as_ref().map(|g| g.code.as_str()), Some("service"));
    assert_eq!(moved.to_group.as_ref().map(|g| g.code.as_str()), Some("complaints"));
    assert_eq!(moved.from_staff.as_deref(), Some("李静"));
    assert_eq!(moved.to_staff.as_deref(), Some("王磊"));
    assert_eq!(moved.note, note);
    assert_eq!(desk.events[0].kind, WorkOrderEventKind::Routed);
    // It left 李静's groups: to her it is as if it did not exist; the move is audited.
    assert_eq!(
        li.call(GetWorkOrder {
            order_no: order_no.clone()
        })
        .await
        .error(),
        AppError::NotFound
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'work_order.transfer'")
            .await,
        1
    );
}

async fn deadlines_are_set_paused_while_awaiting_the_customer_and_resumed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    quiet_desk(&app).await;
    set_status(&app, "agent", "available", 8).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let order_no = open(&customer, form("consultation", None)).await;
    let seen = customer
        .call(GetMyWorkOrder {
            order_no: order_no.clone(),
        })
        .await
        .good();
    // The portal's promise: an answer within 24 hours of opening.
    assert_eq!(seen.summary.reply_due, Some(seen.summary.opened_at + 24 * HOUR_MS));

    let agent = app.as_agent().await;
    agent
        .call(reply(&order_no, "请补充一下保单号，谢谢。", "awaiting_customer"))
        .await
        .good();
    let waiting = customer
        .call(GetMyWorkOrder {
            order_no: order_no.clone(),
        })
        .await
        .good();
    assert_eq!(waiting.summary.reply_due, None, "the insurer waits for the customer");
    let paused = format!(
        "SELECT COUNT(*) FROM work_orders WHERE order_no = '{order_no}' AND paused_at IS NOT NULL \
         AND next_due IS NULL AND first_response_at IS NOT NULL"
    );
    assert_eq!(app.count(&paused).await, 1);

    customer
        .call(ReplyToWorkOrder {
            order_no: order_no.clone(),
            message: "保单号是上面那张健康险的，麻烦了。".into(),
        })
        .await
        .good();
    let resumed = customer
        .call(GetMyWorkOrder {
            order_no: order_no.clone(),
        })
        .await
        .good();
    assert_eq!(resumed.summary.status, WorkOrderStatus::InProgress);
    let due = resumed.summary.reply_due.expect("a next answer is promised");
    let now = chrono::Utc::now().timestamp_millis();
    assert!(
        (due - (now + 24 * HOUR_MS)).abs() < 60_000,
        "within 24 hours of the reply"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM work_orders WHERE order_no = '{order_no}' AND paused_at IS NULL AND next_due IS NOT NULL"
        ))
        .await,
        1
    );

    // Resolving needs how it was resolved; a reply soon after reopens it.
    agent
        .call(reply(&order_no, "已为您处理完毕。", "resolved"))
        .await
        .invalid("resolution_code_required", "resolution_code");
    let mut done = reply(&order_no, "已为您处理完毕。", "resolved");
    done.reply.resolution_code = "answered".into();
    agent.call(done).await.good();
    customer
        .call(ReplyToWorkOrder {
            order_no: order_no.clone(),
            message: "还有一个问题想再确认一下。".into(),
        })
        .await
        .good();
    let reopened = agent
        .call(GetWorkOrder {
            order_no: order_no.clone(),
        })
        .await
        .good();
    assert_eq!(reopened.item.status, WorkOrderStatus::InProgress);
    assert!(reopened.events.iter().any(|e| e.kind == WorkOrderEventKind::Reopened));
}

async fn desk_functions_refuse_customers_strangers_and_work_outside_reach(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    quiet_desk(&app).await;
    set_status(&app, "agent.wang", "available", 8).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    // A complaint, given to 王磊: outside 李静's groups.
    let order_no = open(&customer, form("complaint", None)).await;
    let anonymous = app.anonymous();
    let li = app.as_agent().await;

    for user in [&customer, &anonymous] {
        let expected = if user.cookie.is_some() {
            AppError::Forbidden
        } else {
            AppError::Unauthenticated
        };
        assert_eq!(
            user.call(WorkOrderQueue { view: "mine".into() }).await.error(),
            expected
        );
        assert_eq!(user.call(TakeNextWorkOrder {}).await.error(), expected);
        assert_eq!(
            user.call(GetWorkOrder {
                order_no: order_no.clone()
            })
            .await
            .error(),
            expected
        );
        assert_eq!(
            user.call(reply(&order_no, "冒充客服回复一下。", "in_progress"))
                .await
                .error(),
            expected
        );
        assert_eq!(
            user.call(SetMyStatus {
                status: "available".into()
            })
            .await
            .error(),
            expected
        );
    }
    // An agent: nothing of other groups, and no "all" view.
    assert_eq!(
        li.call(GetWorkOrder {
            order_no: order_no.clone()
        })
        .await
        .error(),
        AppError::NotFound
    );
    assert_eq!(
        li.call(reply(&order_no, "越权回复一下试试。", "in_progress"))
            .await
            .error(),
        AppError::NotFound
    );
    assert_eq!(
        li.call(AddInternalNote {
            order_no: order_no.clone(),
            note: "越权写一条备注。".into()
        })
        .await
        .error(),
        AppError::NotFound
    );
    assert_eq!(
        li.call(WorkOrderQueue { view: "all".into() }).await.error(),
        AppError::Forbidden
    );
    li.call(WorkOrderQueue {
        view: "everything".into(),
    })
    .await
    .invalid("view_invalid", "view");
    // 何晴 shares the complaints group: she may read 王磊's work order but not answer it.
    let he = app.signed_in("agent.he", DEMO_PASSWORD).await;
    let desk = he
        .call(GetWorkOrder {
            order_no: order_no.clone(),
        })
        .await
        .good();
    assert!(!desk.can_act);
    he.call(reply(&order_no, "我来替同事回复一下。", "in_progress"))
        .await
        .conflict("not_yours");
    // Supervisors see everything.
    let supervisor = app.as_supervisor().await;
    let all = supervisor.call(WorkOrderQueue { view: "all".into() }).await.good();
    assert!(all.items.iter().any(|i| i.order_no == order_no));
    let messages = supervisor.desk_work_order(&order_no).await.messages;
    assert!(
        messages
            .iter()
            .all(|m| !m.body.contains("回复一下") && !m.body.contains("越权")),
        "nothing was written: {messages:?}"
    );
}

async fn deadlines_due_soon_or_breached_alert_the_assignee_and_supervisors_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    quiet_desk(&app).await;
    set_status(&app, "agent.wang", "available", 8).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let soon = open(&customer, form("complaint", None)).await;
    let late = open(&customer, form("complaint", None)).await;
    let waiting = open(&customer, form("complaint", None)).await;
    assert_eq!(
        assignee_of(&app.as_supervisor().await, &late).await.as_deref(),
        Some("王磊")
    );
    // Only the deadline alerts count here, not those of the new work.
    app.execute("DELETE FROM staff_alerts").await;
    let now = app::backend::now_ms();
    let set_due = |order_no: &str, due: i64, status: &str| {
        format!("UPDATE work_orders SET next_due = {due}, status = '{status}' WHERE order_no = '{order_no}'")
    };
    app.execute(&set_due(&soon, now + HOUR_MS, "in_progress")).await;
    app.execute(&set_due(&late, now - HOUR_MS, "open")).await;
    // Awaiting the customer: the clock is paused, nothing to warn about.
    app.execute(&set_due(&waiting, now - HOUR_MS, "awaiting_customer"))
        .await;

    // Two processes sweep at the same moment: each alert once.
    let db = &app.app_state.db;
    let (a, b) = tokio::join!(
        app::backend::messaging::staff_alerts::sweep_deadlines(db, now),
        app::backend::messaging::staff_alerts::sweep_deadlines(db, now)
    );
    let raised = a.unwrap() + b.unwrap();
    // 王磊: due soon and breached; the supervisor: breached.
    assert_eq!(raised, 3);
    assert_eq!(
        app::backend::messaging::staff_alerts::sweep_deadlines(db, now)
            .await
            .unwrap(),
        0
    );

    let wang = app.signed_in("agent.wang", DEMO_PASSWORD).await;
    let alerts = wang.call(MyAlerts {}).await.good();
    assert_eq!(alerts.unread, 2);
    let kinds: Vec<_> = alerts.items.iter().map(|a| (a.kind, a.subject.clone())).collect();
    assert!(kinds.contains(&(StaffAlertKind::DueSoon, soon.clone())), "{kinds:?}");
    assert!(kinds.contains(&(StaffAlertKind::Breached, late.clone())), "{kinds:?}");
    assert!(!kinds.iter().any(|(_, o)| *o == waiting));
    let supervisor = app.as_supervisor().await.call(MyAlerts {}).await.good();
    assert_eq!(supervisor.items.len(), 1);
    assert_eq!(supervisor.items[0].kind, StaffAlertKind::Breached);
    assert_eq!(
        supervisor.items[0].link.as_deref(),
        Some(format!("/console/work-orders/{late}").as_str())
    );

    // Reading one leaves the other; someone else's id changes nothing.
    let first = alerts.items[0].id;
    app.as_supervisor()
        .await
        .call(MarkAlertsRead { id: Some(first) })
        .await
        .good();
    assert_eq!(wang.call(MyAlerts {}).await.good().unread, 2);
    wang.call(MarkAlertsRead { id: Some(first) }).await.good();
    assert_eq!(wang.call(MyAlerts {}).await.good().unread, 1);
    wang.call(MarkAlertsRead { id: None }).await.good();
    assert_eq!(wang.call(MyAlerts {}).await.good().unread, 0);
    assert_eq!(customer.call(MyAlerts {}).await.error(), AppError::Forbidden);
}

async fn canned_replies_are_filled_for_the_work_order_and_agents_keep_their_own(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    quiet_desk(&app).await;
    set_status(&app, "agent", "available", 8).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let name = fixture.name.clone();
    let customer = fixture.sign_in(&app).await;
    let order_no = open(&customer, form("consultation", None)).await;
    let agent = app.as_agent().await;
    let get = || GetWorkOrder {
        order_no: order_no.clone(),
    };
    let order = agent.call(get()).await.good();
    let received = order
        .canned_replies
        .iter()
        .find(|m| m.title == "已收到，正在处理")
        .expect("the shared canned reply");
    assert!(received.shared);
    assert_eq!(received.sets_status, Some(WorkOrderStatus::InProgress));
    assert!(
        received.body.starts_with(&format!("{name}您好，您的工单 {order_no} ")),
        "{}",
        received.body
    );
    assert!(
        !received.body.contains('{'),
        "every placeholder filled: {}",
        received.body
    );

    // An agent's own: checked, then offered to them only, filled in the same way.
    let save = |title: &str, body: &str| SaveCannedReply {
        title: title.into(),
        body: body.into(),
        sets_status: Some("resolved".into()),
    };
    agent
        .call(save("催办", "您好 {name}"))
        .await
        .invalid("placeholder_unknown", "body");
    agent
        .call(save("", "您好"))
        .await
        .invalid("canned_reply_title_required", "title");
    let id = agent
        .call(save("保全已受理", "{customer_name}您好，{order_no} 已受理。"))
        .await
        .good();
    let mine = agent.call(get()).await.good().canned_replies;
    let own = mine.iter().find(|m| m.id == id).expect("offered to its owner");
    assert!(!own.shared);
    assert_eq!(own.body, format!("{name}您好，{order_no} 已受理。"));
    assert_eq!(own.sets_status, Some(WorkOrderStatus::Resolved));

    // A promise is never in the past: once every deadline has gone by, "by today".
    let promise = agent
        .call(save("答复时间", "我们将于 {due_date} 前答复。"))
        .await
        .good();
    let promised = |replies: Vec<app::model::work_orders::CannedReplyChoice>| {
        replies.into_iter().find(|m| m.id == promise).expect("offered").body
    };
    let ahead = promised(agent.call(get()).await.good().canned_replies);
    assert!(!ahead.contains('{') && ahead.contains("前答复"), "{ahead}");
    app.execute(&format!(
        "UPDATE work_orders SET first_response_due = first_response_due - 864000000, \
           resolution_due = resolution_due - 864000000, next_due = next_due - 864000000 \
         WHERE order_no = '{order_no}'"
    ))
    .await;
    let today = app::domain::calendar::Date::at(app::backend::now_ms(), app::domain::calendar::INSURER_OFFSET_MS).iso();
    assert_eq!(
        promised(agent.call(get()).await.good().canned_replies),
        format!("我们将于 {today} 前答复。"),
        "late work promises today, not the date that went by"
    );
    agent.call(DeleteCannedReply { id: promise }).await.good();
    let shared = app.as_admin().await.call(ListSharedCannedReplies {}).await.good();
    assert!(shared.iter().all(|m| m.id != id), "kept as the agent's own, not shared");
    let supervisor = app.as_supervisor().await;
    let theirs = supervisor.call(get()).await.good().canned_replies;
    assert!(theirs.iter().all(|m| m.id != id), "not offered to colleagues");

    // Only its owner deletes it; shared ones are not deleted from the desk.
    assert_eq!(
        supervisor.call(DeleteCannedReply { id }).await.error(),
        AppError::NotFound
    );
    agent.call(DeleteCannedReply { id: received.id }).await.error();
    assert!(
        agent
            .desk_work_order(&order_no)
            .await
            .canned_replies
            .iter()
            .any(|m| m.id == received.id && m.shared),
        "the shared reply is still offered"
    );
    agent.call(DeleteCannedReply { id }).await.good();
    assert_eq!(agent.call(DeleteCannedReply { id }).await.error(), AppError::NotFound);
    assert_eq!(customer.call(save("x", "y")).await.error(), AppError::Forbidden);
}

fn intake(customer_no: &str, subject: &str) -> app::model::work_orders::Intake {
    app::model::work_orders::Intake {
        customer_no: customer_no.into(),
        channel: "phone".into(),
        kind: "consultation".into(),
        subject: subject.into(),
        message: "客户来电：想确认保单的等待期是多久。".into(),
        request_key: request_key(),
        ..Default::default()
    }
}

async fn a_call_is_recorded_as_a_work_order_for_a_customer_or_a_new_caller(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer_no = fixture.customer_no.as_str().to_string();
    let customer = fixture.sign_in(&app).await;
    let agent = app.as_agent().await;
    let call = intake(&customer_no, "电话咨询等待期");
    let log = |intake: app::model::work_orders::Intake| LogContact { intake };
    let order_no = agent.call(log(call.clone())).await.good();
    // Sent again (a double click, a retry): the same work order.
    assert_eq!(agent.call(log(call.clone())).await.good(), order_no);
    let mut changed = call.clone();
    changed.subject = "另一件事".into();
    agent.call(log(changed)).await.conflict("request_key_reused");
    // The customer finds it among their work orders, in their own words.
    let mine = customer.call(ListMyWorkOrders { before: None }).await.good().items;
    assert!(mine
        .iter()
        .any(|w| w.order_no == order_no && w.subject == "电话咨询等待期"));
    let desk = agent
        .call(GetWorkOrder {
            order_no: order_no.clone(),
        })
        .await
        .good();
    assert_eq!(desk.item.channel, app::domain::Channel::Phone);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'work_order.logged' AND detail LIKE '%{order_no}%'"
        ))
        .await,
        1
    );

    // A new caller: recorded by name and mobile, once.
    let customers = app.count("SELECT COUNT(*) FROM customers").await;
    let mut new_caller = intake("", "新客户咨询投保");
    new_caller.new_name = "周小雨".into();
    new_caller.new_phone = "139 1234 5678".into();
    let first = agent.call(log(new_caller.clone())).await.good();
    assert_eq!(app.count("SELECT COUNT(*) FROM customers").await, customers + 1);
    let caller = agent.desk_work_order(&first).await.customer.customer;
    assert_eq!(
        (caller.name.as_str(), caller.phone.as_deref()),
        ("周小雨", Some("13912345678"))
    );
    let again = intake("", "新客户咨询投保");
    let again = app::model::work_orders::Intake {
        new_name: "周小雨".into(),
        new_phone: "13912345678".into(),
        ..again
    };
    agent.call(log(again)).await.conflict("phone_on_record");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customers").await,
        customers + 1,
        "not recorded twice"
    );

    // What is wrong is said field by field, and nothing is written.
    let orders = app.count("SELECT COUNT(*) FROM work_orders").await;
    let mut bad = intake("", "新客户");
    bad.new_name = "王".into();
    bad.new_phone = "12345".into();
    agent.call(log(bad)).await.invalid("phone_invalid", "new_phone");
    let mut bad = intake(&customer_no, "网上来的");
    bad.channel = "portal".into();
    agent.call(log(bad)).await.invalid("channel_invalid", "channel");
    let mut bad = intake(&customer_no, "变更受益人");
    bad.kind = "policy_service".into();
    agent.call(log(bad)).await.invalid("kind_required", "kind");
    assert_eq!(
        agent.call(log(intake("C2099999999", "无此客户"))).await.error(),
        AppError::NotFound
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM work_orders").await, orders);
    assert_eq!(
        customer.call(log(intake(&customer_no, "自己记"))).await.error(),
        AppError::Forbidden
    );
}

async fn colleagues_on_the_same_case_see_each_other_and_who_is_replying(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer's question (in 李静's service group) and claim.
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let order_no = opened_work_order(&customer).await;
    let claim_no = reported_claim(&customer, "800").await;
    let li = app.as_agent().await;
    let boss = app.as_supervisor().await;
    let beat = |case_no: &str, typing: bool| CaseViewers {
        case_no: case_no.into(),
        typing,
        leaving: None,
    };
    // Alone on the case at first.
    assert!(li.call(beat(&order_no, false)).await.good().is_empty());
    let others = boss.call(beat(&order_no, false)).await.good();
    assert_eq!(others.len(), 1);
    assert_eq!((others[0].name.as_str(), others[0].typing), ("李静", false));
    // 李静 starts writing to the customer: the supervisor is warned.
    li.call(beat(&order_no, true)).await.good();
    let others = boss.call(beat(&order_no.to_lowercase(), false)).await.good();
    assert!(others[0].typing, "{others:?}");
    // Another case is another room; claims too.
    assert!(boss.call(beat(&claim_no, false)).await.good().is_empty());
    // Someone who left (closed the page, or went quiet for half a minute) is gone.
    li.call(CaseViewers {
        case_no: order_no.clone(),
        typing: false,
        leaving: Some(true),
    })
    .await
    .good();
    assert!(boss.call(beat(&order_no, false)).await.good().is_empty());
    li.call(beat(&order_no, false)).await.good();
    app.execute("UPDATE case_viewers SET seen_at = seen_at - 31000").await;
    assert!(boss.call(beat(&order_no, false)).await.good().is_empty());

    boss.call(beat("DROP TABLE", false))
        .await
        .invalid("case_no_invalid", "case_no");
    assert_eq!(customer.call(beat(&order_no, false)).await.error(), AppError::Forbidden);
}
