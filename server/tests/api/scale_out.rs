//! Two real server processes on one PostgreSQL database serve the same users.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::StatusCode;

use crate::harness::*;

struct ServerProcess {
    child: Child,
    base: String,
}

impl ServerProcess {
    fn start(database: &TestDatabase, data_dir: &std::path::Path, secret: &str) -> Self {
        std::fs::create_dir_all(data_dir).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .env("APP_BIND", "127.0.0.1:0")
            .env("APP_DATABASE_URL", &database.url)
            .env("APP_DATA_DIR", data_dir)
            .env("APP_SITE_ROOT", data_dir)
            .env("APP_JWT_SECRET", secret)
            .env("APP_SEED_DEMO", "true")
            .env("APP_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let line = lines.next().expect("the server prints its URL").unwrap();
            if let Some(i) = line.find("http://") {
                break line[i..].trim().to_string();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        Self { child, base }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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
        let a = s.spawn(|| ServerProcess::start(&database, &database.data_dir.join("a"), secret));
        let b = s.spawn(|| ServerProcess::start(&database, &database.data_dir.join("b"), secret));
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
