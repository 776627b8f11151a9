//! One-time codes: proving a phone or e-mail at registration, signing in with a code, and
//! resetting a forgotten password.

use app::api::portal::policies::ListMyPolicies;
use app::api::public::auth::{Register, ResetPassword, SendCode, SignIn, SignInWithCode};
use app::domain::CodePurpose;
use app::error::AppError;
use app::model::auth::Me;

use crate::fixtures::{CustomerSpec, FIXTURE_PASSWORD};
use crate::harness::*;
use crate::on_both;

on_both!(
    registration_needs_the_code_sent_to_the_phone,
    a_code_takes_five_wrong_tries_and_works_once,
    asking_for_a_code_answers_alike_whether_an_account_exists,
    codes_are_limited_per_destination,
    a_customer_signs_in_with_a_code,
    a_reset_password_ends_every_other_session,
);

fn register(contact: &str, code: &str) -> Register {
    Register {
        name: "周子轩".into(),
        contact: contact.into(),
        password: "new-pass-2026".into(),
        code: code.into(),
    }
}

fn other_than(code: &str) -> String {
    format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000)
}

async fn outbox_to(app: &TestApp, recipient: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM outbox WHERE recipient = '{recipient}'"))
        .await
}

async fn registration_needs_the_code_sent_to_the_phone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let anyone = app.anonymous();
    let before = app.count("SELECT COUNT(*) FROM customers").await;
    // Without asking for a code first, nothing can be registered.
    anyone
        .call(register("18612345678", "123456"))
        .await
        .invalid("code_expired", "code");
    let code = app.code_for(CodePurpose::Register, "18612345678").await;
    anyone
        .call(register("18612345678", &other_than(&code)))
        .await
        .invalid("code_wrong", "code");
    assert_eq!(app.count("SELECT COUNT(*) FROM customers").await, before);
    let me = anyone.call(register("18612345678", &code)).await.good();
    assert!(matches!(me, Me::Customer { .. }));
    // The code is kept only as a keyed hash.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM one_time_codes WHERE code_hash LIKE '%{code}%'"
        ))
        .await,
        0
    );
}

async fn a_code_takes_five_wrong_tries_and_works_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let anyone = app.anonymous();
    let code = app.code_for(CodePurpose::Register, "18612345679").await;
    for _ in 0..5 {
        anyone
            .call(register("18612345679", &other_than(&code)))
            .await
            .invalid("code_wrong", "code");
    }
    // The right code after five wrong tries no longer works.
    anyone
        .call(register("18612345679", &code))
        .await
        .invalid("code_expired", "code");

    let fresh = app.code_for(CodePurpose::Register, "18612345670").await;
    anyone.call(register("18612345670", &fresh)).await.good();
    // Used once, it is gone (a second registration with it fails on the code, not later).
    anyone
        .call(register("18612345670", &fresh))
        .await
        .invalid("code_expired", "code");
}

async fn asking_for_a_code_answers_alike_whether_an_account_exists(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let existing = app.new_customer(CustomerSpec::default()).await;
    let anyone = app.anonymous();
    let ask = |purpose: CodePurpose, contact: &str| SendCode {
        purpose: purpose.as_str().into(),
        contact: contact.into(),
    };
    let asks = [
        (CodePurpose::SignIn, existing.phone.clone(), true),
        (CodePurpose::SignIn, "18800001111".to_string(), false),
        (CodePurpose::Register, existing.phone.clone(), false),
        (CodePurpose::Register, "18800002222".to_string(), true),
    ];
    for (purpose, contact, sent) in asks {
        // One code a minute per destination, whatever it is for.
        app.execute("UPDATE one_time_codes SET created_at = created_at - 61000")
            .await;
        let before = outbox_to(&app, &contact).await;
        let answer = anyone.call(ask(purpose, &contact)).await;
        assert_eq!((answer.status.as_u16(), answer.text.as_str()), (200, "null"));
        let after = outbox_to(&app, &contact).await;
        assert_eq!(after - before, i64::from(sent), "{purpose:?} to {contact}");
    }
}

async fn codes_are_limited_per_destination(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let anyone = app.anonymous();
    let ask = SendCode {
        purpose: "register".into(),
        contact: "18612340000".into(),
    };
    anyone.call(ask.clone()).await.good();
    // Again within a minute: wait.
    let again = anyone.call(ask.clone()).await.error();
    assert!(matches!(again, AppError::TooManyAttempts { retry_after_secs } if retry_after_secs <= 60));
    // Five in an hour at most (the minute between them is taken back in time here).
    for _ in 0..4 {
        app.execute("UPDATE one_time_codes SET created_at = created_at - 61000")
            .await;
        anyone.call(ask.clone()).await.good();
    }
    app.execute("UPDATE one_time_codes SET created_at = created_at - 61000")
        .await;
    let sixth = anyone.call(ask).await.error();
    assert!(matches!(sixth, AppError::TooManyAttempts { .. }), "{sixth:?}");
}

async fn a_customer_signs_in_with_a_code(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let anyone = app.anonymous();
    let code = app.code_for(CodePurpose::SignIn, &fixture.phone).await;
    anyone
        .call(SignInWithCode {
            contact: fixture.phone.clone(),
            code: other_than(&code),
        })
        .await
        .invalid("code_wrong", "code");
    let answer = anyone
        .call(SignInWithCode {
            contact: fixture.phone.clone(),
            code,
        })
        .await;
    let cookie = answer.session_cookie().expect("signed in");
    let me = answer.good();
    assert!(matches!(me, Me::Customer { ref customer_no, .. } if customer_no == fixture.customer_no.as_str()));
    app.with_cookie(cookie).call(ListMyPolicies {}).await.good();
}

async fn a_reset_password_ends_every_other_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let elsewhere = fixture.sign_in(&app).await;
    let code = app.code_for(CodePurpose::ResetPassword, &fixture.phone).await;
    let answer = app
        .anonymous()
        .call(ResetPassword {
            contact: fixture.phone.clone(),
            code,
            new_password: "reset-pass-77".into(),
        })
        .await;
    let here = app.with_cookie(answer.session_cookie().expect("signed in with the new password"));
    answer.good();
    here.call(ListMyPolicies {}).await.good();
    assert_eq!(
        elsewhere.call(ListMyPolicies {}).await.error(),
        AppError::Unauthenticated,
        "the other device is signed out"
    );
    let old = app
        .anonymous()
        .call(SignIn {
            account: fixture.phone.clone(),
            password: FIXTURE_PASSWORD.into(),
        })
        .await
        .error();
    assert_eq!(old, AppError::InvalidCredentials);
    app.signed_in(&fixture.phone, "reset-pass-77").await;
}
