//! Two real server processes on one PostgreSQL database serve the same users.

use reqwest::StatusCode;

use crate::harness::*;
use crate::process::ServerProcess;

async fn call(base: &str, endpoint: &str, args: &[(&str, &str)], cookie: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new().post(format!("{base}/api/{endpoint}")).form(args);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_on_one_postgres_share_sessions() {
    let database = TestDatabase::create(Backend::Postgres).await;
    let secret = "a-shared-secret-for-both-processes-0123456789";
    // Both start at once against an empty database: migrations and demo data must cope.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| ServerProcess::start(&database, &database.data_dir.join("a"), secret, &[]));
        let b = s.spawn(|| ServerProcess::start(&database, &database.data_dir.join("b"), secret, &[]));
        (a.join().unwrap(), b.join().unwrap())
    });

    let signed_in = call(
        &a.base,
        "auth/sign_in",
        &[("account", DEMO_CUSTOMER_PHONE), ("password", DEMO_PASSWORD)],
        None,
    )
    .await;
    assert_eq!(signed_in.status(), StatusCode::OK);
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();

    let on_b = call(&b.base, "policies/list_mine", &[], Some(&cookie)).await;
    assert_eq!(on_b.status(), StatusCode::OK, "a session started on A works on B");
    assert_eq!(
        on_b.json::<serde_json::Value>()
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        6
    );

    let out = call(&b.base, "auth/sign_out", &[], Some(&cookie)).await;
    assert_eq!(out.status(), StatusCode::OK);
    let on_a = call(&a.base, "policies/list_mine", &[], Some(&cookie)).await;
    assert_eq!(
        on_a.status(),
        StatusCode::UNAUTHORIZED,
        "signing out on B ends the session on A"
    );

    // Throttling counts across both processes.
    for i in 0..5 {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        call(
            base,
            "auth/sign_in",
            &[("account", OTHER_CUSTOMER_PHONE), ("password", "guess-1234")],
            None,
        )
        .await;
    }
    let locked = call(
        &a.base,
        "auth/sign_in",
        &[("account", OTHER_CUSTOMER_PHONE), ("password", DEMO_PASSWORD)],
        None,
    )
    .await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    drop((a, b));
}
