//! Every list that can grow is handed out a page at a time (keyset paging): the customer's
//! notifications, claims, work orders, points history and reward orders, and the admins'
//! audit log, knowledge base and staff accounts. Whoever follows `next` from the first page
//! meets every entry once, in the list's order, and only their own; the last page has no
//! `next`; a cursor the server did not hand out is 422 `cursor_malformed`.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use server_fn::ServerFn;

use app::api::admin::audit::ReadAuditLog;
use app::api::admin::content::ListArticles;
use app::api::admin::staff::ListStaffAccounts;
use app::api::portal::claims::ListMyClaims;
use app::api::portal::notifications::MyNotifications;
use app::api::portal::points::{MyPointsHistory, MyRewardOrders};
use app::api::portal::work_orders::ListMyWorkOrders;
use app::backend::loyalty::points::{self, NewLedgerEntry, NewRewardOrder};
use app::backend::messaging::notify::{self, NotificationInsert};
use app::backend::now_ms;
use app::backend::platform::audit::{self, AuditEntry};
use app::domain::{NotificationKind, PointsReason};
use app::error::AppError;
use app::model::admin::{AuditFilter, AuditRecord, StaffDirectory};
use app::model::claims::ClaimSummary;
use app::model::knowledge::Article;
use app::model::notifications::NotificationList;
use app::model::paging::{Page, ADMIN_PAGE_SIZE, PORTAL_PAGE_SIZE};
use app::model::points::{PointsEntry, RewardOrder};
use app::model::work_orders::WorkOrderSummary;

use crate::client::{User, Wire};
use crate::fixtures::{opened_work_order, reported_claim, CustomerSpec};
use crate::harness::*;
use crate::on_both;

on_both!(
    notifications_are_read_page_after_page_newest_first_and_only_the_callers,
    claims_and_work_orders_are_read_page_after_page,
    points_history_and_reward_orders_are_read_page_after_page,
    a_cursor_the_server_did_not_hand_out_is_refused,
    the_audit_log_pages_the_same_way_within_its_filter,
    articles_and_staff_accounts_are_read_page_after_page,
);

/// Reads a list from its first page on, as "show more" does (`ask` makes the call with the
/// cursor, `page_of` takes the page out of its answer): each page's entries. Every page but
/// the last is full, and only the last has no `next`.
async fn every_page<F, T>(
    user: &User<'_>,
    size: usize,
    ask: impl Fn(Option<String>) -> F,
    page_of: impl Fn(F::Output) -> Page<T>,
) -> Vec<Vec<T>>
where
    F: ServerFn + Serialize,
    F::Protocol: Wire,
    F::Output: DeserializeOwned,
{
    let mut pages = Vec::new();
    let mut before = None;
    loop {
        let page = page_of(user.call(ask(before)).await.good());
        assert!(page.items.len() <= size, "a page holds at most {size}");
        match page.next {
            Some(next) => {
                assert_eq!(page.items.len(), size, "a page with more after it is full");
                before = Some(next);
                pages.push(page.items);
            }
            None => {
                pages.push(page.items);
                return pages;
            }
        }
        assert!(pages.len() < 1_000, "the pages end");
    }
}

fn sizes<T>(pages: &[Vec<T>]) -> Vec<usize> {
    pages.iter().map(Vec::len).collect()
}

/// Pairs of (sort key, id) straight from the database, in the order a list shows them:
/// the greatest sort key first, the greater id first among equal ones.
async fn newest_first(app: &TestApp, sql: &str) -> Vec<(i64, i64)> {
    let mut rows: Vec<(i64, i64)> = sqlx::query_as(sql).fetch_all(&app.app_state.db.pool).await.unwrap();
    rows.sort_by(|a, b| b.cmp(a));
    rows
}

/// `count` unread notifications for the customer, three at a time sharing a moment (so the
/// id orders them), the first at `newest`, each a second before the last three.
async fn add_notifications(app: &TestApp, customer_id: i64, count: i64, newest: i64) {
    let mut tx = app.app_state.db.begin_write().await.unwrap();
    for n in 0..count {
        let notification = NotificationInsert {
            customer_id,
            kind: NotificationKind::PointsEarned,
            params_json: r#"{"points":"10","rule":"t:points_rule.monthly_sign_in"}"#,
            read_at: None,
            at: newest - (n / 3) * 1_000,
            dedup_key: None,
        };
        assert!(notify::insert_notification(&mut tx, &notification, None).await.unwrap());
    }
    tx.commit().await.unwrap();
}

async fn notifications_are_read_page_after_page_newest_first_and_only_the_callers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mine = app.new_customer(CustomerSpec::default()).await;
    let theirs = app.new_customer(CustomerSpec::default()).await;
    let newest = now_ms();
    add_notifications(&app, mine.customer_id, 23, newest).await;
    // Someone else's, at moments between the caller's.
    add_notifications(&app, theirs.customer_id, 7, newest - 2_500).await;
    let customer = mine.sign_in(&app).await;

    let first = customer.call(MyNotifications { before: None }).await.good();
    assert_eq!(first.unread, 23, "the unread count is of them all, not of the page");
    let pages = every_page(
        &customer,
        PORTAL_PAGE_SIZE,
        |before| MyNotifications { before },
        |list: NotificationList| Page {
            items: list.items,
            next: list.next,
        },
    )
    .await;
    assert_eq!(sizes(&pages), [10, 10, 3]);
    assert_eq!(pages[0], first.items);
    let read: Vec<(i64, i64)> = pages.concat().iter().map(|n| (n.at, n.id)).collect();
    let ids: HashSet<i64> = read.iter().map(|(_, id)| *id).collect();
    assert_eq!(ids.len(), 23, "none twice: {read:?}");
    let expected = newest_first(
        &app,
        &format!(
            "SELECT at, id FROM notifications WHERE customer_id = {}",
            mine.customer_id
        ),
    )
    .await;
    assert_eq!(read, expected, "every one, newest first");

    // The other customer reads their own seven, on one page, none of the caller's.
    let other = theirs.sign_in(&app).await;
    let their_pages = every_page(
        &other,
        PORTAL_PAGE_SIZE,
        |before| MyNotifications { before },
        |list: NotificationList| Page {
            items: list.items,
            next: list.next,
        },
    )
    .await;
    assert_eq!(sizes(&their_pages), [7]);
    let their_ids: HashSet<i64> = their_pages.concat().iter().map(|n| n.id).collect();
    assert!(ids.is_disjoint(&their_ids));
    // The caller's cursor in their hands reads on through their own older than it (the
    // four of the last two moments), never the caller's.
    let after = other
        .call(MyNotifications {
            before: first.next.clone(),
        })
        .await
        .good();
    assert_eq!(after.items.len(), 4, "{after:?}");
    assert!(after.items.iter().all(|n| their_ids.contains(&n.id)), "{after:?}");
}

async fn claims_and_work_orders_are_read_page_after_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let other = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let mut claims = Vec::new();
    let mut orders = Vec::new();
    let mut theirs = Vec::new();
    for n in 0..PORTAL_PAGE_SIZE + 2 {
        claims.push(reported_claim(&customer, "300").await);
        orders.push(opened_work_order(&customer).await);
        if n == 5 {
            // Someone else's, made in between.
            theirs.push(reported_claim(&other, "300").await);
            theirs.push(opened_work_order(&other).await);
        }
    }
    // Made one after the other: the newest (the last made) first.
    claims.reverse();
    orders.reverse();

    let pages = every_page(
        &customer,
        PORTAL_PAGE_SIZE,
        |before| ListMyClaims { before },
        |page: Page<ClaimSummary>| page,
    )
    .await;
    assert_eq!(sizes(&pages), [10, 2]);
    let read: Vec<String> = pages.concat().into_iter().map(|c| c.claim_no).collect();
    assert_eq!(read, claims, "every claim once, newest first");
    assert!(read.iter().all(|c| !theirs.contains(c)));

    let pages = every_page(
        &customer,
        PORTAL_PAGE_SIZE,
        |before| ListMyWorkOrders { before },
        |page: Page<WorkOrderSummary>| page,
    )
    .await;
    assert_eq!(sizes(&pages), [10, 2]);
    let read: Vec<String> = pages.concat().into_iter().map(|w| w.order_no).collect();
    assert_eq!(read, orders, "every work order once, most recently active first");
    assert!(read.iter().all(|o| !theirs.contains(o)));

    // The other customer's lists hold their own only.
    let their_claims = other.call(ListMyClaims { before: None }).await.good();
    assert_eq!(their_claims.items.len(), 1);
    assert_eq!(their_claims.next, None);
    let their_orders = other.call(ListMyWorkOrders { before: None }).await.good();
    assert_eq!(their_orders.items.len(), 1);
    assert_eq!(their_orders.next, None);
}

/// `count` ledger entries for the customer (entry n adds `first_delta + n` points), two at
/// a time sharing a moment, the first at `newest`.
async fn add_ledger_entries(app: &TestApp, customer_id: i64, count: i64, first_delta: i64, newest: i64) {
    let mut tx = app.app_state.db.begin_write().await.unwrap();
    for n in 0..count {
        let event_key = format!("adjust:paging-{}", uuid::Uuid::new_v4().simple());
        let entry = NewLedgerEntry {
            customer_id,
            delta: first_delta + n,
            reason: PointsReason::Adjust,
            rule: None,
            event_key: &event_key,
            expires_at: None,
            at: newest - (n / 2) * 1_000,
            request_hash: None,
        };
        assert!(points::insert_entry(&mut tx, &entry).await.unwrap());
    }
    tx.commit().await.unwrap();
}

/// `count` reward orders for the customer, two at a time sharing a moment, the first at
/// `newest`: their numbers, in the order made.
async fn add_reward_orders(app: &TestApp, customer_id: i64, count: i64, newest: i64) -> Vec<String> {
    let reward_id = app.count("SELECT id FROM rewards WHERE code = 'phone-credit-10'").await;
    let mut tx = app.app_state.db.begin_write().await.unwrap();
    let mut numbers = Vec::new();
    for n in 0..count {
        let order_no = format!("RO{}", uuid::Uuid::new_v4().simple());
        let request_key = format!("paging-{}", uuid::Uuid::new_v4().simple());
        let order = NewRewardOrder {
            order_no: &order_no,
            customer_id,
            reward_id,
            points: 100,
            top_up_phone: None,
            request_key: &request_key,
            request_hash: "paging",
            at: newest - (n / 2) * 1_000,
        };
        points::insert_order(&mut tx, &order).await.unwrap();
        numbers.push(order_no);
    }
    tx.commit().await.unwrap();
    numbers
}

async fn points_history_and_reward_orders_are_read_page_after_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let bystander = app.new_customer(CustomerSpec::default()).await;
    let newest = now_ms();
    add_ledger_entries(&app, fixture.customer_id, 23, 1, newest).await;
    add_ledger_entries(&app, bystander.customer_id, 5, 1_000, newest - 500).await;
    let made = add_reward_orders(&app, fixture.customer_id, 12, newest).await;
    let theirs = add_reward_orders(&app, bystander.customer_id, 3, newest).await;
    let customer = fixture.sign_in(&app).await;

    let history = every_page(
        &customer,
        PORTAL_PAGE_SIZE,
        |before| MyPointsHistory { before },
        |page: Page<PointsEntry>| page,
    )
    .await;
    assert_eq!(sizes(&history), [10, 10, 3]);
    // Entry n (n + 1 points) at `newest - (n / 2)` s: the later moment first, and of two at
    // one moment the later written.
    let mut expected: Vec<(i64, i64)> = (0..23).map(|n| (newest - (n / 2) * 1_000, n + 1)).collect();
    expected.sort_by(|a, b| b.cmp(a));
    let read: Vec<(i64, i64)> = history.concat().iter().map(|e| (e.at, e.delta)).collect();
    assert_eq!(read, expected, "every entry once, newest first, the caller's only");

    let orders = every_page(
        &customer,
        PORTAL_PAGE_SIZE,
        |before| MyRewardOrders { before },
        |page: Page<RewardOrder>| page,
    )
    .await;
    assert_eq!(sizes(&orders), [10, 2]);
    let mut expected: Vec<(i64, usize)> = (0..made.len()).map(|n| (newest - (n as i64 / 2) * 1_000, n)).collect();
    expected.sort_by(|a, b| b.cmp(a));
    let expected: Vec<String> = expected.into_iter().map(|(_, n)| made[n].clone()).collect();
    let read: Vec<String> = orders.concat().into_iter().map(|o| o.order_no).collect();
    assert_eq!(read, expected, "every order once, newest first");
    assert!(read.iter().all(|o| !theirs.contains(o)));

    // The points page holds the first page of each, with the cursor of the next.
    let overview = customer.points().await;
    assert_eq!(overview.history, history[0]);
    assert!(overview.history_next.is_some());
    assert_eq!(overview.orders, orders[0]);
    assert!(overview.orders_next.is_some());
}

async fn a_cursor_the_server_did_not_hand_out_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let admin = app.as_admin().await;
    for token in [
        "garbage",
        "12",
        "1.2.3",
        "-1.5",
        "1.-5",
        " 1.5",
        "99999999999999999999.1",
    ] {
        let before = || Some(token.to_string());
        let refused = |error: AppError| {
            assert_eq!(
                (error.code(), error.field()),
                ("cursor_malformed", Some("before")),
                "{token:?}: {error:?}"
            );
            assert_eq!(error.status(), 422);
        };
        refused(customer.call(MyNotifications { before: before() }).await.error());
        refused(customer.call(ListMyClaims { before: before() }).await.error());
        refused(customer.call(ListMyWorkOrders { before: before() }).await.error());
        refused(customer.call(MyPointsHistory { before: before() }).await.error());
        refused(customer.call(MyRewardOrders { before: before() }).await.error());
        refused(
            admin
                .call(ReadAuditLog {
                    filter: AuditFilter::default(),
                    before: before(),
                })
                .await
                .error(),
        );
        refused(admin.call(ListArticles { before: before() }).await.error());
        refused(admin.call(ListStaffAccounts { before: before() }).await.error());
    }
    // Who may read comes first.
    assert_eq!(
        app.anonymous()
            .call(ListMyClaims {
                before: Some("garbage".into())
            })
            .await
            .error(),
        AppError::Unauthenticated
    );
    // A well-formed cursor before every entry is an empty last page.
    let past = customer
        .call(ListMyClaims {
            before: Some("0.0".into()),
        })
        .await
        .good();
    assert_eq!(
        past,
        Page {
            items: vec![],
            next: None
        }
    );
    // No cursor at all, as the bench and plain forms send it (an empty form, an empty field,
    // JSON without it), reads the first page.
    let answer = customer.call_raw("notifications/mine", &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let answer = customer.call_raw("claims/list_mine", &[("before", "")]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let answer = admin.call_raw_json("admin/audit", &json!({"filter": {}})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
}

async fn the_audit_log_pages_the_same_way_within_its_filter(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let member = app.new_customer(CustomerSpec::default()).await;
    let bystander = app.new_customer(CustomerSpec::default()).await;
    let admin = app.as_admin().await;
    let staff_id = admin.staff_id("admin").await;
    let entries = 2 * ADMIN_PAGE_SIZE + 7;
    // Written in one go, so many share a moment and the id orders them; the two customers'
    // entries interleaved.
    let mut tx = app.app_state.db.begin_write().await.unwrap();
    for n in 0..entries {
        for customer_id in [member.customer_id, bystander.customer_id] {
            let entry = AuditEntry {
                staff_id,
                action: "customer.view",
                customer_id: Some(customer_id),
                detail: format!("paging {n}"),
            };
            audit::record(&mut tx, entry).await.unwrap();
        }
    }
    tx.commit().await.unwrap();

    let no = member.customer_no.as_str().to_string();
    let pages = every_page(
        &admin,
        ADMIN_PAGE_SIZE,
        |before| ReadAuditLog {
            filter: AuditFilter {
                customer_no: no.clone(),
                ..AuditFilter::default()
            },
            before,
        },
        |page: Page<AuditRecord>| page,
    )
    .await;
    assert_eq!(sizes(&pages), [ADMIN_PAGE_SIZE, ADMIN_PAGE_SIZE, 7]);
    let read = pages.concat();
    assert!(read.iter().all(|r| r.customer_no.as_deref() == Some(no.as_str())));
    let details: Vec<String> = read.iter().map(|r| r.detail.clone()).collect();
    let expected: Vec<String> = (0..entries).rev().map(|n| format!("paging {n}")).collect();
    assert_eq!(details, expected, "every entry once, newest first");

    // Unfiltered, the whole log the same way: as many as there are, newest first.
    let pages = every_page(
        &admin,
        ADMIN_PAGE_SIZE,
        |before| ReadAuditLog {
            filter: AuditFilter::default(),
            before,
        },
        |page: Page<AuditRecord>| page,
    )
    .await;
    let all = pages.concat();
    assert_eq!(all.len() as i64, app.count("SELECT COUNT(*) FROM audit_log").await);
    assert!(all.windows(2).all(|w| w[0].at >= w[1].at), "newest first");
}

async fn articles_and_staff_accounts_are_read_page_after_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let newest = now_ms();
    for n in 0..ADMIN_PAGE_SIZE as i64 + 5 {
        // Four at a time changed at one moment.
        let at = newest - (n / 4) * 1_000;
        app.execute(&format!(
            "INSERT INTO knowledge_articles (slug, kind, title_zh, title_en, body_zh, body_en, published, created_at, \
             updated_at) VALUES ('paging-{n}', 'faq', '分页{n}', 'Paging {n}', '分页测试的正文{n}', 'A paging test {n}', \
             {}, {at}, {at})",
            n % 2
        ))
        .await;
    }
    for n in 0..ADMIN_PAGE_SIZE + 10 {
        // Every fifth deactivated.
        app.execute(&format!(
            "INSERT INTO staff (username, display_name, role, password_hash, active, status, capacity, created_at, \
             updated_at) SELECT 'paging.{n}', '分页{n}', 'agent', password_hash, {}, 'offline', 8, 0, 0 FROM staff \
             WHERE username = 'agent'",
            i64::from(n % 5 != 0)
        ))
        .await;
    }
    let admin = app.as_admin().await;

    let pages = every_page(
        &admin,
        ADMIN_PAGE_SIZE,
        |before| ListArticles { before },
        |page: Page<Article>| page,
    )
    .await;
    assert!(pages.len() >= 2, "{:?}", sizes(&pages));
    let read: Vec<(i64, i64)> = pages.concat().iter().map(|a| (a.updated_at, a.id)).collect();
    let expected = newest_first(&app, "SELECT updated_at, id FROM knowledge_articles").await;
    assert_eq!(read, expected, "every article once, newest change first");

    let pages = every_page(
        &admin,
        ADMIN_PAGE_SIZE,
        |before| ListStaffAccounts { before },
        |directory: StaffDirectory| Page {
            items: directory.accounts,
            next: directory.next,
        },
    )
    .await;
    assert!(pages.len() >= 2, "{:?}", sizes(&pages));
    let accounts = pages.concat();
    let read: Vec<(i64, i64)> = accounts.iter().map(|a| (i64::from(a.active), a.id)).collect();
    let expected = newest_first(&app, "SELECT active, id FROM staff").await;
    assert_eq!(read, expected, "every account once, active first, then the newest");
    // Each page carries its accounts' skill groups.
    let agent = accounts.iter().find(|a| a.username == "agent").unwrap();
    assert!(!agent.skill_groups.is_empty(), "{agent:?}");
    assert!(accounts
        .iter()
        .filter(|a| a.username.starts_with("paging."))
        .all(|a| a.skill_groups.is_empty()));
}
