//! Points (积分): balance, redeeming rewards, the monthly sign-in, expiry.

use reqwest::StatusCode;

use app::api::admin::rewards::ListRewardSettings;
use app::api::portal::points::{CheckIn, MyPoints, RedeemReward};
use app::domain::calendar::insurer_date;
use app::domain::{NotificationKind, PointsReason, PointsRule};
use app::error::AppError;
use app::model::points::{PointsOverview, RewardOrder};

use crate::claims::request_key;
use crate::client::{Reply, User};
use crate::fixtures::{reported_claim, CustomerFixture, CustomerSpec};
use crate::harness::*;
use crate::on_both;

on_both!(
    customer_sees_balance_history_and_the_catalog,
    phone_credit_tops_up_the_number_chosen_or_the_customers_own,
    redeeming_takes_points_and_stock_once_per_request_key,
    redemption_is_refused_without_stock_points_or_reward,
    concurrent_redemptions_never_overspend,
    concurrent_redemptions_never_oversell_stock,
    monthly_sign_in_earns_once_a_month,
    expired_points_are_written_off_once,
    the_sweep_warns_once_about_points_about_to_expire,
);

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn key() -> String {
    format!("redeem-{}", uuid::Uuid::new_v4().simple())
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A reward's stock, as the admin's reward list shows it (`admin` must be an admin).
async fn stock(admin: &User<'_>, code: &str) -> i64 {
    admin
        .call(ListRewardSettings {})
        .await
        .good()
        .iter()
        .find(|r| r.code == code)
        .unwrap_or_else(|| panic!("no reward {code}"))
        .stock
}

/// How many entries of the customer's points history have this reason.
fn entries(points: &PointsOverview, reason: PointsReason) -> usize {
    points.history.iter().filter(|h| h.reason == reason).count()
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

/// A fresh customer with no points.
async fn fresh(app: &TestApp) -> CustomerFixture {
    app.new_customer(CustomerSpec::default()).await
}

/// Records an earning of `points` under `rule` made `days_ago`, valid a year from then, as
/// the rule would have earned it (`occurrence` names the event, for rules earned per event
/// or per month).
async fn earned_long_ago(
    app: &TestApp,
    customer_id: i64,
    points: i64,
    rule: PointsRule,
    occurrence: &str,
    days_ago: i64,
) {
    let at = now_ms() - days_ago * DAY_MS;
    let per_period = match rule {
        PointsRule::IdentityVerified | PointsRule::FirstSelfServiceClaim => "once",
        PointsRule::MonthlySignIn => "month",
        _ => "event",
    };
    let event_key = app::backend::loyalty::points::earning_key(rule, per_period, occurrence);
    app.execute(&format!(
        "INSERT INTO points_ledger (customer_id, delta, reason, rule_code, event_key, expires_at, at, created_at, updated_at) \
         VALUES ({customer_id}, {points}, 'earn', '{}', '{event_key}', {}, {at}, {at}, {at})",
        rule.as_str(),
        at + 365 * DAY_MS
    ))
    .await;
}

async fn redeem(customer: &User<'_>, reward: &str, key: &str) -> Reply<RewardOrder> {
    customer
        .call(RedeemReward {
            reward_code: reward.into(),
            request_key: key.into(),
            top_up_phone: None,
        })
        .await
}

async fn customer_sees_balance_history_and_the_catalog(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer's points: 200 for real-name verification 345 days ago, 100 for their first
    // claim, and a month of iQIYI (150) redeemed.
    let fixture = fresh(&app).await;
    earned_long_ago(&app, fixture.customer_id, 200, PointsRule::IdentityVerified, "", 345).await;
    let customer = fixture.sign_in(&app).await;
    reported_claim(&customer, "800").await;
    let order = redeem(&customer, "iqiyi-month", &key()).await.good();
    let points = customer.points().await;
    assert_eq!(points.balance, 200 + 100 - 150, "{points:?}");
    // The oldest earning (345 days ago, valid a year) runs out within 30 days.
    assert_eq!(
        points.expiring_soon,
        200 - 150,
        "what is left of it after the redemption"
    );
    assert!(points.next_expiry.unwrap() > now_ms());
    assert!(!points.checked_in_this_month);

    let history = &points.history;
    assert_eq!(history.len(), 3);
    let ats: Vec<i64> = history.iter().map(|h| h.at).collect();
    assert!(ats.windows(2).all(|w| w[0] >= w[1]), "newest first: {ats:?}");
    let redemption = history.iter().find(|h| h.reason == PointsReason::Redeem).unwrap();
    assert_eq!(redemption.delta, -150);
    assert_eq!(redemption.reference.as_deref(), Some(order.order_no.as_str()));
    assert_eq!(points.orders[0].order_no, order.order_no);
    assert_eq!(points.orders[0].reward_code, "iqiyi-month");

    let rewards = &points.rewards;
    let reward = |code: &str| rewards.iter().find(|r| r.code == code).unwrap().clone();
    assert!(!reward("starbucks-ecard").in_stock);
    assert!(reward("phone-credit-10").in_stock);
    assert_eq!(reward("phone-credit-10").points, 100);
    let prices: Vec<i64> = rewards.iter().map(|r| r.points).collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "cheapest first: {prices:?}");

    let rules = &points.rules;
    let rule = |rule: PointsRule| rules.iter().find(|r| r.rule == rule).unwrap().clone();
    assert!(rule(PointsRule::IdentityVerified).done);
    assert!(!rule(PointsRule::MonthlySignIn).done);

    // Another customer starts from nothing; signed out, nothing at all.
    let other = fresh(&app).await.sign_in(&app).await;
    let theirs = other.points().await;
    assert_eq!(theirs.balance, 0);
    assert!(theirs.history.is_empty(), "{theirs:?}");
    assert!(theirs.orders.is_empty(), "{theirs:?}");
    assert_eq!(
        app.anonymous().call(MyPoints {}).await.error(),
        AppError::Unauthenticated
    );
}

async fn phone_credit_tops_up_the_number_chosen_or_the_customers_own(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = fresh(&app).await;
    grant(&app, fixture.customer_id, 500).await;
    let customer = fixture.sign_in(&app).await;
    let own = customer
        .points()
        .await
        .own_phone_masked
        .expect("a fixture customer has a phone");
    assert!(own.contains('*'), "{own}");

    // Their own number unless they say: typed with full-width digits, it is what they meant.
    let order = redeem(&customer, "phone-credit-10", &request_key()).await.good();
    assert_eq!(order.top_up_phone_masked.as_deref(), Some(own.as_str()));
    let chosen = customer
        .call(RedeemReward {
            reward_code: "phone-credit-10".into(),
            request_key: request_key(),
            top_up_phone: Some("１３９ ００１３ ９０００".into()),
        })
        .await
        .good();
    assert_eq!(chosen.top_up_phone_masked.as_deref(), Some("139****9000"));

    // Not a mobile number: refused on its field, and no points are spent.
    let balance = customer.points().await.balance;
    customer
        .call(RedeemReward {
            reward_code: "phone-credit-10".into(),
            request_key: request_key(),
            top_up_phone: Some("010-1234".into()),
        })
        .await
        .invalid("phone_invalid", "top_up_phone");
    assert_eq!(customer.points().await.balance, balance);
    // Other rewards have no number to top up.
    let other = redeem(&customer, "iqiyi-month", &request_key()).await.good();
    assert_eq!(other.top_up_phone_masked, None);
}

async fn redeeming_takes_points_and_stock_once_per_request_key(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = fresh(&app).await;
    const START: i64 = 490;
    grant(&app, fixture.customer_id, START).await;
    let customer = fixture.sign_in(&app).await;
    let admin = app.as_admin().await;
    let stock_before = stock(&admin, "phone-credit-10").await;
    let key = key();

    let order = redeem(&customer, "phone-credit-10", &key).await.good();
    let order_no = order.order_no.clone();
    assert!(order_no.starts_with("RO"), "{order_no}");
    assert_eq!(order.reward_code, "phone-credit-10");
    assert_eq!(order.points, 100);
    assert_eq!(stock(&admin, "phone-credit-10").await, stock_before - 1);

    let points = customer.points().await;
    assert_eq!(points.balance, START - 100);
    assert_eq!(points.orders[0].order_no, order_no);
    let newest = &points.history[0];
    assert_eq!(newest.reason, PointsReason::Redeem);
    assert_eq!(newest.delta, -100);
    assert_eq!(newest.reference.as_deref(), Some(order_no.as_str()));

    // A retry with the same key (a lost answer, a double tap) returns the same order.
    let again = redeem(&customer, "phone-credit-10", &key).await.good();
    assert_eq!(again, order);
    let points = customer.points().await;
    assert_eq!(points.balance, START - 100, "spent once");
    assert_eq!(points.orders.len(), 1);
    assert_eq!(stock(&admin, "phone-credit-10").await, stock_before - 1);

    // A new key is a new order.
    let another = redeem(&customer, "phone-credit-10", &self::key()).await.good();
    assert_ne!(another.order_no, order_no);
    assert_eq!(customer.points().await.balance, START - 200);
    assert_eq!(stock(&admin, "phone-credit-10").await, stock_before - 2);

    // A bad key is refused before anything happens.
    let error = redeem(&customer, "phone-credit-10", "short").await.error();
    assert!(matches!(error, AppError::Invalid { .. }), "{error:?}");
    assert_eq!(error.code(), "idempotency_key_invalid");
}

async fn redemption_is_refused_without_stock_points_or_reward(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = fresh(&app).await;
    let customer_id = fixture.customer_id;
    const START: i64 = 490;
    grant(&app, customer_id, START).await;
    let customer = fixture.sign_in(&app).await;
    let admin = app.as_admin().await;

    redeem(&customer, "starbucks-ecard", &key())
        .await
        .conflict("out_of_stock");
    assert_eq!(stock(&admin, "starbucks-ecard").await, 0);

    let answer = redeem(&customer, "no-such-reward", &key()).await;
    assert_eq!(answer.error(), AppError::NotFound);

    // Spend down to 10 points; then 100 is too much.
    redeem(&customer, "phone-credit-50", &key()).await.good();
    assert_eq!(customer.points().await.balance, START - 480);
    let stock_before = stock(&admin, "phone-credit-10").await;
    redeem(&customer, "phone-credit-10", &key())
        .await
        .conflict("insufficient_points");
    assert_eq!(customer.points().await.balance, START - 480);
    assert_eq!(ledger_sum(&app, customer_id).await, START - 480);
    assert_eq!(stock(&admin, "phone-credit-10").await, stock_before);

    // A customer with no points at all.
    let other = fresh(&app).await.sign_in(&app).await;
    redeem(&other, "phone-credit-10", &key())
        .await
        .conflict("insufficient_points");
    let theirs = other.points().await;
    assert_eq!(theirs.balance, 0);
    assert!(theirs.orders.is_empty(), "{theirs:?}");
    assert_eq!(
        customer.points().await.orders.len(),
        1,
        "only the one that was paid for"
    );

    // Staff have no points to spend.
    let agent = app.as_agent().await;
    let answer = redeem(&agent, "phone-credit-10", &key()).await;
    assert_eq!(answer.error(), AppError::Forbidden);
}

async fn concurrent_redemptions_never_overspend(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = fresh(&app).await;
    let customer_id = fixture.customer_id;
    let other = fixture.sign_in(&app).await;
    // Enough for three 100-point rewards, not four.
    grant(&app, customer_id, 350).await;
    assert_eq!(other.points().await.balance, 350);
    let admin = app.as_admin().await;
    let stock_before = stock(&admin, "phone-credit-10").await;

    let keys: Vec<String> = (0..10).map(|_| key()).collect();
    let answers = futures::future::join_all(keys.iter().map(|k| redeem(&other, "phone-credit-10", k))).await;
    let (ok, refused): (Vec<_>, Vec<_>) = answers.into_iter().partition(|a| a.status == StatusCode::OK);
    for answer in refused {
        answer.conflict("insufficient_points");
    }
    assert_eq!(ok.len(), 3, "exactly what the balance affords");
    assert_eq!(ledger_sum(&app, customer_id).await, 50);
    let points = other.points().await;
    assert_eq!(points.orders.len(), 3, "{:?}", points.orders);
    assert_eq!(stock(&admin, "phone-credit-10").await, stock_before - 3);
    assert_eq!(points.balance, 50);
}

async fn concurrent_redemptions_never_oversell_stock(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = fresh(&app).await;
    let customer_id = fixture.customer_id;
    let other = fixture.sign_in(&app).await;
    grant(&app, customer_id, 10_000).await;
    app.execute("UPDATE rewards SET stock = 3 WHERE code = 'jd-ecard-20'")
        .await;

    let keys: Vec<String> = (0..8).map(|_| key()).collect();
    let answers = futures::future::join_all(keys.iter().map(|k| redeem(&other, "jd-ecard-20", k))).await;
    let (ok, refused): (Vec<_>, Vec<_>) = answers.into_iter().partition(|a| a.status == StatusCode::OK);
    for answer in refused {
        answer.conflict("out_of_stock");
    }
    assert_eq!(ok.len(), 3);
    assert_eq!(stock(&app.as_admin().await, "jd-ecard-20").await, 0);
    assert_eq!(ledger_sum(&app, customer_id).await, 10_000 - 3 * 200);
    let catalog = other.points().await;
    let item = catalog.rewards.iter().find(|r| r.code == "jd-ecard-20").unwrap();
    assert!(!item.in_stock);
}

async fn monthly_sign_in_earns_once_a_month(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer who signed in last month: this month is still open.
    let fixture = fresh(&app).await;
    let last_month = insurer_date(now_ms() - 31 * DAY_MS).iso_month();
    earned_long_ago(
        &app,
        fixture.customer_id,
        10,
        PointsRule::MonthlySignIn,
        &last_month,
        31,
    )
    .await;
    let customer = fixture.sign_in(&app).await;
    let monthly = |points: &PointsOverview| {
        points
            .history
            .iter()
            .filter(|h| h.rule == Some(PointsRule::MonthlySignIn))
            .count()
    };
    let before = customer.points().await;
    let monthly_before = monthly(&before);
    assert_eq!(monthly_before, 1, "last month's: {before:?}");

    assert_eq!(customer.call(CheckIn {}).await.good(), 10);
    assert_eq!(
        customer.call(CheckIn {}).await.good(),
        0,
        "already signed in this month"
    );
    let points = customer.points().await;
    assert_eq!(monthly(&points), monthly_before + 1, "earned once");
    assert_eq!(points.balance, before.balance + 10);
    assert!(points.checked_in_this_month);
    let newest = &points.history[0];
    assert_eq!((newest.delta, newest.rule), (10, Some(PointsRule::MonthlySignIn)));
    assert!(newest.expires_at.unwrap() > now_ms() + 300 * DAY_MS);

    // Two taps at once on a fresh customer: still once.
    let other = fresh(&app).await.sign_in(&app).await;
    let (a, b) = tokio::join!(other.call(CheckIn {}), other.call(CheckIn {}));
    let mut earned = [a.good(), b.good()];
    earned.sort();
    assert_eq!(earned, [0, 10]);
    assert_eq!(other.points().await.balance, 10);
}

async fn expired_points_are_written_off_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = fresh(&app).await;
    let customer_id = fixture.customer_id;
    let other = fixture.sign_in(&app).await;
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
    // Nothing is written off before anyone looks (looking is what writes it off).
    let expire_sql =
        format!("SELECT COUNT(*) FROM points_ledger WHERE customer_id = {customer_id} AND reason = 'expire'");
    assert_eq!(app.count(&expire_sql).await, 0);

    let points = other.points().await;
    assert_eq!(
        points.balance, 50,
        "the 50 left of the old earning are gone: {points:?}"
    );
    assert_eq!(entries(&points, PointsReason::Expire), 1, "{points:?}");
    assert_eq!(ledger_sum(&app, customer_id).await, 50);
    let newest = &points.history[0];
    assert_eq!((newest.reason, newest.delta), (PointsReason::Expire, -50));
    assert_eq!(points.expiring_soon, 0);

    // Looking again writes nothing more.
    let again = other.points().await;
    assert_eq!(again.balance, 50);
    assert_eq!(entries(&again, PointsReason::Expire), 1, "{again:?}");
    // And the expired points cannot be spent: 50 is not enough for 100.
    redeem(&other, "phone-credit-10", &key())
        .await
        .conflict("insufficient_points");
    assert_eq!(entries(&other.points().await, PointsReason::Expire), 1);
    assert_eq!(ledger_sum(&app, customer_id).await, 50);
}

/// How many warnings of points about to expire the customer's notifications holds.
async fn warnings(customer: &User<'_>) -> usize {
    customer
        .notifications()
        .await
        .items
        .iter()
        .filter(|n| n.kind == NotificationKind::PointsExpiring)
        .count()
}

async fn the_sweep_warns_once_about_points_about_to_expire(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("APP_OUTBOX_POLL_MS", "0")]).await;
    let fixture = fresh(&app).await;
    let customer_id = fixture.customer_id;
    let other = fixture.sign_in(&app).await;
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
    let texts = "SELECT COUNT(*) FROM outbox WHERE body LIKE '%120 积分%' AND body LIKE '%过期%'";
    assert_eq!(warnings(&other).await, 0);

    let db = &app.app_state.db;
    // The demo customer has points expiring within the month too.
    assert_eq!(app::backend::loyalty::points::sweep(db, now).await.unwrap(), 2);
    assert_eq!(
        warnings(&other).await,
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
    app::backend::loyalty::points::sweep(db, now + 60_000).await.unwrap();
    assert_eq!(warnings(&other).await, 1);
    assert_eq!(app.count(texts).await, 1);
    assert_eq!(ledger_sum(&app, customer_id).await, 120);

    let notifications = other.notifications().await;
    let warning = notifications
        .items
        .iter()
        .find(|i| i.kind == NotificationKind::PointsExpiring)
        .cloned()
        .unwrap();
    assert!(
        warning.params.contains(&("points".to_string(), "120".to_string())),
        "{warning:?}"
    );
    assert_eq!(other.points().await.expiring_soon, 120);
}
