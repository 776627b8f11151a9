//! Membership (统一会员体系): member level, real-name verification, advanced verification
//! requests, and the VIP services a tier includes.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::claims::{jpeg, request_key};
use crate::harness::*;
use crate::on_both;

on_both!(
    demo_customer_sees_level_tier_and_included_services,
    verify_identity_checks_the_number_and_the_record_and_earns_points_once,
    verify_identity_with_no_number_on_record_takes_any_valid_number,
    advanced_verification_needs_verified_and_one_review_at_a_time,
    advanced_verification_sent_twice_at_once_makes_one_review,
    verify_identity_sent_twice_at_once_verifies_and_tells_once,
    vip_services_are_booked_once_per_key_within_the_tier,
);

/// A valid ID number (GB 11643's own example) and its masked form; a typo of it; and
/// another valid number.
const ID_NUMBER: &str = "11010519491231002X";
const ID_MASKED: &str = "110***********002X";
const ID_NUMBER_TYPO: &str = "110105194912310021";
const OTHER_ID_NUMBER: &str = "310104198506121230";
const OTHER_ID_MASKED: &str = "310***********1230";

/// The other demo customer's name.
const OTHER_NAME: &str = "林雨桐";

async fn status(app: &TestApp, cookie: &str) -> Value {
    let answer = app.call("members/status", &[], Some(cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body
}

fn service<'a>(membership: &'a Value, code: &str) -> &'a Value {
    membership["vip_services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == code)
        .unwrap_or_else(|| panic!("service {code}: {membership}"))
}

fn invalid(answer: &Answer, code: &str, field: &str) {
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert_eq!(answer.body["kind"], "invalid", "{}", answer.body);
    assert_eq!(answer.body["code"], code, "{}", answer.body);
    assert_eq!(answer.body["field"], field, "{}", answer.body);
}

fn conflict(answer: &Answer, code: &str) {
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert_eq!(answer.body["kind"], "conflict", "{}", answer.body);
    assert_eq!(answer.body["code"], code, "{}", answer.body);
}

async fn verify(app: &TestApp, name: &str, id_number: &str, cookie: &str) -> Answer {
    app.call(
        "members/verify_identity",
        &[("name", name), ("id_number", id_number)],
        Some(cookie),
    )
    .await
}

/// The other customer's (member level, masked ID number) as stored.
async fn other_record(app: &TestApp) -> (String, Option<String>) {
    sqlx::query_as("SELECT member_level, id_number_masked FROM customers WHERE phone = $1")
        .bind(OTHER_CUSTOMER_PHONE)
        .fetch_one(&app.app_state.db.pool)
        .await
        .unwrap()
}

async fn identity_earnings(app: &TestApp, customer_id: i64) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM points_ledger WHERE customer_id = {customer_id} AND rule_code = 'identity_verified'"
    ))
    .await
}

async fn balance(app: &TestApp, cookie: &str) -> i64 {
    let answer = app.call("points/mine", &[], Some(cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["balance"].as_i64().unwrap()
}

async fn demo_customer_sees_level_tier_and_included_services(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let membership = status(&app, &cookie).await;
    assert_eq!(membership["level"], "verified", "{membership}");
    assert_eq!(membership["tier"], "gold");
    assert_eq!(membership["advanced_pending"], false);
    assert_eq!(membership["bookings"], json!([]));
    let dental = service(&membership, "dental_cleaning");
    assert_eq!(dental["included"], true, "{dental}");
    assert_eq!(dental["min_tier"], "silver");
    let check = service(&membership, "health_check");
    assert_eq!(check["included"], true, "{check}");
    assert_eq!(check["min_tier"], "gold");
    assert_eq!(check["name_en"], "Annual health check");
    let escort = service(&membership, "hospital_escort");
    assert_eq!(escort["included"], false, "a platinum service: {escort}");
    assert_eq!(escort["min_tier"], "platinum");
    let tiers: Vec<&str> = membership["vip_services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["min_tier"].as_str().unwrap())
        .collect();
    assert_eq!(tiers, ["silver", "gold", "platinum"], "lowest tier first");

    // A customer without a tier sees the services, none included.
    app.execute(&format!(
        "UPDATE customers SET vip_tier = 'none', member_level = 'registered' WHERE phone = '{OTHER_CUSTOMER_PHONE}'"
    ))
    .await;
    let other = app.other_customer().await;
    let theirs = status(&app, &other).await;
    assert_eq!(theirs["level"], "registered");
    assert_eq!(theirs["tier"], "none");
    assert!(
        theirs["vip_services"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["included"] == false),
        "{theirs}"
    );

    let answer = app.call("members/status", &[], None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let agent = app.agent().await;
    let answer = app.call("members/status", &[], Some(&agent)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

async fn verify_identity_checks_the_number_and_the_record_and_earns_points_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.execute(&format!(
        "UPDATE customers SET member_level = 'registered', name = '{OTHER_NAME}', id_number_masked = '{ID_MASKED}', \
         id_number_verified_at = NULL WHERE phone = '{OTHER_CUSTOMER_PHONE}'"
    ))
    .await;
    let other = app.other_customer().await;
    let customer_id = app.customer_id(OTHER_CUSTOMER_PHONE).await;
    assert_eq!(status(&app, &other).await["level"], "registered");
    assert_eq!(balance(&app, &other).await, 0);
    let notifications_before = app
        .count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE customer_id = {customer_id}"
        ))
        .await;

    // A typo is caught by the check character; a wrong shape or no number at all too.
    invalid(
        &verify(&app, OTHER_NAME, ID_NUMBER_TYPO, &other).await,
        "id_number_checksum",
        "id_number",
    );
    invalid(
        &verify(&app, OTHER_NAME, "1101051949123100", &other).await,
        "id_number_invalid",
        "id_number",
    );
    invalid(
        &verify(&app, OTHER_NAME, " ", &other).await,
        "id_number_required",
        "id_number",
    );
    invalid(&verify(&app, "  ", ID_NUMBER, &other).await, "name_required", "name");
    // Someone else's name, or someone else's (valid) number, does not match the record.
    invalid(
        &verify(&app, "王小二", ID_NUMBER, &other).await,
        "identity_mismatch",
        "id_number",
    );
    invalid(
        &verify(&app, OTHER_NAME, OTHER_ID_NUMBER, &other).await,
        "identity_mismatch",
        "id_number",
    );
    assert_eq!(
        other_record(&app).await,
        ("registered".to_string(), Some(ID_MASKED.to_string())),
        "nothing changed"
    );
    assert_eq!(status(&app, &other).await["level"], "registered");
    assert_eq!(identity_earnings(&app, customer_id).await, 0);
    assert_eq!(balance(&app, &other).await, 0);

    // The right name and number (typed with a lower-case x and spaces around): verified.
    let answer = verify(&app, &format!(" {OTHER_NAME} "), " 11010519491231002x ", &other).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["level"], "verified", "{}", answer.body);
    assert!(!answer.body.to_string().contains(ID_NUMBER));
    assert_eq!(
        other_record(&app).await,
        ("verified".to_string(), Some(ID_MASKED.to_string()))
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM customers WHERE id = {customer_id} AND id_number_verified_at IS NOT NULL"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customers WHERE id_number_masked LIKE '%1949123100%'")
            .await,
        0,
        "the full number is never stored"
    );
    // 200 points, once, and a message saying so.
    assert_eq!(identity_earnings(&app, customer_id).await, 1);
    assert_eq!(
        app.count(&format!(
            "SELECT delta FROM points_ledger WHERE customer_id = {customer_id} AND rule_code = 'identity_verified'"
        ))
        .await,
        200
    );
    assert_eq!(balance(&app, &other).await, 200);
    let kinds = app
        .count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE customer_id = {customer_id} AND kind IN ('verification', 'points_earned')"
        ))
        .await;
    assert_eq!(kinds, 2, "told about the new level and the points");
    let notifications_after = app
        .count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE customer_id = {customer_id}"
        ))
        .await;
    assert_eq!(notifications_after, notifications_before + 2);

    // Again: nothing changes, no second earning.
    let answer = verify(&app, OTHER_NAME, ID_NUMBER, &other).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["level"], "verified");
    assert_eq!(identity_earnings(&app, customer_id).await, 1);
    assert_eq!(balance(&app, &other).await, 200);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE customer_id = {customer_id}"
        ))
        .await,
        notifications_after
    );
    assert_eq!(
        other_record(&app).await,
        ("verified".to_string(), Some(ID_MASKED.to_string()))
    );
}

async fn verify_identity_with_no_number_on_record_takes_any_valid_number(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.execute(&format!(
        "UPDATE customers SET member_level = 'registered', name = '{OTHER_NAME}', id_number_masked = NULL \
         WHERE phone = '{OTHER_CUSTOMER_PHONE}'"
    ))
    .await;
    let other = app.other_customer().await;
    let customer_id = app.customer_id(OTHER_CUSTOMER_PHONE).await;

    // The name must still match; the check character still counts.
    invalid(
        &verify(&app, "王小二", OTHER_ID_NUMBER, &other).await,
        "identity_mismatch",
        "id_number",
    );
    invalid(
        &verify(&app, OTHER_NAME, ID_NUMBER_TYPO, &other).await,
        "id_number_checksum",
        "id_number",
    );
    assert_eq!(other_record(&app).await, ("registered".to_string(), None));

    let answer = verify(&app, OTHER_NAME, OTHER_ID_NUMBER, &other).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["level"], "verified");
    assert_eq!(
        other_record(&app).await,
        ("verified".to_string(), Some(OTHER_ID_MASKED.to_string())),
        "the number is kept masked"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customers WHERE id_number_masked = '310104198506121230'")
            .await,
        0
    );
    assert_eq!(identity_earnings(&app, customer_id).await, 1);
    assert_eq!(balance(&app, &other).await, 200);
}

async fn request_advanced(app: &TestApp, document: &str, cookie: &str) -> Answer {
    app.call("members/request_advanced", &[("document", document)], Some(cookie))
        .await
}

async fn upload_id(app: &TestApp, purpose: &str, cookie: &str) -> String {
    let answer = app.upload(purpose, "id-card.jpg", jpeg(3000), Some(cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["id"].as_str().unwrap().to_string()
}

async fn advanced_verification_needs_verified_and_one_review_at_a_time(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let requests = || app.count("SELECT COUNT(*) FROM verification_requests");
    assert_eq!(requests().await, 0);

    // A registered member must verify first.
    app.execute(&format!(
        "UPDATE customers SET member_level = 'registered' WHERE phone = '{OTHER_CUSTOMER_PHONE}'"
    ))
    .await;
    let other = app.other_customer().await;
    let others_upload = upload_id(&app, "identity", &other).await;
    let answer = request_advanced(&app, &others_upload, &other).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert_eq!(answer.body, json!({"kind": "level_required", "required": "verified"}));
    assert_eq!(status(&app, &other).await["advanced_pending"], false);
    assert_eq!(requests().await, 0);

    // The verified demo customer cannot send someone else's file, nor a claim photo.
    let cookie = app.customer().await;
    conflict(
        &request_advanced(&app, &others_upload, &cookie).await,
        "document_unavailable",
    );
    let claim_photo = upload_id(&app, "claim", &cookie).await;
    conflict(
        &request_advanced(&app, &claim_photo, &cookie).await,
        "document_unavailable",
    );
    conflict(
        &request_advanced(&app, "0123456789abcdef0123456789abcdef", &cookie).await,
        "document_unavailable",
    );
    assert_eq!(requests().await, 0);
    assert_eq!(status(&app, &cookie).await["advanced_pending"], false);

    // Their own ID photo goes to staff review.
    let mine = upload_id(&app, "identity", &cookie).await;
    let answer = request_advanced(&app, &mine, &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["advanced_pending"], true, "{}", answer.body);
    assert_eq!(answer.body["level"], "verified", "staff decide; the level waits");
    assert_eq!(requests().await, 1);
    let customer_id = app.customer_id(DEMO_CUSTOMER_PHONE).await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM verification_requests v JOIN documents d ON d.id = v.document_id \
             WHERE v.customer_id = {customer_id} AND v.status = 'pending' AND d.public_id = '{mine}' \
             AND d.attached_to = v.id"
        ))
        .await,
        1
    );
    assert_eq!(status(&app, &cookie).await["advanced_pending"], true);

    // One review at a time: a second photo waits.
    let second = upload_id(&app, "identity", &cookie).await;
    conflict(&request_advanced(&app, &second, &cookie).await, "verification_pending");
    conflict(&request_advanced(&app, &mine, &cookie).await, "verification_pending");
    assert_eq!(requests().await, 1);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM documents WHERE public_id = '{second}' AND attached_to IS NULL"
        ))
        .await,
        1,
        "the second photo is still free"
    );
}

/// Runs `work` while another writer holds the rows `lock_sql` updates for half a second, as
/// a slow request arriving at the same moment would: the requests in `work` start together
/// and meet that writer part-way. Makes the timing of "at the same moment" repeatable.
async fn while_rows_are_held<T>(app: &TestApp, lock_sql: &str, work: impl std::future::Future<Output = T>) -> T {
    let mut tx = app.app_state.db.pool.begin().await.unwrap();
    sqlx::query(lock_sql).execute(&mut *tx).await.unwrap();
    let release = async move {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        tx.commit().await.unwrap();
    };
    let (out, ()) = tokio::join!(work, release);
    out
}

/// A double tap (or two tabs) with different photos: still one review waiting.
async fn advanced_verification_sent_twice_at_once_makes_one_review(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let customer_id = app.customer_id(DEMO_CUSTOMER_PHONE).await;
    let mut photos = Vec::new();
    for _ in 0..3 {
        photos.push(upload_id(&app, "identity", &cookie).await);
    }
    let answers = while_rows_are_held(
        &app,
        &format!("UPDATE documents SET updated_at = updated_at WHERE customer_id = {customer_id}"),
        futures::future::join_all(photos.iter().map(|photo| request_advanced(&app, photo, &cookie))),
    )
    .await;
    let ok = answers.iter().filter(|a| a.status == StatusCode::OK).count();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM verification_requests WHERE status = 'pending'")
            .await,
        1,
        "one review at a time"
    );
    assert_eq!(ok, 1);
    for answer in answers.iter().filter(|a| a.status != StatusCode::OK) {
        conflict(answer, "verification_pending");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM documents WHERE purpose = 'identity' AND attached_to IS NOT NULL")
            .await,
        1
    );
}

/// Two taps on "verify" at once: verified, 200 points and one message about each, once.
async fn verify_identity_sent_twice_at_once_verifies_and_tells_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.execute(&format!(
        "UPDATE customers SET member_level = 'registered', name = '{OTHER_NAME}', id_number_masked = '{ID_MASKED}' \
         WHERE phone = '{OTHER_CUSTOMER_PHONE}'"
    ))
    .await;
    let other = app.other_customer().await;
    let customer_id = app.customer_id(OTHER_CUSTOMER_PHONE).await;
    let answers = while_rows_are_held(
        &app,
        &format!("UPDATE customers SET updated_at = updated_at WHERE id = {customer_id}"),
        futures::future::join_all((0..3).map(|_| verify(&app, OTHER_NAME, ID_NUMBER, &other))),
    )
    .await;
    for answer in &answers {
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert_eq!(answer.body["level"], "verified");
    }
    assert_eq!(identity_earnings(&app, customer_id).await, 1);
    assert_eq!(balance(&app, &other).await, 200);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE customer_id = {customer_id} AND kind = 'verification'"
        ))
        .await,
        1,
        "one message about the new level"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE customer_id = {customer_id} AND kind = 'points_earned'"
        ))
        .await,
        1
    );
}

async fn book(app: &TestApp, service: &str, date: &str, key: &str, cookie: &str) -> Answer {
    app.call(
        "members/book_service",
        &[
            ("service_code", service),
            ("preferred_date", date),
            ("city", "上海"),
            ("request_key", key),
        ],
        Some(cookie),
    )
    .await
}

fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

async fn vip_services_are_booked_once_per_key_within_the_tier(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let customer_id = app.customer_id(DEMO_CUSTOMER_PHONE).await;
    let bookings_sql = format!("SELECT COUNT(*) FROM vip_bookings WHERE customer_id = {customer_id}");
    let bookings = || app.count(&bookings_sql);
    let in_a_week = day(7);
    let key = request_key();

    // A gold member books the annual health check.
    let answer = book(&app, "health_check", &in_a_week, &key, &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let listed = answer.body["bookings"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{}", answer.body);
    assert_eq!(listed[0]["service_code"], "health_check");
    assert_eq!(listed[0]["preferred_date"], in_a_week.as_str());
    assert_eq!(listed[0]["city"], "上海");
    assert_eq!(listed[0]["status"], "requested");
    assert_eq!(listed[0]["name_zh"], "年度体检");
    assert_eq!(bookings().await, 1);
    assert_eq!(status(&app, &cookie).await["bookings"], answer.body["bookings"]);

    // The same form again (a retry): still one booking.
    let again = book(&app, "health_check", &in_a_week, &key, &cookie).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["bookings"].as_array().unwrap().len(), 1);
    assert_eq!(bookings().await, 1);

    // Refusals, none written: above the tier, not in the future, unknown, no city, bad key.
    let answer = book(&app, "hospital_escort", &in_a_week, &request_key(), &cookie).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert_eq!(answer.body, json!({"kind": "level_required", "required": "platinum"}));
    for date in [day(-1), day(0), "2030-02-30".to_string(), "next week".to_string()] {
        let answer = book(&app, "health_check", &date, &request_key(), &cookie).await;
        invalid(&answer, "date_not_future", "preferred_date");
    }
    let answer = book(&app, "spa_weekend", &in_a_week, &request_key(), &cookie).await;
    assert_eq!(
        (answer.status, answer.body),
        (StatusCode::NOT_FOUND, json!({"kind": "not_found"}))
    );
    let answer = app
        .call(
            "members/book_service",
            &[
                ("service_code", "health_check"),
                ("preferred_date", in_a_week.as_str()),
                ("city", " "),
                ("request_key", request_key().as_str()),
            ],
            Some(&cookie),
        )
        .await;
    invalid(&answer, "city_required", "city");
    let answer = book(&app, "health_check", &in_a_week, "short", &cookie).await;
    invalid(&answer, "idempotency_key_invalid", "request_key");
    assert_eq!(bookings().await, 1);

    // A new key is a new booking, and a platinum member may book the escort.
    let answer = book(&app, "dental_cleaning", &day(10), &request_key(), &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(bookings().await, 2);
    app.execute(&format!(
        "UPDATE customers SET vip_tier = 'platinum' WHERE id = {customer_id}"
    ))
    .await;
    let answer = book(&app, "hospital_escort", &in_a_week, &request_key(), &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let codes: Vec<&str> = answer.body["bookings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["service_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 3, "{codes:?}");
    assert!(codes.contains(&"hospital_escort"), "{codes:?}");
    assert_eq!(bookings().await, 3);

    // Someone else's bookings are their own.
    let other = app.other_customer().await;
    assert_eq!(status(&app, &other).await["bookings"], json!([]));
}
