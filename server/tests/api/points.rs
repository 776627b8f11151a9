//! Points (积分): balance, redeeming rewards, the monthly sign-in, expiry.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::harness::*;
use crate::on_both;

on_both!(
    customer_sees_balance_history_and_the_catalog,
    redeeming_takes_points_and_stock_once_per_request_key,
    redemption_is_refused_without_stock_points_or_reward,
    concurrent_redemptions_never_overspend,
    concurrent_redemptions_never_oversell_stock,
    monthly_sign_in_earns_once_a_month,
    expired_points_are_written_off_once,
    the_sweep_warns_once_about_points_about_to_expire,
);

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The demo customer's seeded ledger: 200 + 100 + 20 + 300 + 10 + 10 earned, 150 redeemed.
const DEMO_BALANCE: i64 = 200 + 100 + 20 + 300 + 10 + 10 - 150;

fn key() -> String {
    format!("redeem-{}", uuid::Uuid::new_v4().simple())
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

async fn overview(app: &TestApp, cookie: &str) -> Value {
    let answer = app.call("points/mine", &[], Some(cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body
}

async fn stock(app: &TestApp, code: &str) -> i64 {
    app.count(&format!("SELECT stock FROM rewards WHERE code = '{code}'"))
        .await
}

/// The ledger's sum for one customer, straight from the database.
async fn ledger_sum(app: &TestApp, customer_id: i64) -> i64 {
    app.count(&format!(
        "SELECT CAST(COALESCE(SUM(delta), 0) AS BIGINT) FROM points_ledger WHERE customer_id = {customer_id}"
    ))
    .await
}

/// Gives a customer points that expire in a year, as an earning would.
async fn grant(app: &TestApp, customer_id: i64, points: i64) {
    let now = now_ms();
    app.execute(&format!(
        "INSERT INTO points_ledger (customer_id, delta, reason, rule_code, event_key, expires_at, at, created_at, updated_at) \
         VALUES ({customer_id}, {points}, 'adjust', NULL, 'test-grant-{}', {}, {now}, {now}, {now})",
        uuid::Uuid::new_v4().simple(),
        now + 365 * DAY_MS
    ))
    .await;
}

async fn redeem(app: &TestApp, reward: &str, key: &str, cookie: &str) -> Answer {
    app.call(
        "points/redeem",
        &[("reward_code", reward), ("request_key", key)],
        Some(cookie),
    )
    .await
}

fn conflict(answer: &Answer, code: &str) {
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert_eq!(answer.body["kind"], "conflict", "{}", answer.body);
    assert_eq!(answer.body["code"], code, "{}", answer.body);
}

async fn customer_sees_balance_history_and_the_catalog(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let points = overview(&app, &cookie).await;
    assert_eq!(points["balance"], DEMO_BALANCE, "{points}");
    assert_eq!(DEMO_BALANCE, 490);
    // The oldest earning (345 days ago, valid a year) runs out within 30 days.
    assert_eq!(
        points["expiring_soon"],
        200 - 150,
        "what is left of it after the redemption"
    );
    assert!(points["next_expiry"].as_i64().unwrap() > now_ms());
    assert_eq!(points["checked_in_this_month"], false);

    let history = points["history"].as_array().unwrap();
    assert_eq!(history.len(), 7);
    let ats: Vec<i64> = history.iter().map(|h| h["at"].as_i64().unwrap()).collect();
    assert!(ats.windows(2).all(|w| w[0] >= w[1]), "newest first: {ats:?}");
    let redemption = history.iter().find(|h| h["reason"] == "redeem").unwrap();
    assert_eq!(redemption["delta"], -150);
    assert_eq!(redemption["reference"], "RO2026900001");
    assert_eq!(points["orders"][0]["order_no"], "RO2026900001");
    assert_eq!(points["orders"][0]["reward_code"], "iqiyi-month");

    let rewards = points["rewards"].as_array().unwrap();
    let reward = |code: &str| rewards.iter().find(|r| r["code"] == code).unwrap().clone();
    assert_eq!(reward("starbucks-ecard")["in_stock"], false);
    assert_eq!(reward("phone-credit-10")["in_stock"], true);
    assert_eq!(reward("phone-credit-10")["points"], 100);
    let prices: Vec<i64> = rewards.iter().map(|r| r["points"].as_i64().unwrap()).collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "cheapest first: {prices:?}");

    let rules = points["rules"].as_array().unwrap();
    let rule = |code: &str| rules.iter().find(|r| r["rule"] == code).unwrap().clone();
    assert_eq!(rule("identity_verified")["done"], true);
    assert_eq!(rule("monthly_sign_in")["done"], false);

    // Another customer starts from nothing; signed out, nothing at all.
    let other = app.other_customer().await;
    let theirs = overview(&app, &other).await;
    assert_eq!(theirs["balance"], 0);
    assert_eq!(theirs["history"], json!([]));
    assert_eq!(theirs["orders"], json!([]));
    let answer = app.call("points/mine", &[], None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

async fn redeeming_takes_points_and_stock_once_per_request_key(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let stock_before = stock(&app, "phone-credit-10").await;
    let key = key();

    let answer = redeem(&app, "phone-credit-10", &key, &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let order = answer.body;
    let order_no = order["order_no"].as_str().unwrap().to_string();
    assert!(order_no.starts_with("RO"), "{order_no}");
    assert_eq!(order["reward_code"], "phone-credit-10");
    assert_eq!(order["points"], 100);
    assert_eq!(stock(&app, "phone-credit-10").await, stock_before - 1);

    let points = overview(&app, &cookie).await;
    assert_eq!(points["balance"], DEMO_BALANCE - 100);
    assert_eq!(points["orders"][0]["order_no"], order_no.as_str());
    let newest = &points["history"][0];
    assert_eq!(newest["reason"], "redeem");
    assert_eq!(newest["delta"], -100);
    assert_eq!(newest["reference"], order_no.as_str());

    // A retry with the same key (a lost answer, a double tap) returns the same order.
    let again = redeem(&app, "phone-credit-10", &key, &cookie).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body, order);
    let points = overview(&app, &cookie).await;
    assert_eq!(points["balance"], DEMO_BALANCE - 100, "spent once");
    assert_eq!(points["orders"].as_array().unwrap().len(), 2);
    assert_eq!(stock(&app, "phone-credit-10").await, stock_before - 1);

    // A new key is a new order.
    let answer = redeem(&app, "phone-credit-10", &self::key(), &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_ne!(answer.body["order_no"], order_no.as_str());
    assert_eq!(overview(&app, &cookie).await["balance"], DEMO_BALANCE - 200);
    assert_eq!(stock(&app, "phone-credit-10").await, stock_before - 2);

    // A bad key is refused before anything happens.
    let answer = redeem(&app, "phone-credit-10", "short", &cookie).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert_eq!(answer.body["code"], "idempotency_key_invalid");
}

async fn redemption_is_refused_without_stock_points_or_reward(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let customer_id = app.customer_id(DEMO_CUSTOMER_PHONE).await;
    let orders = || app.count("SELECT COUNT(*) FROM reward_orders");
    let orders_before = orders().await;

    let answer = redeem(&app, "starbucks-ecard", &key(), &cookie).await;
    conflict(&answer, "out_of_stock");
    assert_eq!(stock(&app, "starbucks-ecard").await, 0);

    let answer = redeem(&app, "no-such-reward", &key(), &cookie).await;
    assert_eq!(
        (answer.status, answer.body),
        (StatusCode::NOT_FOUND, json!({"kind": "not_found"}))
    );

    // Spend down to 10 points; then 100 is too much.
    let answer = redeem(&app, "phone-credit-50", &key(), &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(overview(&app, &cookie).await["balance"], DEMO_BALANCE - 480);
    let stock_before = stock(&app, "phone-credit-10").await;
    let answer = redeem(&app, "phone-credit-10", &key(), &cookie).await;
    conflict(&answer, "insufficient_points");
    assert_eq!(overview(&app, &cookie).await["balance"], DEMO_BALANCE - 480);
    assert_eq!(ledger_sum(&app, customer_id).await, DEMO_BALANCE - 480);
    assert_eq!(stock(&app, "phone-credit-10").await, stock_before);

    // A customer with no points at all.
    let other = app.other_customer().await;
    let answer = redeem(&app, "phone-credit-10", &key(), &other).await;
    conflict(&answer, "insufficient_points");
    assert_eq!(overview(&app, &other).await["balance"], 0);
    assert_eq!(orders().await, orders_before + 1, "only the one that was paid for");

    // Staff have no points to spend.
    let agent = app.agent().await;
    let answer = redeem(&app, "phone-credit-10", &key(), &agent).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

async fn concurrent_redemptions_never_overspend(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other = app.other_customer().await;
    let customer_id = app.customer_id(OTHER_CUSTOMER_PHONE).await;
    // Enough for three 100-point rewards, not four.
    grant(&app, customer_id, 350).await;
    assert_eq!(overview(&app, &other).await["balance"], 350);
    let stock_before = stock(&app, "phone-credit-10").await;

    let keys: Vec<String> = (0..10).map(|_| key()).collect();
    let answers = futures::future::join_all(keys.iter().map(|k| redeem(&app, "phone-credit-10", k, &other))).await;
    let ok = answers.iter().filter(|a| a.status == StatusCode::OK).count();
    for answer in answers.iter().filter(|a| a.status != StatusCode::OK) {
        conflict(answer, "insufficient_points");
    }
    assert_eq!(ok, 3, "exactly what the balance affords");
    assert_eq!(ledger_sum(&app, customer_id).await, 50);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM reward_orders WHERE customer_id = {customer_id}"
        ))
        .await,
        3
    );
    assert_eq!(stock(&app, "phone-credit-10").await, stock_before - 3);
    assert_eq!(overview(&app, &other).await["balance"], 50);
}

async fn concurrent_redemptions_never_oversell_stock(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other = app.other_customer().await;
    let customer_id = app.customer_id(OTHER_CUSTOMER_PHONE).await;
    grant(&app, customer_id, 10_000).await;
    app.execute("UPDATE rewards SET stock = 3 WHERE code = 'jd-ecard-20'")
        .await;

    let keys: Vec<String> = (0..8).map(|_| key()).collect();
    let answers = futures::future::join_all(keys.iter().map(|k| redeem(&app, "jd-ecard-20", k, &other))).await;
    let ok = answers.iter().filter(|a| a.status == StatusCode::OK).count();
    for answer in answers.iter().filter(|a| a.status != StatusCode::OK) {
        conflict(answer, "out_of_stock");
    }
    assert_eq!(ok, 3);
    assert_eq!(stock(&app, "jd-ecard-20").await, 0);
    assert_eq!(ledger_sum(&app, customer_id).await, 10_000 - 3 * 200);
    let catalog = overview(&app, &other).await;
    let item = catalog["rewards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "jd-ecard-20")
        .unwrap()
        .clone();
    assert_eq!(item["in_stock"], false);
}

async fn monthly_sign_in_earns_once_a_month(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let customer_id = app.customer_id(DEMO_CUSTOMER_PHONE).await;
    let monthly_sql = format!(
        "SELECT COUNT(*) FROM points_ledger WHERE customer_id = {customer_id} \
         AND rule_code = 'monthly_sign_in' AND event_key NOT LIKE '%demo%'"
    );
    let monthly_rows = || app.count(&monthly_sql);

    let answer = app.call("points/check_in", &[], Some(&cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body, 10);
    let answer = app.call("points/check_in", &[], Some(&cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body, 0, "already signed in this month");
    assert_eq!(monthly_rows().await, 1);
    let points = overview(&app, &cookie).await;
    assert_eq!(points["balance"], DEMO_BALANCE + 10);
    assert_eq!(points["checked_in_this_month"], true);
    let newest = &points["history"][0];
    assert_eq!(
        (newest["delta"].clone(), newest["rule"].clone()),
        (json!(10), json!("monthly_sign_in"))
    );
    assert!(newest["expires_at"].as_i64().unwrap() > now_ms() + 300 * DAY_MS);

    // Two taps at once on a fresh customer: still once.
    let other = app.other_customer().await;
    let (a, b) = tokio::join!(
        app.call("points/check_in", &[], Some(&other)),
        app.call("points/check_in", &[], Some(&other)),
    );
    assert_eq!(
        (a.status, b.status),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        a.body,
        b.body
    );
    let mut earned = [a.body.as_i64().unwrap(), b.body.as_i64().unwrap()];
    earned.sort();
    assert_eq!(earned, [0, 10]);
    assert_eq!(overview(&app, &other).await["balance"], 10);
}

async fn expired_points_are_written_off_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other = app.other_customer().await;
    let customer_id = app.customer_id(OTHER_CUSTOMER_PHONE).await;
    let now = now_ms();
    let insert = |delta: i64, reason: &str, key: &str, expires_at: Option<i64>, at: i64| {
        format!(
            "INSERT INTO points_ledger (customer_id, delta, reason, rule_code, event_key, expires_at, at, created_at, updated_at) \
             VALUES ({customer_id}, {delta}, '{reason}', NULL, '{key}', {}, {at}, {at}, {at})",
            expires_at.map_or("NULL".to_string(), |e| e.to_string())
        )
    };
    // 80 earned 400 days ago, expired yesterday; 30 of it was spent. 50 earned lately.
    app.execute(&insert(
        80,
        "adjust",
        "test-old",
        Some(now - DAY_MS),
        now - 400 * DAY_MS,
    ))
    .await;
    app.execute(&insert(-30, "redeem", "test-spent", None, now - 100 * DAY_MS))
        .await;
    app.execute(&insert(
        50,
        "adjust",
        "test-new",
        Some(now + 200 * DAY_MS),
        now - 10 * DAY_MS,
    ))
    .await;
    let expire_sql =
        format!("SELECT COUNT(*) FROM points_ledger WHERE customer_id = {customer_id} AND reason = 'expire'");
    let expire_rows = || app.count(&expire_sql);
    assert_eq!(expire_rows().await, 0);

    let points = overview(&app, &other).await;
    assert_eq!(
        points["balance"], 50,
        "the 50 left of the old earning are gone: {points}"
    );
    assert_eq!(expire_rows().await, 1);
    assert_eq!(
        app.count(&format!(
            "SELECT delta FROM points_ledger WHERE customer_id = {customer_id} AND reason = 'expire'"
        ))
        .await,
        -50
    );
    assert_eq!(ledger_sum(&app, customer_id).await, 50);
    let newest = &points["history"][0];
    assert_eq!(
        (newest["reason"].clone(), newest["delta"].clone()),
        (json!("expire"), json!(-50))
    );
    assert_eq!(points["expiring_soon"], 0);

    // Looking again writes nothing more.
    let again = overview(&app, &other).await;
    assert_eq!(again["balance"], 50);
    assert_eq!(expire_rows().await, 1);
    // And the expired points cannot be spent: 50 is not enough for 100.
    let answer = redeem(&app, "phone-credit-10", &key(), &other).await;
    conflict(&answer, "insufficient_points");
    assert_eq!(expire_rows().await, 1);
    assert_eq!(ledger_sum(&app, customer_id).await, 50);
}

async fn the_sweep_warns_once_about_points_about_to_expire(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("APP_OUTBOX_POLL_MS", "0")]).await;
    let other = app.other_customer().await;
    let customer_id = app.customer_id(OTHER_CUSTOMER_PHONE).await;
    let now = now_ms();
    // 120 earned a year ago that expire in ten days; 40 that expired an hour ago. The 20
    // spent came out of the 40 (the earliest to expire), so 20 are written off and all 120
    // are about to expire.
    for (delta, reason, key, expires_at, at) in [
        (
            120,
            "earn",
            "earn:test-soon",
            Some(now + 10 * DAY_MS),
            now - 355 * DAY_MS,
        ),
        (-20, "redeem", "redeem:test", None, now - 30 * DAY_MS),
        (40, "earn", "earn:test-gone", Some(now - 3_600_000), now - 365 * DAY_MS),
    ] {
        app.execute(&format!(
            "INSERT INTO points_ledger (customer_id, delta, reason, rule_code, event_key, expires_at, at, created_at, updated_at) \
             VALUES ({customer_id}, {delta}, '{reason}', NULL, '{key}', {}, {at}, {at}, {at})",
            expires_at.map_or("NULL".to_string(), |e| e.to_string())
        ))
        .await;
    }
    let warnings =
        format!("SELECT COUNT(*) FROM notifications WHERE customer_id = {customer_id} AND kind = 'points_expiring'");
    let texts = "SELECT COUNT(*) FROM outbox WHERE body LIKE '%120 积分%' AND body LIKE '%过期%'";
    assert_eq!(app.count(&warnings).await, 0);

    let db = &app.app_state.db;
    // The demo customer has points expiring within the month too.
    assert_eq!(app::backend::points::sweep(db, now).await.unwrap(), 2);
    assert_eq!(
        app.count(&warnings).await,
        1,
        "one warning for the one earning about to expire"
    );
    assert_eq!(app.count(texts).await, 1, "and one SMS naming the 120 points left");
    assert_eq!(
        ledger_sum(&app, customer_id).await,
        120,
        "what was left of the expired 40 is written off"
    );

    // A second sweep, here or in another process, repeats nothing.
    app::backend::points::sweep(db, now + 60_000).await.unwrap();
    assert_eq!(app.count(&warnings).await, 1);
    assert_eq!(app.count(texts).await, 1);
    assert_eq!(ledger_sum(&app, customer_id).await, 120);

    let inbox = app.call("inbox/mine", &[], Some(&other)).await.body;
    let warning = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "points_expiring")
        .cloned()
        .unwrap();
    assert!(
        warning["params"]
            .as_array()
            .unwrap()
            .contains(&json!(["points", "120"])),
        "{warning}"
    );
    assert_eq!(overview(&app, &other).await["expiring_soon"], 120);
}
