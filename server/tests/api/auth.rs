//! Signing in and out, sessions and their tokens, throttling, registration, password change.

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::json;

use app::api::console::customers::{FindCustomers, GetCustomer};
use app::api::portal::policies::{GetMyPolicy, ListMyPolicies};
use app::api::public::auth::{ChangePassword, Register, SignIn, SignOut, WhoAmI};
use app::domain::CodePurpose;
use app::domain::{MemberLevel, Role};
use app::error::AppError;
use app::model::auth::Me;

use crate::fixtures::{CustomerFixture, CustomerSpec, FIXTURE_PASSWORD};
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

fn sign_in(account: &str, password: &str) -> SignIn {
    SignIn {
        account: account.into(),
        password: password.into(),
    }
}

/// The fixture's mobile number as people write it: `166 1234 5678`.
fn spaced(customer: &CustomerFixture) -> String {
    let p = &customer.phone;
    format!("{} {} {}", &p[..3], &p[3..7], &p[7..])
}

async fn customer_signs_in_with_phone_and_gets_a_hardened_session_cookie(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await;
    let answer = app
        .anonymous()
        .call(sign_in(&spaced(&customer), FIXTURE_PASSWORD))
        .await;

    let cookie = answer.set_cookie().expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(cookie.contains("Max-Age=1800"), "{cookie}");
    let session = answer.session_cookie().unwrap();
    let Me::Customer { name, customer_no, .. } = answer.good() else {
        panic!("signed in as a customer")
    };
    assert_eq!(name, customer.name);
    assert!(customer_no.starts_with('C'), "{customer_no}");
    assert_eq!(customer_no, customer.customer_no.as_str());

    let me = app.with_cookie(session).call(WhoAmI {}).await.good();
    let Some(Me::Customer { name, .. }) = me else {
        panic!("signed in as a customer: {me:?}")
    };
    assert_eq!(name, customer.name);
}

async fn customer_signs_in_with_email_in_any_case(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer with an e-mail address, typed in another case.
    let customer = app
        .new_customer(CustomerSpec {
            name: Some("林晓雨"),
            email: Some("lin.xiaoyu@example.com"),
            ..CustomerSpec::default()
        })
        .await;
    let user = app.signed_in("Lin.XiaoYu@Example.COM", FIXTURE_PASSWORD).await;
    let me = user.call(WhoAmI {}).await.good();
    let Some(Me::Customer { name, .. }) = me else {
        panic!("a customer: {me:?}")
    };
    assert_eq!(name, customer.name);
}

async fn staff_sign_in_with_username_and_role(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let me = app.anonymous().call(sign_in("Supervisor", DEMO_PASSWORD)).await.good();
    assert_eq!(
        me,
        Me::Staff {
            username: "supervisor".into(),
            display_name: "赵海燕".into(),
            role: Role::Supervisor,
            handles_claims: true,
            reviews_identities: true,
            must_change_password: false,
        }
    );
}

async fn unknown_account_and_wrong_password_get_the_same_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await;
    let anonymous = app.anonymous();
    let wrong_password = anonymous.call(sign_in(&customer.phone, "wrong-pass1")).await;
    let unknown = anonymous.call(sign_in("13711112222", "wrong-pass1")).await;

    assert_eq!(wrong_password.text, unknown.text, "the very same answer");
    assert!(wrong_password.session_cookie().is_none());
    assert_eq!(wrong_password.error(), AppError::InvalidCredentials);
    assert_eq!(unknown.error(), AppError::InvalidCredentials);
}

async fn repeated_failures_lock_the_account_with_a_clear_message(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await;
    let anonymous = app.anonymous();
    for _ in 0..5 {
        let answer = anonymous.call(sign_in(&customer.phone, "guess-1234")).await;
        assert_eq!(answer.error(), AppError::InvalidCredentials);
    }
    // Now even the right password is refused until the lock ends, however the number is typed.
    let p = &customer.phone;
    let typed = format!("+86 {}-{}-{}", &p[..3], &p[3..7], &p[7..]);
    let locked = anonymous.call(sign_in(&typed, FIXTURE_PASSWORD)).await;
    let retry_after: u64 = locked.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((800..=900).contains(&retry_after), "retry after {retry_after}s");
    assert!(
        matches!(locked.error(), AppError::TooManyAttempts { .. }),
        "too many attempts"
    );

    // Other accounts are not affected.
    app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
}

async fn failures_from_one_address_are_throttled_across_accounts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await;
    let anonymous = app.anonymous();
    for i in 0..30 {
        let account = format!("1370000{i:04}");
        let answer = anonymous.call(sign_in(&account, "guess-1234")).await;
        assert_eq!(answer.error(), AppError::InvalidCredentials, "attempt {i}");
    }
    let blocked = anonymous.call(sign_in(&customer.phone, FIXTURE_PASSWORD)).await;
    assert!(matches!(blocked.error(), AppError::TooManyAttempts { .. }));
}

async fn sign_out_revokes_the_token_on_the_server(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    customer.call(ListMyPolicies {}).await.good();

    let out = customer.call(SignOut {}).await;
    assert!(
        out.set_cookie().unwrap().contains("Max-Age=0"),
        "the browser is told to drop the cookie"
    );
    out.good();

    // The old token is still signed and unexpired, but its session is revoked.
    let replay = customer.call(ListMyPolicies {}).await;
    assert_eq!(replay.error(), AppError::Unauthenticated);
    assert_eq!(customer.call(WhoAmI {}).await.good(), None);
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

/// A fresh customer's session cookie (`name=value`).
async fn session_cookie(app: &TestApp) -> String {
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(app).await;
    customer.cookie.expect("signed in")
}

async fn expired_tokens_are_rejected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app).await;
    let mut claims = claims_of(&cookie);
    let now = chrono::Utc::now().timestamp();
    claims["iat"] = json!(now - 3600);
    claims["exp"] = json!(now - 60);
    let expired = format!(
        "insurer_session={}",
        token(&app.signing_key(), Algorithm::HS256, claims)
    );

    let answer = app.with_cookie(expired).call(ListMyPolicies {}).await;
    assert_eq!(answer.error(), AppError::Unauthenticated);
}

async fn tampered_tokens_are_rejected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app).await;
    let token = cookie.split_once('=').unwrap().1;
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    // Claim to be another customer, keeping the original signature.
    let mut claims = claims_of(&cookie);
    claims["sub"] = json!("customer:2");
    use base64::Engine;
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims.to_string());
    let tampered = format!("insurer_session={}", parts.join("."));

    let answer = app.with_cookie(tampered).call(ListMyPolicies {}).await;
    assert_eq!(answer.error(), AppError::Unauthenticated);
    // A token signed with a guessed key fails too.
    let forged = format!(
        "insurer_session={}",
        crate::auth::token(b"guessed-key-guessed-key-guessed-key!", Algorithm::HS256, claims)
    );
    assert_eq!(
        app.with_cookie(forged).call(ListMyPolicies {}).await.error(),
        AppError::Unauthenticated
    );
}

async fn tokens_with_another_algorithm_or_audience_are_rejected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = session_cookie(&app).await;
    let claims = claims_of(&cookie);
    let key = app.signing_key();

    let hs512 = format!("insurer_session={}", token(&key, Algorithm::HS512, claims.clone()));
    assert_eq!(
        app.with_cookie(hs512).call(ListMyPolicies {}).await.error(),
        AppError::Unauthenticated
    );

    let mut other_audience = claims.clone();
    other_audience["aud"] = json!("some-other-service");
    let wrong_aud = format!("insurer_session={}", token(&key, Algorithm::HS256, other_audience));
    assert_eq!(
        app.with_cookie(wrong_aud).call(ListMyPolicies {}).await.error(),
        AppError::Unauthenticated
    );

    use base64::Engine;
    let b64 = |v: &serde_json::Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let unsigned = format!(
        "insurer_session={}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims)
    );
    assert_eq!(
        app.with_cookie(unsigned).call(ListMyPolicies {}).await.error(),
        AppError::Unauthenticated
    );

    // The genuine token still works.
    app.with_cookie(cookie).call(ListMyPolicies {}).await.good();
}

async fn unauthenticated_calls_get_401(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let anonymous = app.anonymous();
    // `error()` checks the status is the kind's (401) and the body is the error alone.
    assert_eq!(
        anonymous.call(ListMyPolicies {}).await.error(),
        AppError::Unauthenticated,
        "policies/list_mine"
    );
    let policy = GetMyPolicy {
        policy_no: "AU202600001234".into(),
    };
    assert_eq!(
        anonymous.call(policy).await.error(),
        AppError::Unauthenticated,
        "policies/get_mine"
    );
    let someone = app.new_customer(CustomerSpec::default()).await;
    let search = FindCustomers {
        query: someone.phone.clone(),
    };
    assert_eq!(
        anonymous.call(search).await.error(),
        AppError::Unauthenticated,
        "console/find_customers"
    );
    let profile = GetCustomer {
        customer_no: "C2026000001".into(),
    };
    assert_eq!(
        anonymous.call(profile).await.error(),
        AppError::Unauthenticated,
        "console/get_customer"
    );
    let change = ChangePassword {
        current_password: "x".into(),
        new_password: "abcd12345".into(),
    };
    assert_eq!(
        anonymous.call(change).await.error(),
        AppError::Unauthenticated,
        "auth/change_password"
    );
    // Asking who is signed in is allowed, and answers nobody.
    let me = anonymous.call(WhoAmI {}).await;
    assert_eq!(me.text, "null");
    assert_eq!(me.good(), None);
}

async fn registration_gives_a_customer_number_and_signs_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let anonymous = app.anonymous();
    let code = app.code_for(CodePurpose::Register, "186 1234 5678").await;
    let answer = anonymous
        .call(Register {
            name: " 周子轩 ".into(),
            contact: "186 1234 5678".into(),
            password: "new-pass-2026".into(),
            code,
        })
        .await;
    let cookie = answer.session_cookie().expect("signed in straight away");
    let Me::Customer {
        name,
        member_level,
        customer_no: number,
        ..
    } = answer.good()
    else {
        panic!("a customer")
    };
    assert_eq!(name, "周子轩");
    assert_eq!(member_level, MemberLevel::Registered);
    let year = chrono::Utc::now().format("%Y").to_string();
    assert!(
        number.starts_with(&format!("C{year}")) && number.len() == 11,
        "{number}"
    );

    // Signed in straight away, with no policies yet; and the new password works.
    let policies = app.with_cookie(cookie).call(ListMyPolicies {}).await.good();
    assert!(policies.is_empty(), "{policies:?}");
    app.signed_in("18612345678", "new-pass-2026").await;

    // The next registration gets the next number (an e-mail is proven by e-mail).
    let code = app.code_for(CodePurpose::Register, "wu@example.cn").await;
    let second = anonymous
        .call(Register {
            name: "吴欣怡".into(),
            contact: "wu@example.cn".into(),
            password: "another-2026".into(),
            code,
        })
        .await
        .good();
    let Me::Customer {
        customer_no: second_number,
        ..
    } = second
    else {
        panic!("a customer")
    };
    assert_ne!(second_number, number);
}

async fn registering_a_taken_phone_is_a_conflict_on_the_contact_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A code was sent to a new number, and the number was registered before it was used.
    let code = app.code_for(CodePurpose::Register, "13712345678").await;
    let existing = app.new_customer(CustomerSpec::default()).await;
    app.execute(&format!(
        "UPDATE customers SET phone = '13712345678' WHERE id = {}",
        existing.customer_id
    ))
    .await;
    let customers_before = app.count("SELECT COUNT(*) FROM customers").await;
    let anonymous = app.anonymous();
    let answer = anonymous
        .call(Register {
            name: "冒名者".into(),
            contact: "13712345678".into(),
            password: "new-pass-2026".into(),
            code,
        })
        .await;
    assert!(answer.session_cookie().is_none());
    let error = answer.conflict("phone_taken");
    assert_eq!(error.field(), Some("contact"));
    // Nothing half-written: no customer, no credentials.
    assert_eq!(app.count("SELECT COUNT(*) FROM customers").await, customers_before);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customer_credentials").await,
        customers_before
    );

    let weak = anonymous
        .call(Register {
            name: "李娜".into(),
            contact: "13612345678".into(),
            password: "short".into(),
            code: "123456".into(),
        })
        .await;
    weak.invalid("password_too_short", "password");
}

async fn password_change_revokes_every_other_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await;
    let phone = customer.sign_in(&app).await;
    let laptop = customer.sign_in(&app).await;

    let wrong = phone
        .call(ChangePassword {
            current_password: "not-it-123".into(),
            new_password: "brand-new-2026".into(),
        })
        .await;
    let error = wrong.error();
    assert!(matches!(error, AppError::Invalid { .. }), "{error:?}");
    assert_eq!(error.field(), Some("current_password"));

    let changed = phone
        .call(ChangePassword {
            current_password: FIXTURE_PASSWORD.into(),
            new_password: "brand-new-2026".into(),
        })
        .await;
    let fresh = changed.session_cookie().expect("this device gets a fresh session");
    changed.good();

    assert_eq!(laptop.call(ListMyPolicies {}).await.error(), AppError::Unauthenticated);
    assert_eq!(phone.call(ListMyPolicies {}).await.error(), AppError::Unauthenticated);
    app.with_cookie(fresh).call(ListMyPolicies {}).await.good();
    let old = app.anonymous().call(sign_in(&customer.phone, FIXTURE_PASSWORD)).await;
    assert_eq!(old.error(), AppError::InvalidCredentials);
    app.signed_in(&customer.phone, "brand-new-2026").await;
}

async fn a_token_past_half_its_life_is_renewed_on_use(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let cookie = customer.cookie.clone().unwrap();

    // A fresh token is not renewed.
    let fresh = customer.call(ListMyPolicies {}).await;
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
    let answer = app.with_cookie(aging).call(ListMyPolicies {}).await;
    let renewed = answer.session_cookie().expect("a renewed cookie");
    answer.good();
    assert!(claims_of(&renewed)["exp"].as_i64().unwrap() >= now + 29 * 60);
    assert_eq!(
        claims_of(&renewed)["sid"],
        claims_of(&cookie)["sid"],
        "the same session"
    );
    app.with_cookie(renewed).call(ListMyPolicies {}).await.good();
}
