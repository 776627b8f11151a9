//! The telephony system's call reports (`POST /cti/calls`): signed with the shared secret,
//! fresh, popped up once in the agent's console with who is calling.

use reqwest::StatusCode;

use app::api::console::work_orders::MyAlerts;
use app::backend::messaging::delivery::{sign_sms_request, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use app::backend::now_ms;
use app::domain::StaffAlertKind;

use crate::fixtures::CustomerSpec;
use crate::harness::*;
use crate::on_both;

on_both!(
    a_signed_call_report_pops_up_the_caller_in_the_agents_console_once,
    unsigned_stale_or_forged_reports_are_refused_and_change_nothing,
);

const SECRET: &str = "cti-test-secret-0123456789";

async fn report(app: &TestApp, body: &str, secret: &str, timestamp: i64) -> (StatusCode, String) {
    let response = app
        .client
        .post(format!("{}/cti/calls", app.base))
        .header("content-type", "application/json")
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(SIGNATURE_HEADER, sign_sms_request(secret.as_bytes(), timestamp, body))
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

fn now_secs() -> i64 {
    now_ms() / 1000
}

async fn a_signed_call_report_pops_up_the_caller_in_the_agents_console_once(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("APP_CTI_SECRET", SECRET)]).await;
    let caller = app
        .new_customer(CustomerSpec {
            name: Some("林书桐"),
            ..CustomerSpec::default()
        })
        .await;
    let body = format!(r#"{{"call_id":"c-1001","agent":"agent","caller":"{}"}}"#, caller.phone);
    let (status, text) = report(&app, &body, SECRET, now_secs()).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let answer: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(answer["new"], true);
    assert!(answer["customer_no"].as_str().is_some_and(|n| n.starts_with('C')));

    let agent = app.as_agent().await;
    let alerts = agent.call(MyAlerts {}).await.good();
    let call = alerts
        .items
        .iter()
        .find(|a| a.kind == StaffAlertKind::IncomingCall)
        .expect("the call pops up");
    let phone = &caller.phone;
    assert_eq!(
        call.subject,
        format!("{} {}****{}", caller.name, &phone[..3], &phone[7..])
    );
    let customer_no = answer["customer_no"].as_str().unwrap();
    assert_eq!(
        call.link.as_deref(),
        Some(format!("/console/customers/{customer_no}").as_str())
    );

    // Reported again (a retry, or someone replaying it): once is all.
    let (status, text) = report(&app, &body, SECRET, now_secs()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains(r#""new":false"#), "{text}");
    let calls = |alerts: &app::model::work_orders::StaffAlerts| {
        alerts
            .items
            .iter()
            .filter(|a| a.kind == StaffAlertKind::IncomingCall)
            .count()
    };
    assert_eq!(calls(&agent.call(MyAlerts {}).await.good()), 1);

    // A caller nobody has on record: a search by the number.
    let body = r#"{"call_id":"c-1002","agent":"agent","caller":"137 0000 1111"}"#;
    let (status, text) = report(&app, body, SECRET, now_secs()).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(text.contains(r#""customer_no":null"#), "{text}");
    let alerts = agent.call(MyAlerts {}).await.good();
    let unknown = alerts
        .items
        .iter()
        .find(|a| a.subject == "137****1111")
        .expect("popped up");
    assert_eq!(unknown.link.as_deref(), Some("/console/customers?q=13700001111"));

    // Another agent sees none of it.
    let others = app.as_supervisor().await.call(MyAlerts {}).await.good();
    assert_eq!(calls(&others), 0);
}

async fn unsigned_stale_or_forged_reports_are_refused_and_change_nothing(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("APP_CTI_SECRET", SECRET)]).await;
    let caller = app.new_customer(CustomerSpec::default()).await.phone;
    let body = format!(r#"{{"call_id":"c-2001","agent":"agent","caller":"{caller}"}}"#);
    let alerts = "SELECT COUNT(*) FROM staff_alerts WHERE kind = 'incoming_call'";
    for (secret, at) in [
        ("another-secret-0123456789", now_secs()),
        (SECRET, now_secs() - 360),
        (SECRET, now_secs() + 360),
    ] {
        let (status, _) = report(&app, &body, secret, at).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let unsigned = app
        .client
        .post(format!("{}/cti/calls", app.base))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    // Signed but not a report, an unknown agent, a number that is not one.
    let (status, _) = report(&app, "not json", SECRET, now_secs()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = report(
        &app,
        &format!(r#"{{"call_id":"c-2","agent":"nobody","caller":"{caller}"}}"#),
        SECRET,
        now_secs(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = report(
        &app,
        r#"{"call_id":"c-3","agent":"agent","caller":"12"}"#,
        SECRET,
        now_secs(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let big = format!(
        r#"{{"call_id":"c-4","agent":"agent","caller":"{caller}","pad":"{}"}}"#,
        "x".repeat(5000)
    );
    let (status, _) = report(&app, &big, SECRET, now_secs()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count(alerts).await, 0);

    // Without a configured secret the route is not there.
    let plain = TestApp::spawn(backend).await;
    let (status, _) = report(&plain, &body, SECRET, now_secs()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
