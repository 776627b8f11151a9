//! HTTP-level behaviour: malformed and oversized requests, field errors on the wire, every
//! endpoint registered, health, pages and their headers.

use reqwest::StatusCode;
use serde_json::json;

use app::api::portal::policies::{GetMyPolicy, ListMyPolicies};
use app::api::public::auth::{Register, WhoAmI};
use app::error::AppError;

use crate::fixtures::CustomerSpec;
use crate::harness::*;
use crate::on_both;

on_both!(
    malformed_requests_get_400_with_a_clear_message,
    invalid_fields_get_422_naming_the_field,
    oversized_requests_get_413_and_change_nothing,
    every_endpoint_is_registered,
    health_endpoints_report_liveness_and_database_readiness,
);

async fn malformed_requests_get_400_with_a_clear_message(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;

    // No `policy_no` at all: sent by hand, as the argument struct always has it.
    let missing = customer.call_raw("policies/get_mine", &[]).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.body["kind"], "bad_request");
    assert!(
        missing.body["message"].as_str().unwrap().contains("policy_no"),
        "{}",
        missing.body
    );

    let garbage = app
        .client
        .post(format!("{}/api/auth/sign_in", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("%%%not-a-form")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = garbage.json().await.unwrap();
    assert_eq!(body["kind"], "bad_request");
}

async fn invalid_fields_get_422_naming_the_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let bad_account = app
        .call("auth/sign_in", &[("account", "12345"), ("password", "x")], None)
        .await;
    assert_eq!(bad_account.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad_account.body,
        json!({"kind": "invalid", "field": "account", "code": "account_invalid",
               "message": "Enter your phone number, e-mail or staff username"})
    );
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let bad_policy = customer
        .call(GetMyPolicy {
            policy_no: "'; DROP TABLE policies; --".into(),
        })
        .await
        .error();
    assert!(matches!(bad_policy, AppError::Invalid { .. }), "{bad_policy:?}");
    assert_eq!(bad_policy.field(), Some("policy_no"));
    assert_eq!(customer.call(ListMyPolicies {}).await.good().len(), 1);
}

async fn oversized_requests_get_413_and_change_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let before = app.count("SELECT COUNT(*) FROM customers").await;
    let huge_name = "名".repeat(40_000);
    let answer = app
        .call(
            "auth/register",
            &[
                ("name", &huge_name),
                ("contact", "13912349876"),
                ("password", "big-pass-2026"),
            ],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.body, json!({"kind": "payload_too_large", "limit_bytes": 65536}));
    assert_eq!(app.count("SELECT COUNT(*) FROM customers").await, before);

    // Within the limit but over the field's own limit: a field error, still nothing written.
    let long = app
        .anonymous()
        .call(Register {
            name: "名".repeat(51),
            contact: "13912349876".into(),
            password: "big-pass-2026".into(),
            code: "123456".into(),
        })
        .await
        .error();
    assert!(matches!(long, AppError::Invalid { .. }), "{long:?}");
    assert_eq!(long.code(), "name_invalid");
    assert_eq!(app.count("SELECT COUNT(*) FROM customers").await, before);
}

async fn every_endpoint_is_registered(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for endpoint in [
        "auth/sign_in",
        "auth/sign_out",
        "auth/register",
        "auth/who_am_i",
        "auth/change_password",
        "policies/list_mine",
        "policies/get_mine",
        "console/find_customers",
        "console/get_customer",
        "console/get_customer_policy",
    ] {
        let answer = app.call(endpoint, &[], None).await;
        assert!(
            answer.body.get("kind").is_some() || answer.status == StatusCode::OK,
            "{endpoint}: {} {}",
            answer.status,
            answer.body
        );
    }
    // An unknown endpoint is "not found" in the API's own shape, not a framework's hint.
    let unknown = app.call("nope/nothing", &[], None).await;
    assert_eq!(
        (unknown.status, unknown.body),
        (StatusCode::NOT_FOUND, json!({"kind": "not_found"}))
    );
}

async fn health_endpoints_report_liveness_and_database_readiness(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let live = app
        .client
        .get(format!("{}/health/live", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(live.status(), StatusCode::OK);
    let ready = app
        .client
        .get(format!("{}/health/ready", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.text().await.unwrap(), "ready");

    app.app_state.db.pool.close().await;
    let down = app
        .client
        .get(format!("{}/health/ready", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(down.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn pages_and_assets_carry_security_and_cache_headers() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let site = app.database.data_dir.join("site");
    std::fs::write(site.join("portal/main-0123456789abcdef.css"), b"body{}").unwrap();

    let page = app
        .client
        .get(format!("{}/my/policies", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK, "client routes get the app");
    let h = page.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{csp}");
    assert!(
        csp.contains("style-src 'self' 'sha256-"),
        "the inline skeleton style is allowed: {csp}"
    );
    assert!(page.text().await.unwrap().contains("portal page"));
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    assert_eq!(h["cache-control"], "no-cache");
    assert!(h.contains_key("x-request-id"));

    let css = app
        .client
        .get(format!("{}/main-0123456789abcdef.css", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(css.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(css.headers()["x-content-type-options"], "nosniff");
    assert!(
        !css.headers().contains_key("content-security-policy"),
        "a code file carries no page-level headers"
    );

    // A bundle's code folder, named by its content hash, is cached whole.
    std::fs::create_dir_all(site.join("portal/app-0123456789abcdef")).unwrap();
    std::fs::write(site.join("portal/app-0123456789abcdef/chunk_1.wasm"), b"\0asm").unwrap();
    let chunk = app
        .client
        .get(format!("{}/app-0123456789abcdef/chunk_1.wasm", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(chunk.status(), StatusCode::OK);
    assert_eq!(chunk.headers()["cache-control"], "public, max-age=31536000, immutable");

    let api = app.anonymous().call(WhoAmI {}).await;
    assert_eq!(api.headers["cache-control"], "no-store");
    assert_eq!(api.headers["x-frame-options"], "DENY");
    assert_eq!(api.headers["x-content-type-options"], "nosniff");
    assert_eq!(
        api.headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'",
        "an API answer may load nothing and be framed nowhere"
    );
    assert!(
        !api.headers.contains_key("permissions-policy"),
        "document-only policies stay off the API's answers"
    );
}

#[tokio::test]
async fn the_console_gets_the_staff_bundle_and_everything_else_the_customers() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let site = app.database.data_dir.join("site");
    std::fs::create_dir_all(site.join("staff/app-fedcba9876543210")).unwrap();
    std::fs::write(site.join("staff/app-fedcba9876543210/frontend_bg.wasm"), b"\0asm").unwrap();
    let get = |path: &'static str| {
        let client = app.client.clone();
        let url = format!("{}{path}", app.base);
        async move {
            let response = client.get(url).send().await.unwrap();
            (
                response.status(),
                response.headers().clone(),
                response.text().await.unwrap(),
            )
        }
    };

    for path in ["/console", "/console/customers/C2026000001", "/console?q=138"] {
        let (status, _, body) = get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains("staff page"), "{path} gets the staff bundle: {body}");
    }
    for path in ["/", "/sign-in", "/my/claims/new", "/consoles", "/my/console"] {
        let (status, _, body) = get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains("portal page"), "{path} gets the customer bundle: {body}");
    }
    let (status, headers, _) = get("/staff/app-fedcba9876543210/frontend_bg.wasm").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable");
    let (status, _, _) = get("/staff/no-such-file.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the staff assets have no page fallback");
}

#[tokio::test]
async fn the_sign_in_page_arrives_with_its_form_in_the_readers_language() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let site = app.database.data_dir.join("site/portal/index.html");
    std::fs::write(
        &site,
        "<!DOCTYPE html><title>portal page</title><div id=\"boot\"><!--boot-main--><i>bars</i><!--/boot-main--></div>",
    )
    .unwrap();
    let get = |cookie: Option<&'static str>| {
        let mut request = app.client.get(format!("{}/sign-in?next=/my/claims", app.base));
        if let Some(cookie) = cookie {
            request = request.header(reqwest::header::COOKIE, cookie);
        }
        async move {
            let response = request.send().await.unwrap();
            (
                response.status(),
                response.headers().clone(),
                response.text().await.unwrap(),
            )
        }
    };

    let (status, headers, body) = get(None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(headers["cache-control"], "no-cache");
    assert!(headers.contains_key("content-security-policy"));
    assert!(
        !body.contains("<i>bars</i>"),
        "the form takes the skeleton's place: {body}"
    );
    assert!(body.contains("name=\"account\"") && body.contains("name=\"password\""));
    assert!(
        body.contains(&app::locale::Locale::ZhCn.text("sign_in.password")),
        "Chinese by default"
    );

    let (_, _, english) = get(Some("lang=en")).await;
    assert!(
        english.contains(&app::locale::Locale::En.text("sign_in.title")),
        "{english}"
    );
}
