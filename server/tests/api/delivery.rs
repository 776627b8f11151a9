//! SMS, e-mail and files through real outside servers, chosen by configuration: e-mail over
//! SMTP to aiosmtpd, SMS to an HTTP gateway that checks signatures, files in an
//! S3-compatible bucket (moto). See `outside_servers.rs`.

use app::api::public::auth::{Register, SendCode, SignInWithCode};
use app::domain::{CodePurpose, CODE_DIGITS};
use app::model::auth::Me;

use crate::claims::jpeg;
use crate::fixtures::CustomerSpec;
use crate::harness::*;
use crate::on_both;
use crate::outside_servers::{eventually, S3Server, SmsGatewayServer, SmtpServer};

on_both!(
    an_email_code_arrives_over_smtp_and_registers,
    sms_goes_to_the_gateway_signed_and_is_retried_until_it_is_taken,
    a_number_the_gateway_refuses_is_recorded_and_not_retried,
    the_outbox_sends_no_faster_than_the_gateway_accepts,
    uploads_are_kept_in_the_bucket_and_swept_from_it,
);

fn code_in(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|part| part.len() == CODE_DIGITS)
        .unwrap_or_else(|| panic!("a code in {text:?}"))
        .to_string()
}

/// The app with `settings` and a quick outbox, so messages leave within a moment.
async fn app_with(backend: Backend, settings: &[(String, String)]) -> TestApp {
    let mut pairs: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    pairs.extend([("APP_OUTBOX_POLL_MS", "50"), ("APP_OUTBOX_RETRY_MS", "100")]);
    TestApp::spawn_with(backend, &pairs).await
}

async fn outbox_row(app: &TestApp, recipient: &str) -> (String, i64, Option<String>) {
    sqlx::query_as("SELECT status, attempts, last_error FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1")
        .bind(recipient)
        .fetch_one(&app.app_state.db.pool)
        .await
        .unwrap()
}

async fn an_email_code_arrives_over_smtp_and_registers(backend: Backend) {
    let smtp = SmtpServer::start(&std::env::temp_dir()).await;
    let app = app_with(backend, &[("APP_SMTP_URL".into(), smtp.url())]).await;
    let anyone = app.anonymous();
    let address = "lin.xiaoyu@example.com";
    anyone
        .call(SendCode {
            purpose: CodePurpose::Register.as_str().into(),
            contact: address.into(),
        })
        .await
        .good();

    let mails = smtp.mail_to(address).await;
    assert_eq!(mails.len(), 1, "one e-mail: {mails:?}");
    let mail = &mails[0];
    assert_eq!(mail.subject, "安心保险验证码");
    assert_eq!(mail.from, "no-reply@anxin.example");
    assert!(
        mail.message_id.starts_with("outbox-"),
        "a stable Message-ID: {}",
        mail.message_id
    );
    assert!(mail.body.contains("您正在注册安心保险"), "{}", mail.body);
    // Nothing went to the log file instead.
    assert!(!app.database.data_dir.join("outbox.log").exists());

    let me = anyone
        .call(Register {
            name: "林晓雨".into(),
            contact: address.into(),
            password: "new-pass-2026".into(),
            code: code_in(&mail.body),
        })
        .await
        .good();
    assert!(matches!(me, Me::Customer { .. }));
    assert_eq!(outbox_row(&app, address).await.0, "sent");
}

async fn sms_goes_to_the_gateway_signed_and_is_retried_until_it_is_taken(backend: Backend) {
    let gateway = SmsGatewayServer::start().await;
    let app = app_with(backend, &gateway.settings()).await;
    let customer = app.new_customer(CustomerSpec::default()).await;
    let phone = customer.phone.as_str();
    // The gateway is busy twice, then takes the message.
    gateway.answer_next(phone, &[503, 429]);
    let anyone = app.anonymous();
    anyone
        .call(SendCode {
            purpose: CodePurpose::SignIn.as_str().into(),
            contact: phone.into(),
        })
        .await
        .good();

    let delivered = eventually(15, "the SMS to be taken", async || {
        let delivered = gateway.delivered_to(phone);
        (!delivered.is_empty()).then_some(delivered)
    })
    .await;
    let requests = gateway.requests_to(phone);
    assert_eq!(
        requests.iter().map(|r| r.answered).collect::<Vec<_>>(),
        [503, 429, 200],
        "tried again after each temporary failure"
    );
    assert!(requests.iter().all(|r| r.signed), "every request is signed");
    assert!(
        requests.iter().all(|r| r.message_id == requests[0].message_id),
        "the same message id each time, so the gateway can drop a repeat"
    );
    assert_eq!(delivered.len(), 1);
    // The gateway has answered; the outbox row says so once the sender has written it.
    let (status, attempts, _) = eventually(5, "the outbox row to say sent", async || {
        let row = outbox_row(&app, phone).await;
        (row.0 != "pending").then_some(row)
    })
    .await;
    assert_eq!((status.as_str(), attempts), ("sent", 3));

    // The code that came by SMS signs the customer in.
    let signed_in = anyone
        .call(SignInWithCode {
            contact: phone.into(),
            code: code_in(&delivered[0].text),
        })
        .await;
    assert!(signed_in.session_cookie().is_some());
    assert!(matches!(signed_in.good(), Me::Customer { .. }));
}

async fn the_outbox_sends_no_faster_than_the_gateway_accepts(backend: Backend) {
    let gateway = SmsGatewayServer::start().await;
    let mut settings = gateway.settings();
    settings.push(("APP_OUTBOX_PER_SECOND".into(), "5".into()));
    let app = app_with(backend, &settings).await;
    // Twelve messages waiting at once, as an announcement to a segment leaves them.
    let now = app::backend::now_ms();
    for i in 0..12 {
        app.execute(&format!(
            "INSERT INTO outbox (channel, recipient, subject, body, status, attempts, locked_until, created_at, updated_at) \
             VALUES ('sms', '1760000{i:04}', '', '【限速】第{i}条', 'pending', 0, 0, {now}, {now})"
        ))
        .await;
    }
    eventually(20, "all twelve to be sent", async || {
        (app.count("SELECT COUNT(*) FROM outbox WHERE body LIKE '【限速】%' AND status = 'sent'")
            .await
            == 12)
            .then_some(())
    })
    .await;
    // No second holds more than five; so twelve take at least two seconds.
    let crowded = app
        .count(
            "SELECT COUNT(*) FROM outbox a WHERE a.body LIKE '【限速】%' AND \
             (SELECT COUNT(*) FROM outbox b WHERE b.body LIKE '【限速】%' \
              AND b.sent_at > a.sent_at - 1000 AND b.sent_at <= a.sent_at) > 5",
        )
        .await;
    assert_eq!(crowded, 0, "more than five sent within a second");
    let spread = app
        .count("SELECT MAX(sent_at) - MIN(sent_at) FROM outbox WHERE body LIKE '【限速】%'")
        .await;
    assert!(spread >= 2000, "twelve at five a second took {spread} ms");
}

async fn a_number_the_gateway_refuses_is_recorded_and_not_retried(backend: Backend) {
    let gateway = SmsGatewayServer::start().await;
    let unreachable = "17000000001";
    gateway.refuse(unreachable);
    let app = app_with(backend, &gateway.settings()).await;
    app.anonymous()
        .call(SendCode {
            purpose: CodePurpose::Register.as_str().into(),
            contact: unreachable.into(),
        })
        .await
        .good();

    let (attempts, error) = eventually(15, "the message to be given up", async || {
        match outbox_row(&app, unreachable).await {
            (status, attempts, error) if status == "failed" => Some((attempts, error.unwrap_or_default())),
            _ => None,
        }
    })
    .await;
    assert_eq!(attempts, 1);
    assert!(
        error.contains("400") && error.contains("cannot receive SMS"),
        "the gateway's reason is kept: {error}"
    );
    // Ten retry intervals later it was still tried only once.
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    assert_eq!(gateway.requests_to(unreachable).len(), 1);
}

async fn uploads_are_kept_in_the_bucket_and_swept_from_it(backend: Backend) {
    let s3 = S3Server::start().await;
    let bucket = s3.bucket().await;
    let app = app_with(backend, &s3.settings(&bucket, "portal/files")).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let photo = jpeg(30_000);
    let uploaded = customer.upload("claim", "scene.jpg", photo.clone()).await.good();

    // The photo and its thumbnail are in the bucket, under the prefix; no local copy.
    let keys = s3.keys(&bucket).await;
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(keys.iter().all(|k| k.starts_with("portal/files/")), "{keys:?}");
    let original = keys.iter().find(|k| !k.ends_with(".thumb.jpg")).unwrap();
    assert!(keys.contains(&format!("{original}.thumb.jpg")), "{keys:?}");
    assert!(!app.database.data_dir.join("uploads").exists());
    let scratch = app.database.data_dir.join("incoming");
    assert_eq!(
        std::fs::read_dir(&scratch).unwrap().count(),
        0,
        "nothing left in scratch"
    );

    // The owner reads it back through the API, from the bucket.
    let (status, headers, bytes) = customer.get(&format!("/api/documents/file?id={}", uploaded.id)).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(bytes, photo);
    let (status, _, thumbnail) = customer
        .get(&format!("/api/documents/file?id={}&thumb=true", uploaded.id))
        .await;
    assert_eq!(status, 200);
    assert!(thumbnail.starts_with(&[0xFF, 0xD8, 0xFF]) && thumbnail.len() < photo.len());

    // Left unattached for a day, it is deleted from the bucket too.
    let a_day_later = app::backend::now_ms() + app::backend::customers::documents::UNATTACHED_KEEP_MS + 60_000;
    let deleted =
        app::backend::customers::documents::sweep_unattached(&app.app_state.db, &app.app_state.files, a_day_later)
            .await
            .unwrap();
    assert_eq!(deleted, 1);
    assert!(s3.keys(&bucket).await.is_empty());
    let (status, _, _) = customer.get(&format!("/api/documents/file?id={}", uploaded.id)).await;
    assert_eq!(status, 404);
}
