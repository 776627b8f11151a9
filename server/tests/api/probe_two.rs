//! What a second outside probe opened, one test per class of finding; each failed before
//! its fix. (Contact corrections, the second finding, are `contact_changes.rs`; the
//! request ids and formulas of exports are also unit-tested in `backend::export`.)

use std::time::Duration;

use futures::future::join_all;
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use app::api::admin::audit::ReadAuditLog;
use app::api::admin::members::{AdjustMemberPoints, MergeMembers};
use app::api::admin::staff::{CreateStaffAccount, ListStaffAccounts, UpdateStaffAccount};
use app::api::console::customers::{GetCustomer, TagCustomer};
use app::api::console::work_orders::{CaseViewers, GetWorkOrder};
use app::api::portal::work_orders::OpenWorkOrder;
use app::api::public::auth::{ChangePassword, SendCode};
use app::backend::customers::documents::MAX_PENDING_UPLOADS;
use app::backend::platform::live::MAX_STREAMS_PER_ACCOUNT;
use app::domain::{Role, StaffFields, MAX_TAGS};
use app::error::AppError;
use app::model::admin::{AuditFilter, StaffForm};
use app::model::live::LIVE_PATH;
use app::model::work_orders::WorkOrderForm;

use crate::claims::{claim_form, jpeg, only_claimable, report, request_key};
use crate::client::User;
use crate::fixtures::{CustomerSpec, FIXTURE_PASSWORD};
use crate::harness::*;
use crate::live::LiveStream;
use crate::on_both;

on_both!(
    one_account_cannot_take_a_processs_live_streams_and_a_full_process_makes_room,
    one_address_holds_a_share_of_the_live_streams,
    codes_by_sms_are_held_to_a_budget_over_every_number,
    exported_cells_are_never_formulas_and_request_ids_are_the_servers,
    who_is_on_a_case_is_told_only_where_the_case_is,
    staff_on_a_one_time_password_get_no_live_stream,
    a_merge_keeps_every_per_customer_limit,
    slow_clients_are_cut_off_and_one_address_holds_a_share_of_connections,
    uploads_waiting_to_be_attached_are_capped,
    a_request_key_sent_again_with_other_details_is_refused_for_points_adjustments,
    bodies_over_the_limit_get_413_and_errors_speak_the_apis_words,
);

/// `GET /live` with this cookie: its status (the stream itself is dropped).
async fn stream_status(app: &TestApp, cookie: &str) -> StatusCode {
    reqwest::Client::new()
        .get(format!("{}{LIVE_PATH}", app.base))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .status()
}

async fn one_account_cannot_take_a_processs_live_streams_and_a_full_process_makes_room(backend: Backend) {
    let process = MAX_STREAMS_PER_ACCOUNT + 4;
    let app = TestApp::spawn_with(backend, &[("APP_LIVE_MAX_STREAMS", &process.to_string())]).await;
    let hoarder = app.new_customer(CustomerSpec::default()).await;
    // Signing in again and again does not buy more streams.
    let mut held = Vec::new();
    let mut cookie = String::new();
    for n in 0..MAX_STREAMS_PER_ACCOUNT {
        if n % 4 == 0 {
            cookie = app.sign_in(&hoarder.phone, FIXTURE_PASSWORD).await;
        }
        held.push(LiveStream::open(&app.base, &cookie).await);
    }
    let fresh = app.sign_in(&hoarder.phone, FIXTURE_PASSWORD).await;
    assert_eq!(stream_status(&app, &fresh).await, StatusCode::TOO_MANY_REQUESTS);

    // Others fill the process.
    let mut others = Vec::new();
    for _ in 0..(process - MAX_STREAMS_PER_ACCOUNT) {
        let other = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
        others.push(LiveStream::of(&other).await);
    }
    assert_eq!(app.app_state.live.open_streams(), process);
    // A newcomer gets in: the account holding the most gives up its oldest stream.
    let newcomer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let _newcomer_stream = LiveStream::of(&newcomer).await;
    assert!(
        held[0].ended_within(Duration::from_secs(5)).await,
        "the hoarder's oldest stream ends"
    );
    assert_eq!(app.app_state.live.open_streams(), process);
}

async fn one_address_holds_a_share_of_the_live_streams(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("APP_LIVE_MAX_STREAMS_PER_ADDRESS", "3")]).await;
    let mut open = Vec::new();
    for _ in 0..3 {
        let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
        open.push(LiveStream::of(&customer).await);
    }
    let fourth = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    assert_eq!(
        stream_status(&app, fourth.cookie.as_deref().unwrap()).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Staff (often many behind one office address) are held to their own account's share.
    LiveStream::of(&app.as_agent().await).await;
    drop(open.pop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(stream_status_open(&app, &fourth).await, StatusCode::OK);
}

/// Opens a stream and says how it was answered (keeping nothing open).
async fn stream_status_open(app: &TestApp, user: &User<'_>) -> StatusCode {
    stream_status(app, user.cookie.as_deref().unwrap()).await
}

async fn codes_by_sms_are_held_to_a_budget_over_every_number(backend: Backend) {
    let app = TestApp::spawn_with(
        backend,
        &[("APP_SMS_CODES_PER_MINUTE", "8"), ("APP_SMS_CODES_PER_BLOCK_HOUR", "3")],
    )
    .await;
    let send = |number: String| {
        let anonymous = app.anonymous();
        async move {
            anonymous
                .call(SendCode {
                    purpose: "register".into(),
                    contact: number,
                })
                .await
        }
    };
    // Numbers of one block of 10,000 (the same first seven digits): three an hour.
    for n in 0..3 {
        assert_eq!(send(format!("1990000{n:04}")).await.status, StatusCode::OK);
    }
    let in_block = send("19900009999".into()).await.error();
    assert_eq!(in_block, AppError::TooManyAttempts { retry_after_secs: 600 });
    // Numbers all over: the minute's budget over every number.
    for n in 0..5 {
        assert_eq!(send(format!("1980{n}000000")).await.status, StatusCode::OK);
    }
    let over = send("19812345678".into()).await;
    assert_eq!(over.headers[reqwest::header::RETRY_AFTER], "600");
    // Whichever budget ran out, the answer is the same.
    assert_eq!(over.error(), in_block);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE channel = 'sms'").await,
        8,
        "refused requests sent nothing"
    );
    // Supervisors and admins heard of it while budget was left.
    assert!(
        app.count("SELECT COUNT(*) FROM staff_alerts WHERE kind = 'sms_budget'")
            .await
            >= 2
    );
    // The limits per destination are still there: the same number at once again.
    let app = TestApp::spawn(backend).await;
    assert_eq!(
        app.anonymous()
            .call(SendCode {
                purpose: "register".into(),
                contact: "19700000001".into(),
            })
            .await
            .status,
        StatusCode::OK
    );
    let again = app
        .anonymous()
        .call(SendCode {
            purpose: "register".into(),
            contact: "19700000001".into(),
        })
        .await
        .error();
    assert!(matches!(again, AppError::TooManyAttempts { retry_after_secs } if retry_after_secs <= 60));
}

/// Every field of a CSV line as written (RFC 4180, every text field quoted).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

async fn exported_cells_are_never_formulas_and_request_ids_are_the_servers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    // A staff display name that a spreadsheet would run.
    let accounts = admin.call(ListStaffAccounts { before: None }).await.good().accounts;
    let agent = accounts.iter().find(|a| a.username == "agent").unwrap();
    admin
        .call(UpdateStaffAccount {
            staff_id: agent.id,
            form: StaffForm {
                fields: StaffFields {
                    username: "agent".into(),
                    display_name: "=HYPERLINK(\"http://x\",\"李\")".into(),
                    capacity: agent.capacity.to_string(),
                    claim_limit: String::new(),
                },
                role: agent.role,
                skill_groups: agent.skill_groups.clone(),
            },
        })
        .await
        .good();
    // An audited read made with a request id a client chose.
    let customer = app.new_customer(CustomerSpec::default()).await;
    let cookie = app.sign_in("agent", DEMO_PASSWORD).await;
    let answer = app
        .client
        .post(format!("{}/api/console/customer_360", app.base))
        .header(reqwest::header::COOKIE, &cookie)
        .header("x-request-id", "=cmd|' /C calc'!A0")
        .form(&[("customer_no", customer.customer_no.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let echoed = answer.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(!echoed.starts_with('='), "the server made its own id: {echoed}");
    // A plain one from a load balancer is kept.
    let kept = app
        .client
        .get(format!("{}/health/live", app.base))
        .header("x-request-id", "lb-7f3a.42")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], "lb-7f3a.42");

    let (status, _, bytes) = admin
        .get(&format!(
            "/api/admin/audit.csv?customer_no={}",
            customer.customer_no.as_str()
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(bytes).unwrap();
    let rows: Vec<Vec<String>> = text
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(csv_fields)
        .collect();
    assert!(!rows.is_empty());
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a live formula in the export: {cell:?}"
            );
        }
    }
    assert!(
        rows.iter().any(|r| r[2] == "'=HYPERLINK(\"http://x\",\"李\")"),
        "{rows:?}"
    );
    assert!(rows.iter().all(|r| !r[6].contains("calc")), "{rows:?}");
    // The audit log on screen shows the same id the server made.
    let filter = AuditFilter {
        customer_no: customer.customer_no.as_str().to_string(),
        ..AuditFilter::default()
    };
    let entries = admin.call(ReadAuditLog { filter, before: None }).await.good().items;
    assert!(entries.iter().any(|e| e.request_id.as_deref() == Some(echoed.as_str())));
}

async fn who_is_on_a_case_is_told_only_where_the_case_is(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer = fixture.sign_in(&app).await;
    let form = WorkOrderForm {
        kind: "consultation".into(),
        subject: "想了解一下保障范围".into(),
        message: "请问住院的自费药能报销吗？".into(),
        request_key: request_key(),
        ..WorkOrderForm::default()
    };
    let order_no = customer.call(OpenWorkOrder { form }).await.good().summary.order_no;
    let agent = app.as_agent().await; // customer service: the consultation's group
    let claims_agent = app.as_claims_agent().await; // claims and complaints only
    let viewers = |case_no: &str, typing: bool| CaseViewers {
        case_no: case_no.into(),
        typing,
        leaving: None,
    };
    assert!(agent.call(viewers(&order_no, true)).await.good().is_empty());
    // Outside the work order's reach: as if it did not exist, like the work order itself.
    assert_eq!(
        claims_agent
            .call(GetWorkOrder {
                order_no: order_no.clone()
            })
            .await
            .error(),
        AppError::NotFound
    );
    assert_eq!(
        claims_agent.call(viewers(&order_no, true)).await.error(),
        AppError::NotFound
    );
    let seen = agent.call(viewers(&order_no, false)).await.good();
    assert!(seen.is_empty(), "nobody outside the case showed up on it: {seen:?}");

    // A claim: the claims desk's handlers see who else has it; others do not.
    let policy = only_claimable(&customer).await;
    let claim_no = report(&customer, &claim_form(&policy, "5000", &[]))
        .await
        .good()
        .summary
        .claim_no;
    assert!(claims_agent.call(viewers(&claim_no, false)).await.good().is_empty());
    assert_eq!(agent.call(viewers(&claim_no, false)).await.error(), AppError::NotFound);
    let leaving = CaseViewers {
        case_no: claim_no.clone(),
        typing: false,
        leaving: Some(true),
    };
    assert_eq!(agent.call(leaving).await.error(), AppError::NotFound);
}

async fn staff_on_a_one_time_password_get_no_live_stream(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let group = admin.call(ListStaffAccounts { before: None }).await.good().skill_groups[0]
        .code
        .clone();
    let issued = admin
        .call(CreateStaffAccount {
            form: StaffForm {
                fields: StaffFields {
                    username: "agent.otp".into(),
                    display_name: "新同事".into(),
                    capacity: "5".into(),
                    claim_limit: String::new(),
                },
                role: Role::Agent,
                skill_groups: vec![group],
            },
        })
        .await
        .good();
    let newcomer = app.signed_in("agent.otp", &issued.one_time_password).await;
    let cookie = newcomer.cookie.clone().unwrap();
    let refused = reqwest::Client::new()
        .get(format!("{}{LIVE_PATH}", app.base))
        .header(reqwest::header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "password_change_required");
    newcomer
        .call(ChangePassword {
            current_password: issued.one_time_password.clone(),
            new_password: "a-fresh-pass-42".into(),
        })
        .await
        .good();
    let newcomer = app.signed_in("agent.otp", "a-fresh-pass-42").await;
    LiveStream::of(&newcomer).await;
}

async fn a_merge_keeps_every_per_customer_limit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let agent = app.as_agent().await;
    let kept = app.new_customer(CustomerSpec::default()).await;
    let duplicate = app.new_customer(CustomerSpec::default()).await;
    let tag = |customer_no: &str, tag: String| TagCustomer {
        customer_no: customer_no.into(),
        tag,
        remove: false,
    };
    for n in 0..8 {
        agent
            .call(tag(kept.customer_no.as_str(), format!("老客户{n}")))
            .await
            .good();
    }
    // The duplicate has 12, two of them the kept record's too.
    for n in 6..18 {
        agent
            .call(tag(duplicate.customer_no.as_str(), format!("老客户{n}")))
            .await
            .good();
    }
    // An upload the duplicate never attached.
    let duplicate_user = duplicate.sign_in(&app).await;
    duplicate_user.upload("claim", "photo.jpg", jpeg(2_000)).await.good();

    let merged = admin
        .call(MergeMembers {
            duplicate_no: duplicate.customer_no.as_str().to_string(),
            kept_no: kept.customer_no.as_str().to_string(),
            reason: "同一人重复注册，核实后合并".into(),
        })
        .await
        .good();
    // The tags staff see on the kept record's profile.
    let kept_tags = agent
        .call(GetCustomer {
            customer_no: kept.customer_no.as_str().to_string(),
        })
        .await
        .good()
        .tags;
    assert_eq!(
        kept_tags.len() as i64,
        MAX_TAGS,
        "at most the limit after a merge: {kept_tags:?}"
    );
    let over = merged
        .moved
        .iter()
        .find(|m| m.what == "customer_tags_over_limit")
        .unwrap();
    assert_eq!(
        over.count, 6,
        "8 kept + 10 new would be 18: the duplicate's 6 oldest stay out"
    );
    // The kept record's own tags all stayed, and the limit still holds for new ones.
    assert!(
        ["老客户0", "老客户1"]
            .iter()
            .all(|own| kept_tags.iter().any(|t| t == own)),
        "{kept_tags:?}"
    );
    agent
        .call(tag(kept.customer_no.as_str(), "新标签".into()))
        .await
        .conflict("too_many_tags");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM documents WHERE customer_id IN ({}, {}) AND attached_to IS NULL",
            kept.customer_id, duplicate.customer_id
        ))
        .await,
        0,
        "nothing waits to be attached by a record that can no longer sign in"
    );
}

/// A connection from `from` (a loopback address) that sends `bytes` and then waits.
async fn connect_from(app: &TestApp, from: &str, bytes: &[u8]) -> tokio::net::TcpStream {
    let server: std::net::SocketAddr = app.base.trim_start_matches("http://").parse().unwrap();
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    let mut stream = socket.connect(server).await.unwrap();
    // A connection the server refuses may be closed before this is written.
    let _ = stream.write_all(bytes).await;
    stream
}

/// Whether the server closed the connection (or answered and closed) within `wait`.
async fn closed_within(stream: &mut tokio::net::TcpStream, wait: Duration) -> bool {
    let mut buffer = [0u8; 512];
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue, // an answer before the close
            Err(_) => return false,
        }
    }
}

async fn slow_clients_are_cut_off_and_one_address_holds_a_share_of_connections(backend: Backend) {
    let app = TestApp::spawn_with(
        backend,
        &[
            ("APP_HEADER_TIMEOUT_SECS", "2"),
            ("APP_MAX_CONNECTIONS_PER_ADDRESS", "40"),
        ],
    )
    .await;
    // Half a request header each, from one address, more than it may hold.
    let mut slow = Vec::new();
    for _ in 0..60 {
        slow.push(connect_from(&app, "127.0.0.2", b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: 1").await);
    }
    // Everyone else is answered meanwhile.
    let started = std::time::Instant::now();
    let (status, _, _) = app.anonymous().get("/health/live").await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() < Duration::from_secs(3));
    // Beyond the address's share, connections are closed at once.
    let mut beyond = 0;
    for stream in slow.iter_mut().skip(40) {
        if closed_within(stream, Duration::from_millis(500)).await {
            beyond += 1;
        }
    }
    assert_eq!(beyond, 20);
    // The rest are cut off when the header deadline passes.
    let results = join_all(
        slow.iter_mut()
            .take(40)
            .map(|s| closed_within(s, Duration::from_secs(6))),
    )
    .await;
    assert!(results.iter().all(|closed| *closed), "every slow connection was closed");
    // A kept-alive connection left idle is closed by the same deadline; one that keeps
    // asking is served.
    let mut idle = connect_from(&app, "127.0.0.2", b"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert!(closed_within(&mut idle, Duration::from_secs(6)).await);
    let (status, _, _) = app.anonymous().get("/health/live").await;
    assert_eq!(status, StatusCode::OK);
}

async fn uploads_waiting_to_be_attached_are_capped(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer = fixture.sign_in(&app).await;
    // Ten more than the cap, all at once: exactly the cap is kept.
    let total = MAX_PENDING_UPLOADS as usize + 10;
    let photos: Vec<Vec<u8>> = (0..total).map(|n| jpeg(1_000 + n)).collect();
    let answers = join_all(
        photos
            .into_iter()
            .map(|bytes| customer.upload("claim", "photo.jpg", bytes)),
    )
    .await;
    let kept = answers.iter().filter(|a| a.status == StatusCode::OK).count();
    assert_eq!(kept, MAX_PENDING_UPLOADS as usize);
    for refused in answers.into_iter().filter(|a| a.status != StatusCode::OK) {
        refused.conflict("too_many_pending_uploads");
    }
    let pending = format!(
        "SELECT COUNT(*) FROM documents WHERE customer_id = {} AND attached_to IS NULL",
        fixture.customer_id
    );
    assert_eq!(app.count(&pending).await, MAX_PENDING_UPLOADS);
    // Sent with a form, they make room; but an hour holds a bounded number of uploads.
    app.execute(&format!(
        "UPDATE documents SET attached_to = 1 WHERE customer_id = {}",
        fixture.customer_id
    ))
    .await;
    let mut hour = MAX_PENDING_UPLOADS;
    while hour < app::backend::customers::documents::MAX_UPLOADS_PER_HOUR {
        customer
            .upload("claim", "photo.jpg", jpeg(3_000 + hour as usize))
            .await
            .good();
        hour += 1;
    }
    app.execute(&format!(
        "UPDATE documents SET attached_to = 1 WHERE customer_id = {}",
        fixture.customer_id
    ))
    .await;
    let error = customer.upload("claim", "photo.jpg", jpeg(9_000)).await.error();
    assert!(matches!(error, AppError::TooManyAttempts { .. }), "{error:?}");
}

async fn a_request_key_sent_again_with_other_details_is_refused_for_points_adjustments(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let member = app.new_customer(CustomerSpec::default()).await;
    let other = app.new_customer(CustomerSpec::default()).await;
    let key = request_key();
    let adjust = |customer_no: &str, delta: &str, key: &str| AdjustMemberPoints {
        customer_no: customer_no.into(),
        delta: delta.into(),
        reason: "客服节活动补发积分".into(),
        request_key: key.into(),
    };
    let first = admin
        .call(adjust(member.customer_no.as_str(), "100", &key))
        .await
        .good();
    // The same again (a retry) changes nothing.
    let retried = admin
        .call(adjust(member.customer_no.as_str(), "100", &key))
        .await
        .good();
    assert_eq!(retried.points_balance, first.points_balance);
    // Other details under the same key are another request: refused.
    admin
        .call(adjust(member.customer_no.as_str(), "500", &key))
        .await
        .conflict("request_key_reused");
    admin
        .call(adjust(other.customer_no.as_str(), "100", &key))
        .await
        .conflict("request_key_reused");
    // Two members at once with one fresh key: one adjustment in all.
    let key = request_key();
    let answers = join_all([
        admin.call(adjust(member.customer_no.as_str(), "7", &key)),
        admin.call(adjust(other.customer_no.as_str(), "7", &key)),
    ])
    .await;
    assert_eq!(answers.iter().filter(|a| a.status == StatusCode::OK).count(), 1);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM points_ledger WHERE reason = 'adjust' AND event_key = 'adjust:{key}'"
        ))
        .await,
        1
    );
}

async fn bodies_over_the_limit_get_413_and_errors_speak_the_apis_words(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let cookie = customer.cookie.clone().unwrap();
    // A body with no declared length (chunked) that runs over the limit.
    let chunks = futures::stream::iter((0..80).map(|_| Ok::<_, std::io::Error>(vec![b'a'; 1024])));
    let answer = app
        .client
        .post(format!("{}/api/work_orders/open", app.base))
        .header(reqwest::header::COOKIE, &cookie)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        // The server closes a connection whose body it stopped reading; not pooled, so the
        // next request does not race that close.
        .header(reqwest::header::CONNECTION, "close")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(body["kind"], "payload_too_large");
    // The same through the upload, over its per-file limit.
    let app_small = TestApp::spawn_with(backend, &[("APP_UPLOAD_MAX_FILE_BYTES", "20000")]).await;
    let customer = app_small
        .new_customer(CustomerSpec::default())
        .await
        .sign_in(&app_small)
        .await;
    let boundary = "x-boundary";
    let mut head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nclaim\r\n--{boundary}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    head.extend(jpeg(2_000));
    let parts: Vec<Result<Vec<u8>, std::io::Error>> = std::iter::once(Ok(head))
        .chain((0..200).map(|_| Ok(vec![0u8; 1024])))
        .collect();
    let answer = app_small
        .client
        .post(format!("{}/api/documents/upload", app_small.base))
        .header(reqwest::header::COOKIE, customer.cookie.clone().unwrap())
        .header(
            reqwest::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(reqwest::header::CONNECTION, "close")
        .body(reqwest::Body::wrap_stream(futures::stream::iter(parts)))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // Arguments that do not decode: told in the API's words, not the decoder's.
    let missing = customer.call_raw("claims/get_mine", &[]).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST, "{}", missing.body);
    assert_eq!(missing.body["message"], "Missing argument `claim_no`");
    let mistyped = app
        .call(
            "console/decide_contact_change",
            &[("change_id", "one"), ("approve", "yes")],
            Some(&app.sign_in("supervisor", DEMO_PASSWORD).await),
        )
        .await;
    assert_eq!(mistyped.status, StatusCode::BAD_REQUEST, "{}", mistyped.body);
    let message = mistyped.body["message"].as_str().unwrap();
    for decoder_words in ["i64", "invalid digit", "line ", "column", "bool"] {
        assert!(!message.contains(decoder_words), "{message}");
    }
}
