//! Two real server processes on one PostgreSQL database serve the same users, and with an
//! S3-compatible bucket they need no shared disk.

use reqwest::StatusCode;

use app::api::console::customers::FindCustomers;
use sqlx::Connection;

use crate::claims::jpeg;
use crate::fixtures::{new_customer_at, opened_work_order, CustomerSpec, FIXTURE_PASSWORD};
use crate::harness::*;
use crate::outside_servers::S3Server;
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
    let customer = new_customer_at(&database, CustomerSpec::default()).await;
    let other = new_customer_at(&database, CustomerSpec::default()).await;

    let signed_in = call(
        &a.base,
        "auth/sign_in",
        &[("account", customer.phone.as_str()), ("password", FIXTURE_PASSWORD)],
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
    let policies = on_b.json::<serde_json::Value>().await.unwrap();
    let policies = policies.as_array().unwrap();
    assert_eq!(policies.len(), 1, "{policies:?}");
    assert_eq!(policies[0]["policy_no"], customer.policy_no.as_str());

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
            &[("account", other.phone.as_str()), ("password", "guess-1234")],
            None,
        )
        .await;
    }
    let locked = call(
        &a.base,
        "auth/sign_in",
        &[("account", other.phone.as_str()), ("password", FIXTURE_PASSWORD)],
        None,
    )
    .await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    drop((a, b));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_uploaded_through_one_process_is_served_by_another_from_the_bucket() {
    let database = TestDatabase::create(Backend::Postgres).await;
    let s3 = S3Server::start().await;
    let bucket = s3.bucket().await;
    let settings = s3.settings(&bucket, "");
    let env: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let secret = "a-shared-secret-for-both-processes-0123456789";
    // Separate data folders: nothing on disk is shared.
    let a = ServerProcess::start(&database, &database.data_dir.join("a"), secret, &env);
    let b = ServerProcess::start(&database, &database.data_dir.join("b"), secret, &env);
    let customer = new_customer_at(&database, CustomerSpec::default()).await;

    let signed_in = call(
        &a.base,
        "auth/sign_in",
        &[("account", customer.phone.as_str()), ("password", FIXTURE_PASSWORD)],
        None,
    )
    .await;
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    // The demo's ID photos waiting for review are there already.
    let before = s3.keys(&bucket).await.len();
    // Large enough to go up in parts.
    let photo = jpeg(9 * 1024 * 1024);
    let form = reqwest::multipart::Form::new().text("purpose", "claim").part(
        "file",
        reqwest::multipart::Part::bytes(photo.clone()).file_name("scene.jpg"),
    );
    let uploaded = reqwest::Client::new()
        .post(format!("{}/api/documents/upload", a.base))
        .header("cookie", &cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), StatusCode::OK);
    let id = uploaded.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    let on_b = reqwest::Client::new()
        .get(format!("{}/api/documents/file?id={id}", b.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(on_b.status(), StatusCode::OK);
    assert!(
        on_b.bytes().await.unwrap() == photo,
        "B serves A's upload byte for byte"
    );
    assert_eq!(s3.keys(&bucket).await.len(), before + 2, "the photo and its thumbnail");
    drop((a, b));
}

/// Staff's searches read from a PostgreSQL streaming replica; what customers read of their
/// own comes from the primary, so they see their writes at once, however far the replica
/// trails. Replay on the replica is paused to make it trail.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_read_the_replica_and_customers_see_their_own_writes_at_once() {
    let app = TestApp::spawn_with_replica().await;
    let agent = app.as_agent().await;
    let mut standby = sqlx::PgConnection::connect(&format!("{}/postgres", postgres_replica_url()))
        .await
        .unwrap();
    let search = || FindCustomers {
        query: "复制品测试".into(),
    };
    assert!(agent.call(search()).await.good().is_empty());

    sqlx::query("SELECT pg_wal_replay_pause()")
        .execute(&mut standby)
        .await
        .unwrap();
    // However this test ends, the shared replica replays again.
    let resume = ResumeReplay;
    let fixture = app
        .new_customer(CustomerSpec {
            name: Some("复制品测试"),
            ..CustomerSpec::default()
        })
        .await;
    // The customer signs in, writes, and reads it back: all from the primary.
    let customer = fixture.sign_in(&app).await;
    let order_no = opened_work_order(&customer).await;
    let mine = customer
        .call(app::api::portal::work_orders::ListMyWorkOrders { before: None })
        .await
        .good()
        .items;
    let trailing = agent.call(search()).await.good();
    drop(resume);
    assert!(mine.iter().any(|o| o.order_no == order_no), "{mine:?}");
    assert!(
        trailing.is_empty(),
        "the search read the primary, not the replica: {trailing:?}"
    );

    // Replay resumed: the search finds the new customer within moments.
    let began = std::time::Instant::now();
    loop {
        let found = agent.call(search()).await.good();
        if found.iter().any(|c| c.customer_no == fixture.customer_no.as_str()) {
            break;
        }
        assert!(began.elapsed().as_secs() < 20, "the replica never caught up: {found:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Resumes the replica's replay when dropped (a failed assertion included).
struct ResumeReplay;

impl Drop for ResumeReplay {
    fn drop(&mut self) {
        let _ = std::thread::spawn(|| {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let url = format!("{}/postgres", postgres_replica_url());
                if let Ok(mut standby) = sqlx::PgConnection::connect(&url).await {
                    let _ = sqlx::query("SELECT pg_wal_replay_resume()").execute(&mut standby).await;
                }
            });
        })
        .join();
    }
}
