//! The inbox (消息中心), channel preferences, announcements, the portal home, and the outbox
//! that carries SMS and e-mail out exactly once.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use server::startup::Application;

use crate::claims::{claim_form, claimable};
use crate::harness::{self, *};
use crate::on_both;

on_both!(
    customer_reads_the_inbox_and_marks_messages_read,
    channel_preferences_are_saved_and_decide_the_channels,
    announcements_are_public_newest_first,
    portal_home_gathers_what_needs_attention,
    outbox_message_is_sent_once_by_whichever_server_sends,
    sms_text_is_written_out_for_the_customer,
);

async fn inbox(app: &TestApp, cookie: &str) -> Value {
    let answer = app.call("inbox/mine", &[], Some(cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body
}

async fn mark_read(app: &TestApp, id: Option<i64>, cookie: &str) -> Answer {
    let id = id.map(|id| id.to_string());
    let args: Vec<(&str, &str)> = id.iter().map(|id| ("id", id.as_str())).collect();
    app.call("inbox/mark_read", &args, Some(cookie)).await
}

async fn report_a_claim(app: &TestApp, cookie: &str) -> String {
    let (health, _) = claimable(app, cookie).await;
    let answer = app
        .call_json("claims/report", &claim_form(&health, "2500", &[]), Some(cookie))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["summary"]["claim_no"].as_str().unwrap().to_string()
}

async fn customer_reads_the_inbox_and_marks_messages_read(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let first = inbox(&app, &cookie).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 4, "{first}");
    assert_eq!(first["unread"], 2);
    assert_eq!(first["items"][0]["kind"], "claim_stage");
    assert_eq!(first["items"][0]["read"], false);
    assert!(first["items"][0]["params"]
        .as_array()
        .unwrap()
        .contains(&json!(["claim_no", "CL2026900003"])));

    // Signing in this month adds a message: three unread, newest first.
    assert_eq!(app.call("points/check_in", &[], Some(&cookie)).await.body, 10);
    let now = inbox(&app, &cookie).await;
    let items = now["items"].as_array().unwrap();
    assert_eq!(now["unread"], 3);
    assert_eq!(items.len(), 5);
    assert_eq!(items[0]["kind"], "points_earned");
    let ats: Vec<i64> = items.iter().map(|i| i["at"].as_i64().unwrap()).collect();
    assert!(ats.windows(2).all(|w| w[0] >= w[1]), "{ats:?}");
    assert_eq!(app.call("inbox/unread_count", &[], Some(&cookie)).await.body, 3);

    let id = items[0]["id"].as_i64().unwrap();
    let answer = mark_read(&app, Some(id), &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body, 2);
    let after = inbox(&app, &cookie).await;
    assert_eq!(after["unread"], 2);
    assert_eq!(after["items"][0]["read"], true);
    // Marking it again changes nothing.
    assert_eq!(mark_read(&app, Some(id), &cookie).await.body, 2);

    // Someone else's message is not found, and stays unread for them.
    let other = app.other_customer().await;
    assert_eq!(app.call("points/check_in", &[], Some(&other)).await.body, 10);
    let theirs = inbox(&app, &other).await;
    assert_eq!(theirs["unread"], 1);
    let their_id = theirs["items"][0]["id"].as_i64().unwrap();
    let answer = mark_read(&app, Some(their_id), &cookie).await;
    assert_eq!(
        (answer.status, answer.body),
        (StatusCode::NOT_FOUND, json!({"kind": "not_found"}))
    );
    assert_eq!(inbox(&app, &other).await["unread"], 1);
    let answer = mark_read(&app, Some(999_999), &cookie).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);

    // All at once.
    let answer = mark_read(&app, None, &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body, 0);
    let all = inbox(&app, &cookie).await;
    assert_eq!(all["unread"], 0);
    assert!(all["items"].as_array().unwrap().iter().all(|i| i["read"] == true));
    assert_eq!(inbox(&app, &other).await["unread"], 1, "only the caller's messages");

    let answer = app.call("inbox/mine", &[], None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

async fn channel_preferences_are_saved_and_decide_the_channels(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("APP_OUTBOX_POLL_MS", "0")]).await;
    let cookie = app.customer().await;
    let answer = app.call("inbox/preferences", &[], Some(&cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(
        answer.body,
        json!({"in_app": true, "sms": true, "email": false}),
        "in-app and SMS until the customer chooses"
    );

    let answer = app
        .call(
            "inbox/save_preferences",
            &[("in_app", "false"), ("sms", "false"), ("email", "true")],
            Some(&cookie),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body, json!({"in_app": false, "sms": false, "email": true}));
    let answer = app.call("inbox/preferences", &[], Some(&cookie)).await;
    assert_eq!(answer.body, json!({"in_app": false, "sms": false, "email": true}));
    // Another customer's choices are their own.
    let other = app.other_customer().await;
    let answer = app.call("inbox/preferences", &[], Some(&other)).await;
    assert_eq!(answer.body, json!({"in_app": true, "sms": true, "email": false}));

    // The next notice goes by e-mail only.
    let notifications = app.count("SELECT COUNT(*) FROM notifications").await;
    report_a_claim(&app, &cookie).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications").await, notifications);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE channel = 'sms'").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND recipient = 'demo@example.com'")
            .await,
        1
    );

    // Saved again: changed, not duplicated.
    let answer = app
        .call(
            "inbox/save_preferences",
            &[("in_app", "true"), ("sms", "true"), ("email", "false")],
            Some(&cookie),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(
        app.call("inbox/preferences", &[], Some(&cookie)).await.body,
        json!({"in_app": true, "sms": true, "email": false})
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM notification_preferences").await, 1);

    let answer = app
        .call(
            "inbox/save_preferences",
            &[("in_app", "true"), ("sms", "true"), ("email", "false")],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

async fn announcements_are_public_newest_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let answer = app.call("inbox/announcements", &[], None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let items = answer.body.as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["title_en"], "Fast-track payment for small claims");
    assert_eq!(items[0]["title_zh"], "小额理赔极速赔付上线");
    let published: Vec<i64> = items.iter().map(|i| i["published_at"].as_i64().unwrap()).collect();
    assert!(published.windows(2).all(|w| w[0] > w[1]), "{published:?}");

    // Not yet published and already expired ones are not shown.
    let now = chrono::Utc::now().timestamp_millis();
    app.execute(&format!(
        "INSERT INTO announcements (title_zh, title_en, body_zh, body_en, published_at, expires_at, created_at, updated_at) \
         VALUES ('明天', 'Tomorrow', '明天', 'Tomorrow', {}, NULL, {now}, {now})",
        now + 86_400_000
    ))
    .await;
    app.execute(&format!(
        "INSERT INTO announcements (title_zh, title_en, body_zh, body_en, published_at, expires_at, created_at, updated_at) \
         VALUES ('过期', 'Expired', '过期', 'Expired', {}, {}, {now}, {now})",
        now - 86_400_000,
        now - 1000
    ))
    .await;
    let answer = app.call("inbox/announcements", &[], None).await;
    assert_eq!(answer.body.as_array().unwrap().len(), 3, "{}", answer.body);
}

async fn portal_home_gathers_what_needs_attention(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let answer = app.call("inbox/home", &[], Some(&cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let home = answer.body;
    let open = home["open_claims"].as_array().unwrap();
    assert_eq!(open.len(), 7, "the demo claims not closed");
    assert!(open.iter().all(|c| c["stage"] != "closed"));
    assert_eq!(home["points_balance"], 490);
    assert_eq!(home["unread_notifications"], 2);
    assert_eq!(home["unread_replies"], 1, "the demo request with an answer");
    assert_eq!(home["announcements"].as_array().unwrap().len(), 3);
    assert_eq!(
        home["announcements"][0]["title_en"],
        "Fast-track payment for small claims"
    );

    // A new claim shows up there at once; closing one takes it off.
    let claim_no = report_a_claim(&app, &cookie).await;
    let agent = app.agent().await;
    let closed = app
        .call(
            "console/advance_claim",
            &[("claim_no", "CL2026900007"), ("outcome", "paid")],
            Some(&agent),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    let home = app.call("inbox/home", &[], Some(&cookie)).await.body;
    let open: Vec<&str> = home["open_claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["claim_no"].as_str().unwrap())
        .collect();
    assert_eq!(open.len(), 7, "{open:?}");
    assert_eq!(open[0], claim_no);
    assert!(!open.contains(&"CL2026900007"));
    assert_eq!(home["unread_notifications"], 4, "the report and the stage change");

    // Someone with nothing going on.
    let other = app.other_customer().await;
    let theirs = app.call("inbox/home", &[], Some(&other)).await.body;
    assert_eq!(theirs["open_claims"], json!([]));
    assert_eq!(theirs["points_balance"], 0);
    assert_eq!(theirs["announcements"].as_array().unwrap().len(), 3);

    assert_eq!(app.call("inbox/home", &[], None).await.status, StatusCode::UNAUTHORIZED);
}

fn log_lines_with_id(path: &std::path::Path, id: i64) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).expect("each line is JSON"))
        .filter(|line| line["id"] == id)
        .collect()
}

async fn outbox_message_is_sent_once_by_whichever_server_sends(backend: Backend) {
    // This server only writes messages; it sends none.
    let app = TestApp::spawn_with(backend, &[("APP_OUTBOX_POLL_MS", "0")]).await;
    let cookie = app.customer().await;
    let claim_no = report_a_claim(&app, &cookie).await;
    let outbox_id = app
        .count("SELECT MAX(id) FROM outbox WHERE channel = 'sms' AND recipient = '13800138000'")
        .await;
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 1);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM outbox WHERE id = {outbox_id} AND status = 'pending'"
        ))
        .await,
        1,
        "nobody sends it yet"
    );
    let log = app.database.data_dir.join("sent-messages.log");
    assert!(!log.exists());

    // A second server on the same database sends it.
    let log_text = log.display().to_string();
    let extra = [("APP_OUTBOX_POLL_MS", "100"), ("APP_OUTBOX_LOG", log_text.as_str())];
    let second = Application::build(harness::config(&app.database, &extra))
        .await
        .expect("a second server builds on the same database");
    let sent_sql = format!("SELECT COUNT(*) FROM outbox WHERE id = {outbox_id} AND status = 'sent'");
    let mut waited = Duration::ZERO;
    while app.count(&sent_sql).await == 0 || log_lines_with_id(&log, outbox_id).is_empty() {
        assert!(
            waited < Duration::from_secs(10),
            "the outbox row was not sent within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += Duration::from_millis(100);
    }
    let lines = log_lines_with_id(&log, outbox_id);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["channel"], "sms");
    assert_eq!(lines[0]["to"], DEMO_CUSTOMER_PHONE);
    assert!(
        lines[0]["body"].as_str().unwrap().starts_with("【安心保险】"),
        "{}",
        lines[0]
    );
    assert_eq!(
        app.count(&format!("SELECT attempts FROM outbox WHERE id = {outbox_id}"))
            .await,
        1
    );

    // A third server (a restart, say) does not send it again.
    let third = Application::build(harness::config(&app.database, &extra))
        .await
        .expect("a third server builds");
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(log_lines_with_id(&log, outbox_id).len(), 1);
    let all_lines = std::fs::read_to_string(&log).unwrap().lines().count();
    assert_eq!(all_lines, 1, "nothing else was sent");

    // A message written now is sent once too, by one of the two senders.
    let answer = app
        .call(
            "console/advance_claim",
            &[("claim_no", claim_no.as_str())],
            Some(&app.agent().await),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let next_id = app.count("SELECT MAX(id) FROM outbox").await;
    assert!(next_id > outbox_id);
    let sent_sql = format!("SELECT COUNT(*) FROM outbox WHERE id = {next_id} AND status = 'sent'");
    let mut waited = Duration::ZERO;
    while app.count(&sent_sql).await == 0 {
        assert!(
            waited < Duration::from_secs(10),
            "the second message was not sent within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += Duration::from_millis(100);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(log_lines_with_id(&log, next_id).len(), 1);
    assert_eq!(log_lines_with_id(&log, outbox_id).len(), 1);
    drop((second, third));
}

/// What leaves by SMS is the customer's text in Chinese, naming the claim, not the
/// translation keys it is made from.
async fn sms_text_is_written_out_for_the_customer(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("APP_OUTBOX_POLL_MS", "0")]).await;
    let cookie = app.customer().await;
    let claim_no = report_a_claim(&app, &cookie).await;
    let (body,): (String,) = sqlx::query_as("SELECT body FROM outbox WHERE channel = 'sms'")
        .fetch_one(&app.app_state.db.pool)
        .await
        .unwrap();
    assert!(body.starts_with("【安心保险】"), "{body}");
    assert!(body.contains(&claim_no), "the SMS names the claim: {body}");
    assert!(
        !body.contains("notification_kind."),
        "untranslated keys in the SMS: {body}"
    );
}
