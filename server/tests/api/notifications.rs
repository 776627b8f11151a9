//! Notifications (通知中心), channel preferences, announcements, the portal home, and the outbox
//! that carries SMS and e-mail out exactly once.

use std::time::Duration;

use serde_json::Value;

use app::api::portal::claims::ClaimOptions;
use app::api::portal::home::PortalHome;
use app::api::portal::notifications::{
    MarkNotificationsRead, MyNotifications, NotificationPreferences, SaveNotificationPreferences, UnreadCount,
};
use app::api::portal::points::CheckIn;
use app::api::public::announcements::ListAnnouncements;
use app::domain::{ClaimStage, NotificationKind};
use app::error::AppError;
use app::model::notifications::ChannelPreferences;
use server::startup::Application;

use crate::claims::{claim_form, report};
use crate::client::{Reply, User};
use crate::fixtures::{approved_claim, work_order_awaiting_customer, CustomerFixture, CustomerSpec};
use crate::harness::{self, *};
use crate::on_both;

on_both!(
    customer_reads_notifications_and_marks_them_read,
    channel_preferences_are_saved_and_decide_the_channels,
    announcements_are_public_newest_first,
    portal_home_gathers_what_needs_attention,
    outbox_message_is_sent_once_by_whichever_server_sends,
    sms_text_is_written_out_for_the_customer,
);

/// Until the customer chooses: in-app and SMS.
const DEFAULT_CHANNELS: ChannelPreferences = ChannelPreferences {
    in_app: true,
    sms: true,
    email: false,
};

async fn mark_read(customer: &User<'_>, id: Option<i64>) -> Reply<i64> {
    customer.call(MarkNotificationsRead { id }).await
}

fn save(preferences: ChannelPreferences) -> SaveNotificationPreferences {
    let ChannelPreferences { in_app, sms, email } = preferences;
    SaveNotificationPreferences { in_app, sms, email }
}

async fn fresh_customer(app: &TestApp) -> User<'_> {
    app.new_customer(CustomerSpec::default()).await.sign_in(app).await
}

/// A fresh customer who has reported a claim before, with SMS off at the time: nothing was
/// sent about it, nor about the points a first claim earns, and their next claim earns none.
async fn customer_who_has_claimed_before(app: &TestApp) -> (CustomerFixture, User<'_>) {
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer = fixture.sign_in(app).await;
    let in_app_only = ChannelPreferences {
        in_app: true,
        sms: false,
        email: false,
    };
    customer.call(save(in_app_only)).await.good();
    report_a_claim(&customer).await;
    customer.call(save(DEFAULT_CHANNELS)).await.good();
    (fixture, customer)
}

/// Reports a claim over the fast-track limit on the caller's policy with fast track (so it
/// waits for staff) and gives its number.
async fn report_a_claim(customer: &User<'_>) -> String {
    let policy = customer
        .call(ClaimOptions {})
        .await
        .good()
        .into_iter()
        .find(|p| p.fast_track_limit.is_some())
        .expect("a policy with fast track");
    report(customer, &claim_form(&policy, "2500", &[]))
        .await
        .good()
        .summary
        .claim_no
}

async fn customer_reads_notifications_and_marks_them_read(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer told of their first claim (and the points it earned), then of the step
    // staff moved it on.
    let customer = fresh_customer(&app).await;
    let claim_no = report_a_claim(&customer).await;
    app.as_claims_agent()
        .await
        .call(crate::claims::advance(&claim_no, None))
        .await
        .good();
    let first = customer.call(MyNotifications { before: None }).await.good();
    assert_eq!(first.items.len(), 3, "{first:?}");
    assert_eq!(first.unread, 3);
    assert_eq!(first.items[0].kind, NotificationKind::ClaimStage);
    assert!(!first.items[0].read);
    assert!(first.items[0]
        .params
        .contains(&("claim_no".to_string(), claim_no.clone())));

    // Signing in this month adds a notification: four unread, newest first.
    assert_eq!(customer.call(CheckIn {}).await.good(), 10);
    let now = customer.call(MyNotifications { before: None }).await.good();
    let items = &now.items;
    assert_eq!(now.unread, 4);
    assert_eq!(items.len(), 4);
    assert_eq!(items[0].kind, NotificationKind::PointsEarned);
    let ats: Vec<i64> = items.iter().map(|i| i.at).collect();
    assert!(ats.windows(2).all(|w| w[0] >= w[1]), "{ats:?}");
    assert_eq!(customer.call(UnreadCount {}).await.good(), 4);

    let id = items[0].id;
    assert_eq!(mark_read(&customer, Some(id)).await.good(), 3);
    let after = customer.call(MyNotifications { before: None }).await.good();
    assert_eq!(after.unread, 3);
    assert!(after.items[0].read);
    assert!(after.items[1..].iter().all(|i| !i.read), "only that one: {after:?}");
    // Marking it again changes nothing.
    assert_eq!(mark_read(&customer, Some(id)).await.good(), 3);

    // Someone else's notification is not found, and stays unread for them.
    let other = fresh_customer(&app).await;
    assert_eq!(other.call(CheckIn {}).await.good(), 10);
    let theirs = other.call(MyNotifications { before: None }).await.good();
    assert_eq!(theirs.unread, 1);
    let their_id = theirs.items[0].id;
    assert_eq!(mark_read(&customer, Some(their_id)).await.error(), AppError::NotFound);
    assert_eq!(other.call(MyNotifications { before: None }).await.good().unread, 1);
    assert_eq!(mark_read(&customer, Some(999_999)).await.error(), AppError::NotFound);

    // All at once.
    assert_eq!(mark_read(&customer, None).await.good(), 0);
    let all = customer.call(MyNotifications { before: None }).await.good();
    assert_eq!(all.unread, 0);
    assert!(all.items.iter().all(|i| i.read));
    assert_eq!(
        other.call(MyNotifications { before: None }).await.good().unread,
        1,
        "only the caller's notifications"
    );

    assert_eq!(
        app.anonymous().call(MyNotifications { before: None }).await.error(),
        AppError::Unauthenticated
    );
}

async fn channel_preferences_are_saved_and_decide_the_channels(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("APP_OUTBOX_POLL_MS", "0")]).await;
    // A customer with an e-mail address to send to.
    let fixture = app
        .new_customer(CustomerSpec {
            email: Some("chen.fixture@example.com"),
            ..CustomerSpec::default()
        })
        .await;
    let email = fixture.email.clone().expect("an e-mail address");
    let customer = fixture.sign_in(&app).await;
    assert_eq!(
        customer.call(NotificationPreferences {}).await.good(),
        DEFAULT_CHANNELS,
        "in-app and SMS until the customer chooses"
    );
    // A first claim, told in the app only: the first also earns points (a second notice),
    // so the claim below brings exactly one.
    let in_app_only = ChannelPreferences {
        in_app: true,
        sms: false,
        email: false,
    };
    customer.call(save(in_app_only)).await.good();
    report_a_claim(&customer).await;

    let email_only = ChannelPreferences {
        in_app: false,
        sms: false,
        email: true,
    };
    assert_eq!(customer.call(save(email_only)).await.good(), email_only);
    assert_eq!(customer.call(NotificationPreferences {}).await.good(), email_only);
    // Another customer's choices are their own.
    let other = fresh_customer(&app).await;
    assert_eq!(other.call(NotificationPreferences {}).await.good(), DEFAULT_CHANNELS);

    // The next notification goes by e-mail only: nothing new in the list.
    let notifications = customer.notifications().await.items;
    report_a_claim(&customer).await;
    assert_eq!(customer.notifications().await.items, notifications);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE channel = 'sms'").await, 0);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND recipient = '{email}'"
        ))
        .await,
        1
    );

    // Saved again: changed, not duplicated.
    customer.call(save(DEFAULT_CHANNELS)).await.good();
    assert_eq!(customer.call(NotificationPreferences {}).await.good(), DEFAULT_CHANNELS);
    assert_eq!(app.count("SELECT COUNT(*) FROM notification_preferences").await, 1);

    assert_eq!(
        app.anonymous().call(save(DEFAULT_CHANNELS)).await.error(),
        AppError::Unauthenticated
    );
}

async fn announcements_are_public_newest_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // The demo data's announcements.
    let items = app.anonymous().call(ListAnnouncements {}).await.good();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].title_en, "Fast-track payment for small claims");
    assert_eq!(items[0].title_zh, "小额理赔极速赔付上线");
    let published: Vec<i64> = items.iter().map(|i| i.published_at).collect();
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
    let items = app.anonymous().call(ListAnnouncements {}).await.good();
    assert_eq!(items.len(), 3, "{items:?}");
}

async fn portal_home_gathers_what_needs_attention(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer with claims under way (the latest approved, next to be paid), the points
    // their first claim earned, and a request staff answered.
    let customer = fresh_customer(&app).await;
    for _ in 0..3 {
        report_a_claim(&customer).await;
    }
    let approved = approved_claim(&app, &customer, "450").await;
    work_order_awaiting_customer(&app, &customer).await;
    let unread = customer.notifications().await.unread;
    let home = customer.call(PortalHome {}).await.good();
    let open = &home.open_claims;
    assert_eq!(home.open_claims_total, 4, "the claims not closed");
    assert_eq!(open.len(), 3, "the latest few; the claims page has the rest");
    assert!(open.iter().all(|c| c.stage != ClaimStage::Closed));
    let newest: Vec<i64> = open.iter().map(|c| c.reported_at).collect();
    assert!(newest.windows(2).all(|w| w[0] >= w[1]), "newest first: {newest:?}");
    assert_eq!(open[0].claim_no, approved);
    assert_eq!(home.points_balance, 100, "the first claim's points");
    assert_eq!(
        home.unread_notifications, unread,
        "as the notifications page counts them"
    );
    assert_eq!(home.unread_replies, 1, "the request with an answer");
    assert_eq!(home.announcements.len(), 3);
    assert_eq!(home.announcements[0].title_en, "Fast-track payment for small claims");

    // A new claim shows up there at once; closing one takes it off.
    let claim_no = report_a_claim(&customer).await;
    app.as_claims_agent()
        .await
        .call(crate::claims::advance(&approved, None))
        .await
        .good();
    let home = customer.call(PortalHome {}).await.good();
    let open: Vec<&str> = home.open_claims.iter().map(|c| c.claim_no.as_str()).collect();
    assert_eq!(home.open_claims_total, 4, "{open:?}");
    assert_eq!(open[0], claim_no);
    assert!(!open.contains(&approved.as_str()));
    assert_eq!(home.unread_notifications, unread + 2, "the report and the stage change");

    // Someone with nothing going on.
    let other = fresh_customer(&app).await;
    let theirs = other.call(PortalHome {}).await.good();
    assert!(theirs.open_claims.is_empty(), "{theirs:?}");
    assert_eq!(theirs.points_balance, 0);
    assert_eq!(theirs.announcements.len(), 3);

    assert_eq!(
        app.anonymous().call(PortalHome {}).await.error(),
        AppError::Unauthenticated
    );
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
    // A customer who has claimed before, so their claim makes the one message (a first
    // claim would earn points, and a message about them too).
    let (fixture, customer) = customer_who_has_claimed_before(&app).await;
    let phone = fixture.phone.as_str();
    let claim_no = report_a_claim(&customer).await;
    let outbox_id = app
        .count(&format!(
            "SELECT MAX(id) FROM outbox WHERE channel = 'sms' AND recipient = '{phone}'"
        ))
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
    assert_eq!(lines[0]["to"], phone);
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
    let moved = app
        .as_claims_agent()
        .await
        .call(crate::claims::advance(&claim_no, None))
        .await
        .good();
    assert_eq!(moved.stage, ClaimStage::Dispatched);
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
    // A customer who has claimed before: the claim's SMS is the only one.
    let (_, customer) = customer_who_has_claimed_before(&app).await;
    let claim_no = report_a_claim(&customer).await;
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
