//! What an outside probe broke, one test per finding; each failed before its fix. (The
//! sign-in redirect finding is `routes::tests::characters_browsers_strip_cannot_smuggle_another_origin`.)

use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use app::api::portal::members::{BookVipService, VerifyIdentity};
use app::api::portal::points::RedeemReward;
use app::api::portal::work_orders::OpenWorkOrder;
use app::api::public::auth::{ChangePassword, SignIn};
use app::domain::{ClaimStage, MemberLevel, Money, PointsRule, VipTier};
use app::error::AppError;
use app::model::work_orders::WorkOrderForm;

use crate::claims::{claim_form, jpeg, only_claimable, report, request_key, ACCOUNT};
use crate::client::User;
use crate::fixtures::{CustomerSpec, FIXTURE_PASSWORD};
use crate::harness::*;
use crate::on_both;

on_both!(
    fast_track_pays_one_incident_once_however_often_it_is_claimed,
    fast_track_does_not_take_a_photo_already_on_another_claim,
    fast_track_stops_at_its_caps_per_policy,
    a_new_payout_account_waits_for_a_check_below_the_level_a_change_needs,
    guesses_sent_at_once_are_counted_before_any_is_checked,
    changing_the_password_is_throttled,
    one_id_number_verifies_one_customer,
    a_photo_declaring_too_many_pixels_is_refused_from_its_header,
    malformed_requests_get_the_apis_answers,
    writes_from_another_site_and_non_json_bodies_are_refused,
    hidden_characters_are_refused_in_free_text,
    a_request_key_sent_again_with_other_details_is_refused,
    bookings_are_bounded_and_not_doubled,
);

/// A photo of its own (the seed changes the pixels, so the bytes differ).
fn unique_photo(seed: u8) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8 ^ seed, y as u8, seed]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
    bytes.into_inner()
}

async fn upload_photo(customer: &User<'_>, bytes: Vec<u8>) -> String {
    customer.upload("claim", "photo.jpg", bytes).await.good().id
}

/// How many of the customer's claims (as their list shows them) went through fast track.
async fn fast_tracked(customer: &User<'_>) -> usize {
    customer.my_claims().await.iter().filter(|c| c.fast_track).count()
}

/// How many of the customer's claims the claims desk shows with this fast-track review.
async fn reviewed_as(app: &TestApp, customer: &User<'_>, review: &str) -> usize {
    let handler = app.as_claims_agent().await;
    let mut found = 0;
    for claim in customer.my_claims().await {
        if handler.claim_case(&claim.claim_no).await.fast_track_review.as_deref() == Some(review) {
            found += 1;
        }
    }
    found
}

async fn fast_track_pays_one_incident_once_however_often_it_is_claimed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer = fixture.sign_in(&app).await;
    let policy = only_claimable(&customer).await;

    // Ten claims of one ¥1,800 incident, each with its own copy of a photo (fresh bytes,
    // so only the incident itself gives them away), sent at once.
    let mut forms = Vec::new();
    for seed in 0..10 {
        let photo = upload_photo(&customer, unique_photo(seed)).await;
        forms.push(claim_form(&policy, "1800", &[photo]));
    }
    let answers = join_all(forms.iter().map(|form| report(&customer, form))).await;
    let claims: Vec<_> = answers.into_iter().map(|a| a.good()).collect();

    let approved = claims.iter().filter(|c| c.summary.fast_track).count();
    assert_eq!(approved, 1, "one incident is paid at once only once");
    for claim in claims.iter().filter(|c| !c.summary.fast_track) {
        assert_eq!(claim.summary.stage, ClaimStage::Reported, "the rest go the normal way");
        assert_eq!(claim.summary.outcome, None, "never refused by the rules");
    }
    // What the customer is paid, claim by claim.
    let mut paid = 0;
    for claim in customer.my_claims().await {
        paid += customer.claim(&claim.claim_no).await.payout.map_or(0, |p| p.fen());
    }
    assert_eq!(paid, Money::from_yuan(1_800).fen());
    assert_eq!(reviewed_as(&app, &customer, "similar_claim").await, 9);
}

async fn fast_track_does_not_take_a_photo_already_on_another_claim(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer = fixture.sign_in(&app).await;
    let policy = only_claimable(&customer).await;
    let photo = jpeg(2_000);

    let first = claim_form(&policy, "300", &[upload_photo(&customer, photo.clone()).await]);
    assert!(report(&customer, &first).await.good().summary.fast_track);
    // A different amount and a week earlier, but the same picture.
    let mut second = claim_form(&policy, "1200", &[upload_photo(&customer, photo).await]);
    second.fields.incident_date = app::domain::calendar::Date::parse_iso(&first.fields.incident_date)
        .unwrap()
        .plus_days(-7)
        .iso()
        .max(policy.period_start.clone());
    let detail = report(&customer, &second).await.good();
    assert!(!detail.summary.fast_track);
    assert_eq!(detail.summary.stage, ClaimStage::Reported);
    assert_eq!(reviewed_as(&app, &customer, "reused_photo").await, 1);
}

async fn fast_track_stops_at_its_caps_per_policy(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer = fixture.sign_in(&app).await;
    let policy = only_claimable(&customer).await;

    // Four separate small incidents a week apart, each with its own photo.
    let today = app::domain::calendar::Date::parse_iso(&claim_form(&policy, "1", &[]).fields.incident_date).unwrap();
    for (n, days_ago) in [0, 8, 16, 24].into_iter().enumerate() {
        let mut form = claim_form(
            &policy,
            "400",
            &[upload_photo(&customer, unique_photo(100 + n as u8)).await],
        );
        form.fields.incident_date = today.plus_days(-days_ago).iso();
        report(&customer, &form).await.good();
    }
    assert_eq!(fast_tracked(&customer).await, 3, "three per policy a month");
    assert_eq!(reviewed_as(&app, &customer, "too_many_recently").await, 1);
}

async fn a_new_payout_account_waits_for_a_check_below_the_level_a_change_needs(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let registered = app
        .new_customer(CustomerSpec {
            payout_account_on_file: None,
            ..CustomerSpec::default()
        })
        .await;
    let customer = registered.sign_in(&app).await;
    let policy = only_claimable(&customer).await;
    let form = claim_form(&policy, "500", &[upload_photo(&customer, unique_photo(1)).await]);
    let detail = report(&customer, &form).await.good();
    assert!(
        !detail.summary.fast_track,
        "not paid at once to an account nobody checked"
    );
    assert_eq!(detail.summary.stage, ClaimStage::Reported);
    let case = app.as_claims_agent().await.claim_case(&detail.summary.claim_no).await;
    assert!(case.payout_account_to_check, "the account is to be checked: {case:?}");
    assert_eq!(case.fast_track_review.as_deref(), Some("new_payout_account"));

    // At the level a payout account change needs, a new account is trusted.
    let advanced = app
        .new_customer(CustomerSpec {
            payout_account_on_file: None,
            member_level: MemberLevel::AdvancedVerified,
            ..CustomerSpec::default()
        })
        .await;
    let customer = advanced.sign_in(&app).await;
    let policy = only_claimable(&customer).await;
    let form = claim_form(&policy, "500", &[upload_photo(&customer, unique_photo(2)).await]);
    assert!(report(&customer, &form).await.good().summary.fast_track);
    assert_eq!(form.fields.payout_account, ACCOUNT);
}

async fn guesses_sent_at_once_are_counted_before_any_is_checked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let anyone = app.anonymous();
    let guess = |account: String| {
        let anyone = anyone.clone();
        async move {
            anyone
                .call(SignIn {
                    account,
                    password: "wrong-guess-1".into(),
                })
                .await
                .status
        }
    };

    // Twenty wrong passwords at once against one account (limit 5).
    let statuses = join_all((0..20).map(|_| guess(fixture.phone.clone()))).await;
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert!(checked <= 5, "{checked} passwords were checked: {statuses:?}");
    assert_eq!(checked + refused, 20, "{statuses:?}");

    // Forty-five at once from one address against forty-five accounts (limit 30).
    let statuses = join_all((0..45).map(|n| guess(format!("1770000{n:04}")))).await;
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    assert!(checked <= 30, "{checked} passwords were checked from one address");
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS));
}

async fn changing_the_password_is_throttled(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let change = |current: &str| ChangePassword {
        current_password: current.into(),
        new_password: "brand-new-pass-9".into(),
    };
    for _ in 0..5 {
        customer
            .call(change("not-it-0"))
            .await
            .invalid("password_wrong", "current_password");
    }
    let sixth = customer.call(change("not-it-0")).await.error();
    assert!(matches!(sixth, AppError::TooManyAttempts { .. }), "{sixth:?}");
    // Not even the right password gets through while it is locked.
    let right = customer.call(change(FIXTURE_PASSWORD)).await.error();
    assert!(matches!(right, AppError::TooManyAttempts { .. }), "{right:?}");
}

async fn one_id_number_verifies_one_customer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = app.new_customer(CustomerSpec::default()).await;
    let second = app.new_customer(CustomerSpec::default()).await;
    let verify = |name: &str| VerifyIdentity {
        name: name.into(),
        id_number: "11010519491231002X".into(),
    };
    let membership = first.sign_in(&app).await.call(verify(&first.name)).await.good();
    assert_eq!(membership.level, MemberLevel::Verified);

    second
        .sign_in(&app)
        .await
        .call(verify(&second.name))
        .await
        .conflict("id_number_taken");
    let level = app
        .count(&format!(
            "SELECT COUNT(*) FROM customers WHERE id = {} AND member_level = 'registered' AND id_number_hash IS NULL",
            second.customer_id
        ))
        .await;
    assert_eq!(level, 1, "the second account is untouched");
    let points = second.sign_in(&app).await.points().await;
    assert!(
        points
            .history
            .iter()
            .all(|entry| entry.rule != Some(PointsRule::IdentityVerified)),
        "and earned nothing: {points:?}"
    );
}

/// A PNG whose header declares `width` x `height` pixels, with no picture data after it.
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
        out
    };
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &header));
    // A tiny (empty) compressed stream: the header is what matters.
    png.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    png.extend(chunk(b"IEND", &[]));
    png
}

async fn a_photo_declaring_too_many_pixels_is_refused_from_its_header(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let before = app.count("SELECT COUNT(*) FROM documents").await;
    customer
        .upload("claim", "huge.png", png_declaring(12_000, 12_000))
        .await
        .invalid("image_too_large", "file");
    // Four at once are refused the same way (no decode starts for any of them).
    let answers = join_all((0..4).map(|_| customer.upload("claim", "huge.png", png_declaring(9_000, 9_000)))).await;
    for answer in answers {
        answer.invalid("image_too_large", "file");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM documents").await,
        before,
        "nothing kept"
    );
}

async fn malformed_requests_get_the_apis_answers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let cookie = customer.cookie.clone().unwrap();
    let post = |path: &str, content_type: &'static str, body: &'static str| {
        app.client
            .post(format!("{}/api/{path}", app.base))
            .header(reqwest::header::COOKIE, cookie.clone())
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body)
            .send()
    };
    let answer = |response: reqwest::Response| async move {
        let status = response.status();
        (status, response.json::<serde_json::Value>().await.unwrap())
    };

    // A multipart upload without a boundary (the decoder used to panic and drop the
    // connection).
    let (status, body) = answer(post("documents/upload", "multipart/form-data", "--x--").await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["kind"], "bad_request");
    // A JSON body that is not JSON (it used to answer 503 `network`).
    let (status, body) = answer(post("claims/report", "application/json", "{not json").await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["kind"], "bad_request");
    // An endpoint that does not exist (it used to answer a plain-text framework hint).
    let (status, body) = answer(post("claims/nothing_here", "application/json", "{}").await.unwrap()).await;
    assert_eq!((status, body), (StatusCode::NOT_FOUND, json!({"kind": "not_found"})));
    // The server is still there.
    assert_eq!(
        customer
            .call(app::api::portal::claims::ListMyClaims { before: None })
            .await
            .status,
        StatusCode::OK
    );
}

async fn writes_from_another_site_and_non_json_bodies_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer = fixture.sign_in(&app).await;
    let cookie = customer.cookie.clone().unwrap();
    let host = app.base.trim_start_matches("http://").to_string();
    let redeem = |headers: Vec<(&'static str, String)>| {
        let mut request = app
            .client
            .post(format!("{}/api/points/check_in", app.base))
            .header(reqwest::header::COOKIE, cookie.clone());
        for (name, value) in headers {
            request = request.header(name, value);
        }
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(
        redeem(vec![("origin", "https://evil.example".into())]).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        redeem(vec![("sec-fetch-site", "cross-site".into())]).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(redeem(vec![("origin", "null".into())]).await, StatusCode::FORBIDDEN);
    let signed_in_sql = format!(
        "SELECT COUNT(*) FROM points_ledger WHERE customer_id = {} AND rule_code = 'monthly_sign_in'",
        fixture.customer_id
    );
    assert_eq!(app.count(&signed_in_sql).await, 0, "none of those did anything");
    // The same request from the site itself goes through.
    let same_site = vec![
        ("origin", format!("http://{host}")),
        ("sec-fetch-site", "same-origin".into()),
    ];
    assert_eq!(redeem(same_site).await, StatusCode::OK);
    assert_eq!(app.count(&signed_in_sql).await, 1);

    // A JSON endpoint takes JSON only: a form body (what a page on another site can send
    // without asking) is refused.
    let form = app
        .client
        .post(format!("{}/api/claims/report", app.base))
        .header(reqwest::header::COOKIE, cookie.clone())
        .header(reqwest::header::CONTENT_TYPE, "text/plain")
        .body(r#"{"form":{}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        form.json::<serde_json::Value>().await.unwrap()["kind"],
        "unsupported_media_type"
    );
}

async fn hidden_characters_are_refused_in_free_text(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app
        .new_customer(CustomerSpec {
            vip_tier: VipTier::Gold,
            ..CustomerSpec::default()
        })
        .await;
    let customer = fixture.sign_in(&app).await;
    let policy = only_claimable(&customer).await;

    let mut form = claim_form(&policy, "100", &[]);
    form.fields.incident_place = "上海\u{0}市".into();
    report(&customer, &form)
        .await
        .invalid("text_hidden_characters", "incident_place");
    let mut form = claim_form(&policy, "100", &[]);
    form.fields.description = "Slipped at home, see receipt \u{202E}gpj.exe".into();
    report(&customer, &form)
        .await
        .invalid("text_hidden_characters", "description");

    let order = |subject: &str, message: &str| OpenWorkOrder {
        form: WorkOrderForm {
            kind: "consultation".into(),
            subject: subject.into(),
            message: message.into(),
            request_key: request_key(),
            ..WorkOrderForm::default()
        },
    };
    customer
        .call(order("保单\u{7}问题", "请问保单什么时候生效？"))
        .await
        .invalid("text_hidden_characters", "subject");
    customer
        .call(order("保单问题", "请问\u{1b}[31m保单什么时候生效？"))
        .await
        .invalid("text_hidden_characters", "message");
    // Line breaks in a message are fine.
    customer
        .call(order("保单问题", "第一行\n第二行：保单什么时候生效？"))
        .await
        .good();

    customer
        .call(BookVipService {
            service_code: "health_check".into(),
            preferred_date: app::domain::calendar::insurer_date(app::backend::now_ms())
                .plus_days(7)
                .iso(),
            city: "上\u{2066}海".into(),
            request_key: request_key(),
        })
        .await
        .invalid("text_hidden_characters", "city");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM claims WHERE customer_id = {}",
            fixture.customer_id
        ))
        .await,
        0
    );
}

async fn a_request_key_sent_again_with_other_details_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer = fixture.sign_in(&app).await;
    let policy = only_claimable(&customer).await;

    let form = claim_form(&policy, "100", &[]);
    let first = report(&customer, &form).await.good();
    // A true retry answers with the same claim.
    assert_eq!(
        report(&customer, &form).await.good().summary.claim_no,
        first.summary.claim_no
    );
    // The same key with another amount is another request.
    let mut changed = form.clone();
    changed.fields.amount = "150".into();
    report(&customer, &changed).await.conflict("request_key_reused");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM claims WHERE customer_id = {}",
            fixture.customer_id
        ))
        .await,
        1
    );

    // A redemption's key with another reward.
    app.execute(&format!(
        "INSERT INTO points_ledger (customer_id, delta, reason, rule_code, event_key, expires_at, at, created_at, updated_at) \
         VALUES ({}, 1000, 'adjust', NULL, 'test-grant', NULL, 0, 0, 0)",
        fixture.customer_id
    ))
    .await;
    let key = request_key();
    let redeem = |code: &str| RedeemReward {
        reward_code: code.into(),
        request_key: key.clone(),
        top_up_phone: None,
    };
    customer.call(redeem("phone-credit-10")).await.good();
    customer
        .call(redeem("jd-ecard-20"))
        .await
        .conflict("request_key_reused");
}

async fn bookings_are_bounded_and_not_doubled(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app
        .new_customer(CustomerSpec {
            vip_tier: VipTier::Gold,
            ..CustomerSpec::default()
        })
        .await
        .sign_in(&app)
        .await;
    let today = app::domain::calendar::insurer_date(app::backend::now_ms());
    let booking = |days: i64| BookVipService {
        service_code: "health_check".into(),
        preferred_date: today.plus_days(days).iso(),
        city: "上海".into(),
        request_key: request_key(),
    };
    customer
        .call(booking(730))
        .await
        .invalid("date_too_far", "preferred_date");
    customer.call(booking(14)).await.good();
    // The same service on the same day, from another form: a duplicate, not a second booking.
    let error = customer.call(booking(14)).await.error();
    assert_eq!(error.code(), "already_booked", "{error:?}");
    assert_eq!(error.status(), 409);
}
