//! Crash safety. Customers report claims, redeem rewards and reply on work orders at once
//! against a real server process, which is killed with SIGKILL at a random moment and
//! restarted, cycle after cycle (`CRASH_CYCLES`, 20 by default; `./x crash` runs 100).
//! Then: every write the server acknowledged is there exactly once, nothing is
//! half-written, the points ledger balances, and every SMS and e-mail was sent exactly once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::future::join_all;
use rand::Rng;
use serde_json::json;

use app::backend::loyalty::points::{self, NewLedgerEntry};
use app::backend::Db;
use app::domain::{IdempotencyKey, PointsReason};

use crate::fixtures::{new_customer_in, CustomerSpec, FIXTURE_PASSWORD};
use crate::harness::*;
use crate::process::ServerProcess;

const CUSTOMERS: usize = 4;
const SECRET: &str = "a-secret-the-restarted-process-keeps-0123456789";

fn cycles() -> usize {
    std::env::var("CRASH_CYCLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill_exactly_once_on_sqlite() {
    crash_cycles(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill_exactly_once_on_postgres() {
    crash_cycles(Backend::Postgres).await;
}

/// What the server said yes to.
#[derive(Default)]
struct Acknowledged {
    claim_keys: Vec<String>,
    redemption_keys: Vec<String>,
    replies: Vec<String>,
}

struct Customer {
    id: i64,
    phone: String,
    order_no: String,
    policy_no: String,
    coverage_code: String,
}

async fn crash_cycles(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let data_dir = database.data_dir.join("server");
    // A short lease, so the rows a killed process had leased are sent again soon.
    let env = [
        ("APP_OUTBOX_POLL_MS", "50"),
        ("APP_OUTBOX_LEASE_SECS", "2"),
        ("APP_SWEEP_SECS", "0"),
    ];

    // The first start migrates and loads the demo data; then the test's customers, with
    // points to spend and an open work order each, made through the services.
    let first = ServerProcess::start(&database, &data_dir, SECRET, &env);
    let db = Db::connect(&database.url, 4).await.unwrap();
    sqlx::query("UPDATE rewards SET stock = 1000000")
        .execute(&db.pool)
        .await
        .unwrap();
    let mut customers = Vec::new();
    for _ in 0..CUSTOMERS {
        let fixture = new_customer_in(&db, CustomerSpec::default()).await;
        let mut tx = db.begin_write().await.unwrap();
        // An adjustment's key is one adjustment in all: each customer's grant has its own.
        let event_key = format!("adjust:crash-test-grant-{}", fixture.customer_id);
        let grant = NewLedgerEntry {
            customer_id: fixture.customer_id,
            delta: 1_000_000,
            reason: PointsReason::Adjust,
            rule: None,
            event_key: &event_key,
            expires_at: None,
            at: app::backend::now_ms(),
            request_hash: None,
        };
        points::insert_entry(&mut tx, &grant).await.unwrap();
        tx.commit().await.unwrap();
        let cookie = sign_in(&first.base, &fixture.phone).await.unwrap();
        let opened = post_json(
            &first.base,
            "work_orders/open",
            &cookie,
            &json!({"form": {"kind": "consultation", "subject": "崩溃测试", "message": "这是崩溃测试的咨询。",
                             "request_key": key()}}),
        )
        .await
        .unwrap();
        customers.push(Customer {
            id: fixture.customer_id,
            phone: fixture.phone,
            order_no: opened["summary"]["order_no"].as_str().unwrap().to_string(),
            policy_no: fixture.policy_no.as_str().to_string(),
            coverage_code: fixture.coverage_code,
        });
    }
    first.kill();

    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    let cycles = cycles();
    for cycle in 0..cycles {
        let server = ServerProcess::start(&database, &data_dir, SECRET, &env);
        let base = Arc::new(server.base.clone());
        let workers = customers.iter().enumerate().map(|(n, customer)| {
            let base = base.clone();
            let acknowledged = acknowledged.clone();
            async move { work(&base, customer, cycle, n, &acknowledged).await }
        });
        let killer = async {
            let wait = rand::thread_rng().gen_range(150..700);
            tokio::time::sleep(Duration::from_millis(wait)).await;
            server.kill();
        };
        // The workers stop on their own once the server is gone.
        tokio::join!(join_all(workers), killer);
    }

    // A last, uninterrupted run sends what is left in the outbox.
    let last = ServerProcess::start(&database, &data_dir, SECRET, &env);
    let drained = Instant::now();
    while count(&db, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'").await > 0 {
        assert!(drained.elapsed() < Duration::from_secs(30), "the outbox drains");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    last.kill();

    let acknowledged = std::mem::take(&mut *acknowledged.lock().unwrap());
    // Some kills land before a cycle's first claim is answered (a kill 150 ms after the start
    // on a busy machine); the load must still have written in most cycles for the checks
    // below to mean something.
    assert!(
        acknowledged.claim_keys.len() >= cycles / 2,
        "the load wrote in most cycles: {} claims in {cycles} cycles",
        acknowledged.claim_keys.len()
    );
    for key in &acknowledged.claim_keys {
        let n = count_of(&db, "SELECT COUNT(*) FROM claims WHERE idempotency_key = $1", key).await;
        assert_eq!(n, 1, "acknowledged claim {key}");
    }
    for key in &acknowledged.redemption_keys {
        let n = count_of(
            &db,
            "SELECT COUNT(*) FROM reward_orders WHERE idempotency_key = $1",
            key,
        )
        .await;
        assert_eq!(n, 1, "acknowledged redemption {key}");
    }
    for body in &acknowledged.replies {
        let n = count_of(&db, "SELECT COUNT(*) FROM work_order_messages WHERE body = $1", body).await;
        assert_eq!(n, 1, "acknowledged reply {body}");
    }
    // Nothing half-written: every claim has its first step, every reward order its
    // ledger entry and every spending entry its order.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM claims c WHERE NOT EXISTS \
             (SELECT 1 FROM claim_events e WHERE e.claim_id = c.id AND e.stage = 'reported')"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM reward_orders o WHERE (SELECT COUNT(*) FROM points_ledger l \
             WHERE l.customer_id = o.customer_id AND l.event_key = 'redeem:' || o.order_no) <> 1"
        )
        .await,
        0
    );
    for customer in &customers {
        let spent = count_of(
            &db,
            "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM reward_orders WHERE customer_id = $1",
            customer.id,
        )
        .await;
        let debited = count_of(
            &db,
            "SELECT CAST(COALESCE(-SUM(delta), 0) AS BIGINT) FROM points_ledger \
             WHERE customer_id = $1 AND reason = 'redeem'",
            customer.id,
        )
        .await;
        assert_eq!(spent, debited, "the ledger balances for customer {}", customer.id);
    }
    // Every message sent, each exactly once.
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM outbox WHERE status <> 'sent'").await,
        0
    );
    let sent = count(&db, "SELECT COUNT(*) FROM outbox").await;
    let log = std::fs::read_to_string(data_dir.join("outbox.log")).unwrap_or_default();
    let mut times_sent: HashMap<i64, usize> = HashMap::new();
    for line in log.lines() {
        if let Some(id) = serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .and_then(|v| v["id"].as_i64())
        {
            *times_sent.entry(id).or_default() += 1;
        }
    }
    assert!(sent > 0, "the load sent messages");
    assert_eq!(times_sent.len() as i64, sent, "every message reached the sender");
    assert!(
        times_sent.values().all(|n| *n == 1),
        "no message twice: {:?}",
        times_sent.iter().filter(|(_, n)| **n > 1).collect::<Vec<_>>()
    );
    db.pool.close().await;
}

/// One customer's writes, over and over, until the server goes away.
async fn work(base: &str, customer: &Customer, cycle: usize, n: usize, acknowledged: &Mutex<Acknowledged>) {
    let Some(cookie) = sign_in(base, &customer.phone).await else {
        return;
    };
    for round in 0.. {
        let claim_key = key();
        let claim = json!({"form": {
            "policy_no": customer.policy_no, "coverage_code": customer.coverage_code,
            "incident_date": app::domain::calendar::insurer_date(app::backend::now_ms()).plus_days(-1).iso(),
            "incident_place": "上海市徐汇区", "description": format!("崩溃测试第 {cycle} 轮第 {round} 次报案，客户 {n}。"),
            "amount": "3000", "payout_bank": "招商银行", "payout_account": crate::claims::ACCOUNT,
            "documents": [], "request_key": claim_key}});
        match post_json(base, "claims/report", &cookie, &claim).await {
            Some(_) => acknowledged.lock().unwrap().claim_keys.push(claim_key),
            None => return,
        }
        let redemption_key = key();
        let redeem = [
            ("reward_code", "phone-credit-10"),
            ("request_key", redemption_key.as_str()),
        ];
        match post_form(base, "points/redeem", &cookie, &redeem).await {
            Some(_) => acknowledged.lock().unwrap().redemption_keys.push(redemption_key),
            None => return,
        }
        let body = format!("崩溃测试回复 {cycle}-{n}-{round}");
        let reply = [("order_no", customer.order_no.as_str()), ("message", body.as_str())];
        match post_form(base, "work_orders/reply", &cookie, &reply).await {
            Some(_) => acknowledged.lock().unwrap().replies.push(body),
            None => return,
        }
    }
}

fn key() -> String {
    let key = format!("crash-{}", uuid::Uuid::new_v4().simple());
    IdempotencyKey::parse(&key).expect("a valid key");
    key
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn sign_in(base: &str, phone: &str) -> Option<String> {
    let response = client()
        .post(format!("{base}/api/auth/sign_in"))
        .form(&[("account", phone), ("password", FIXTURE_PASSWORD)])
        .send()
        .await
        .ok()?;
    (response.status() == 200).then_some(())?;
    let cookie = response.headers().get("set-cookie")?.to_str().ok()?;
    Some(cookie.split(';').next()?.to_string())
}

/// The answer of an acknowledged write; `None` when the server did not say yes (it died,
/// or refused): such writes may or may not have happened.
async fn post_json(base: &str, endpoint: &str, cookie: &str, body: &serde_json::Value) -> Option<serde_json::Value> {
    let response = client()
        .post(format!("{base}/api/{endpoint}"))
        .header("cookie", cookie)
        .json(body)
        .send()
        .await
        .ok()?;
    let ok = response.status() == 200;
    let answer = response.json().await.ok()?;
    ok.then_some(answer)
}

async fn post_form(base: &str, endpoint: &str, cookie: &str, form: &[(&str, &str)]) -> Option<serde_json::Value> {
    let response = client()
        .post(format!("{base}/api/{endpoint}"))
        .header("cookie", cookie)
        .form(form)
        .send()
        .await
        .ok()?;
    let ok = response.status() == 200;
    let answer = response.json().await.ok()?;
    ok.then_some(answer)
}

#[derive(sqlx::FromRow)]
struct CountRow {
    n: i64,
}

async fn count(db: &Db, sql: &str) -> i64 {
    let row: CountRow = sqlx::query_as(&format!("SELECT ({sql}) AS n"))
        .fetch_one(&db.pool)
        .await
        .unwrap();
    row.n
}

/// `count` with one bound parameter (`$1`).
async fn count_of<'a, T>(db: &Db, sql: &'a str, param: T) -> i64
where
    T: 'a + Send + sqlx::Encode<'a, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    sqlx::query_scalar(sql).bind(param).fetch_one(&db.pool).await.unwrap()
}
