//! The facts the service's measures are counted from: each change of a work order or a
//! claim is recorded as it happens, on the insurer's day and hour, with its value worked
//! out by hand here; the rollups equal a recount of the facts, and a check finds a rollup
//! that does not.

use app::api::console::work_orders::{MergeWorkOrder, ReplyWorkOrder};
use app::api::portal::ratings::RateService;
use app::api::portal::work_orders::ReplyToWorkOrder;
use app::backend::platform::facts;
use app::domain::calendar::{insurer_date, HOUR_MS, MINUTE_MS};
use app::model::work_orders::DeskReply;

use crate::fixtures::{closed_paid_claim, opened_work_order, work_order_awaiting_customer, CustomerSpec};
use crate::harness::*;
use crate::on_both;

on_both!(
    a_work_orders_life_is_recorded_fact_by_fact_with_its_times,
    a_merged_duplicate_counts_once,
    a_claims_stages_and_its_payout_are_facts,
    the_rollups_equal_a_recount_and_a_check_finds_one_that_does_not,
);

/// The facts of one work order, in the order they were recorded: (fact, value, met).
async fn facts_of_order(app: &TestApp, order_no: &str) -> Vec<(String, i64, bool)> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT f.fact, f.value, f.met FROM service_facts f JOIN work_orders w ON w.id = f.work_order_id \
         WHERE w.order_no = $1 ORDER BY f.id",
    )
    .bind(order_no)
    .fetch_all(&app.app_state.db.pool)
    .await
    .unwrap();
    rows.into_iter().map(|(f, v, m)| (f, v, m != 0)).collect()
}

fn names(facts: &[(String, i64, bool)]) -> Vec<&str> {
    facts.iter().map(|(f, _, _)| f.as_str()).collect()
}

fn staff_reply(order_no: &str, message: &str, status: &str, resolution_code: &str) -> ReplyWorkOrder {
    ReplyWorkOrder {
        reply: DeskReply {
            order_no: order_no.into(),
            message: message.into(),
            status: status.into(),
            resolution_code: resolution_code.into(),
            complaint_category: String::new(),
        },
    }
}

async fn a_work_orders_life_is_recorded_fact_by_fact_with_its_times(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    // Opened, answered with a question (the first response), waiting for the customer.
    let order_no = work_order_awaiting_customer(&app, &customer).await;
    let so_far = facts_of_order(&app, &order_no).await;
    let expected: Vec<&str> = names(&so_far).into_iter().filter(|f| *f != "transferred").collect();
    assert_eq!(
        expected,
        ["created", "replied", "first_response", "paused"],
        "{so_far:?}"
    );
    // The first response's value is its time from the opening; it came by its deadline.
    let (created_at, first_response_at): (i64, i64) =
        sqlx::query_as("SELECT created_at, first_response_at FROM work_orders WHERE order_no = $1")
            .bind(&order_no)
            .fetch_one(&app.app_state.db.pool)
            .await
            .unwrap();
    let first = so_far.iter().find(|(f, _, _)| f == "first_response").unwrap();
    assert_eq!((first.1, first.2), (first_response_at - created_at, true));
    // Every fact falls on the insurer's day it happened on (China time).
    let day = app
        .text(&format!(
            "SELECT f.day FROM service_facts f JOIN work_orders w ON w.id = f.work_order_id \
             WHERE w.order_no = '{order_no}' AND f.fact = 'created'"
        ))
        .await;
    assert_eq!(day, insurer_date(created_at).iso());

    // As if it had come in two hours ago and waited for the customer for the last one.
    app.execute(&format!(
        "UPDATE work_orders SET created_at = created_at - 2 * {HOUR_MS}, paused_at = paused_at - {HOUR_MS} \
         WHERE order_no = '{order_no}'"
    ))
    .await;
    let created_at: i64 = sqlx::query_scalar("SELECT created_at FROM work_orders WHERE order_no = $1")
        .bind(&order_no)
        .fetch_one(&app.app_state.db.pool)
        .await
        .unwrap();
    customer
        .call(ReplyToWorkOrder {
            order_no: order_no.clone(),
            message: "出院日期是12月1日。".into(),
        })
        .await
        .good();
    let agent = app.as_agent().await;
    agent
        .call(staff_reply(
            &order_no,
            "好的，已为您登记，发票取得后上传即可。",
            "resolved",
            "answered",
        ))
        .await
        .good();
    let life = facts_of_order(&app, &order_no).await;
    let resumed = life.iter().find(|(f, _, _)| f == "resumed").expect("the wait ended");
    assert!(
        resumed.1 >= HOUR_MS && resumed.1 < HOUR_MS + 5 * MINUTE_MS,
        "{resumed:?}"
    );
    // Resolution time: from the opening to the resolution, less the wait for the customer.
    let resolved_at: i64 = sqlx::query_scalar("SELECT resolved_at FROM work_orders WHERE order_no = $1")
        .bind(&order_no)
        .fetch_one(&app.app_state.db.pool)
        .await
        .unwrap();
    let resolved = life.iter().find(|(f, _, _)| f == "resolved").expect("resolved");
    assert_eq!(resolved.1, resolved_at - created_at - resumed.1, "{life:?}");
    assert!(resolved.1 > HOUR_MS, "the hour before the wait counts: {life:?}");
    assert!(resolved.2, "resolved by its deadline");
    // The customer waited for this reply since their message: its value is that wait.
    let last_reply = life.iter().rev().find(|(f, _, _)| f == "replied").unwrap();
    assert!(last_reply.1 >= 0 && last_reply.1 < 5 * MINUTE_MS, "{last_reply:?}");

    // Rated four stars: satisfied. Then the customer writes again: reopened.
    customer
        .call(RateService {
            subject: "work_order".into(),
            number: order_no.clone(),
            score: 4,
            comment: String::new(),
        })
        .await
        .good();
    customer
        .call(ReplyToWorkOrder {
            order_no: order_no.clone(),
            message: "发票拿到了，但金额和收据不一致。".into(),
        })
        .await
        .good();
    let life = facts_of_order(&app, &order_no).await;
    let tail: Vec<&str> = names(&life).into_iter().rev().take(3).collect();
    assert_eq!(tail, ["reopened", "rated", "resolved"], "{life:?}");
    let rated = life.iter().find(|(f, _, _)| f == "rated").unwrap();
    assert_eq!((rated.1, rated.2), (4, true));
    // Nothing was counted twice: one of each, but replies.
    for once in [
        "created",
        "first_response",
        "paused",
        "resumed",
        "resolved",
        "rated",
        "reopened",
    ] {
        assert_eq!(
            names(&life).iter().filter(|f| **f == once).count(),
            1,
            "{once}: {life:?}"
        );
    }
}

async fn a_merged_duplicate_counts_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let kept = opened_work_order(&customer).await;
    let duplicate = opened_work_order(&customer).await;
    app.as_supervisor()
        .await
        .call(MergeWorkOrder {
            order_no: duplicate.clone(),
            into_no: kept.clone(),
        })
        .await
        .good();
    // The duplicate came in and was merged: neither resolved nor closed as work of its own,
    // so intake less merged counts the customer's question once.
    assert_eq!(names(&facts_of_order(&app, &duplicate).await), ["created", "merged"]);
    assert_eq!(names(&facts_of_order(&app, &kept).await), ["created"]);
}

async fn a_claims_stages_and_its_payout_are_facts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let claim_no = closed_paid_claim(&app, &customer).await;
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT f.fact, f.kind, f.value, f.met FROM service_facts f JOIN claims c ON c.id = f.claim_id \
         WHERE c.claim_no = $1 ORDER BY f.id",
    )
    .bind(&claim_no)
    .fetch_all(&app.app_state.db.pool)
    .await
    .unwrap();
    let stages: Vec<(&str, &str)> = rows.iter().map(|(f, k, _, _)| (f.as_str(), k.as_str())).collect();
    // Reported, then each stage left in turn, then closed as paid.
    assert_eq!(stages.first(), Some(&("claim_reported", "")), "{rows:?}");
    assert_eq!(stages.last(), Some(&("claim_closed", "paid")), "{rows:?}");
    let left: Vec<&str> = stages
        .iter()
        .filter(|(f, _)| *f == "claim_stage_left")
        .map(|(_, k)| *k)
        .collect();
    assert_eq!(left.first(), Some(&"reported"), "{rows:?}");
    assert_eq!(left.last(), Some(&"approved"), "{rows:?}");
    // Each stage was left within its commitment (minutes, not days); the payout in fen.
    assert!(
        rows.iter().filter(|r| r.0 == "claim_stage_left").all(|r| r.3 == 1),
        "{rows:?}"
    );
    assert_eq!(rows.last().unwrap().2, 45_000);
}

async fn the_rollups_equal_a_recount_and_a_check_finds_one_that_does_not(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let db = &app.app_state.db;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    for _ in 0..3 {
        opened_work_order(&customer).await;
    }
    // Work that came in at 23:50 China time counts on that China day and in its 23rd hour,
    // and ten minutes after midnight on the next.
    let evening = 1_796_658_600_000; // 2026-12-07 15:50 UTC
    let mut tx = db.begin_write().await.unwrap();
    for at in [evening, evening + 20 * MINUTE_MS] {
        facts::record(
            &mut tx,
            &facts::Fact {
                fact: app::domain::ServiceFact::Created,
                at,
                work_order_id: None,
                claim_id: None,
                dimensions: facts::Dimensions {
                    channel: "phone".into(),
                    ..facts::Dimensions::default()
                },
                value: 0,
                met: true,
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    facts::roll_up(db).await.unwrap();
    let phone_day = |bucket: &str| {
        format!(
            "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM service_rollups WHERE grain = 'day' AND fact = 'created' \
             AND channel = 'phone' AND skill_group_id = 0 AND bucket = '{bucket}'"
        )
    };
    assert_eq!(app.count(&phone_day("2026-12-07")).await, 1);
    assert_eq!(app.count(&phone_day("2026-12-08")).await, 1);
    assert_eq!(
        app.count(
            "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM service_rollups WHERE grain = 'hour' AND fact = 'created' \
             AND channel = 'phone' AND skill_group_id = 0 AND bucket IN ('2026-12-07 23', '2026-12-08 00')"
        )
        .await,
        2
    );
    // The day's rollup sums its hours, and everything equals a recount of the facts.
    assert_eq!(
        app.count("SELECT CAST(SUM(n) AS BIGINT) FROM service_rollups WHERE grain = 'day'")
            .await,
        app.count("SELECT CAST(SUM(n) AS BIGINT) FROM service_rollups WHERE grain = 'hour'")
            .await
    );
    assert_eq!(
        app.count("SELECT CAST(SUM(n) AS BIGINT) FROM service_rollups WHERE grain = 'day'")
            .await,
        app.count("SELECT COUNT(*) FROM service_facts").await
    );
    let check = facts::check(db).await.unwrap();
    assert_eq!(check.differing, 0, "{check:?}");
    assert!(check.facts > 5 && check.rollup_rows > 0, "{check:?}");

    // A rollup that drifted is found, and a rebuild from the facts puts it right.
    app.execute("UPDATE service_rollups SET n = n + 1 WHERE grain = 'day' AND fact = 'created' AND channel = 'phone'")
        .await;
    assert!(facts::check(db).await.unwrap().differing > 0);
    facts::rebuild(db).await.unwrap();
    assert_eq!(facts::check(db).await.unwrap().differing, 0);
    assert_eq!(app.count(&phone_day("2026-12-07")).await, 1);
}
