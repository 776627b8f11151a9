//! Work orders (工单) the customer opens and follows: complaints, questions, policy-service
//! changes checked against the member level, the conversation with staff, attachments.

use reqwest::StatusCode;

use app::api::console::work_orders::ReplyWorkOrder;
use app::api::portal::home::PortalHome;
use app::api::portal::policies::ListMyPolicies;
use app::api::portal::work_orders::{GetMyWorkOrder, ListMyWorkOrders, OpenWorkOrder, ReplyToWorkOrder};
use app::domain::{
    MemberLevel, NotificationKind, PolicyStatus, Priority, ServiceType, VipTier, WorkOrderKind, WorkOrderStatus,
};
use app::error::AppError;
use app::model::work_orders::DeskReply;
use app::model::work_orders::{WorkOrderDetail, WorkOrderForm};

use crate::claims::{jpeg, request_key, ACCOUNT, ACCOUNT_MASKED};
use crate::client::{Reply, User};
use crate::fixtures::{resolved_work_order, work_order_awaiting_customer, CustomerFixture, CustomerSpec, PolicySpec};
use crate::harness::*;
use crate::on_both;

on_both!(
    customer_opens_a_complaint_and_sees_it_in_the_list,
    same_request_key_opens_one_work_order,
    invalid_requests_are_refused_field_by_field_and_nothing_is_written,
    another_customers_policy_or_work_order_is_not_found,
    payout_account_change_needs_advanced_verification_and_shows_the_account_masked,
    policy_service_changes_are_checked_field_by_field,
    vip_customers_get_vip_priority,
    customer_and_staff_converse_on_a_work_order,
    finished_work_orders_take_no_replies_and_customers_cannot_reply_as_staff,
    a_photo_uploaded_for_a_request_is_listed_with_it,
);

/// Every work order, whoever's: for callers who have no list of their own to look at.
const WORK_ORDERS: &str = "SELECT COUNT(*) FROM work_orders";

/// A valid ID number (the check character matches) and one with a typo in its last digit.
pub const ID_NUMBER: &str = "11010519491231002X";
const ID_NUMBER_TYPO: &str = "110105194912310021";

fn complaint() -> WorkOrderForm {
    WorkOrderForm {
        kind: "complaint".into(),
        subject: "理赔回访电话太多".into(),
        message: "这周接到了五次回访电话，请减少打扰。".into(),
        request_key: request_key(),
        ..WorkOrderForm::default()
    }
}

/// A policy-service request on `policy_no` asking for `service_type`, without the change's
/// own fields (the caller adds them).
pub fn service_request(policy_no: &str, service_type: &str) -> WorkOrderForm {
    WorkOrderForm {
        kind: "policy_service".into(),
        service_type: service_type.into(),
        policy_no: policy_no.into(),
        subject: "变更保单信息".into(),
        message: "请按以下信息变更，谢谢。".into(),
        request_key: request_key(),
        ..WorkOrderForm::default()
    }
}

async fn open(customer: &User<'_>, form: &WorkOrderForm) -> Reply<WorkOrderDetail> {
    customer.call(OpenWorkOrder { form: form.clone() }).await
}

pub async fn open_ok(customer: &User<'_>, form: &WorkOrderForm) -> WorkOrderDetail {
    open(customer, form).await.good()
}

fn get(order_no: &str) -> GetMyWorkOrder {
    GetMyWorkOrder {
        order_no: order_no.into(),
    }
}

fn reply(order_no: &str, message: &str) -> ReplyToWorkOrder {
    ReplyToWorkOrder {
        order_no: order_no.into(),
        message: message.into(),
    }
}

/// A staff reply; finishing one records how it ended (and a complaint's category).
fn staff_reply(order_no: &str, message: &str, status: &str) -> ReplyWorkOrder {
    ReplyWorkOrder {
        reply: DeskReply {
            order_no: order_no.into(),
            message: message.into(),
            status: status.into(),
            resolution_code: "answered".into(),
            complaint_category: "other".into(),
        },
    }
}

/// The policy number of the caller's first policy with `status`.
async fn policy_with_status(customer: &User<'_>, status: PolicyStatus) -> String {
    let policies = customer.call(ListMyPolicies {}).await.good();
    policies
        .iter()
        .find(|p| p.status == status)
        .unwrap_or_else(|| panic!("a policy {status:?}: {policies:?}"))
        .policy_no
        .clone()
}

/// A fresh customer at the verified level, with a policy in force.
pub async fn verified(app: &TestApp) -> CustomerFixture {
    app.new_customer(CustomerSpec {
        member_level: MemberLevel::Verified,
        ..CustomerSpec::default()
    })
    .await
}

/// The value shown for `key` in a detail's `change`.
fn change_value(detail: &WorkOrderDetail, key: &str) -> Option<String> {
    detail
        .change
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, value)| value.clone())
}

async fn customer_opens_a_complaint_and_sees_it_in_the_list(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer with two requests already: the new order joins them.
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let first = open_ok(&customer, &complaint()).await.summary.order_no;
    let second = open_ok(&customer, &complaint()).await.summary.order_no;
    let form = complaint();
    let before = customer.my_work_orders().await.len();

    let detail = open_ok(&customer, &form).await;
    let order_no = detail.summary.order_no.clone();
    assert!(order_no.starts_with("WO") && order_no.len() == 12, "{order_no}");
    assert_ne!(order_no, first);
    assert_ne!(order_no, second);
    assert_eq!(detail.summary.kind, WorkOrderKind::Complaint);
    assert_eq!(detail.summary.status, WorkOrderStatus::Open);
    assert_eq!(detail.summary.subject, "理赔回访电话太多");
    assert_eq!(detail.summary.policy_no, None);
    assert_eq!(detail.summary.service_type, None);
    assert!(!detail.summary.insurer_replied_last);
    assert!(detail.change.is_empty());
    assert!(detail.documents.is_empty());
    assert_eq!(detail.rating, None);
    let messages = &detail.messages;
    assert_eq!(messages.len(), 1, "{detail:?}");
    assert!(!messages[0].from_insurer);
    assert_eq!(messages[0].body, form.message);
    assert_eq!(customer.my_work_orders().await.len(), before + 1);
    let stored = customer.work_order(&order_no).await.summary;
    assert_eq!(
        (stored.status, stored.kind),
        (WorkOrderStatus::Open, WorkOrderKind::Complaint)
    );

    // It heads the list, above the two older orders, and reads back the same.
    let list = customer.call(ListMyWorkOrders { before: None }).await.good().items;
    let orders: Vec<&str> = list.iter().map(|o| o.order_no.as_str()).collect();
    assert_eq!(orders, [order_no.as_str(), second.as_str(), first.as_str()]);
    assert_eq!(list[0], detail.summary);
    assert_eq!(customer.work_order(&order_no.to_lowercase()).await, detail);

    // Signed out or as staff: nothing opened, for anyone.
    let all_before = app.count(WORK_ORDERS).await;
    let answer = open(&app.anonymous(), &complaint()).await;
    assert_eq!(answer.error(), AppError::Unauthenticated);
    let agent = app.as_agent().await;
    let answer = open(&agent, &complaint()).await;
    assert_eq!(answer.error(), AppError::Forbidden);
    assert_eq!(app.count(WORK_ORDERS).await, all_before);
    assert_eq!(customer.my_work_orders().await.len(), before + 1);
}

async fn same_request_key_opens_one_work_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let form = complaint();
    let key = form.request_key.clone();

    let first = open_ok(&customer, &form).await;
    let second = open_ok(&customer, &form).await;
    assert_eq!(first.summary.order_no, second.summary.order_no);
    assert_eq!(first, second);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM work_orders WHERE idempotency_key = '{key}'"
        ))
        .await,
        1
    );
    assert_eq!(customer.my_work_orders().await.len(), 1);
    assert_eq!(
        customer.work_order(&first.summary.order_no).await.messages.len(),
        1,
        "one first message"
    );

    // A double tap: both at once still make one.
    let form = complaint();
    let (a, b) = tokio::join!(open(&customer, &form), open(&customer, &form));
    let (a, b) = (a.good(), b.good());
    assert_eq!(a.summary.order_no, b.summary.order_no);
    assert_eq!(customer.my_work_orders().await.len(), 2);
    assert_eq!(customer.work_order(&a.summary.order_no).await.messages.len(), 1);

    // A new key is a new order.
    let third = open_ok(&customer, &complaint()).await;
    assert_ne!(third.summary.order_no, first.summary.order_no);
    assert_eq!(customer.my_work_orders().await.len(), 3);
}

async fn invalid_requests_are_refused_field_by_field_and_nothing_is_written(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = verified(&app).await;
    let in_force = fixture.policy_no.as_str().to_string();
    let customer = fixture.sign_in(&app).await;

    // (what is changed, the change, the code, the field named)
    type Change = Box<dyn Fn(&mut WorkOrderForm)>;
    let set_kind = |kind: &'static str| -> Change { Box::new(move |f| f.kind = kind.into()) };
    let set_subject = |subject: String| -> Change { Box::new(move |f| f.subject = subject.clone()) };
    let set_message = |message: String| -> Change { Box::new(move |f| f.message = message.clone()) };
    let cases: Vec<(&str, Change, &str, &str)> = vec![
        ("kind=", set_kind(""), "kind_required", "kind"),
        ("kind=praise", set_kind("praise"), "kind_required", "kind"),
        (
            "subject of 81",
            set_subject("长".repeat(81)),
            "subject_too_long",
            "subject",
        ),
        ("subject blank", set_subject("  ".into()), "subject_required", "subject"),
        (
            "message=太慢了",
            set_message("太慢了".into()),
            "message_too_short",
            "message",
        ),
        ("message=", set_message(String::new()), "message_required", "message"),
        (
            "message of 2001",
            set_message("长".repeat(2001)),
            "message_too_long",
            "message",
        ),
        (
            "request_key=short",
            Box::new(|f| f.request_key = "short".into()),
            "idempotency_key_invalid",
            "request_key",
        ),
    ];
    for (what, change, code, field) in cases {
        let mut form = complaint();
        change(&mut form);
        open(&customer, &form).await.invalid(code, field);
        assert!(customer.my_work_orders().await.is_empty(), "{what}: nothing is written");
    }
    // A form without `kind` at all: sent by hand, as the struct always has the key.
    let mut form = serde_json::to_value(OpenWorkOrder { form: complaint() }).unwrap();
    form["form"].as_object_mut().unwrap().remove("kind");
    assert!(form["form"].get("kind").is_none());
    let answer = customer.call_raw_json("work_orders/open", &form).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert_eq!(answer.body["kind"], "invalid", "{}", answer.body);
    assert_eq!(answer.body["code"], "kind_required", "{}", answer.body);
    assert_eq!(answer.body["field"], "kind", "{}", answer.body);

    // Exactly 80 characters of subject is allowed (sent at the end, once the refusals are counted).
    let mut at_limit = complaint();
    at_limit.subject = "长".repeat(80);

    // A policy-service request must say which change.
    let mut form = service_request(&in_force, "");
    form.new_phone = "13700137000".into();
    open(&customer, &form)
        .await
        .invalid("service_type_required", "service_type");
    let mut form = service_request(&in_force, "address_change");
    form.new_phone = "13700137000".into();
    open(&customer, &form)
        .await
        .invalid("service_type_required", "service_type");
    // A claim enquiry (and a policy-service request) is about a policy.
    let mut form = complaint();
    form.kind = "claim_enquiry".into();
    open(&customer, &form).await.invalid("policy_required", "policy_no");
    let mut form = service_request("", "contact_change");
    form.new_phone = "13700137000".into();
    open(&customer, &form).await.invalid("policy_required", "policy_no");
    // A policy number that is not one.
    let mut form = complaint();
    form.policy_no = "not-a-policy".into();
    open(&customer, &form).await.invalid("policy_no_invalid", "policy_no");

    assert!(customer.my_work_orders().await.is_empty(), "nothing is written");

    // The same forms, put right, are accepted.
    let detail = open_ok(&customer, &at_limit).await;
    assert_eq!(detail.summary.subject.chars().count(), 80);
    let mut form = complaint();
    form.kind = "claim_enquiry".into();
    form.policy_no = in_force.clone();
    let detail = open_ok(&customer, &form).await;
    assert_eq!(detail.summary.kind, WorkOrderKind::ClaimEnquiry);
    assert_eq!(detail.summary.policy_no.as_deref(), Some(in_force.as_str()));
    assert_eq!(customer.my_work_orders().await.len(), 2);
}

async fn another_customers_policy_or_work_order_is_not_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = verified(&app).await.sign_in(&app).await;
    let owner_fixture = verified(&app).await;
    let others_policy = owner_fixture.policy_no.as_str().to_string();
    let owner = owner_fixture.sign_in(&app).await;
    // The owner has an open order and one staff have resolved.
    let open_order = open_ok(&owner, &complaint()).await.summary.order_no;
    let resolved_order = open_ok(&owner, &complaint()).await.summary.order_no;
    app.as_supervisor()
        .await
        .call(staff_reply(
            &resolved_order,
            "问题已解答，如有疑问请重新提交。",
            "resolved",
        ))
        .await
        .good();
    let open_messages = owner.work_order(&open_order).await.messages.len();
    let resolved_messages = owner.work_order(&resolved_order).await.messages.len();

    // Opening a request on someone else's policy: as if it did not exist.
    let mut form = complaint();
    form.kind = "claim_enquiry".into();
    form.policy_no = others_policy.clone();
    assert_eq!(open(&customer, &form).await.error(), AppError::NotFound);
    let mut form = service_request(&others_policy, "contact_change");
    form.new_phone = "13700137000".into();
    assert_eq!(open(&customer, &form).await.error(), AppError::NotFound);
    assert!(customer.my_work_orders().await.is_empty());
    assert_eq!(owner.my_work_orders().await.len(), 2);

    // The owner's orders are theirs: nobody else can read or answer them, open or finished.
    for order_no in [open_order.as_str(), resolved_order.as_str(), "WO2099999999"] {
        let answer = customer.call(get(order_no)).await;
        assert_eq!(answer.error(), AppError::NotFound, "{order_no}");
        let answer = customer.call(reply(order_no, "我想补充一点情况。")).await;
        assert_eq!(answer.error(), AppError::NotFound, "{order_no}");
    }
    // The owner still reads them, as they were: no reply written, the status unmoved.
    let still_open = owner.work_order(&open_order).await;
    assert_eq!(still_open.messages.len(), open_messages, "no reply was written");
    assert_eq!(
        still_open.summary.status,
        WorkOrderStatus::Open,
        "the status did not move"
    );
    assert_eq!(
        owner.work_order(&resolved_order).await.messages.len(),
        resolved_messages,
        "no reply was written"
    );
    let theirs = customer.call(ListMyWorkOrders { before: None }).await.good().items;
    assert!(theirs.is_empty(), "{theirs:?}");
    // A number that is not one is a field error, not a lookup.
    owner
        .call(get("CL2099000001"))
        .await
        .invalid("order_no_invalid", "order_no");
}

async fn payout_account_change_needs_advanced_verification_and_shows_the_account_masked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = verified(&app).await;
    let customer_id = fixture.customer_id;
    let in_force = fixture.policy_no.as_str().to_string();
    let customer = fixture.sign_in(&app).await;
    let mut form = service_request(&in_force, "payout_account_change");
    form.payout_bank = "中国工商银行".into();
    form.payout_account = ACCOUNT.into();

    // Only verified: changing who gets paid needs more.
    let answer = open(&customer, &form).await;
    assert_eq!(
        answer.error(),
        AppError::LevelRequired {
            required: "advanced_verified".into()
        }
    );
    assert!(customer.my_work_orders().await.is_empty(), "nothing is written");

    app.execute(&format!(
        "UPDATE customers SET member_level = 'advanced_verified' WHERE id = {customer_id}"
    ))
    .await;
    // The same form (same key: the refusal did not use it up) now goes through.
    let opened = open(&customer, &form).await;
    let mut texts = vec![opened.text.clone()];
    let detail = opened.good();
    let order_no = detail.summary.order_no.clone();
    assert_eq!(detail.summary.kind, WorkOrderKind::PolicyService);
    assert_eq!(detail.summary.service_type, Some(ServiceType::PayoutAccountChange));
    assert_eq!(detail.summary.policy_no.as_deref(), Some(in_force.as_str()));
    assert_eq!(detail.summary.status, WorkOrderStatus::Open);
    assert_eq!(change_value(&detail, "payout_account").as_deref(), Some(ACCOUNT_MASKED));
    assert_eq!(change_value(&detail, "payout_bank").as_deref(), Some("中国工商银行"));
    assert_eq!(customer.my_work_orders().await.len(), 1);

    let again = customer.call(get(&order_no)).await;
    texts.push(again.text.clone());
    assert_eq!(again.good(), detail);
    let list = customer.call(ListMyWorkOrders { before: None }).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    texts.push(list.text);
    texts.push(customer.call(PortalHome {}).await.text);
    for text in texts {
        assert!(!text.contains(ACCOUNT), "the full account number leaked: {text}");
    }
}

async fn policy_service_changes_are_checked_field_by_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A verified customer, with policies lapsed and expired beside the one in force.
    let fixture = verified(&app).await;
    let customer_id = fixture.customer_id;
    for status in [PolicyStatus::Lapsed, PolicyStatus::Expired] {
        let spec = PolicySpec {
            status,
            ..PolicySpec::default()
        };
        app.add_policy(&fixture, spec).await;
    }
    let customer = fixture.sign_in(&app).await;
    let in_force = policy_with_status(&customer, PolicyStatus::InForce).await;
    let lapsed = policy_with_status(&customer, PolicyStatus::Lapsed).await;
    let expired = policy_with_status(&customer, PolicyStatus::Expired).await;
    let before = customer.my_work_orders().await.len();

    // Contact changes need only the verified level the customer has.
    let mut form = service_request(&in_force, "contact_change");
    form.new_phone = "1380013800".into();
    open(&customer, &form).await.invalid("phone_invalid", "new_phone");
    let form = service_request(&in_force, "contact_change");
    open(&customer, &form).await.invalid("contact_required", "new_phone");
    let mut form = service_request(&in_force, "contact_change");
    form.new_email = "not-an-email".into();
    open(&customer, &form).await.invalid("email_invalid", "new_email");
    // Only a policy in force can be changed.
    for policy_no in [&lapsed, &expired] {
        let mut form = service_request(policy_no, "contact_change");
        form.new_phone = "13700137000".into();
        open(&customer, &form).await.invalid("policy_not_in_force", "policy_no");
    }
    assert_eq!(customer.my_work_orders().await.len(), before, "nothing is written");

    let mut form = service_request(&in_force, "contact_change");
    form.new_phone = "137 0013 7000".into();
    let detail = open_ok(&customer, &form).await;
    assert_eq!(change_value(&detail, "new_phone").as_deref(), Some("13700137000"));
    assert_eq!(customer.my_work_orders().await.len(), before + 1);

    // Beneficiary changes: advanced verification first, then the ID number's check digit.
    let beneficiary = |id_number: &str| {
        let mut form = service_request(&in_force, "beneficiary_change");
        form.beneficiary_name = "陈小雨".into();
        form.beneficiary_id_number = id_number.into();
        form.beneficiary_relation = "child".into();
        form.beneficiary_share = "100".into();
        form
    };
    let answer = open(&customer, &beneficiary(ID_NUMBER)).await;
    assert_eq!(
        answer.error(),
        AppError::LevelRequired {
            required: "advanced_verified".into()
        }
    );
    app.execute(&format!(
        "UPDATE customers SET member_level = 'advanced_verified' WHERE id = {customer_id}"
    ))
    .await;
    open(&customer, &beneficiary(ID_NUMBER_TYPO))
        .await
        .invalid("id_number_checksum", "beneficiary_id_number");
    let mut form = beneficiary(ID_NUMBER);
    form.beneficiary_share = "0".into();
    open(&customer, &form)
        .await
        .invalid("share_invalid", "beneficiary_share");
    let mut form = beneficiary(ID_NUMBER);
    form.beneficiary_relation = "neighbour".into();
    open(&customer, &form)
        .await
        .invalid("relation_required", "beneficiary_relation");
    assert_eq!(
        customer.my_work_orders().await.len(),
        before + 1,
        "nothing more is written"
    );

    let opened = open(&customer, &beneficiary(ID_NUMBER)).await;
    assert!(!opened.text.contains(ID_NUMBER), "{}", opened.text);
    let detail = opened.good();
    assert_eq!(
        change_value(&detail, "beneficiary_id_number").as_deref(),
        Some("110***********002X")
    );
    assert_eq!(change_value(&detail, "beneficiary_share").as_deref(), Some("100"));
    assert_eq!(customer.my_work_orders().await.len(), before + 2);
}

/// A work order's priority, which staff queues sort by, as the supervisor sees it at the desk.
async fn priority(supervisor: &User<'_>, order_no: &str) -> Priority {
    supervisor.desk_work_order(order_no).await.item.priority
}

/// How many notices of staff replies the customer's notifications holds.
async fn replies(customer: &User<'_>) -> usize {
    customer
        .notifications()
        .await
        .items
        .iter()
        .filter(|n| n.kind == NotificationKind::WorkOrderReply)
        .count()
}

async fn vip_customers_get_vip_priority(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let supervisor = app.as_supervisor().await;
    let gold = app
        .new_customer(CustomerSpec {
            vip_tier: VipTier::Gold,
            ..CustomerSpec::default()
        })
        .await
        .sign_in(&app)
        .await;
    let order_no = open_ok(&gold, &complaint()).await.summary.order_no;
    assert_eq!(priority(&supervisor, &order_no).await, Priority::Vip, "a gold member");

    // Without a VIP tier: normal; with silver: VIP again.
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer_id = fixture.customer_id;
    let other = fixture.sign_in(&app).await;
    let order_no = open_ok(&other, &complaint()).await.summary.order_no;
    assert_eq!(priority(&supervisor, &order_no).await, Priority::Normal);
    app.execute(&format!(
        "UPDATE customers SET vip_tier = 'silver' WHERE id = {customer_id}"
    ))
    .await;
    let order_no = open_ok(&other, &complaint()).await.summary.order_no;
    assert_eq!(priority(&supervisor, &order_no).await, Priority::Vip);
}

async fn customer_and_staff_converse_on_a_work_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // The customer's question, which 李静 (`agent`) answered with one of her own: it waits for
    // the customer's answer.
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer_id = fixture.customer_id;
    let customer = fixture.sign_in(&app).await;
    let order_no = work_order_awaiting_customer(&app, &customer).await;
    let start = customer.work_order(&order_no).await;
    assert_eq!(start.summary.status, WorkOrderStatus::AwaitingCustomer);
    assert!(start.summary.insurer_replied_last);
    assert_eq!(start.messages.len(), 2);

    // The customer answers the question: the order goes back to staff.
    let answered = customer
        .call(reply(&order_no, "  出院日期是本月 3 号。  "))
        .await
        .good();
    assert_eq!(answered.summary.status, WorkOrderStatus::InProgress);
    assert!(!answered.summary.insurer_replied_last);
    let messages = &answered.messages;
    assert_eq!(messages.len(), 3);
    assert!(!messages[2].from_insurer);
    assert_eq!(messages[2].body, "出院日期是本月 3 号。");
    assert_eq!(
        customer.work_order(&order_no).await.summary.status,
        WorkOrderStatus::InProgress
    );
    // Too short a reply is refused and not written.
    customer
        .call(reply(&order_no, "好"))
        .await
        .invalid("message_too_short", "message");
    assert_eq!(customer.work_order(&order_no).await.messages.len(), 3);
    // A request opened since: the one staff answer next comes first all the same.
    let newer = open_ok(&customer, &complaint()).await.summary.order_no;
    assert_eq!(customer.my_work_orders().await[0].order_no, newer);

    // Staff answer and ask something back.
    let replies_before = replies(&customer).await;
    let audits_before = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'work_order.reply'")
        .await;
    let audited_by_agent = format!(
        "SELECT COUNT(*) FROM audit_log a JOIN staff s ON s.id = a.staff_id \
         WHERE a.action = 'work_order.reply' AND s.username = 'agent' AND a.customer_id = {customer_id} \
         AND a.detail LIKE '%{order_no}%'"
    );
    let agent_audits_before = app.count(&audited_by_agent).await;
    let agent = app.as_agent().await;
    let staff_text = "收到，请上传出院小结照片，我们会尽快处理。";
    agent
        .call(staff_reply(&order_no, staff_text, "awaiting_customer"))
        .await
        .good();

    let seen = customer.work_order(&order_no).await;
    assert_eq!(seen.summary.status, WorkOrderStatus::AwaitingCustomer);
    assert!(seen.summary.insurer_replied_last);
    let messages = &seen.messages;
    assert_eq!(messages.len(), 4);
    assert!(messages[3].from_insurer);
    assert_eq!(messages[3].body, staff_text);
    let list = customer.call(ListMyWorkOrders { before: None }).await.good().items;
    assert_eq!(list[0].order_no, order_no, "the newest activity first");
    assert!(list[0].insurer_replied_last);

    // The customer is told, in their notifications.
    assert_eq!(replies(&customer).await, replies_before + 1);
    let notifications = customer.notifications().await;
    let newest = &notifications.items[0];
    assert_eq!(newest.kind, NotificationKind::WorkOrderReply, "{notifications:?}");
    assert!(!newest.read);
    assert!(
        newest.params.contains(&("order_no".to_string(), order_no.clone())),
        "{newest:?}"
    );
    assert_eq!(
        newest.link.as_deref(),
        Some(app::routes::portal::work_order(&order_no).as_str())
    );

    // The reply is audited, naming the agent and the customer.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'work_order.reply'")
            .await,
        audits_before + 1
    );
    assert_eq!(app.count(&audited_by_agent).await, agent_audits_before + 1);

    // Staff must choose a real next status; "open" is not one.
    for status in ["open", "done", ""] {
        agent
            .call(staff_reply(&order_no, staff_text, status))
            .await
            .invalid("status_invalid", "status");
    }
    // An unknown order is not found.
    let answer = agent.call(staff_reply("WO2099999999", staff_text, "in_progress")).await;
    assert_eq!(answer.error(), AppError::NotFound);
    assert_eq!(customer.work_order(&order_no).await.messages.len(), 4);
}

async fn finished_work_orders_take_no_replies_and_customers_cannot_reply_as_staff(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer with a complaint staff resolved, and a question that waits for them.
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let resolved_no = resolved_work_order(&app, &customer).await;
    // Resolved a year ago: long past the window in which a reply reopens it.
    app.execute(&format!(
        "UPDATE work_orders SET resolved_at = resolved_at - {} WHERE order_no = '{resolved_no}'",
        365 * app::domain::calendar::DAY_MS
    ))
    .await;
    let waiting_no = work_order_awaiting_customer(&app, &customer).await;
    let waiting_messages = customer.work_order(&waiting_no).await.messages.len();
    let staff_replies = "SELECT COUNT(*) FROM audit_log WHERE action = 'work_order.reply'";
    let replied_before = app.count(staff_replies).await;

    customer
        .call(reply(&resolved_no, "我还是不太满意这个处理结果。"))
        .await
        .conflict("request_closed");
    let resolved = customer.work_order(&resolved_no).await;
    assert_eq!(resolved.summary.status, WorkOrderStatus::Resolved);
    assert_eq!(resolved.messages.len(), 2, "nothing is written");

    // A customer cannot answer as the insurer, not even on their own order.
    let as_staff = || staff_reply(&waiting_no, "已处理完毕，谢谢。", "resolved");
    assert_eq!(customer.call(as_staff()).await.error(), AppError::Forbidden);
    assert_eq!(
        app.anonymous().call(as_staff()).await.error(),
        AppError::Unauthenticated
    );
    let waiting = customer.work_order(&waiting_no).await;
    assert_eq!(waiting.messages.len(), waiting_messages);
    assert_eq!(waiting.summary.status, WorkOrderStatus::AwaitingCustomer);
    assert_eq!(
        app.count(staff_replies).await,
        replied_before,
        "no staff reply is recorded"
    );

    // Once staff resolve an order, the customer's replies stop there too.
    let agent = app.as_agent().await;
    agent
        .call(staff_reply(&waiting_no, "问题已解答，如有疑问请重新提交。", "closed"))
        .await
        .good();
    customer
        .call(reply(&waiting_no, "好的，谢谢你们的帮助。"))
        .await
        .conflict("request_closed");
}

async fn a_photo_uploaded_for_a_request_is_listed_with_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let upload = customer.upload("work_order", "discharge.jpg", jpeg(4096)).await.good();
    let id = upload.id.clone();

    let mut form = complaint();
    form.kind = "consultation".into();
    form.documents = vec![id.clone()];
    let detail = open_ok(&customer, &form).await;
    let documents = &detail.documents;
    assert_eq!(documents.len(), 1, "{detail:?}");
    assert_eq!(documents[0].id, id);
    assert_eq!(documents[0].name, "discharge.jpg");
    assert_eq!(documents[0].content_type, "image/jpeg");
    assert_eq!(documents[0].size_bytes, 4096);
    let order_no = detail.summary.order_no.clone();
    assert_eq!(customer.work_order(&order_no).await.documents, detail.documents);

    // The owner can fetch it; the file is used and cannot go on a second request.
    let (status, _, bytes) = customer.get(&upload.url()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes.len(), 4096);
    let before = customer.my_work_orders().await.len();
    let mut form = complaint();
    form.documents = vec![id];
    open(&customer, &form).await.conflict("document_unavailable");
    assert_eq!(
        customer.my_work_orders().await.len(),
        before,
        "the refused order is not written"
    );

    // A photo uploaded for a claim is not a request's attachment.
    let claim_photo = customer.upload("claim", "receipt.jpg", jpeg(2048)).await.good();
    let mut form = complaint();
    form.documents = vec![claim_photo.id];
    open(&customer, &form).await.conflict("document_unavailable");
    assert_eq!(customer.my_work_orders().await.len(), before);
}
