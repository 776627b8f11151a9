//! `./x bench`: throughput and latency of the customer's policy list, through the server
//! function (cookie, token and session check, then the query) and through a plain axum
//! handler running the same query with no auth, side by side, on SQLite and PostgreSQL.
//!
//! Options: `--seconds N` (per measurement, default 10), `--clients N` (concurrent, default 32),
//! `--customers N` (signed in, default 100), `--db sqlite|postgres|both` (default both).
//! The load comes from this same process over loopback, so both sides share the 2 cores.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use sqlx::Connection;

use app::backend::AppState;
use server::config::Config;
use server::demo::DEMO_PASSWORD;
use server::startup::Application;

struct Options {
    seconds: u64,
    clients: usize,
    customers: usize,
    backends: Vec<&'static str>,
}

fn options() -> anyhow::Result<Options> {
    let mut o = Options {
        seconds: 10,
        clients: 32,
        customers: 100,
        backends: vec!["sqlite", "postgres"],
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).context("every option takes a value")?;
        match args[i].as_str() {
            "--seconds" => o.seconds = value.parse()?,
            "--clients" => o.clients = value.parse()?,
            "--customers" => o.customers = value.parse()?,
            "--db" => {
                o.backends = match value.as_str() {
                    "sqlite" => vec!["sqlite"],
                    "postgres" => vec!["postgres"],
                    "both" => vec!["sqlite", "postgres"],
                    other => anyhow::bail!("--db takes sqlite, postgres or both, not {other}"),
                }
            }
            other => anyhow::bail!("unknown option {other}"),
        }
        i += 2;
    }
    Ok(o)
}

#[derive(Deserialize)]
struct PlainQuery {
    customer_id: i64,
}

/// The same query the server function runs, with no auth and no server-function layer.
async fn plain_policies(
    State(state): State<AppState>,
    Query(q): Query<PlainQuery>,
) -> Result<Json<Vec<app::model::policies::PolicySummary>>, axum::http::StatusCode> {
    app::backend::policies::list_for_holder(&state.db, q.customer_id)
        .await
        .map(Json)
        .map_err(|_| axum::http::StatusCode::INTERNAL_SERVER_ERROR)
}

/// Builds the request for the i-th signed-in customer.
type MakeRequest = Arc<dyn Fn(&reqwest::Client, usize) -> reqwest::RequestBuilder + Send + Sync>;

struct Figures {
    requests: usize,
    errors: usize,
    per_sec: f64,
    p50: Duration,
    p99: Duration,
}

async fn load(client: reqwest::Client, clients: usize, seconds: u64, make: MakeRequest, targets: usize) -> Figures {
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for worker in 0..clients {
        let client = client.clone();
        let make = make.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut n = worker;
            while Instant::now() < deadline {
                let began = Instant::now();
                let ok = match make(&client, n % targets).send().await {
                    Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
                    Err(_) => false,
                };
                if ok {
                    latencies.push(began.elapsed());
                } else {
                    errors += 1;
                }
                n += clients;
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (latencies, e) = task.await.unwrap();
        all.extend(latencies);
        errors += e;
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort();
    let at = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Figures {
        requests: all.len(),
        errors,
        per_sec: all.len() as f64 / elapsed,
        p50: at(0.50),
        p99: at(0.99),
    }
}

async fn bench_backend(backend: &str, o: &Options) -> anyhow::Result<()> {
    let data_dir = std::env::temp_dir().join(format!("insurer-bench-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&data_dir)?;
    let mut pg_name = None;
    let url = match backend {
        "sqlite" => format!("sqlite://{}/bench.db?mode=rwc", data_dir.display()),
        _ => {
            let admin = std::env::var("TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
            let name = format!("insurer_bench_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .context("PostgreSQL must be running")?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await?;
            pg_name = Some((admin.clone(), name.clone()));
            format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
        }
    };
    let env = [
        ("APP_BIND", "127.0.0.1:0".to_string()),
        ("APP_DATABASE_URL", url),
        ("APP_DATA_DIR", data_dir.display().to_string()),
        ("APP_SITE_ROOT", data_dir.display().to_string()),
        ("APP_SEED_DEMO", "true".into()),
        ("APP_LOG", "warn".into()),
    ];
    let config = Config::from_lookup(|k| env.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone()))?;
    let extra = Router::new().route("/bench/plain/policies", get(plain_policies));
    let app = Application::build_with(config, extra).await?;
    let base = format!("http://{}", app.local_addr());
    let pool = app.state.db.pool.clone();
    let stop = app.stop_handle();
    let running = tokio::spawn(app.run_until_stopped());

    let customers: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, phone FROM customers WHERE phone IS NOT NULL ORDER BY id LIMIT $1")
            .bind(o.customers as i64)
            .fetch_all(&pool)
            .await?;
    let client = reqwest::Client::builder().pool_max_idle_per_host(o.clients).build()?;
    let mut cookies = Vec::new();
    for (_, phone) in &customers {
        let response = client
            .post(format!("{base}/api/auth/sign_in"))
            .form(&[("account", phone.as_str()), ("password", DEMO_PASSWORD)])
            .send()
            .await?;
        anyhow::ensure!(
            response.status().is_success(),
            "sign-in failed for {phone}: {}",
            response.status()
        );
        let cookie = response.headers()["set-cookie"]
            .to_str()?
            .split(';')
            .next()
            .unwrap()
            .to_string();
        cookies.push(cookie);
    }
    let ids: Vec<i64> = customers.iter().map(|(id, _)| *id).collect();
    println!(
        "\n{backend}: {} customers signed in, {} clients, {} s each",
        cookies.len(),
        o.clients,
        o.seconds
    );

    let fn_url = format!("{base}/api/policies/list_mine");
    let cookies = Arc::new(cookies);
    let server_fn = load(
        client.clone(),
        o.clients,
        o.seconds,
        Arc::new(move |c: &reqwest::Client, i| c.post(&fn_url).header("cookie", &cookies[i])),
        ids.len(),
    )
    .await;
    let plain_url = format!("{base}/bench/plain/policies");
    let plain = load(
        client.clone(),
        o.clients,
        o.seconds,
        Arc::new(move |c: &reqwest::Client, i| c.get(format!("{plain_url}?customer_id={}", ids[i]))),
        customers.len(),
    )
    .await;

    for (name, f) in [("server function", &server_fn), ("plain axum", &plain)] {
        println!(
            "  {name:<16} {:>9.0} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms   ({} requests, {} errors)",
            f.per_sec,
            f.p50.as_secs_f64() * 1000.0,
            f.p99.as_secs_f64() * 1000.0,
            f.requests,
            f.errors
        );
    }
    println!(
        "  ratio            {:>9.2} × the plain handler's throughput",
        server_fn.per_sec / plain.per_sec
    );

    // The server and its background jobs stop before the database goes away.
    stop.stop();
    let _ = running.await;
    pool.close().await;
    let _ = std::fs::remove_dir_all(&data_dir);
    if let Some((admin, name)) = pg_name {
        let mut conn = sqlx::PgConnection::connect(&admin).await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let o = options()?;
    server::telemetry::init("warn");
    for backend in o.backends.clone() {
        bench_backend(backend, &o).await?;
    }
    Ok(())
}
