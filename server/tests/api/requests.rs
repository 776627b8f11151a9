//! Work orders (工单) the customer opens and follows: complaints, questions, policy-service
//! changes checked against the member level, the conversation with staff, attachments.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::claims::{jpeg, request_key, ACCOUNT, ACCOUNT_MASKED};
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

const WORK_ORDERS: &str = "SELECT COUNT(*) FROM work_orders";
const MESSAGES: &str = "SELECT COUNT(*) FROM work_order_messages";

/// A valid ID number (the check character matches) and one with a typo in its last digit.
const ID_NUMBER: &str = "11010519491231002X";
const ID_NUMBER_TYPO: &str = "110105194912310021";

fn complaint() -> Value {
    json!({"form": {
        "kind": "complaint",
        "subject": "理赔回访电话太多",
        "message": "这周接到了五次回访电话，请减少打扰。",
        "request_key": request_key(),
    }})
}

/// A policy-service request on `policy_no` asking for `service_type`, without the change's
/// own fields (the caller adds them).
fn service_request(policy_no: &str, service_type: &str) -> Value {
    json!({"form": {
        "kind": "policy_service",
        "service_type": service_type,
        "policy_no": policy_no,
        "subject": "变更保单信息",
        "message": "请按以下信息变更，谢谢。",
        "request_key": request_key(),
    }})
}

async fn open(app: &TestApp, form: &Value, cookie: &str) -> Answer {
    app.call_json("requests/open", form, Some(cookie)).await
}

async fn open_ok(app: &TestApp, form: &Value, cookie: &str) -> Value {
    let answer = open(app, form, cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body
}

async fn detail(app: &TestApp, order_no: &str, cookie: &str) -> Value {
    let answer = app
        .call("requests/get_mine", &[("order_no", order_no)], Some(cookie))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{order_no}: {}", answer.body);
    answer.body
}

/// The policy number of the caller's first policy with `status`.
async fn policy_with_status(app: &TestApp, status: &str, cookie: &str) -> String {
    let answer = app.call("policies/list_mine", &[], Some(cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["status"] == status)
        .unwrap_or_else(|| panic!("a policy {status}: {}", answer.body))["policy_no"]
        .as_str()
        .unwrap()
        .to_string()
}

fn invalid(answer: &Answer, code: &str, field: &str) {
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert_eq!(answer.body["kind"], "invalid", "{}", answer.body);
    assert_eq!(answer.body["code"], code, "{}", answer.body);
    assert_eq!(answer.body["field"], field, "{}", answer.body);
}

fn not_found(answer: &Answer) {
    assert_eq!(
        (answer.status, answer.body.clone()),
        (StatusCode::NOT_FOUND, json!({"kind": "not_found"}))
    );
}

/// The value shown for `key` in a detail's `change` (a list of `[key, value]` pairs).
fn change_value(detail: &Value, key: &str) -> Option<String> {
    detail["change"]
        .as_array()
        .unwrap()
        .iter()
        .find(|pair| pair[0] == key)
        .map(|pair| pair[1].as_str().unwrap().to_string())
}

async fn customer_opens_a_complaint_and_sees_it_in_the_list(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let form = complaint();
    let before = app.count(WORK_ORDERS).await;

    let detail = open_ok(&app, &form, &cookie).await;
    let order_no = detail["summary"]["order_no"].as_str().unwrap().to_string();
    assert!(order_no.starts_with("WO") && order_no.len() == 12, "{order_no}");
    assert_ne!(order_no, "WO2026900001");
    assert_ne!(order_no, "WO2026900002");
    assert_eq!(detail["summary"]["kind"], "complaint");
    assert_eq!(detail["summary"]["status"], "open");
    assert_eq!(detail["summary"]["subject"], "理赔回访电话太多");
    assert_eq!(detail["summary"]["policy_no"], Value::Null);
    assert_eq!(detail["summary"]["service_type"], Value::Null);
    assert_eq!(detail["summary"]["insurer_replied_last"], false);
    assert_eq!(detail["change"], json!([]));
    assert_eq!(detail["documents"], json!([]));
    assert_eq!(detail["rating"], Value::Null);
    let messages = detail["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1, "{detail}");
    assert_eq!(messages[0]["from_insurer"], false);
    assert_eq!(messages[0]["body"], form["form"]["message"]);
    assert_eq!(app.count(WORK_ORDERS).await, before + 1);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM work_orders WHERE order_no = '{order_no}' AND status = 'open' AND kind = 'complaint'"
        ))
        .await,
        1
    );

    // It heads the list, above the two demo orders, and reads back the same.
    let list = app.call("requests/list_mine", &[], Some(&cookie)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let orders: Vec<&str> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["order_no"].as_str().unwrap())
        .collect();
    assert_eq!(orders, [order_no.as_str(), "WO2026900001", "WO2026900002"]);
    assert_eq!(list.body[0], detail["summary"]);
    assert_eq!(self::detail(&app, &order_no.to_lowercase(), &cookie).await, detail);

    // Signed out or as staff: nothing opened.
    let answer = app.call_json("requests/open", &complaint(), None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.body);
    let agent = app.agent().await;
    let answer = app.call_json("requests/open", &complaint(), Some(&agent)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert_eq!(app.count(WORK_ORDERS).await, before + 1);
}

async fn same_request_key_opens_one_work_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let form = complaint();
    let key = form["form"]["request_key"].as_str().unwrap().to_string();
    let before = app.count(WORK_ORDERS).await;
    let messages_before = app.count(MESSAGES).await;

    let first = open_ok(&app, &form, &cookie).await;
    let second = open_ok(&app, &form, &cookie).await;
    assert_eq!(first["summary"]["order_no"], second["summary"]["order_no"]);
    assert_eq!(first, second);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM work_orders WHERE idempotency_key = '{key}'"
        ))
        .await,
        1
    );
    assert_eq!(app.count(WORK_ORDERS).await, before + 1);
    assert_eq!(app.count(MESSAGES).await, messages_before + 1, "one first message");

    // A double tap: both at once still make one.
    let form = complaint();
    let (a, b) = tokio::join!(open(&app, &form, &cookie), open(&app, &form, &cookie));
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(b.status, StatusCode::OK, "{}", b.body);
    assert_eq!(a.body["summary"]["order_no"], b.body["summary"]["order_no"]);
    assert_eq!(app.count(WORK_ORDERS).await, before + 2);
    assert_eq!(app.count(MESSAGES).await, messages_before + 2);

    // A new key is a new order.
    let third = open_ok(&app, &complaint(), &cookie).await;
    assert_ne!(third["summary"]["order_no"], first["summary"]["order_no"]);
    assert_eq!(app.count(WORK_ORDERS).await, before + 3);
}

async fn invalid_requests_are_refused_field_by_field_and_nothing_is_written(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let in_force = policy_with_status(&app, "in_force", &cookie).await;
    let before = app.count(WORK_ORDERS).await;
    let messages_before = app.count(MESSAGES).await;

    // (field to change, its value, the code, the field named)
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        ("kind", json!(""), "kind_required", "kind"),
        ("kind", json!("praise"), "kind_required", "kind"),
        ("subject", json!("长".repeat(81)), "subject_too_long", "subject"),
        ("subject", json!("  "), "subject_required", "subject"),
        ("message", json!("太慢了"), "message_too_short", "message"),
        ("message", json!(""), "message_required", "message"),
        ("message", json!("长".repeat(2001)), "message_too_long", "message"),
        ("request_key", json!("short"), "idempotency_key_invalid", "request_key"),
    ];
    for (key, value, code, field) in cases {
        let mut form = complaint();
        form["form"][key] = value.clone();
        let answer = open(&app, &form, &cookie).await;
        invalid(&answer, code, field);
        assert_eq!(
            app.count(WORK_ORDERS).await,
            before,
            "{key}={value}: nothing is written"
        );
    }
    // A form without `kind` at all.
    let mut form = complaint();
    form["form"].as_object_mut().unwrap().remove("kind");
    invalid(&open(&app, &form, &cookie).await, "kind_required", "kind");

    // Exactly 80 characters of subject is allowed (sent at the end, once the refusals are counted).
    let mut at_limit = complaint();
    at_limit["form"]["subject"] = json!("长".repeat(80));

    // A policy-service request must say which change.
    let mut form = service_request(&in_force, "");
    form["form"]["new_phone"] = json!("13700137000");
    invalid(
        &open(&app, &form, &cookie).await,
        "service_type_required",
        "service_type",
    );
    let mut form = service_request(&in_force, "address_change");
    form["form"]["new_phone"] = json!("13700137000");
    invalid(
        &open(&app, &form, &cookie).await,
        "service_type_required",
        "service_type",
    );
    // A claim enquiry (and a policy-service request) is about a policy.
    let mut form = complaint();
    form["form"]["kind"] = json!("claim_enquiry");
    invalid(&open(&app, &form, &cookie).await, "policy_required", "policy_no");
    let mut form = service_request("", "contact_change");
    form["form"]["new_phone"] = json!("13700137000");
    invalid(&open(&app, &form, &cookie).await, "policy_required", "policy_no");
    // A policy number that is not one.
    let mut form = complaint();
    form["form"]["policy_no"] = json!("not-a-policy");
    invalid(&open(&app, &form, &cookie).await, "policy_no_invalid", "policy_no");

    assert_eq!(app.count(WORK_ORDERS).await, before, "nothing is written");
    assert_eq!(app.count(MESSAGES).await, messages_before);

    // The same forms, put right, are accepted.
    let detail = open_ok(&app, &at_limit, &cookie).await;
    assert_eq!(detail["summary"]["subject"].as_str().unwrap().chars().count(), 80);
    let mut form = complaint();
    form["form"]["kind"] = json!("claim_enquiry");
    form["form"]["policy_no"] = json!(in_force);
    let detail = open_ok(&app, &form, &cookie).await;
    assert_eq!(detail["summary"]["kind"], "claim_enquiry");
    assert_eq!(detail["summary"]["policy_no"], in_force.as_str());
    assert_eq!(app.count(WORK_ORDERS).await, before + 2);
}

async fn another_customers_policy_or_work_order_is_not_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let other = app.other_customer().await;
    let others_policy = policy_with_status(&app, "in_force", &other).await;
    let before = app.count(WORK_ORDERS).await;
    let messages_before = app.count(MESSAGES).await;

    // Opening a request on someone else's policy: as if it did not exist.
    let mut form = complaint();
    form["form"]["kind"] = json!("claim_enquiry");
    form["form"]["policy_no"] = json!(others_policy);
    not_found(&open(&app, &form, &cookie).await);
    let mut form = service_request(&others_policy, "contact_change");
    form["form"]["new_phone"] = json!("13700137000");
    not_found(&open(&app, &form, &cookie).await);
    assert_eq!(app.count(WORK_ORDERS).await, before);

    // The demo orders are the demo customer's: the other customer can neither read nor answer them.
    for order_no in ["WO2026900001", "WO2026900002", "WO2026999999"] {
        let answer = app
            .call("requests/get_mine", &[("order_no", order_no)], Some(&other))
            .await;
        not_found(&answer);
        let answer = app
            .call(
                "requests/reply",
                &[("order_no", order_no), ("message", "我想补充一点情况。")],
                Some(&other),
            )
            .await;
        not_found(&answer);
    }
    assert_eq!(app.count(MESSAGES).await, messages_before, "no reply was written");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM work_orders WHERE order_no = 'WO2026900001' AND status = 'awaiting_customer'")
            .await,
        1,
        "the status did not move"
    );
    let theirs = app.call("requests/list_mine", &[], Some(&other)).await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.body);
    assert_eq!(theirs.body, json!([]));
    // The owner still reads it.
    detail(&app, "WO2026900001", &cookie).await;
    // A number that is not one is a field error, not a lookup.
    let answer = app
        .call("requests/get_mine", &[("order_no", "CL2026900001")], Some(&cookie))
        .await;
    invalid(&answer, "order_no_invalid", "order_no");
}

async fn payout_account_change_needs_advanced_verification_and_shows_the_account_masked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let in_force = policy_with_status(&app, "in_force", &cookie).await;
    let mut form = service_request(&in_force, "payout_account_change");
    form["form"]["payout_bank"] = json!("中国工商银行");
    form["form"]["payout_account"] = json!(ACCOUNT);
    let before = app.count(WORK_ORDERS).await;

    // The demo customer is only verified: changing who gets paid needs more.
    let answer = open(&app, &form, &cookie).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert_eq!(
        answer.body,
        json!({"kind": "level_required", "required": "advanced_verified"})
    );
    assert_eq!(app.count(WORK_ORDERS).await, before, "nothing is written");

    app.execute(&format!(
        "UPDATE customers SET member_level = 'advanced_verified' WHERE phone = '{DEMO_CUSTOMER_PHONE}'"
    ))
    .await;
    // The same form (same key: the refusal did not use it up) now goes through.
    let detail = open_ok(&app, &form, &cookie).await;
    let order_no = detail["summary"]["order_no"].as_str().unwrap().to_string();
    assert_eq!(detail["summary"]["kind"], "policy_service");
    assert_eq!(detail["summary"]["service_type"], "payout_account_change");
    assert_eq!(detail["summary"]["policy_no"], in_force.as_str());
    assert_eq!(detail["summary"]["status"], "open");
    assert_eq!(change_value(&detail, "payout_account").as_deref(), Some(ACCOUNT_MASKED));
    assert_eq!(change_value(&detail, "payout_bank").as_deref(), Some("中国工商银行"));
    assert_eq!(app.count(WORK_ORDERS).await, before + 1);
    // Nothing changed on the policy yet: staff approve it first.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM work_orders WHERE order_no = '{order_no}' AND service_type = 'payout_account_change'"
        ))
        .await,
        1
    );

    let again = self::detail(&app, &order_no, &cookie).await;
    assert_eq!(again, detail);
    let list = app.call("requests/list_mine", &[], Some(&cookie)).await;
    assert_eq!(list.status, StatusCode::OK);
    let home = app.call("inbox/home", &[], Some(&cookie)).await;
    for body in [&detail, &again, &list.body, &home.body] {
        let text = body.to_string();
        assert!(!text.contains(ACCOUNT), "the full account number leaked: {text}");
    }
}

async fn policy_service_changes_are_checked_field_by_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let in_force = policy_with_status(&app, "in_force", &cookie).await;
    let lapsed = policy_with_status(&app, "lapsed", &cookie).await;
    let expired = policy_with_status(&app, "expired", &cookie).await;
    let before = app.count(WORK_ORDERS).await;

    // Contact changes need only the verified level the demo customer has.
    let mut form = service_request(&in_force, "contact_change");
    form["form"]["new_phone"] = json!("1380013800");
    invalid(&open(&app, &form, &cookie).await, "phone_invalid", "new_phone");
    let form = service_request(&in_force, "contact_change");
    invalid(&open(&app, &form, &cookie).await, "contact_required", "new_phone");
    let mut form = service_request(&in_force, "contact_change");
    form["form"]["new_email"] = json!("not-an-email");
    invalid(&open(&app, &form, &cookie).await, "email_invalid", "new_email");
    // Only a policy in force can be changed.
    for policy_no in [&lapsed, &expired] {
        let mut form = service_request(policy_no, "contact_change");
        form["form"]["new_phone"] = json!("13700137000");
        invalid(&open(&app, &form, &cookie).await, "policy_not_in_force", "policy_no");
    }
    assert_eq!(app.count(WORK_ORDERS).await, before, "nothing is written");

    let mut form = service_request(&in_force, "contact_change");
    form["form"]["new_phone"] = json!("137 0013 7000");
    let detail = open_ok(&app, &form, &cookie).await;
    assert_eq!(change_value(&detail, "new_phone").as_deref(), Some("13700137000"));
    assert_eq!(app.count(WORK_ORDERS).await, before + 1);

    // Beneficiary changes: advanced verification first, then the ID number's check digit.
    let beneficiary = |id_number: &str| {
        let mut form = service_request(&in_force, "beneficiary_change");
        form["form"]["beneficiary_name"] = json!("陈小雨");
        form["form"]["beneficiary_id_number"] = json!(id_number);
        form["form"]["beneficiary_relation"] = json!("child");
        form["form"]["beneficiary_share"] = json!("100");
        form
    };
    let answer = open(&app, &beneficiary(ID_NUMBER), &cookie).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert_eq!(answer.body["required"], "advanced_verified", "{}", answer.body);
    app.execute(&format!(
        "UPDATE customers SET member_level = 'advanced_verified' WHERE phone = '{DEMO_CUSTOMER_PHONE}'"
    ))
    .await;
    invalid(
        &open(&app, &beneficiary(ID_NUMBER_TYPO), &cookie).await,
        "id_number_checksum",
        "beneficiary_id_number",
    );
    let mut form = beneficiary(ID_NUMBER);
    form["form"]["beneficiary_share"] = json!("0");
    invalid(&open(&app, &form, &cookie).await, "share_invalid", "beneficiary_share");
    let mut form = beneficiary(ID_NUMBER);
    form["form"]["beneficiary_relation"] = json!("neighbour");
    invalid(
        &open(&app, &form, &cookie).await,
        "relation_required",
        "beneficiary_relation",
    );
    assert_eq!(app.count(WORK_ORDERS).await, before + 1, "nothing more is written");

    let detail = open_ok(&app, &beneficiary(ID_NUMBER), &cookie).await;
    assert_eq!(
        change_value(&detail, "beneficiary_id_number").as_deref(),
        Some("110***********002X")
    );
    assert_eq!(change_value(&detail, "beneficiary_share").as_deref(), Some("100"));
    assert!(!detail.to_string().contains(ID_NUMBER), "{detail}");
    assert_eq!(app.count(WORK_ORDERS).await, before + 2);
}

/// The `priority` column of a work order, as staff queues sort by it.
async fn priority(app: &TestApp, order_no: &str) -> String {
    let (priority,): (String,) = sqlx::query_as("SELECT priority FROM work_orders WHERE order_no = $1")
        .bind(order_no)
        .fetch_one(&app.app_state.db.pool)
        .await
        .unwrap();
    priority
}

async fn vip_customers_get_vip_priority(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let detail = open_ok(&app, &complaint(), &cookie).await;
    let order_no = detail["summary"]["order_no"].as_str().unwrap().to_string();
    assert_eq!(
        priority(&app, &order_no).await,
        "vip",
        "the demo customer is a gold member"
    );

    // Without a VIP tier: normal; with silver: VIP again.
    app.execute(&format!(
        "UPDATE customers SET vip_tier = 'none' WHERE phone = '{OTHER_CUSTOMER_PHONE}'"
    ))
    .await;
    let other = app.other_customer().await;
    let detail = open_ok(&app, &complaint(), &other).await;
    let order_no = detail["summary"]["order_no"].as_str().unwrap().to_string();
    assert_eq!(priority(&app, &order_no).await, "normal");
    app.execute(&format!(
        "UPDATE customers SET vip_tier = 'silver' WHERE phone = '{OTHER_CUSTOMER_PHONE}'"
    ))
    .await;
    let detail = open_ok(&app, &complaint(), &other).await;
    let order_no = detail["summary"]["order_no"].as_str().unwrap().to_string();
    assert_eq!(priority(&app, &order_no).await, "vip");
}

async fn customer_and_staff_converse_on_a_work_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let customer_id = app.customer_id(DEMO_CUSTOMER_PHONE).await;
    let start = detail(&app, "WO2026900001", &cookie).await;
    assert_eq!(start["summary"]["status"], "awaiting_customer");
    assert_eq!(start["summary"]["insurer_replied_last"], true);
    assert_eq!(start["messages"].as_array().unwrap().len(), 2);

    // The customer answers the question: the order goes back to staff.
    let answer = app
        .call(
            "requests/reply",
            &[("order_no", "WO2026900001"), ("message", "  出院日期是本月 3 号。  ")],
            Some(&cookie),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["summary"]["status"], "in_progress");
    assert_eq!(answer.body["summary"]["insurer_replied_last"], false);
    let messages = answer.body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 3);
    assert_eq!(messages[2]["from_insurer"], false);
    assert_eq!(messages[2]["body"], "出院日期是本月 3 号。");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM work_orders WHERE order_no = 'WO2026900001' AND status = 'in_progress'")
            .await,
        1
    );
    // Too short a reply is refused and not written.
    let answer = app
        .call(
            "requests/reply",
            &[("order_no", "WO2026900001"), ("message", "好")],
            Some(&cookie),
        )
        .await;
    invalid(&answer, "message_too_short", "message");
    assert_eq!(
        detail(&app, "WO2026900001", &cookie).await["messages"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // Staff answer and ask something back.
    let replies_before = app
        .count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE customer_id = {customer_id} AND kind = 'work_order_reply'"
        ))
        .await;
    let audits_before = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'work_order.reply'")
        .await;
    let agent = app.agent().await;
    let staff_text = "收到，请上传出院小结照片，我们会尽快处理。";
    let answer = app
        .call(
            "console/reply_work_order",
            &[
                ("order_no", "WO2026900001"),
                ("message", staff_text),
                ("status", "awaiting_customer"),
            ],
            Some(&agent),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);

    let seen = detail(&app, "WO2026900001", &cookie).await;
    assert_eq!(seen["summary"]["status"], "awaiting_customer");
    assert_eq!(seen["summary"]["insurer_replied_last"], true);
    let messages = seen["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 4);
    assert_eq!(messages[3]["from_insurer"], true);
    assert_eq!(messages[3]["body"], staff_text);
    let list = app.call("requests/list_mine", &[], Some(&cookie)).await.body;
    assert_eq!(list[0]["order_no"], "WO2026900001", "the newest activity first");
    assert_eq!(list[0]["insurer_replied_last"], true);

    // The customer is told, in the inbox.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE customer_id = {customer_id} AND kind = 'work_order_reply'"
        ))
        .await,
        replies_before + 1
    );
    let inbox = app.call("inbox/mine", &[], Some(&cookie)).await;
    assert_eq!(inbox.status, StatusCode::OK, "{}", inbox.body);
    let newest = &inbox.body["items"][0];
    assert_eq!(newest["kind"], "work_order_reply", "{}", inbox.body);
    assert_eq!(newest["read"], false);
    assert!(
        newest["params"]
            .as_array()
            .unwrap()
            .contains(&json!(["order_no", "WO2026900001"])),
        "{newest}"
    );
    assert_eq!(newest["link"], app::routes::portal::work_order("WO2026900001").as_str());

    // The reply is audited, naming the agent and the customer.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'work_order.reply'")
            .await,
        audits_before + 1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log a JOIN staff s ON s.id = a.staff_id \
             WHERE a.action = 'work_order.reply' AND s.username = 'agent' AND a.customer_id = {customer_id} \
             AND a.detail LIKE '%WO2026900001%'"
        ))
        .await,
        1
    );

    // Staff must choose a real next status; "open" is not one.
    for status in ["open", "done", ""] {
        let answer = app
            .call(
                "console/reply_work_order",
                &[
                    ("order_no", "WO2026900001"),
                    ("message", staff_text),
                    ("status", status),
                ],
                Some(&agent),
            )
            .await;
        invalid(&answer, "status_invalid", "status");
    }
    // An unknown order is not found.
    let answer = app
        .call(
            "console/reply_work_order",
            &[
                ("order_no", "WO2026999999"),
                ("message", staff_text),
                ("status", "in_progress"),
            ],
            Some(&agent),
        )
        .await;
    not_found(&answer);
    assert_eq!(
        detail(&app, "WO2026900001", &cookie).await["messages"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

async fn finished_work_orders_take_no_replies_and_customers_cannot_reply_as_staff(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let messages_before = app.count(MESSAGES).await;

    let answer = app
        .call(
            "requests/reply",
            &[
                ("order_no", "WO2026900002"),
                ("message", "我还是不太满意这个处理结果。"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert_eq!(answer.body["kind"], "conflict", "{}", answer.body);
    assert_eq!(answer.body["code"], "request_closed", "{}", answer.body);
    assert_eq!(app.count(MESSAGES).await, messages_before, "nothing is written");
    let resolved = detail(&app, "WO2026900002", &cookie).await;
    assert_eq!(resolved["summary"]["status"], "resolved");
    assert_eq!(resolved["messages"].as_array().unwrap().len(), 2);

    // A customer cannot answer as the insurer, not even on their own order.
    let answer = app
        .call(
            "console/reply_work_order",
            &[
                ("order_no", "WO2026900001"),
                ("message", "已处理完毕，谢谢。"),
                ("status", "resolved"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert_eq!(answer.body["kind"], "forbidden", "{}", answer.body);
    let answer = app
        .call(
            "console/reply_work_order",
            &[
                ("order_no", "WO2026900001"),
                ("message", "已处理完毕，谢谢。"),
                ("status", "resolved"),
            ],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.body);
    assert_eq!(app.count(MESSAGES).await, messages_before);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM work_orders WHERE order_no = 'WO2026900001' AND status = 'awaiting_customer'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'work_order.reply'")
            .await,
        0
    );

    // Once staff resolve an order, the customer's replies stop there too.
    let agent = app.agent().await;
    let answer = app
        .call(
            "console/reply_work_order",
            &[
                ("order_no", "WO2026900001"),
                ("message", "问题已解答，如有疑问请重新提交。"),
                ("status", "closed"),
            ],
            Some(&agent),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let answer = app
        .call(
            "requests/reply",
            &[("order_no", "WO2026900001"), ("message", "好的，谢谢你们的帮助。")],
            Some(&cookie),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert_eq!(answer.body["code"], "request_closed", "{}", answer.body);
}

async fn a_photo_uploaded_for_a_request_is_listed_with_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let upload = app
        .upload("work_order", "discharge.jpg", jpeg(4096), Some(&cookie))
        .await;
    assert_eq!(upload.status, StatusCode::OK, "{}", upload.body);
    let id = upload.body["id"].as_str().unwrap().to_string();

    let mut form = complaint();
    form["form"]["kind"] = json!("consultation");
    form["form"]["documents"] = json!([id]);
    let detail = open_ok(&app, &form, &cookie).await;
    let documents = detail["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1, "{detail}");
    assert_eq!(documents[0]["id"], id.as_str());
    assert_eq!(documents[0]["name"], "discharge.jpg");
    assert_eq!(documents[0]["content_type"], "image/jpeg");
    assert_eq!(documents[0]["size_bytes"], 4096);
    let order_no = detail["summary"]["order_no"].as_str().unwrap().to_string();
    assert_eq!(
        self::detail(&app, &order_no, &cookie).await["documents"],
        detail["documents"]
    );

    // The owner can fetch it; the file is used and cannot go on a second request.
    let (status, _, bytes) = app
        .get_bytes(&format!("/api/documents/file?id={id}"), Some(&cookie))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes.len(), 4096);
    let before = app.count(WORK_ORDERS).await;
    let mut form = complaint();
    form["form"]["documents"] = json!([id]);
    let answer = open(&app, &form, &cookie).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert_eq!(answer.body["code"], "document_unavailable", "{}", answer.body);
    assert_eq!(app.count(WORK_ORDERS).await, before, "the refused order is not written");

    // A photo uploaded for a claim is not a request's attachment.
    let claim_photo = app.upload("claim", "receipt.jpg", jpeg(2048), Some(&cookie)).await;
    assert_eq!(claim_photo.status, StatusCode::OK, "{}", claim_photo.body);
    let mut form = complaint();
    form["form"]["documents"] = json!([claim_photo.body["id"]]);
    let answer = open(&app, &form, &cookie).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert_eq!(answer.body["code"], "document_unavailable", "{}", answer.body);
    assert_eq!(app.count(WORK_ORDERS).await, before);
}
