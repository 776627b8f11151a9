//! Live updates (`GET /live`, server-sent events): an open page hears promptly of a change
//! it may know of, from whichever server process made it, and of nothing else: not another
//! customer's case, not an internal note.

use std::time::Duration;

use reqwest::StatusCode;

use app::api::console::work_orders::{AddInternalNote, ReplyWorkOrder};
use app::api::portal::work_orders::{OpenWorkOrder, ReplyToWorkOrder};
use app::api::public::auth::SignOut;
use app::backend::platform::live::MAX_STREAMS_PER_SESSION;
use app::model::live::{LiveChange, LIVE_PATH};
use app::model::work_orders::DeskReply;
use app::model::work_orders::WorkOrderForm;

use crate::claims::request_key;
use crate::client::{call_at, User};
use crate::fixtures::{new_customer_at, CustomerSpec};
use crate::harness::*;
use crate::on_both;
use crate::process::{sign_in_at, sign_in_customer_at, ServerProcess};

on_both!(
    a_reply_reaches_the_customers_open_page_and_no_one_elses,
    an_internal_note_reaches_staff_pages_only,
    without_a_session_there_is_no_stream,
    one_session_holds_a_bounded_number_of_streams,
);

/// How long a change may take to reach an open page (it takes milliseconds; the margin is
/// for a loaded machine).
const PROMPTLY: Duration = Duration::from_secs(5);
/// How long a page is watched to show that nothing reaches it.
const QUIET: Duration = Duration::from_millis(1500);

/// An open event stream, read as the browser's `EventSource` reads it.
pub struct LiveStream {
    response: reqwest::Response,
    buffer: String,
}

impl LiveStream {
    pub async fn open(base: &str, cookie: &str) -> Self {
        let response = reqwest::Client::new()
            .get(format!("{base}{LIVE_PATH}"))
            .header(reqwest::header::COOKIE, cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        assert_eq!(
            response.headers()["x-accel-buffering"],
            "no",
            "a proxy must not buffer it"
        );
        Self {
            response,
            buffer: String::new(),
        }
    }

    pub async fn of(user: &User<'_>) -> Self {
        Self::open(&user.app.base, user.cookie.as_deref().unwrap()).await
    }

    /// The next change within `wait`, if any.
    async fn next(&mut self, wait: Duration) -> Option<LiveChange> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let data: String = block
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(str::trim)
                    .collect();
                if data.is_empty() {
                    continue; // a keep-alive comment
                }
                return Some(serde_json::from_str(&data).expect("a change the app can read"));
            }
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Ok(Ok(Some(bytes))) => self.buffer.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(_) => panic!("the stream ended"),
                Err(_) => return None,
            }
        }
    }

    /// Whether the server ends the stream within `wait`.
    pub async fn ended_within(&mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Ok(Ok(Some(_))) => continue,
                Ok(Ok(None)) | Ok(Err(_)) => return true,
                Err(_) => return false,
            }
        }
    }

    /// Waits for this change; fails if it does not come promptly.
    pub async fn expect(&mut self, change: &LiveChange) {
        let deadline = tokio::time::Instant::now() + PROMPTLY;
        while let Some(seen) = self.next(deadline - tokio::time::Instant::now()).await {
            if seen == *change {
                return;
            }
        }
        panic!("{change:?} did not reach the open page within {PROMPTLY:?}");
    }

    /// Everything that arrives within `QUIET`.
    pub async fn quiet(&mut self) -> Vec<LiveChange> {
        let deadline = tokio::time::Instant::now() + QUIET;
        let mut seen = Vec::new();
        while let Some(change) = self.next(deadline - tokio::time::Instant::now()).await {
            seen.push(change);
        }
        seen
    }
}

async fn open_work_order(customer: &User<'_>) -> String {
    let form = WorkOrderForm {
        kind: "consultation".into(),
        subject: "想了解一下办理进度".into(),
        message: "请问我的事情现在办到哪一步了？谢谢。".into(),
        request_key: request_key(),
        ..WorkOrderForm::default()
    };
    customer.call(OpenWorkOrder { form }).await.good().summary.order_no
}

fn reply(order_no: &str, message: &str) -> ReplyWorkOrder {
    ReplyWorkOrder {
        reply: DeskReply {
            order_no: order_no.into(),
            message: message.into(),
            status: "in_progress".into(),
            resolution_code: String::new(),
            complaint_category: String::new(),
        },
    }
}

async fn a_reply_reaches_the_customers_open_page_and_no_one_elses(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let stranger = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let supervisor = app.as_supervisor().await;
    let order_no = open_work_order(&customer).await;
    let change = LiveChange::WorkOrder {
        order_no: order_no.clone(),
    };

    let mut customer_page = LiveStream::of(&customer).await;
    let mut stranger_page = LiveStream::of(&stranger).await;
    let mut desk = LiveStream::of(&supervisor).await;
    supervisor
        .call(reply(&order_no, "您好，已为您查询，正在处理中。"))
        .await
        .good();

    customer_page.expect(&change).await;
    desk.expect(&change).await;
    assert_eq!(
        stranger_page.quiet().await,
        vec![],
        "another customer hears nothing of it"
    );

    // The customer's own reply reaches the desk.
    let mut desk = LiveStream::of(&supervisor).await;
    customer
        .call(ReplyToWorkOrder {
            order_no: order_no.clone(),
            message: "好的，谢谢。".into(),
        })
        .await
        .good();
    desk.expect(&change).await;
}

async fn an_internal_note_reaches_staff_pages_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let supervisor = app.as_supervisor().await;
    let agent = app.as_agent().await;
    let mut customer_page = LiveStream::of(&customer).await;
    let mut colleague = LiveStream::of(&agent).await;
    // The customer's own message is news to both (and clears what came before the note).
    let order_no = open_work_order(&customer).await;
    let change = LiveChange::WorkOrder {
        order_no: order_no.clone(),
    };
    customer_page.expect(&change).await;
    assert!(colleague.quiet().await.contains(&change));

    supervisor
        .call(AddInternalNote {
            order_no: order_no.clone(),
            note: "客户来电情绪较急，优先处理。".into(),
        })
        .await
        .good();
    colleague.expect(&LiveChange::WorkOrder { order_no }).await;
    assert_eq!(
        customer_page.quiet().await,
        vec![],
        "an internal note is never news to the customer"
    );
}

async fn without_a_session_there_is_no_stream(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = reqwest::Client::new();
    let url = format!("{}{LIVE_PATH}", app.base);
    let anonymous = client.get(&url).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let forged = client
        .get(&url)
        .header(reqwest::header::COOKIE, "insurer_session=not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);

    // A signed-out session's cookie opens nothing either.
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let cookie = customer.cookie.clone().unwrap();
    customer.call(SignOut {}).await.good();
    let ended = client
        .get(&url)
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), StatusCode::UNAUTHORIZED);
}

/// Two server processes on one PostgreSQL: a change made through one reaches a page open
/// on the other (LISTEN/NOTIFY), as behind a load balancer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_on_one_process_reaches_a_page_open_on_another() {
    let database = TestDatabase::create(Backend::Postgres).await;
    let (a, b) = ServerProcess::pair(&database);
    let client = reqwest::Client::new();
    let fixture = new_customer_at(&database, CustomerSpec::default()).await;
    let customer = sign_in_customer_at(&client, &b.base, &fixture).await;
    let supervisor = sign_in_at(&client, &a.base, "supervisor").await;

    let form = WorkOrderForm {
        kind: "consultation".into(),
        subject: "想了解一下办理进度".into(),
        message: "请问现在办到哪一步了？谢谢。".into(),
        request_key: request_key(),
        ..WorkOrderForm::default()
    };
    let order_no = call_at(&client, &b.base, Some(&customer), OpenWorkOrder { form })
        .await
        .good()
        .summary
        .order_no;

    let mut on_b = LiveStream::open(&b.base, &customer).await;
    call_at(
        &client,
        &a.base,
        Some(&supervisor),
        reply(&order_no, "您好，正在处理中。"),
    )
    .await
    .good();
    on_b.expect(&LiveChange::WorkOrder { order_no }).await;
}

async fn one_session_holds_a_bounded_number_of_streams(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let mut open = Vec::new();
    for _ in 0..MAX_STREAMS_PER_SESSION {
        open.push(LiveStream::of(&customer).await);
    }
    let one_more = reqwest::Client::new()
        .get(format!("{}{LIVE_PATH}", app.base))
        .header(reqwest::header::COOKIE, customer.cookie.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(one_more.status(), StatusCode::TOO_MANY_REQUESTS);
    // Someone else is not held up by it.
    LiveStream::of(&app.as_agent().await).await;
}
