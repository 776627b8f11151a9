//! Claims (在线理赔) as the customer reports and follows them, with their documents.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::harness::*;
use crate::on_both;

on_both!(
    customer_reports_a_claim_and_sees_it_with_a_masked_account,
    small_health_claim_with_a_photo_is_approved_at_once,
    same_request_key_makes_one_claim_even_when_sent_twice_at_once,
    invalid_claims_are_refused_field_by_field_and_nothing_is_written,
    another_customers_policy_or_claim_is_not_found,
    signed_out_and_staff_callers_cannot_report,
    upload_takes_a_photo_by_its_bytes_and_serves_it_to_its_owner_only,
    upload_refuses_a_page_named_like_a_photo,
    upload_refuses_a_file_that_only_starts_like_a_photo,
    uploads_left_unattached_for_a_day_are_deleted,
    demo_claims_happen_inside_their_policy_periods,
    upload_over_the_file_limit_is_refused_and_leaves_nothing,
    claim_over_the_case_limit_is_refused_and_not_written,
    claim_naming_someone_elses_or_a_used_document_is_refused,
    customer_sees_each_stage_staff_move_the_claim_to,
    customer_adds_documents_to_an_open_claim_but_not_a_closed_one,
);

/// A payout account number as the customer types it; only its masked form may come back.
pub const ACCOUNT: &str = "6222020200112233445";
pub const ACCOUNT_MASKED: &str = "6222***********3445";

/// A real photo (a small gradient), encoded as `format`, padded after its end marker to
/// `len` bytes when that is longer: decoders stop at the end marker, so it stays a valid
/// picture of the wanted size.
fn photo(format: image::ImageFormat, len: usize) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 160]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut bytes, format).unwrap();
    let mut bytes = bytes.into_inner();
    if bytes.len() < len {
        bytes.resize(len, 0);
    }
    bytes
}

pub fn jpeg(len: usize) -> Vec<u8> {
    photo(image::ImageFormat::Jpeg, len)
}

pub fn png(len: usize) -> Vec<u8> {
    photo(image::ImageFormat::Png, len)
}

pub fn request_key() -> String {
    format!("test-{}", uuid::Uuid::new_v4().simple())
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The demo customer's in-force policies from `claims/options`: (the medical policy with a
/// fast-track limit, the whole-life policy without one).
pub async fn claimable(app: &TestApp, cookie: &str) -> (Value, Value) {
    let answer = app.call("claims/options", &[], Some(cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let policies = answer.body.as_array().unwrap().clone();
    assert_eq!(
        policies.len(),
        2,
        "the demo customer has two policies in force: {policies:?}"
    );
    let health = policies
        .iter()
        .find(|p| !p["fast_track_limit"].is_null())
        .expect("a policy with fast track")
        .clone();
    let life = policies
        .iter()
        .find(|p| p["fast_track_limit"].is_null())
        .expect("a policy without fast track")
        .clone();
    (health, life)
}

/// The coverage of `policy` with the highest limit: (code, limit in fen).
pub fn widest_coverage(policy: &Value) -> (String, i64) {
    policy["coverages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["code"].as_str().unwrap().to_string(), c["limit"].as_i64().unwrap()))
        .max_by_key(|(_, limit)| *limit)
        .expect("coverages")
}

/// A date inside the policy's period and not in the future.
fn incident_date(policy: &Value) -> String {
    let start = policy["period_start"].as_str().unwrap().to_string();
    today().format("%Y-%m-%d").to_string().max(start)
}

/// A complete, valid claim on `policy` as `claims/report` takes it: `{"form": {...}}`.
pub fn claim_form(policy: &Value, amount: &str, documents: &[String]) -> Value {
    let (coverage, _) = widest_coverage(policy);
    json!({"form": {
        "policy_no": policy["policy_no"],
        "coverage_code": coverage,
        "incident_date": incident_date(policy),
        "incident_place": "上海市徐汇区宛平南路",
        "description": "Slipped on the stairs at home and broke a wrist; treated in hospital.",
        "amount": amount,
        "payout_bank": "中国工商银行",
        "payout_account": ACCOUNT,
        "documents": documents,
        "request_key": request_key(),
    }})
}

async fn upload_ok(app: &TestApp, bytes: Vec<u8>, name: &str, cookie: &str) -> Value {
    let answer = app.upload("claim", name, bytes, Some(cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "uploading {name}: {}", answer.body);
    answer.body
}

fn id_of(document: &Value) -> String {
    document["id"].as_str().unwrap().to_string()
}

fn invalid(code: &str, field: &str) -> impl Fn(&Answer) {
    let (code, field) = (code.to_string(), field.to_string());
    move |answer: &Answer| {
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
        assert_eq!(answer.body["kind"], "invalid", "{}", answer.body);
        assert_eq!(answer.body["code"], code.as_str(), "{}", answer.body);
        assert_eq!(answer.body["field"], field.as_str(), "{}", answer.body);
    }
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn report_ok(app: &TestApp, form: &Value, cookie: &str) -> Value {
    let answer = app.call_json("claims/report", form, Some(cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body
}

async fn customer_reports_a_claim_and_sees_it_with_a_masked_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let (health, _) = claimable(&app, &cookie).await;
    // Over the fast-track limit: the claim goes the normal way.
    let form = claim_form(&health, "3500.50", &[]);
    let before = app.count("SELECT COUNT(*) FROM claims").await;

    let detail = report_ok(&app, &form, &cookie).await;
    let claim_no = detail["summary"]["claim_no"].as_str().unwrap().to_string();
    assert!(claim_no.starts_with("CL") && claim_no.len() == 12, "{claim_no}");
    assert_eq!(detail["summary"]["stage"], "reported");
    assert_eq!(detail["summary"]["fast_track"], false);
    assert_eq!(detail["summary"]["amount"], 350_050, "money is integer fen");
    assert_eq!(detail["summary"]["policy_no"], health["policy_no"]);
    assert_eq!(detail["payout"], Value::Null);
    assert_eq!(detail["incident_date"], form["form"]["incident_date"]);
    let timeline = detail["timeline"].as_array().unwrap();
    let stages: Vec<&str> = timeline.iter().map(|s| s["stage"].as_str().unwrap()).collect();
    assert_eq!(
        stages,
        [
            "reported",
            "dispatched",
            "surveyed",
            "registered",
            "verified",
            "adjusted",
            "approved",
            "closed"
        ]
    );
    assert!(timeline[0]["reached_at"].as_i64().is_some(), "{}", timeline[0]);
    assert!(
        timeline[0]["due_at"].as_i64().unwrap() > timeline[0]["reached_at"].as_i64().unwrap(),
        "the current stage says by when it should be done"
    );
    assert!(timeline[1..].iter().all(|s| s["reached_at"].is_null()), "{timeline:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, before + 1);

    // The account is only ever shown masked.
    assert_eq!(detail["payout_account_masked"], ACCOUNT_MASKED);
    let list = app.call("claims/list_mine", &[], Some(&cookie)).await;
    assert_eq!(list.status, StatusCode::OK);
    let claims = list.body.as_array().unwrap();
    assert_eq!(claims.len(), 10, "the 9 demo claims and the new one");
    assert_eq!(claims[0]["claim_no"], claim_no.as_str(), "newest first");
    assert_eq!(claims[0]["stage"], "reported");
    let again = app
        .call(
            "claims/get_mine",
            &[("claim_no", &claim_no.to_lowercase())],
            Some(&cookie),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body, detail);
    let home = app.call("inbox/home", &[], Some(&cookie)).await;
    let inbox = app.call("inbox/mine", &[], Some(&cookie)).await;
    for body in [&detail, &list.body, &again.body, &home.body, &inbox.body] {
        let text = body.to_string();
        assert!(!text.contains(ACCOUNT), "the full account number leaked: {text}");
    }
}

async fn small_health_claim_with_a_photo_is_approved_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let (health, life) = claimable(&app, &cookie).await;
    let limit = health["fast_track_limit"].as_i64().unwrap();
    assert_eq!(limit, 200_000, "HEALTH-MED fast-tracks up to 2000 yuan");

    // Under the limit with a photo: approved now, the payout set.
    let photo = upload_ok(&app, jpeg(2048), "receipt.jpg", &cookie).await;
    let detail = report_ok(&app, &claim_form(&health, "1500", &[id_of(&photo)]), &cookie).await;
    assert_eq!(detail["summary"]["stage"], "approved", "{detail}");
    assert_eq!(detail["summary"]["fast_track"], true);
    assert_eq!(detail["payout"], 150_000);
    let approved = &detail["timeline"][6];
    assert_eq!(approved["stage"], "approved");
    assert!(approved["reached_at"].as_i64().is_some(), "{approved}");
    assert_eq!(detail["documents"].as_array().unwrap().len(), 1);
    assert_eq!(detail["documents"][0]["id"], photo["id"]);

    // The same amount without a photo waits for the normal process.
    let detail = report_ok(&app, &claim_form(&health, "1500", &[]), &cookie).await;
    assert_eq!(detail["summary"]["stage"], "reported");
    assert_eq!(detail["summary"]["fast_track"], false);
    assert_eq!(detail["payout"], Value::Null);

    // A PDF is a document, not a photo: no fast track on it alone.
    let pdf = upload_ok(&app, b"%PDF-1.7\n1 0 obj\n".to_vec(), "invoice.pdf", &cookie).await;
    let detail = report_ok(&app, &claim_form(&health, "1500", &[id_of(&pdf)]), &cookie).await;
    assert_eq!(detail["summary"]["stage"], "reported");
    assert_eq!(detail["documents"][0]["content_type"], "application/pdf");

    // Exactly at the limit still qualifies; a fen over does not.
    let photo = upload_ok(&app, jpeg(100), "a.jpg", &cookie).await;
    let detail = report_ok(&app, &claim_form(&health, "2000.00", &[id_of(&photo)]), &cookie).await;
    assert_eq!(detail["summary"]["stage"], "approved");
    let photo = upload_ok(&app, jpeg(100), "b.jpg", &cookie).await;
    let detail = report_ok(&app, &claim_form(&health, "2000.01", &[id_of(&photo)]), &cookie).await;
    assert_eq!(detail["summary"]["stage"], "reported");

    // A product without fast track: reported, whatever the photos.
    let photo = upload_ok(&app, jpeg(100), "c.jpg", &cookie).await;
    let detail = report_ok(&app, &claim_form(&life, "100", &[id_of(&photo)]), &cookie).await;
    assert_eq!(detail["summary"]["stage"], "reported");
    assert_eq!(detail["summary"]["fast_track"], false);
    assert_eq!(detail["payout"], Value::Null);
}

async fn same_request_key_makes_one_claim_even_when_sent_twice_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let (health, _) = claimable(&app, &cookie).await;

    // One after the other: a retry of the same form.
    let form = claim_form(&health, "880", &[]);
    let key = form["form"]["request_key"].as_str().unwrap().to_string();
    let first = report_ok(&app, &form, &cookie).await;
    let second = report_ok(&app, &form, &cookie).await;
    assert_eq!(first["summary"]["claim_no"], second["summary"]["claim_no"]);
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM claims WHERE idempotency_key = '{key}'"))
            .await,
        1
    );

    // At the same moment (a double tap): still one claim.
    let before = app.count("SELECT COUNT(*) FROM claims").await;
    let form = claim_form(&health, "990", &[]);
    let key = form["form"]["request_key"].as_str().unwrap().to_string();
    let (a, b) = tokio::join!(
        app.call_json("claims/report", &form, Some(&cookie)),
        app.call_json("claims/report", &form, Some(&cookie)),
    );
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(b.status, StatusCode::OK, "{}", b.body);
    assert_eq!(a.body["summary"]["claim_no"], b.body["summary"]["claim_no"]);
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM claims WHERE idempotency_key = '{key}'"))
            .await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, before + 1);
    let claim_no = a.body["summary"]["claim_no"].as_str().unwrap().to_string();
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM claim_events e JOIN claims c ON c.id = e.claim_id WHERE c.claim_no = '{claim_no}'"
        ))
        .await,
        1,
        "one 'reported' event"
    );
}

async fn invalid_claims_are_refused_field_by_field_and_nothing_is_written(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let (health, _) = claimable(&app, &cookie).await;
    let (coverage, limit_fen) = widest_coverage(&health);
    let start = chrono::NaiveDate::parse_from_str(health["period_start"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let over_limit = format!("{}.01", limit_fen / 100);
    let day_before = (start - chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    let in_a_week = (today() + chrono::Duration::days(7)).format("%Y-%m-%d").to_string();

    let policies = app.call("policies/list_mine", &[], Some(&cookie)).await.body;
    let lapsed = policies
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["status"] == "lapsed")
        .expect("a lapsed policy")["policy_no"]
        .clone();

    let cases: Vec<(&str, Value, &str, &str)> = vec![
        ("amount", json!("0"), "amount_not_positive", "amount"),
        ("amount", json!(over_limit), "amount_over_coverage", "amount"),
        (
            "incident_date",
            json!(day_before),
            "incident_outside_period",
            "incident_date",
        ),
        ("incident_date", json!(in_a_week), "incident_in_future", "incident_date"),
        (
            "coverage_code",
            json!("no_such_cover"),
            "coverage_required",
            "coverage_code",
        ),
        (
            "payout_account",
            json!("12345"),
            "payout_account_invalid",
            "payout_account",
        ),
        (
            "payout_account",
            json!("6222 0202 ABCD 1234"),
            "payout_account_invalid",
            "payout_account",
        ),
        ("description", json!("hurt"), "description_too_short", "description"),
        ("policy_no", lapsed, "policy_not_in_force", "policy_no"),
    ];
    let before = app.count("SELECT COUNT(*) FROM claims").await;
    let events_before = app.count("SELECT COUNT(*) FROM claim_events").await;
    let notifications_before = app.count("SELECT COUNT(*) FROM notifications").await;
    for (key, value, code, field) in cases {
        let mut form = claim_form(&health, "100", &[]);
        form["form"][key] = value.clone();
        if key == "policy_no" {
            // The coverage must not be what refuses it.
            form["form"]["coverage_code"] = json!(coverage);
        }
        let answer = app.call_json("claims/report", &form, Some(&cookie)).await;
        let check = invalid(code, field);
        check(&answer);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM claims").await,
            before,
            "{key}={value}: nothing is written"
        );
    }
    // Exactly at the coverage limit is allowed.
    let detail = report_ok(
        &app,
        &claim_form(&health, &format!("{}", limit_fen / 100), &[]),
        &cookie,
    )
    .await;
    assert_eq!(detail["summary"]["amount"], limit_fen);
    assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, before + 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM claim_events").await, events_before + 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM notifications").await,
        notifications_before + 1,
        "only the valid claim told the customer"
    );
}

async fn another_customers_policy_or_claim_is_not_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let other = app.other_customer().await;
    let (health, _) = claimable(&app, &cookie).await;
    let others_policies = app.call("policies/list_mine", &[], Some(&other)).await.body;
    let others_in_force = others_policies
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["status"] == "in_force")
        .expect("the other customer has a policy in force")["policy_no"]
        .clone();

    let before = app.count("SELECT COUNT(*) FROM claims").await;
    let mut form = claim_form(&health, "100", &[]);
    form["form"]["policy_no"] = others_in_force.clone();
    let answer = app.call_json("claims/report", &form, Some(&cookie)).await;
    assert_eq!(
        (answer.status, answer.body),
        (StatusCode::NOT_FOUND, json!({"kind": "not_found"}))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, before);

    // The demo claims are the demo customer's: the other customer cannot tell they exist.
    let answer = app
        .call("claims/get_mine", &[("claim_no", "CL2026900001")], Some(&other))
        .await;
    assert_eq!(
        (answer.status, answer.body),
        (StatusCode::NOT_FOUND, json!({"kind": "not_found"}))
    );
    let nobody = app
        .call("claims/get_mine", &[("claim_no", "CL2026999999")], Some(&other))
        .await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND);
    let theirs = app.call("claims/list_mine", &[], Some(&other)).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert_eq!(theirs.body, json!([]));
    let mine = app
        .call("claims/get_mine", &[("claim_no", "CL2026900001")], Some(&cookie))
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    // Adding documents to it is not found either.
    let answer = app
        .call_json(
            "claims/add_documents",
            &json!({"claim_no": "CL2026900001", "documents": ["0123456789abcdef0123456789abcdef"]}),
            Some(&other),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
}

async fn signed_out_and_staff_callers_cannot_report(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let (health, _) = claimable(&app, &cookie).await;
    let form = claim_form(&health, "100", &[]);
    let before = app.count("SELECT COUNT(*) FROM claims").await;

    let answer = app.call_json("claims/report", &form, None).await;
    assert_eq!(
        (answer.status, answer.body),
        (StatusCode::UNAUTHORIZED, json!({"kind": "unauthenticated"}))
    );
    let answer = app.call("claims/list_mine", &[], None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let answer = app.upload("claim", "x.jpg", jpeg(100), None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.body);

    let agent = app.agent().await;
    let answer = app.call_json("claims/report", &form, Some(&agent)).await;
    assert_eq!(
        (answer.status, answer.body),
        (StatusCode::FORBIDDEN, json!({"kind": "forbidden"}))
    );
    let answer = app.call("claims/options", &[], Some(&agent)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, before);
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 0);
}

async fn upload_takes_a_photo_by_its_bytes_and_serves_it_to_its_owner_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let bytes = jpeg(5000);
    let document = upload_ok(&app, bytes.clone(), "../../x.jpg", &cookie).await;
    assert_eq!(document["content_type"], "image/jpeg");
    assert_eq!(document["name"], "x.jpg", "the path the browser sent is dropped");
    assert_eq!(document["size_bytes"], 5000);
    let id = id_of(&document);
    assert!(id.len() >= 16, "{id}");

    // A PNG named .jpg is a PNG: the bytes decide.
    let png_doc = upload_ok(&app, png(300), "scan.jpg", &cookie).await;
    assert_eq!(png_doc["content_type"], "image/png");
    let pdf = upload_ok(&app, b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(), "invoice.pdf", &cookie).await;
    assert_eq!(pdf["content_type"], "application/pdf");
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 3);

    // Nothing was written outside the upload folder, and no stored name is the browser's.
    let uploads = app.database.data_dir.join("uploads");
    let stored = files_in(&uploads);
    // The three files, and a thumbnail for each of the two photos.
    assert_eq!(stored.len(), 5, "{stored:?}");
    assert_eq!(
        stored.iter().filter(|n| n.ends_with(".thumb.jpg")).count(),
        2,
        "{stored:?}"
    );
    assert!(
        stored.iter().all(|n| !n.contains("x.jpg") && !n.starts_with('.')),
        "{stored:?}"
    );
    assert!(!app.database.data_dir.join("x.jpg").exists());

    let (status, headers, body) = app
        .get_bytes(&format!("/api/documents/file?id={id}"), Some(&cookie))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(body, bytes);

    // The thumbnail is a smaller JPEG of the same picture; a PDF has none.
    let (status, headers, thumb) = app
        .get_bytes(&format!("/api/documents/file?id={id}&thumb=true"), Some(&cookie))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/jpeg");
    let decoded = image::load_from_memory(&thumb).expect("the thumbnail is a picture");
    assert!(decoded.width() <= 320 && decoded.height() <= 320);
    let pdf_id = pdf["id"].as_str().unwrap();
    let (status, _, _) = app
        .get_bytes(&format!("/api/documents/file?id={pdf_id}&thumb=true"), Some(&cookie))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let other = app.other_customer().await;
    let (status, _, body) = app
        .get_bytes(&format!("/api/documents/file?id={id}"), Some(&other))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{}", String::from_utf8_lossy(&body));
    assert_ne!(body, bytes);
    let (status, _, _) = app.get_bytes(&format!("/api/documents/file?id={id}"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = app
        .get_bytes("/api/documents/file?id=0123456789abcdef0123456789abcdef", Some(&cookie))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn upload_refuses_a_file_that_only_starts_like_a_photo(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let mut fake = vec![0xFF, 0xD8, 0xFF, 0xE0];
    fake.extend_from_slice(b"<script>alert(1)</script> not a picture at all");
    let answer = app.upload("claim", "photo.jpg", fake, Some(&cookie)).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert_eq!(answer.body["code"], "image_unreadable");
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 0);
    assert!(files_in(&app.database.data_dir.join("uploads")).is_empty());
}

async fn upload_refuses_a_page_named_like_a_photo(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let page = b"<html><body><script>alert(document.cookie)</script></body></html>".to_vec();
    let answer = app.upload("claim", "photo.jpg", page, Some(&cookie)).await;
    invalid("file_type_unsupported", "file")(&answer);
    let answer = app
        .upload("claim", "photo.jpg", b"GIF89a\x01\x00\x01\x00".to_vec(), Some(&cookie))
        .await;
    invalid("file_type_unsupported", "file")(&answer);
    let answer = app.upload("claim", "empty.jpg", Vec::new(), Some(&cookie)).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    let answer = app.upload("selfie", "a.jpg", jpeg(100), Some(&cookie)).await;
    invalid("purpose_invalid", "purpose")(&answer);

    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 0);
    let left = files_in(&app.database.data_dir.join("uploads"));
    assert!(left.is_empty(), "refused uploads leave no file: {left:?}");
}

async fn upload_over_the_file_limit_is_refused_and_leaves_nothing(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("APP_UPLOAD_MAX_FILE_BYTES", "2048")]).await;
    let cookie = app.customer().await;
    // The form can tell the customer the limit before they pick a file.
    let limits = app.call("documents/limits", &[], Some(&cookie)).await;
    assert_eq!(limits.body["max_file_bytes"], 2048, "{}", limits.body);
    assert_eq!(
        app.call("documents/limits", &[], None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let answer = app.upload("claim", "big.jpg", jpeg(10 * 1024), Some(&cookie)).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", answer.body);
    assert_eq!(answer.body["kind"], "payload_too_large");
    assert_eq!(answer.body["limit_bytes"], 2048);
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 0);
    let uploads = app.database.data_dir.join("uploads");
    let left = files_in(&uploads);
    assert!(left.is_empty(), "no leftover file: {left:?}");

    // Far over the limit: refused too (the body is not even read).
    let answer = app.upload("claim", "huge.jpg", jpeg(200 * 1024), Some(&cookie)).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", answer.body);
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 0);
    assert!(files_in(&uploads).is_empty());

    // At the limit is fine.
    upload_ok(&app, jpeg(2048), "ok.jpg", &cookie).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 1);
    assert_eq!(files_in(&uploads).len(), 2, "the photo and its thumbnail");
}

async fn claim_over_the_case_limit_is_refused_and_not_written(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("APP_UPLOAD_MAX_CASE_BYTES", "3000")]).await;
    let cookie = app.customer().await;
    let (health, _) = claimable(&app, &cookie).await;
    let a = id_of(&upload_ok(&app, jpeg(2000), "a.jpg", &cookie).await);
    let b = id_of(&upload_ok(&app, jpeg(2000), "b.jpg", &cookie).await);
    let before = app.count("SELECT COUNT(*) FROM claims").await;

    let answer = app
        .call_json(
            "claims/report",
            &claim_form(&health, "500", &[a.clone(), b.clone()]),
            Some(&cookie),
        )
        .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", answer.body);
    assert_eq!(answer.body["kind"], "payload_too_large");
    assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, before);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM documents WHERE attached_to IS NOT NULL")
            .await,
        0,
        "the files stay free to use"
    );

    // One of them fits, and the other cannot be added to that claim afterwards.
    let detail = report_ok(&app, &claim_form(&health, "500", std::slice::from_ref(&a)), &cookie).await;
    let claim_no = detail["summary"]["claim_no"].as_str().unwrap().to_string();
    let answer = app
        .call_json(
            "claims/add_documents",
            &json!({"claim_no": claim_no, "documents": [b]}),
            Some(&cookie),
        )
        .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", answer.body);
    let detail = app
        .call("claims/get_mine", &[("claim_no", &claim_no)], Some(&cookie))
        .await;
    assert_eq!(detail.body["documents"].as_array().unwrap().len(), 1);
}

async fn claim_naming_someone_elses_or_a_used_document_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let other = app.other_customer().await;
    let (health, _) = claimable(&app, &cookie).await;
    let theirs = id_of(&upload_ok(&app, jpeg(500), "theirs.jpg", &other).await);
    let before = app.count("SELECT COUNT(*) FROM claims").await;

    let conflict = |answer: &Answer| {
        assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
        assert_eq!(answer.body["kind"], "conflict");
        assert_eq!(answer.body["code"], "document_unavailable");
    };
    let answer = app
        .call_json(
            "claims/report",
            &claim_form(&health, "500", std::slice::from_ref(&theirs)),
            Some(&cookie),
        )
        .await;
    conflict(&answer);
    assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, before);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM documents WHERE attached_to IS NOT NULL")
            .await,
        0
    );
    // Nor can the owner's mine be mixed in, nor the same file twice.
    let mine = id_of(&upload_ok(&app, jpeg(500), "mine.jpg", &cookie).await);
    let answer = app
        .call_json(
            "claims/report",
            &claim_form(&health, "500", &[mine.clone(), theirs.clone()]),
            Some(&cookie),
        )
        .await;
    conflict(&answer);
    let answer = app
        .call_json(
            "claims/report",
            &claim_form(&health, "500", &[mine.clone(), mine.clone()]),
            Some(&cookie),
        )
        .await;
    conflict(&answer);
    assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, before);

    // Once used, a file cannot go on a second claim.
    report_ok(&app, &claim_form(&health, "500", std::slice::from_ref(&mine)), &cookie).await;
    let answer = app
        .call_json(
            "claims/report",
            &claim_form(&health, "600", std::slice::from_ref(&mine)),
            Some(&cookie),
        )
        .await;
    conflict(&answer);
    assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, before + 1);
}

async fn customer_sees_each_stage_staff_move_the_claim_to(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let agent = app.agent().await;
    let (health, _) = claimable(&app, &cookie).await;
    let detail = report_ok(&app, &claim_form(&health, "2600", &[]), &cookie).await;
    let claim_no = detail["summary"]["claim_no"].as_str().unwrap().to_string();

    // A customer cannot move a claim.
    let answer = app
        .call("console/advance_claim", &[("claim_no", &claim_no)], Some(&cookie))
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);

    let answer = app
        .call(
            "console/advance_claim",
            &[("claim_no", &claim_no), ("note", "已安排查勘员")],
            Some(&agent),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body, "dispatched");

    let now = app
        .call("claims/get_mine", &[("claim_no", &claim_no)], Some(&cookie))
        .await;
    assert_eq!(now.status, StatusCode::OK);
    assert_eq!(now.body["summary"]["stage"], "dispatched");
    let step = &now.body["timeline"][1];
    assert_eq!(step["stage"], "dispatched");
    assert!(step["reached_at"].as_i64().is_some(), "{step}");
    assert_eq!(step["note"], "已安排查勘员");
    assert!(step["due_at"].as_i64().is_some());
    assert!(
        now.body["timeline"][0]["due_at"].is_null(),
        "only the current stage has a due time"
    );

    let inbox = app.call("inbox/mine", &[], Some(&cookie)).await.body;
    let newest = &inbox["items"][0];
    assert_eq!(newest["kind"], "claim_stage", "{inbox}");
    assert_eq!(newest["read"], false);
    assert_eq!(newest["link"], format!("/my/claims/{claim_no}"));
    assert!(
        newest["params"]
            .as_array()
            .unwrap()
            .contains(&json!(["claim_no", claim_no.as_str()])),
        "{newest}"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'claim.advance' AND detail LIKE '%{claim_no}%'"
        ))
        .await,
        1
    );

    // The insurer asks for a document; the customer sees what.
    let answer = app
        .call(
            "console/advance_claim",
            &[("claim_no", &claim_no), ("awaiting_customer", "请补充发票原件照片")],
            Some(&agent),
        )
        .await;
    assert_eq!(answer.body, "surveyed");
    let list = app.call("claims/list_mine", &[], Some(&cookie)).await.body;
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["claim_no"] == claim_no.as_str())
        .unwrap();
    assert_eq!(mine["awaiting_customer"], "请补充发票原件照片");

    // Closing needs an outcome: the demo claim in "approved" is next to close.
    let answer = app
        .call("console/advance_claim", &[("claim_no", "CL2026900007")], Some(&agent))
        .await;
    invalid("outcome_required", "outcome")(&answer);
    let still = app
        .call("claims/get_mine", &[("claim_no", "CL2026900007")], Some(&cookie))
        .await;
    assert_eq!(still.body["summary"]["stage"], "approved");
    let answer = app
        .call(
            "console/advance_claim",
            &[("claim_no", "CL2026900007"), ("outcome", "paid")],
            Some(&agent),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body, "closed");
    let closed = app
        .call("claims/get_mine", &[("claim_no", "CL2026900007")], Some(&cookie))
        .await;
    assert_eq!(closed.body["summary"]["stage"], "closed");
    assert_eq!(closed.body["summary"]["outcome"], "paid");
    assert_eq!(closed.body["payout"], 45_000);
    // A closed claim goes no further.
    let answer = app
        .call(
            "console/advance_claim",
            &[("claim_no", "CL2026900007"), ("outcome", "paid")],
            Some(&agent),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
}

async fn customer_adds_documents_to_an_open_claim_but_not_a_closed_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    // CL2026900003 is surveyed and waits for the customer's papers.
    let before = app
        .call("claims/get_mine", &[("claim_no", "CL2026900003")], Some(&cookie))
        .await
        .body;
    assert!(before["summary"]["awaiting_customer"].is_string(), "{before}");
    let count_before = before["documents"].as_array().unwrap().len();

    let photo = upload_ok(&app, jpeg(1500), "病历首页.jpg", &cookie).await;
    let answer = app
        .call_json(
            "claims/add_documents",
            &json!({"claim_no": "CL2026900003", "documents": [photo["id"]]}),
            Some(&cookie),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let documents = answer.body["documents"].as_array().unwrap();
    assert_eq!(documents.len(), count_before + 1);
    assert!(documents
        .iter()
        .any(|d| d["id"] == photo["id"] && d["name"] == "病历首页.jpg"));
    assert_eq!(answer.body["summary"]["awaiting_customer"], Value::Null);
    assert_eq!(answer.body["summary"]["stage"], "surveyed", "the stage is unchanged");
    let after = app
        .call("claims/get_mine", &[("claim_no", "CL2026900003")], Some(&cookie))
        .await
        .body;
    assert_eq!(after, answer.body);

    // A closed claim takes no more; the file stays free.
    let more = upload_ok(&app, jpeg(1500), "more.jpg", &cookie).await;
    let answer = app
        .call_json(
            "claims/add_documents",
            &json!({"claim_no": "CL2026900008", "documents": [more["id"]]}),
            Some(&cookie),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert_eq!(answer.body["code"], "claim_closed");
    let closed = app
        .call("claims/get_mine", &[("claim_no", "CL2026900008")], Some(&cookie))
        .await
        .body;
    assert!(closed["documents"].as_array().unwrap().is_empty());
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM documents WHERE public_id = '{}' AND attached_to IS NULL",
            more["id"].as_str().unwrap()
        ))
        .await,
        1
    );
    // Nothing to add is refused.
    let answer = app
        .call_json(
            "claims/add_documents",
            &json!({"claim_no": "CL2026900003", "documents": []}),
            Some(&cookie),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
}

async fn uploads_left_unattached_for_a_day_are_deleted(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let abandoned = upload_ok(&app, jpeg(500), "abandoned.jpg", &cookie).await;
    let fresh = upload_ok(&app, jpeg(500), "fresh.jpg", &cookie).await;
    let kept = upload_ok(&app, jpeg(500), "kept.jpg", &cookie).await;
    let answer = app
        .call_json(
            "claims/add_documents",
            &json!({"claim_no": "CL2026900001", "documents": [kept["id"]]}),
            Some(&cookie),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    // The abandoned and the attached one were uploaded two days ago.
    let two_days_ago = chrono::Utc::now().timestamp_millis() - 2 * 24 * 60 * 60 * 1000;
    for doc in [&abandoned, &kept] {
        app.execute(&format!(
            "UPDATE documents SET created_at = {two_days_ago} WHERE public_id = '{}'",
            doc["id"].as_str().unwrap()
        ))
        .await;
    }
    let uploads = app.database.data_dir.join("uploads");
    assert_eq!(files_in(&uploads).len(), 6, "three photos and their thumbnails");

    let now = chrono::Utc::now().timestamp_millis();
    let deleted = app::backend::documents::sweep_unattached(&app.app_state.db, &app.app_state.files, now)
        .await
        .unwrap();
    assert_eq!(deleted, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 2);
    assert_eq!(
        files_in(&uploads).len(),
        4,
        "the abandoned photo and its thumbnail are gone"
    );
    let (status, _, _) = app
        .get_bytes(
            &format!("/api/documents/file?id={}", abandoned["id"].as_str().unwrap()),
            Some(&cookie),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for doc in [&fresh, &kept] {
        let (status, _, _) = app
            .get_bytes(
                &format!("/api/documents/file?id={}", doc["id"].as_str().unwrap()),
                Some(&cookie),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
}

async fn demo_claims_happen_inside_their_policy_periods(backend: Backend) {
    // The data `./x run` shows: the random draws differ from the small test data's.
    let app = TestApp::spawn_full(backend).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM claims").await,
        9,
        "one per stage, one paid, one rejected"
    );
    let outside = app
        .count(
            "SELECT COUNT(*) FROM claims c JOIN policies p ON p.id = c.policy_id \
             WHERE c.incident_date < p.period_start OR c.incident_date > p.period_end",
        )
        .await;
    assert_eq!(
        outside, 0,
        "a claim before its policy began would make no sense to a customer"
    );
    let stages = app.count("SELECT COUNT(DISTINCT stage) FROM claims").await;
    assert_eq!(stages, 8);
}
