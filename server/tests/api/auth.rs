use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::json;

use crate::harness::*;
use crate::on_both;

on_both!(
    customer_signs_in_with_phone_and_gets_a_hardened_session_cookie,
    customer_signs_in_with_email_in_any_case,
    staff_sign_in_with_username_and_role,
    unknown_account_and_wrong_password_get_the_same_answer,
    repeated_failures_lock_the_account_with_a_clear_message,
    failures_from_one_address_are_throttled_across_accounts,
    sign_out_revokes_the_token_on_the_server,
    expired_tokens_are_rejected,
    tampered_tokens_are_rejected,
    tokens_with_another_algorithm_or_audience_are_rejected,
    unauthenticated_calls_get_401,
    registration_gives_a_customer_number_and_signs_in,
    registering_a_taken_phone_is_a_conflict_on_the_contact_field,
    password_change_revokes_every_other_session,
    a_token_past_half_its_life_is_renewed_on_use,
);

async fn customer_signs_in_with_phone_and_gets_a_hardened_session_cookie(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let answer = app
        .call(
            "auth/sign_in",
            &[("account", "138 0013 8000"), ("password", DEMO_PASSWORD)],
            None,
        )
        .await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["kind"], "customer");
    assert_eq!(answer.body["name"], "陈晓明");
    assert!(answer.body["customer_no"].as_str().unwrap().starts_with('C'));
    let cookie = answer.set_cookie().expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(cookie.contains("Max-Age=1800"), "{cookie}");

    let me = app
        .call("auth/who_am_i", &[], Some(&answer.session_cookie().unwrap()))
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["name"], "陈晓明");
}

async fn customer_signs_in_with_email_in_any_case(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.sign_in("Demo@Example.COM", DEMO_PASSWORD).await;
    let me = app.call("auth/who_am_i", &[], Some(&cookie)).await;
    assert_eq!(me.body["kind"], "customer");
    assert_eq!(me.body["name"], "陈晓明");
}

async fn staff_sign_in_with_username_and_role(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let answer = app
        .call(
            "auth/sign_in",
            &[("account", "Supervisor"), ("password", DEMO_PASSWORD)],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.body,
        json!({"kind": "staff", "username": "supervisor", "display_name": "赵海燕", "role": "supervisor"})
    );
}

async fn unknown_account_and_wrong_password_get_the_same_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let wrong_password = app
        .call(
            "auth/sign_in",
            &[("account", DEMO_CUSTOMER_PHONE), ("password", "wrong-pass1")],
            None,
        )
        .await;
    let unknown = app
        .call(
            "auth/sign_in",
            &[("account", "13711112222"), ("password", "wrong-pass1")],
            None,
        )
        .await;

    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.body, unknown.body);
    assert_eq!(wrong_password.body, json!({"kind": "invalid_credentials"}));
    assert!(wrong_password.session_cookie().is_none());
}

async fn repeated_failures_lock_the_account_with_a_clear_message(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for _ in 0..5 {
        let answer = app
            .call(
                "auth/sign_in",
                &[("account", DEMO_CUSTOMER_PHONE), ("password", "guess-1234")],
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    // Now even the right password is refused until the lock ends, however the number is typed.
    let locked = app
        .call(
            "auth/sign_in",
            &[("account", "+86 138-0013-8000"), ("password", DEMO_PASSWORD)],
            None,
        )
        .await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.body["kind"], "too_many_attempts");
    let retry_after: u64 = locked.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((800..=900).contains(&retry_after), "retry after {retry_after}s");

    // Other accounts are not affected.
    app.other_customer().await;
}

async fn failures_from_one_address_are_throttled_across_accounts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for i in 0..30 {
        let account = format!("1370000{i:04}");
        let answer = app
            .call(
                "auth/sign_in",
                &[("account", &account), ("password", "guess-1234")],
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let blocked = app
        .call(
            "auth/sign_in",
            &[("account", DEMO_CUSTOMER_PHONE), ("password", DEMO_PASSWORD)],
            None,
        )
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
}

async fn sign_out_revokes_the_token_on_the_server(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    assert_eq!(
        app.call("policies/list_mine", &[], Some(&cookie)).await.status,
        StatusCode::OK
    );

    let out = app.call("auth/sign_out", &[], Some(&cookie)).await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(
        out.set_cookie().unwrap().contains("Max-Age=0"),
        "the browser is told to drop the cookie"
    );

    // The old token is still signed and unexpired, but its session is revoked.
    let replay = app.call("policies/list_mine", &[], Some(&cookie)).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert_eq!(replay.body, json!({"kind": "unauthenticated"}));
    assert_eq!(app.call("auth/who_am_i", &[], Some(&cookie)).await.body, json!(null));
}

fn token(key: &[u8], alg: Algorithm, claims: serde_json::Value) -> String {
    encode(&Header::new(alg), &claims, &EncodingKey::from_secret(key)).unwrap()
}

/// The claims the server put into a real session's token.
fn claims_of(cookie: &str) -> serde_json::Value {
    use base64::Engine;
    let token = cookie.split_once('=').unwrap().1;
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

async fn expired_tokens_are_rejected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let mut claims = claims_of(&cookie);
    let now = chrono::Utc::now().timestamp();
    claims["iat"] = json!(now - 3600);
    claims["exp"] = json!(now - 60);
    let expired = format!(
        "insurer_session={}",
        token(&app.signing_key(), Algorithm::HS256, claims)
    );

    let answer = app.call("policies/list_mine", &[], Some(&expired)).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

async fn tampered_tokens_are_rejected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let token = cookie.split_once('=').unwrap().1;
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    // Claim to be another customer, keeping the original signature.
    let mut claims = claims_of(&cookie);
    claims["sub"] = json!("customer:2");
    use base64::Engine;
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims.to_string());
    let tampered = format!("insurer_session={}", parts.join("."));

    let answer = app.call("policies/list_mine", &[], Some(&tampered)).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    // A token signed with a guessed key fails too.
    let forged = format!(
        "insurer_session={}",
        crate::auth::token(b"guessed-key-guessed-key-guessed-key!", Algorithm::HS256, claims)
    );
    assert_eq!(
        app.call("policies/list_mine", &[], Some(&forged)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

async fn tokens_with_another_algorithm_or_audience_are_rejected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let claims = claims_of(&cookie);
    let key = app.signing_key();

    let hs512 = format!("insurer_session={}", token(&key, Algorithm::HS512, claims.clone()));
    assert_eq!(
        app.call("policies/list_mine", &[], Some(&hs512)).await.status,
        StatusCode::UNAUTHORIZED
    );

    let mut other_audience = claims.clone();
    other_audience["aud"] = json!("some-other-service");
    let wrong_aud = format!("insurer_session={}", token(&key, Algorithm::HS256, other_audience));
    assert_eq!(
        app.call("policies/list_mine", &[], Some(&wrong_aud)).await.status,
        StatusCode::UNAUTHORIZED
    );

    use base64::Engine;
    let b64 = |v: &serde_json::Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let unsigned = format!(
        "insurer_session={}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims)
    );
    assert_eq!(
        app.call("policies/list_mine", &[], Some(&unsigned)).await.status,
        StatusCode::UNAUTHORIZED
    );

    // The genuine token still works.
    assert_eq!(
        app.call("policies/list_mine", &[], Some(&cookie)).await.status,
        StatusCode::OK
    );
}

async fn unauthenticated_calls_get_401(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (endpoint, args) in [
        ("policies/list_mine", vec![]),
        ("policies/get_mine", vec![("policy_no", "AU202600001234")]),
        ("console/find_customers", vec![("query", DEMO_CUSTOMER_PHONE)]),
        ("console/get_customer", vec![("customer_no", "C2026000001")]),
        (
            "auth/change_password",
            vec![("current_password", "x"), ("new_password", "abcd12345")],
        ),
    ] {
        let answer = app.call(endpoint, &args, None).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{endpoint}");
        assert_eq!(answer.body, json!({"kind": "unauthenticated"}), "{endpoint}");
    }
    // Asking who is signed in is allowed, and answers nobody.
    let me = app.call("auth/who_am_i", &[], None).await;
    assert_eq!((me.status, me.body), (StatusCode::OK, json!(null)));
}

async fn registration_gives_a_customer_number_and_signs_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let answer = app
        .call(
            "auth/register",
            &[
                ("name", " 周子轩 "),
                ("contact", "186 1234 5678"),
                ("password", "new-pass-2026"),
            ],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["name"], "周子轩");
    assert_eq!(answer.body["member_level"], "registered");
    let number = answer.body["customer_no"].as_str().unwrap().to_string();
    let year = chrono::Utc::now().format("%Y").to_string();
    assert!(
        number.starts_with(&format!("C{year}")) && number.len() == 11,
        "{number}"
    );

    // Signed in straight away, with no policies yet; and the new password works.
    let cookie = answer.session_cookie().unwrap();
    assert_eq!(app.call("policies/list_mine", &[], Some(&cookie)).await.body, json!([]));
    app.sign_in("18612345678", "new-pass-2026").await;

    // The next registration gets the next number.
    let second = app
        .call(
            "auth/register",
            &[
                ("name", "吴欣怡"),
                ("contact", "wu@example.cn"),
                ("password", "another-2026"),
            ],
            None,
        )
        .await;
    assert_ne!(second.body["customer_no"], answer.body["customer_no"]);
}

async fn registering_a_taken_phone_is_a_conflict_on_the_contact_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customers_before = app.count("SELECT COUNT(*) FROM customers").await;
    let answer = app
        .call(
            "auth/register",
            &[
                ("name", "冒名者"),
                ("contact", DEMO_CUSTOMER_PHONE),
                ("password", "new-pass-2026"),
            ],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(answer.body["field"], "contact");
    assert_eq!(answer.body["code"], "phone_taken");
    assert!(answer.session_cookie().is_none());
    // Nothing half-written: no customer, no credentials.
    assert_eq!(app.count("SELECT COUNT(*) FROM customers").await, customers_before);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customer_credentials").await,
        customers_before
    );

    let weak = app
        .call(
            "auth/register",
            &[("name", "李娜"), ("contact", "13612345678"), ("password", "short")],
            None,
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (weak.body["field"].as_str(), weak.body["code"].as_str()),
        (Some("password"), Some("password_too_short"))
    );
}

async fn password_change_revokes_every_other_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let phone = app.customer().await;
    let laptop = app.customer().await;

    let wrong = app
        .call(
            "auth/change_password",
            &[("current_password", "not-it-123"), ("new_password", "brand-new-2026")],
            Some(&phone),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body["field"], "current_password");

    let changed = app
        .call(
            "auth/change_password",
            &[("current_password", DEMO_PASSWORD), ("new_password", "brand-new-2026")],
            Some(&phone),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let fresh = changed.session_cookie().expect("this device gets a fresh session");

    assert_eq!(
        app.call("policies/list_mine", &[], Some(&laptop)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call("policies/list_mine", &[], Some(&phone)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call("policies/list_mine", &[], Some(&fresh)).await.status,
        StatusCode::OK
    );
    let old = app
        .call(
            "auth/sign_in",
            &[("account", DEMO_CUSTOMER_PHONE), ("password", DEMO_PASSWORD)],
            None,
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    app.sign_in(DEMO_CUSTOMER_PHONE, "brand-new-2026").await;
}

async fn a_token_past_half_its_life_is_renewed_on_use(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;

    // A fresh token is not renewed.
    let fresh = app.call("policies/list_mine", &[], Some(&cookie)).await;
    assert!(fresh.set_cookie().is_none());

    // The same session with a token 20 minutes into its 30: renewed, and the new one works.
    let mut claims = claims_of(&cookie);
    let now = chrono::Utc::now().timestamp();
    claims["iat"] = json!(now - 20 * 60);
    claims["exp"] = json!(now + 10 * 60);
    let aging = format!(
        "insurer_session={}",
        token(&app.signing_key(), Algorithm::HS256, claims)
    );
    let answer = app.call("policies/list_mine", &[], Some(&aging)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let renewed = answer.session_cookie().expect("a renewed cookie");
    assert!(claims_of(&renewed)["exp"].as_i64().unwrap() >= now + 29 * 60);
    assert_eq!(
        claims_of(&renewed)["sid"],
        claims_of(&cookie)["sid"],
        "the same session"
    );
    assert_eq!(
        app.call("policies/list_mine", &[], Some(&renewed)).await.status,
        StatusCode::OK
    );
}
