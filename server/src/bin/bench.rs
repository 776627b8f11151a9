//! `./x bench`: throughput and latency through a server function and through a plain axum
//! handler that does the same work (reads the cookie, verifies the token, checks the
//! session row, runs the query) without the server-function layer, side by side, on SQLite
//! and PostgreSQL, at each number of concurrent connections. Two scenarios:
//!
//! - `policies`: a customer's policy list, the demo customers signed in;
//! - `queue`: an agent's queue view (their groups' unassigned work, VIP first, earliest
//!   deadline first, with every view's count) on a desk loaded with `--orders` open work
//!   orders and `--agents` agents, all signed in.
//!
//! Options: `--seconds N` (per measurement, default 10), `--clients 32,64` (concurrent
//! connections, one run each), `--rounds N` (measurements of each side, taking turns,
//! default 2), `--customers N` (signed in, default 100), `--orders N` (default 10000),
//! `--agents N` (default 50), `--scenario policies|queue|both|balanced` (default both),
//! `--db sqlite|postgres|both` (default both). The load comes from this same process over
//! loopback, so the server and the load share the machine's cores.
//!
//! `--scale N` instead compares, on PostgreSQL (or SQLite with `--db sqlite`), the requests people make (the agents' queue
//! views and counts, take next, the claims desk, a customer's home, policies, claims, work orders and
//! notifications, the customer 360, the audit log, customer search) on a small database
//! (the demo and `--orders` open work orders, default 1000 here) and on the same database
//! after `server::scale` has added N customers with everything that comes with them,
//! printing p50, p99 and the ratio of throughputs for each; then it publishes an
//! announcement to every customer and times its telling to the end.
//!
//! `--scenario storm` (PostgreSQL, photos in moto's S3-compatible bucket): agents work their
//! queues and customers read their claims for `--seconds`, calm, then again while claims
//! with a photo arrive at 40,000 an hour; prints both spells' latencies, the errors, and
//! whether every acknowledged claim is there once with its photo.
//!
//! `--scenario balanced` starts two release server processes (the `server` binary beside
//! this one) on one PostgreSQL database and nginx in front of them, and measures the
//! customers' policy list through one process alone, one behind nginx and two behind it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use sqlx::Connection;

use app::backend::AppState;
use server::config::Config;
use server::demo::DEMO_PASSWORD;
use server::startup::Application;

struct Options {
    seconds: u64,
    clients: Vec<usize>,
    rounds: u32,
    customers: usize,
    orders: usize,
    agents: usize,
    scenarios: Vec<&'static str>,
    backends: Vec<&'static str>,
    /// Customers to add for the scale comparison; 0 for the usual scenarios.
    scale: i64,
}

fn options() -> anyhow::Result<Options> {
    let mut o = Options {
        seconds: 10,
        clients: vec![32, 64],
        rounds: 2,
        customers: 100,
        orders: 10_000,
        agents: 50,
        scenarios: vec!["policies", "queue"],
        backends: vec!["sqlite", "postgres"],
        scale: 0,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).context("every option takes a value")?;
        match args[i].as_str() {
            "--seconds" => o.seconds = value.parse()?,
            "--clients" => {
                o.clients = value
                    .split(',')
                    .map(|n| n.trim().parse())
                    .collect::<Result<_, _>>()
                    .context("--clients takes numbers like 32,64")?
            }
            "--customers" => o.customers = value.parse()?,
            "--rounds" => o.rounds = value.parse()?,
            "--orders" => o.orders = value.parse()?,
            "--agents" => o.agents = value.parse()?,
            "--scale" => o.scale = value.parse()?,
            "--scenario" => {
                o.scenarios = match value.as_str() {
                    "policies" => vec!["policies"],
                    "queue" => vec!["queue"],
                    "both" => vec!["policies", "queue"],
                    "balanced" => vec!["balanced"],
                    "storm" => vec!["storm"],
                    "board" => vec!["board"],
                    other => {
                        anyhow::bail!("--scenario takes policies, queue, both, balanced, storm or board, not {other}")
                    }
                }
            }
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
    let db_chosen = args.iter().any(|a| a == "--db");
    // The scale comparison runs on PostgreSQL unless SQLite is asked for (to state what the
    // embedded default holds); the balanced and storm scenarios need PostgreSQL.
    if (o.scale > 0 && !db_chosen) || o.scenarios == ["balanced"] || o.scenarios == ["storm"] {
        o.backends = vec!["postgres"];
        if !args.iter().any(|a| a == "--orders") {
            o.orders = 1_000;
        }
    }
    Ok(o)
}

/// The server function's work, by hand: the cookie, the token and session check (the
/// guard's own core), and the same query; no server-function layer around it.
async fn plain_policies(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<Json<Vec<app::model::policies::PolicySummary>>, axum::http::StatusCode> {
    use app::backend::platform::auth::guard::{caller_for_token, Caller};
    use axum::http::StatusCode;
    let token = app::backend::platform::auth::session::token_in_headers(&headers).ok_or(StatusCode::UNAUTHORIZED)?;
    let customer_id = match caller_for_token(&state, &token).await {
        Ok(Some((Caller::Customer(customer), _))) => customer.customer_id,
        Ok(Some(_)) => return Err(StatusCode::FORBIDDEN),
        Ok(None) => return Err(StatusCode::UNAUTHORIZED),
        Err(_) => return Err(StatusCode::INTERNAL_SERVER_ERROR),
    };
    app::backend::policies::list_for_holder(&state.db, customer_id)
        .await
        .map(Json)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

/// The queue view's work, by hand: the cookie, the token and session check (the guard's
/// own core), and the same queries; no server-function layer around it.
async fn plain_queue(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<Json<app::model::work_orders::Queue>, axum::http::StatusCode> {
    use app::backend::platform::auth::guard::{caller_for_token, Caller};
    use axum::http::StatusCode;
    let token = app::backend::platform::auth::session::token_in_headers(&headers).ok_or(StatusCode::UNAUTHORIZED)?;
    let staff = match caller_for_token(&state, &token).await {
        Ok(Some((Caller::Staff(staff), _))) => staff,
        Ok(Some(_)) => return Err(StatusCode::FORBIDDEN),
        Ok(None) => return Err(StatusCode::UNAUTHORIZED),
        Err(_) => return Err(StatusCode::INTERNAL_SERVER_ERROR),
    };
    let view = app::domain::QueueView::Unassigned;
    app::backend::work_orders::queues::view(&state.db, &staff, view, app::backend::now_ms())
        .await
        .map(Json)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

/// Signs each account in; answers their session cookies.
async fn sign_in_all(base: &str, accounts: &[String]) -> anyhow::Result<Vec<String>> {
    let client = reqwest::Client::new();
    let mut cookies = Vec::new();
    for account in accounts {
        let response = client
            .post(format!("{base}/api/auth/sign_in"))
            .form(&[("account", account.as_str()), ("password", DEMO_PASSWORD)])
            .send()
            .await?;
        anyhow::ensure!(
            response.status().is_success(),
            "sign-in failed for {account}: {}",
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
    Ok(cookies)
}

/// Builds the request for the i-th signed-in customer.
type MakeRequest = Arc<dyn Fn(&reqwest::Client, usize) -> reqwest::RequestBuilder + Send + Sync>;

/// What one or more measurements saw.
#[derive(Default)]
struct Figures {
    latencies: Vec<Duration>,
    errors: usize,
    seconds: f64,
}

impl Figures {
    fn add(&mut self, other: Figures) {
        self.latencies.extend(other.latencies);
        self.errors += other.errors;
        self.seconds += other.seconds;
    }

    fn per_sec(&self) -> f64 {
        self.latencies.len() as f64 / self.seconds
    }

    fn percentile(&mut self, q: f64) -> Duration {
        self.latencies.sort_unstable();
        let n = self.latencies.len();
        self.latencies
            .get(((n as f64 * q) as usize).min(n.saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    }
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
    let mut figures = Figures::default();
    for task in tasks {
        let (latencies, errors) = task.await.unwrap();
        figures.latencies.extend(latencies);
        figures.errors += errors;
    }
    figures.seconds = start.elapsed().as_secs_f64();
    figures
}

/// Measures the server function against the plain handler at each number of connections,
/// the i-th request going out with the i-th cookie, and prints the figures.
async fn measure(
    cookies: &[String],
    fn_url: &str,
    fn_body: &'static str,
    plain_url: &str,
    o: &Options,
) -> anyhow::Result<()> {
    let cookies = Arc::new(cookies.to_vec());
    for &clients in &o.clients {
        let client = reqwest::Client::builder().pool_max_idle_per_host(clients).build()?;
        let (fn_url, fn_cookies) = (fn_url.to_string(), cookies.clone());
        let server_fn: MakeRequest = Arc::new(move |c: &reqwest::Client, i| {
            c.post(&fn_url)
                .header("cookie", &fn_cookies[i])
                .header("content-type", "application/x-www-form-urlencoded")
                .body(fn_body)
        });
        let (plain_url, plain_cookies) = (plain_url.to_string(), cookies.clone());
        let plain: MakeRequest =
            Arc::new(move |c: &reqwest::Client, i| c.get(&plain_url).header("cookie", &plain_cookies[i]));
        // Both warm up (connections, statement caches) before anything counts; then they
        // take turns, each going first every other round, so drift favours neither.
        for make in [&server_fn, &plain] {
            load(client.clone(), clients, 1, make.clone(), cookies.len()).await;
        }
        let (mut fn_figures, mut plain_figures) = (Figures::default(), Figures::default());
        for round in 0..o.rounds {
            let mut turn = [(&server_fn, &mut fn_figures), (&plain, &mut plain_figures)];
            if round % 2 == 1 {
                turn.reverse();
            }
            for (make, figures) in turn {
                figures.add(load(client.clone(), clients, o.seconds, make.clone(), cookies.len()).await);
            }
        }
        println!("  {clients} connections");
        for (name, f) in [("server function", &mut fn_figures), ("plain axum", &mut plain_figures)] {
            let (p50, p99) = (f.percentile(0.50), f.percentile(0.99));
            println!(
                "    {name:<16} {:>9.0} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms   ({} requests, {} errors)",
                f.per_sec(),
                p50.as_secs_f64() * 1000.0,
                p99.as_secs_f64() * 1000.0,
                f.latencies.len(),
                f.errors
            );
        }
        println!(
            "    ratio            {:>9.2} × the plain handler's throughput",
            fn_figures.per_sec() / plain_figures.per_sec()
        );
    }
    Ok(())
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
            // BENCH_SCALE_DATABASE=<name> measures a database a run kept (BENCH_KEEP_DATABASE=1)
            // again, at scale only: to try a change to a query without generating anew.
            if let Ok(name) = std::env::var("BENCH_SCALE_DATABASE") {
                format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
            } else {
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
        }
    };
    // The storm's photos go to an S3-compatible bucket (moto, as in the tests).
    let s3 = if o.scenarios == ["storm"] {
        Some(S3Child::start().await?)
    } else {
        None
    };
    let mut env = vec![
        ("APP_BIND", "127.0.0.1:0".to_string()),
        ("APP_DATABASE_URL", url),
        ("APP_DATA_DIR", data_dir.display().to_string()),
        ("APP_SITE_ROOT", data_dir.display().to_string()),
        ("APP_SEED_DEMO", "true".into()),
        ("APP_LOG", "warn".into()),
    ];
    if let Some(s3) = &s3 {
        env.extend(s3.settings());
    }
    let config = Config::from_lookup(|k| env.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone()))?;
    let extra = Router::new()
        .route("/bench/plain/policies", get(plain_policies))
        .route("/bench/plain/queue", get(plain_queue));
    let app = Application::build_with(config, extra).await?;
    let base = format!("http://{}", app.local_addr());
    let db = app.state.db.clone();
    let app_state = app.state.clone();
    let pool = db.pool.clone();
    let stop = app.stop_handle();
    let running = tokio::spawn(app.run_until_stopped());

    if o.scale > 0 {
        scale_comparison(&base, &db, o).await?;
    }
    if o.scenarios == ["board"] {
        board_viewers(&base, &app_state, o).await?;
    }
    if o.scenarios == ["balanced"] {
        let database_url = env[1].1.clone();
        balanced(&base, &database_url, &data_dir, &pool, o).await?;
    }
    if let Some(s3) = &s3 {
        storm(&base, &db, s3, o).await?;
    }
    for scenario in o
        .scenarios
        .iter()
        .filter(|s| o.scale == 0 && !["balanced", "storm", "board"].contains(*s))
    {
        let (cookies, fn_url, fn_body, plain_url) = match *scenario {
            "policies" => {
                let phones: Vec<(String,)> =
                    sqlx::query_as("SELECT phone FROM customers WHERE phone IS NOT NULL ORDER BY id LIMIT $1")
                        .bind(o.customers as i64)
                        .fetch_all(&pool)
                        .await?;
                let accounts: Vec<String> = phones.into_iter().map(|(p,)| p).collect();
                let cookies = sign_in_all(&base, &accounts).await?;
                println!(
                    "\n{backend}, the customer's policy list: {} customers signed in, {} s per measurement",
                    cookies.len(),
                    o.seconds
                );
                (
                    cookies,
                    format!("{base}/api/policies/list_mine"),
                    "",
                    format!("{base}/bench/plain/policies"),
                )
            }
            _ => {
                let began = Instant::now();
                let agents = server::demo::seed_queue_load(&db, o.orders, o.agents).await?;
                let cookies = sign_in_all(&base, &agents).await?;
                let (open,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM work_orders WHERE status IN ('open', 'in_progress', 'awaiting_customer')",
                )
                .fetch_one(&pool)
                .await?;
                println!(
                    "\n{backend}, the agent's queue view (unassigned): {} open work orders, {} agents signed in \
                     (loaded in {:.1} s), {} s per measurement",
                    open,
                    cookies.len(),
                    began.elapsed().as_secs_f64(),
                    o.seconds
                );
                (
                    cookies,
                    format!("{base}/api/console/work_order_queue"),
                    "view=unassigned",
                    format!("{base}/bench/plain/queue"),
                )
            }
        };
        measure(&cookies, &fn_url, fn_body, &plain_url, o).await?;
    }

    // The server and its background jobs stop before the database goes away.
    stop.stop();
    let _ = running.await;
    pool.close().await;
    let _ = std::fs::remove_dir_all(&data_dir);
    // BENCH_KEEP_DATABASE=1 keeps the PostgreSQL database for a look at its plans.
    if std::env::var("BENCH_KEEP_DATABASE").is_ok_and(|v| v == "1") {
        if let Some((_, name)) = &pg_name {
            println!("\nkept the database {name}");
        }
        return Ok(());
    }
    if let Some((admin, name)) = pg_name {
        let mut conn = sqlx::PgConnection::connect(&admin).await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await?;
    }
    Ok(())
}

/// A release server process of its own on the bench's database, sharing its signing key.
struct ServerChild {
    child: std::process::Child,
    port: u16,
}

impl ServerChild {
    async fn start(database_url: &str, data_dir: &std::path::Path) -> anyhow::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let binary = std::env::current_exe()?.with_file_name("server");
        let child = std::process::Command::new(&binary)
            .env("APP_BIND", format!("127.0.0.1:{port}"))
            .env("APP_DATABASE_URL", database_url)
            .env("APP_DATA_DIR", data_dir)
            .env("APP_SITE_ROOT", data_dir)
            .env("APP_LOG", "warn")
            .env("APP_SWEEP_SECS", "0")
            .env("APP_OUTBOX_POLL_MS", "0")
            .stdout(std::process::Stdio::null())
            .spawn()
            .with_context(|| format!("starting {} (./x bench builds it)", binary.display()))?;
        let server = Self { child, port };
        wait_ready(&format!("http://127.0.0.1:{port}")).await?;
        Ok(server)
    }
}

impl Drop for ServerChild {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn wait_ready(base: &str) -> anyhow::Result<()> {
    let began = Instant::now();
    loop {
        if let Ok(answer) = reqwest::get(format!("{base}/health/ready")).await {
            if answer.status().is_success() {
                return Ok(());
            }
        }
        anyhow::ensure!(began.elapsed() < Duration::from_secs(60), "{base} never became ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// nginx from Debian in front of the given ports, on a port of its own.
struct Balancer {
    child: std::process::Child,
    base: String,
}

impl Balancer {
    async fn start(dir: &std::path::Path, ports: &[u16]) -> anyhow::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let prefix = dir.join("nginx");
        std::fs::create_dir_all(prefix.join("logs"))?;
        let servers: String = ports.iter().map(|p| format!("server 127.0.0.1:{p};\n")).collect();
        let conf = format!(
            "worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/logs/error.log warn;\n\
             events {{ worker_connections 4096; }}\n\
             http {{\n access_log off;\n client_body_temp_path {prefix}/body;\n proxy_temp_path {prefix}/proxy;\n\
             upstream platform {{\n least_conn;\n {servers} keepalive 128;\n }}\n\
             server {{\n listen 127.0.0.1:{port};\n location / {{\n proxy_pass http://platform;\n\
             proxy_http_version 1.1;\n proxy_set_header Connection \"\";\n proxy_set_header Host $http_host;\n\
             proxy_set_header X-Forwarded-For $remote_addr;\n }}\n }}\n}}\n",
            prefix = prefix.display()
        );
        let conf_path = prefix.join("nginx.conf");
        std::fs::write(&conf_path, conf)?;
        let child = std::process::Command::new("nginx")
            .arg("-p")
            .arg(&prefix)
            .arg("-c")
            .arg(&conf_path)
            .args(["-g", "daemon off;"])
            .spawn()
            .context("starting nginx (./x bench installs it)")?;
        let base = format!("http://127.0.0.1:{port}");
        let balancer = Self { child, base };
        wait_ready(&balancer.base).await?;
        Ok(balancer)
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Two server processes behind nginx against one: the customers' policy list through the
/// balancer, one process and then two behind it, on the same PostgreSQL.
async fn balanced(
    base: &str,
    database_url: &str,
    data_dir: &std::path::Path,
    pool: &sqlx::AnyPool,
    o: &Options,
) -> anyhow::Result<()> {
    let phones: Vec<(String,)> =
        sqlx::query_as("SELECT phone FROM customers WHERE phone IS NOT NULL ORDER BY id LIMIT $1")
            .bind(o.customers as i64)
            .fetch_all(pool)
            .await?;
    let accounts: Vec<String> = phones.into_iter().map(|(p,)| p).collect();
    // Sessions live in the database and the processes share the signing key, so a cookie
    // from one process is good at every other.
    let cookies = sign_in_all(base, &accounts).await?;
    let a = ServerChild::start(database_url, data_dir).await?;
    let b = ServerChild::start(database_url, data_dir).await?;
    let one = Balancer::start(&data_dir.join("one"), &[a.port]).await?;
    let two = Balancer::start(&data_dir.join("two"), &[a.port, b.port]).await?;
    let clients = o.clients.first().copied().unwrap_or(64);
    let client = reqwest::Client::builder().pool_max_idle_per_host(clients).build()?;
    let probe = |name, base: &str| Probe {
        name,
        url: format!("{base}/api/policies/list_mine"),
        body: "",
        json: false,
        fill: Vec::new(),
        cookies: cookies.clone(),
        put_back: None,
    };
    println!(
        "\npostgres, the customer's policy list through nginx: {} customers, {clients} connections, {} s each",
        cookies.len(),
        o.seconds
    );
    let mut figures = Vec::new();
    for p in [
        probe("one process, straight", &format!("http://127.0.0.1:{}", a.port)),
        probe("one process behind nginx", &one.base),
        probe("two processes behind nginx", &two.base),
    ] {
        let mut f = p.measure(&client, clients, o.seconds).await;
        println!(
            "  {:<30} {:>7.0} req/s  p50 {:>6.1} ms  p99 {:>6.1} ms  ({} errors)",
            p.name,
            f.per_sec(),
            f.percentile(0.5).as_secs_f64() * 1000.0,
            f.percentile(0.99).as_secs_f64() * 1000.0,
            f.errors
        );
        figures.push(f.per_sec());
    }
    println!(
        "  two processes / one, both behind nginx: {:.2} (on {} cores, with the load made on the same machine)",
        figures[2] / figures[1],
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    Ok(())
}

/// moto's S3-compatible server from `.tools/venv` (`./x test` installs it), with a bucket.
struct S3Child {
    child: std::process::Child,
    endpoint: String,
    bucket: String,
}

impl S3Child {
    async fn start() -> anyhow::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let binary = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/venv/bin/moto_server");
        let child = std::process::Command::new(&binary)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .with_context(|| format!("starting {} (`./x test` installs it)", binary.display()))?;
        let endpoint = format!("http://127.0.0.1:{port}");
        let s3 = Self {
            child,
            endpoint,
            bucket: "storm-photos".into(),
        };
        let began = Instant::now();
        loop {
            if let Ok(made) = reqwest::Client::new()
                .put(format!("{}/{}", s3.endpoint, s3.bucket))
                .send()
                .await
            {
                anyhow::ensure!(made.status().is_success(), "creating the bucket: {}", made.status());
                return Ok(s3);
            }
            anyhow::ensure!(began.elapsed() < Duration::from_secs(30), "moto never listened");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("APP_UPLOAD_STORE", format!("s3://{}/claims", self.bucket)),
            ("APP_S3_ENDPOINT", self.endpoint.clone()),
            ("APP_S3_REGION", "us-east-1".into()),
            ("APP_S3_ACCESS_KEY_ID", "bench-key".into()),
            ("APP_S3_SECRET_ACCESS_KEY", "bench-secret".into()),
        ]
    }

    /// How many objects the bucket holds (moto lists them all with max-keys).
    async fn objects(&self) -> anyhow::Result<usize> {
        let mut count = 0;
        let mut token: Option<String> = None;
        loop {
            let mut url = format!("{}/{}?list-type=2&max-keys=1000", self.endpoint, self.bucket);
            if let Some(t) = &token {
                url.push_str("&continuation-token=");
                url.push_str(&t.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D"));
            }
            let listing = reqwest::get(url).await?.text().await?;
            count += listing.matches("<Key>").count();
            token = listing
                .split_once("<NextContinuationToken>")
                .and_then(|(_, rest)| rest.split_once("</NextContinuationToken>"))
                .map(|(t, _)| t.to_string());
            if token.is_none() {
                return Ok(count);
            }
        }
    }
}

impl Drop for S3Child {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A small JPEG, as a phone's photo would be after the portal shrinks it.
fn storm_photo() -> anyhow::Result<Vec<u8>> {
    let picture = image::RgbImage::from_fn(640, 480, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 120]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut bytes, image::ImageFormat::Jpeg)?;
    Ok(bytes.into_inner())
}

/// One customer's claim in the storm: a photo uploaded, then the claim with it. The claim's
/// request key, when the server acknowledged it.
async fn report_in_storm(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    policy: &app::model::claims::ClaimablePolicy,
    photo: &[u8],
    n: usize,
) -> anyhow::Result<String> {
    let boundary = "bench-storm-boundary-7f3a";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nclaim\r\n--{boundary}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"photo-{n}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(photo);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let uploaded = client
        .post(format!("{base}/api/documents/upload"))
        .header("cookie", cookie)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(body)
        .send()
        .await?;
    anyhow::ensure!(uploaded.status().is_success(), "upload: {}", uploaded.status());
    let document: serde_json::Value = uploaded.json().await?;
    let document_id = document["id"]
        .as_str()
        .context("an uploaded document's id")?
        .to_string();
    let coverage = policy.coverages.iter().max_by_key(|c| c.limit).context("a coverage")?;
    let request_key = format!("storm-{}", uuid::Uuid::new_v4().simple());
    let today = chrono::Utc::now()
        .format("%Y-%m-%d")
        .to_string()
        .max(policy.period_start.clone());
    let form = serde_json::json!({"form": {
        "policy_no": policy.policy_no,
        "coverage_code": coverage.code,
        "incident_date": today,
        "incident_place": "浙江省宁波市鄞州区",
        "description": "台风过境，车辆被倒伏的树木砸中，前挡风玻璃和引擎盖受损。",
        "amount": "800",
        "payout_bank": "中国工商银行",
        "payout_account": "6222020200112233445",
        "documents": [document_id],
        "request_key": request_key,
    }});
    let reported = client
        .post(format!("{base}/api/claims/report"))
        .header("cookie", cookie)
        .json(&form)
        .send()
        .await?;
    let status = reported.status();
    anyhow::ensure!(
        status.is_success(),
        "report: {status} {}",
        reported.text().await.unwrap_or_default()
    );
    Ok(request_key)
}

/// A typhoon: claims with photos arrive at 40,000 an hour while agents work their queues
/// and customers read their claims. Agents' latency in a calm spell and in the storm, the
/// errors, and whether every acknowledged claim and photo is there once.
async fn storm(base: &str, db: &app::backend::Db, s3: &S3Child, o: &Options) -> anyhow::Result<()> {
    let pool = &db.pool;
    let agents = server::demo::seed_queue_load(db, o.orders, o.agents).await?;
    let agent_cookies = sign_in_all(base, &agents).await?;
    // Take next is measured with room to take: each work order taken goes back at once
    // (`take_load`), so an agent stays under the most the rules allow.
    sqlx::query("UPDATE staff SET capacity = 50 WHERE username LIKE 'bench.agent.%'")
        .execute(pool)
        .await?;
    let phones: Vec<(String,)> =
        sqlx::query_as("SELECT phone FROM customers WHERE phone IS NOT NULL ORDER BY id LIMIT $1")
            .bind(o.customers.max(300) as i64)
            .fetch_all(pool)
            .await?;
    let phones: Vec<String> = phones.into_iter().map(|(p,)| p).collect();
    let customer_cookies = sign_in_all(base, &phones).await?;
    let client = reqwest::Client::builder().pool_max_idle_per_host(256).build()?;
    // Each reporter: a customer with a policy to claim on.
    let mut reporters = Vec::new();
    for cookie in &customer_cookies {
        let answer = client
            .post(format!("{base}/api/claims/options"))
            .header("cookie", cookie)
            .send()
            .await?;
        let policies: Vec<app::model::claims::ClaimablePolicy> = answer.json().await.unwrap_or_default();
        if let Some(policy) = policies.into_iter().next() {
            reporters.push((cookie.clone(), policy));
        }
    }
    anyhow::ensure!(!reporters.is_empty(), "no customer has a policy to claim on");
    let api = |path: &str| format!("{base}/api/{path}");
    let agent_probe = Probe {
        name: "agents: queue, unassigned and mine",
        url: api("console/work_order_queue"),
        body: "view={}",
        json: false,
        fill: vec!["unassigned".into(), "mine".into()],
        cookies: agent_cookies.clone(),
        put_back: None,
    };
    let reader_probe = Probe {
        name: "customers: their claims",
        url: api("claims/list_mine"),
        body: "",
        json: false,
        fill: Vec::new(),
        cookies: customer_cookies.clone(),
        put_back: None,
    };
    let agent_clients = 16;
    let reader_clients = 8;
    let seconds = o.seconds;
    println!(
        "\npostgres, a storm: {} agents on {} open work orders ({agent_clients} connections), customers reading \
         their claims ({reader_clients}), {} s each spell",
        agent_cookies.len(),
        o.orders,
        seconds
    );
    let spell = |reporting: bool| {
        let (client, agent_probe, reader_probe, reporters) = (client.clone(), &agent_probe, &reader_probe, &reporters);
        async move {
            let photo = Arc::new(storm_photo()?);
            let per_hour = 40_000.0;
            let every = Duration::from_secs_f64(3600.0 / per_hour);
            let reporting_task = async {
                let mut acknowledged = Vec::new();
                let mut errors = Vec::new();
                if !reporting {
                    return (acknowledged, errors);
                }
                let deadline = Instant::now() + Duration::from_secs(seconds);
                let mut ticker = tokio::time::interval(every);
                let mut in_flight = Vec::new();
                let mut n = 0;
                while Instant::now() < deadline {
                    ticker.tick().await;
                    let (cookie, policy) = reporters[n % reporters.len()].clone();
                    let (client, photo, base) = (client.clone(), photo.clone(), base.to_string());
                    in_flight.push(tokio::spawn(async move {
                        report_in_storm(&client, &base, &cookie, &policy, &photo, n).await
                    }));
                    n += 1;
                }
                for task in in_flight {
                    match task.await {
                        Ok(Ok(key)) => acknowledged.push(key),
                        Ok(Err(error)) => errors.push(error.to_string()),
                        Err(error) => errors.push(error.to_string()),
                    }
                }
                (acknowledged, errors)
            };
            let (agents, readers, (acknowledged, errors)) = tokio::join!(
                agent_probe.measure(&client, agent_clients, seconds),
                reader_probe.measure(&client, reader_clients, seconds),
                reporting_task
            );
            anyhow::Ok((agents, readers, acknowledged, errors))
        }
    };
    let claims_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM claims")
        .fetch_one(pool)
        .await?;
    let objects_before = s3.objects().await?;
    let (mut calm_agents, mut calm_readers, _, _) = spell(false).await?;
    let (mut storm_agents, mut storm_readers, acknowledged, errors) = spell(true).await?;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for (name, calm, stormy) in [
        (agent_probe.name, &mut calm_agents, &mut storm_agents),
        (reader_probe.name, &mut calm_readers, &mut storm_readers),
    ] {
        println!(
            "  {name:<36} calm {:>6.0} req/s p50 {:>6.1} p99 {:>6.1} ms   storm {:>6.0} req/s p50 {:>6.1} p99 {:>6.1} ms   \
             p99 ×{:.2}   errors {} / {}",
            calm.per_sec(),
            ms(calm.percentile(0.5)),
            ms(calm.percentile(0.99)),
            stormy.per_sec(),
            ms(stormy.percentile(0.5)),
            ms(stormy.percentile(0.99)),
            stormy.percentile(0.99).as_secs_f64() / calm.percentile(0.99).as_secs_f64().max(1e-9),
            calm.errors,
            stormy.errors
        );
    }
    // Every acknowledged claim is there once, with its photo; the bucket holds each photo
    // and its thumbnail.
    let claims_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM claims")
        .fetch_one(pool)
        .await?;
    let mut missing = 0;
    for key in &acknowledged {
        let found: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM claims c JOIN documents d ON d.attached_to = c.id AND d.purpose = 'claim' \
             WHERE c.idempotency_key = $1",
        )
        .bind(key)
        .fetch_one(pool)
        .await?;
        if found != 1 {
            missing += 1;
        }
    }
    let objects = s3.objects().await? - objects_before;
    println!(
        "  claims with a photo: {} reported at {:.1}/s (40,000 an hour), {} acknowledged, {} refused or failed; \
         {} new claim rows, {} acknowledged claims not there exactly once with their photo; {} new objects in the bucket",
        acknowledged.len() + errors.len(),
        (acknowledged.len() + errors.len()) as f64 / seconds as f64,
        acknowledged.len(),
        errors.len(),
        claims_after - claims_before,
        missing,
        objects
    );
    if let Some(first) = errors.first() {
        println!("  first error: {first}");
    }
    Ok(())
}

/// The supervisors' live board watched by 1 and then by 500 viewers while the centre is
/// busy (an agent changes presence ten times a second, each change marking the board
/// stale): every viewer reads it once a second, as an open page does on its pushes. What
/// the database pays is the process's aggregations, which must not grow with the viewers.
async fn board_viewers(base: &str, state: &AppState, o: &Options) -> anyhow::Result<()> {
    let supervisor = sign_in_all(base, &["supervisor".to_string()]).await?.remove(0);
    let agent = sign_in_all(base, &["agent".to_string()]).await?.remove(0);
    let client = reqwest::Client::builder().pool_max_idle_per_host(600).build()?;
    let seconds = o.seconds.max(5);
    println!(
        "
{}, the live board: an agent's presence changing 10 times a second, {seconds} s per measurement",
        if state.db.kind == app::backend::platform::db::DbKind::Postgres {
            "postgres"
        } else {
            "sqlite"
        }
    );
    for viewers in [1usize, 500] {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let busy = {
            let (client, base, agent) = (client.clone(), base.to_string(), agent.clone());
            tokio::spawn(async move {
                let mut n = 0u64;
                while Instant::now() < deadline {
                    let status = if n.is_multiple_of(2) { "busy" } else { "available" };
                    let _ = client
                        .post(format!("{base}/api/console/set_my_status"))
                        .header("cookie", &agent)
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(format!("status={status}"))
                        .send()
                        .await;
                    n += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            })
        };
        let before = state.board.computed();
        let started = Instant::now();
        let tasks = (0..viewers)
            .map(|i| {
                let (client, base, cookie) = (client.clone(), base.to_string(), supervisor.clone());
                tokio::spawn(async move {
                    // Spread over the second, as pages opened at different times are.
                    tokio::time::sleep(Duration::from_millis((i as u64 * 1000) / viewers as u64)).await;
                    let mut latencies = Vec::new();
                    let mut errors = 0usize;
                    while Instant::now() < deadline {
                        let began = Instant::now();
                        let ok = match client
                            .post(format!("{base}/api/console/live_board"))
                            .header("cookie", &cookie)
                            .send()
                            .await
                        {
                            Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
                            Err(_) => false,
                        };
                        if ok {
                            latencies.push(began.elapsed());
                        } else {
                            errors += 1;
                        }
                        tokio::time::sleep(Duration::from_secs(1).saturating_sub(began.elapsed())).await;
                    }
                    (latencies, errors)
                })
            })
            .collect::<Vec<_>>();
        let mut figures = Figures::default();
        for task in tasks {
            let (latencies, errors) = task.await?;
            figures.latencies.extend(latencies);
            figures.errors += errors;
        }
        figures.seconds = started.elapsed().as_secs_f64();
        busy.await?;
        let aggregations = state.board.computed() - before;
        println!(
            "  {viewers:>3} viewer(s): {:>6.0} reads/s   p50 {:>6.1} ms   p99 {:>6.1} ms   ({} errors)   \
             {aggregations} aggregations ({:.2}/s, {} ms each)",
            figures.per_sec(),
            figures.percentile(0.5).as_secs_f64() * 1000.0,
            figures.percentile(0.99).as_secs_f64() * 1000.0,
            figures.errors,
            aggregations as f64 / figures.seconds,
            state.board.took_ms(),
        );
    }
    Ok(())
}

/// One kind of request people make, sent by the signed-in users in turn.
struct Probe {
    name: &'static str,
    url: String,
    /// A form body, or JSON when `json`; `{}` is replaced by the i-th of `fill`.
    body: &'static str,
    json: bool,
    fill: Vec<String>,
    cookies: Vec<String>,
    /// For take next: the database on which each work order taken is put back in the queue
    /// (outside the timing), so the queue stays as long as it was.
    put_back: Option<sqlx::AnyPool>,
}

impl Probe {
    fn request(&self) -> MakeRequest {
        let (url, body, json, fill, cookies) = (
            self.url.clone(),
            self.body,
            self.json,
            self.fill.clone(),
            self.cookies.clone(),
        );
        Arc::new(move |c: &reqwest::Client, i| {
            let body = if fill.is_empty() {
                body.to_string()
            } else {
                body.replace("{}", &fill[i % fill.len()])
            };
            let content_type = if json {
                "application/json"
            } else {
                "application/x-www-form-urlencoded"
            };
            c.post(&url)
                .header("cookie", &cookies[i % cookies.len()])
                .header("content-type", content_type)
                .body(body)
        })
    }

    async fn measure(&self, client: &reqwest::Client, clients: usize, seconds: u64) -> Figures {
        let make = self.request();
        let targets = self.cookies.len().max(self.fill.len());
        if let Some(pool) = &self.put_back {
            // The loaded desk gave the bench agents all the open work it had room for: it
            // goes back to the queues while they take, and to them afterwards, so that the
            // small database has queues to take from as the large one has.
            let held: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT w.id, w.assignee_staff_id FROM work_orders w JOIN staff s ON s.id = w.assignee_staff_id \
                 WHERE s.username LIKE 'bench.agent.%' AND w.status IN ('open', 'in_progress')",
            )
            .fetch_all(pool)
            .await
            .unwrap_or_default();
            for (id, _) in &held {
                let _ = sqlx::query("UPDATE work_orders SET assignee_staff_id = NULL WHERE id = $1")
                    .bind(id)
                    .execute(pool)
                    .await;
            }
            take_load(client.clone(), pool, clients, 1, make.clone(), targets).await;
            let figures = take_load(client.clone(), pool, clients, seconds, make, targets).await;
            for (id, staff_id) in &held {
                let _ = sqlx::query("UPDATE work_orders SET assignee_staff_id = $1 WHERE id = $2")
                    .bind(staff_id)
                    .bind(id)
                    .execute(pool)
                    .await;
            }
            return figures;
        }
        load(client.clone(), clients, 1, make.clone(), targets).await;
        load(client.clone(), clients, seconds, make, targets).await
    }
}

/// `load` for take next: each work order taken goes back to its queue unassigned, by another
/// task outside the timing, so every take finds the queues as long as they were. An empty
/// answer (the caller's queues ran dry) counts as an error: it is not the work measured.
async fn take_load(
    client: reqwest::Client,
    pool: &sqlx::AnyPool,
    clients: usize,
    seconds: u64,
    make: MakeRequest,
    targets: usize,
) -> Figures {
    let (taken, mut to_put_back) = tokio::sync::mpsc::unbounded_channel::<String>();
    let put_back = {
        let pool = pool.clone();
        tokio::spawn(async move {
            while let Some(order_no) = to_put_back.recv().await {
                let _ = sqlx::query("UPDATE work_orders SET assignee_staff_id = NULL WHERE order_no = $1")
                    .bind(order_no)
                    .execute(&pool)
                    .await;
            }
        })
    };
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for worker in 0..clients {
        let (client, make, taken) = (client.clone(), make.clone(), taken.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut n = worker;
            while Instant::now() < deadline {
                let began = Instant::now();
                let answer = match make(&client, n % targets).send().await {
                    Ok(response) if response.status().is_success() => response
                        .json::<Option<String>>()
                        .await
                        .ok()
                        .flatten()
                        .ok_or_else(|| "none left".to_string()),
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let body = response.text().await.unwrap_or_default();
                        Err(format!("{status} {}", body.chars().take(60).collect::<String>()))
                    }
                    Err(e) => Err(e.to_string()),
                };
                match answer {
                    Ok(order_no) => {
                        latencies.push(began.elapsed());
                        let _ = taken.send(order_no);
                    }
                    Err(why) => {
                        errors += 1;
                        if errors == 1 && worker == 0 {
                            eprintln!("  take next, first refusal of worker 0: {why}");
                        }
                    }
                }
                n += clients;
            }
            (latencies, errors)
        }));
    }
    drop(taken);
    let mut figures = Figures::default();
    for task in tasks {
        let (latencies, errors) = task.await.unwrap();
        figures.latencies.extend(latencies);
        figures.errors += errors;
    }
    figures.seconds = start.elapsed().as_secs_f64();
    let _ = put_back.await;
    figures
}

/// The same requests on the small database and at scale, side by side.
async fn scale_comparison(base: &str, db: &app::backend::Db, o: &Options) -> anyhow::Result<()> {
    let pool = &db.pool;
    let agents = if std::env::var("BENCH_SCALE_DATABASE").is_ok() {
        // Loaded by the run that kept the database.
        sqlx::query_scalar("SELECT username FROM staff WHERE username LIKE 'bench.agent.%' ORDER BY username")
            .fetch_all(pool)
            .await?
    } else {
        server::demo::seed_queue_load(db, o.orders, o.agents).await?
    };
    let agent_cookies = sign_in_all(base, &agents).await?;
    // Take next is measured with room to take: each work order taken goes back at once
    // (`take_load`), so an agent stays under the most the rules allow.
    sqlx::query("UPDATE staff SET capacity = 50 WHERE username LIKE 'bench.agent.%'")
        .execute(pool)
        .await?;
    let supervisor = sign_in_all(base, &["supervisor".to_string()]).await?;
    let admin = sign_in_all(base, &["admin".to_string()]).await?;
    let phones: Vec<(String,)> =
        sqlx::query_as("SELECT phone FROM customers WHERE phone IS NOT NULL ORDER BY id LIMIT $1")
            .bind(o.customers as i64)
            .fetch_all(pool)
            .await?;
    let customers = sign_in_all(base, &phones.into_iter().map(|(p,)| p).collect::<Vec<_>>()).await?;
    let numbers: Vec<(String,)> = sqlx::query_as("SELECT customer_no FROM customers ORDER BY id LIMIT 100")
        .fetch_all(pool)
        .await?;
    let numbers: Vec<String> = numbers.into_iter().map(|(n,)| n).collect();
    let api = |path: &str| format!("{base}/api/{path}");
    let probe = |name, path: &str, body, cookies: &Vec<String>| Probe {
        name,
        url: api(path),
        body,
        json: false,
        fill: Vec::new(),
        cookies: cookies.clone(),
        put_back: None,
    };
    let probes = vec![
        probe(
            "agent: queue, unassigned",
            "console/work_order_queue",
            "view=unassigned",
            &agent_cookies,
        ),
        probe(
            "agent: queue, breached",
            "console/work_order_queue",
            "view=breached",
            &agent_cookies,
        ),
        probe(
            "agent: queue, mine",
            "console/work_order_queue",
            "view=mine",
            &agent_cookies,
        ),
        Probe {
            put_back: Some(pool.clone()),
            ..probe("agent: take next", "console/take_next_work_order", "", &agent_cookies)
        },
        probe(
            "supervisor: queue, all",
            "console/work_order_queue",
            "view=all",
            &supervisor,
        ),
        probe(
            "supervisor: claims desk, all",
            "console/claim_queue",
            "view=all",
            &supervisor,
        ),
        probe(
            "supervisor: claims desk, unassigned",
            "console/claim_queue",
            "view=unassigned",
            &supervisor,
        ),
        probe("customer: home", "home/mine", "", &customers),
        probe("customer: policies", "policies/list_mine", "", &customers),
        probe("customer: claims", "claims/list_mine", "", &customers),
        probe("customer: work orders", "work_orders/list_mine", "", &customers),
        probe("customer: notifications", "notifications/mine", "", &customers),
        probe("customer: points", "points/mine", "", &customers),
        Probe {
            fill: numbers.clone(),
            ..probe(
                "staff: customer 360",
                "console/get_customer",
                "customer_no={}",
                &supervisor,
            )
        },
        Probe {
            // Whole: a name, a mobile number, a customer number.
            fill: vec!["%E7%8E%8B%E4%BC%9F".into(), "13800138000".into(), numbers[0].clone()],
            ..probe(
                "staff: customer search, whole",
                "console/find_customers",
                "query={}",
                &supervisor,
            )
        },
        Probe {
            // In part: three characters of a name, digits of a mobile, the last four, the
            // start of a customer number.
            fill: vec![
                "%E7%8E%8B%E7%A7%80%E8%8B%B1".into(),
                "0138000".into(),
                "8000".into(),
                "C20160000".into(),
            ],
            ..probe(
                "staff: customer search, in part",
                "console/find_customers",
                "query={}",
                &supervisor,
            )
        },
        Probe {
            // Two Chinese characters, an English word, two words.
            fill: vec!["%E7%90%86%E8%B5%94".into(), "renewal".into(), "claims+guide".into()],
            ..probe("anyone: help centre search", "help/search", "query={}", &customers)
        },
        Probe {
            json: true,
            ..probe("admin: audit log", "admin/audit", r#"{"filter":{}}"#, &admin)
        },
    ];
    let clients = o.clients.first().copied().unwrap_or(32);
    let client = reqwest::Client::builder().pool_max_idle_per_host(clients).build()?;
    println!(
        "\n{}, small: the demo and {} open work orders; {clients} connections, {} s per request kind",
        if db.kind == app::backend::platform::db::DbKind::Postgres {
            "postgres"
        } else {
            "sqlite"
        },
        o.orders,
        o.seconds
    );
    let again = std::env::var("BENCH_SCALE_DATABASE").is_ok();
    // Both databases measured as a running one stands (see `scale::settle`).
    server::scale::settle(db).await?;
    let mut small = Vec::new();
    for p in &probes {
        if again {
            small.push(Figures::default());
            continue;
        }
        let f = p.measure(&client, clients, o.seconds).await;
        println!("  {:<38} {:>7.0} req/s  ({} errors)", p.name, f.per_sec(), f.errors);
        small.push(f);
    }
    if !again {
        generate_at_scale(db, o).await?;
    }
    println!(
        "\n  {:<38} {:>22}   {:>22}   {:>5}",
        "", "small: req/s  p50  p99", "scale: req/s  p50  p99", "ratio"
    );
    for (p, mut s) in probes.iter().zip(small) {
        let mut f = p.measure(&client, clients, o.seconds).await;
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "  {:<38} {:>7.0} {:>6.1} {:>7.1}   {:>7.0} {:>6.1} {:>7.1}   {:>5.2}{}",
            p.name,
            s.per_sec(),
            ms(s.percentile(0.5)),
            ms(s.percentile(0.99)),
            f.per_sec(),
            ms(f.percentile(0.5)),
            ms(f.percentile(0.99)),
            f.per_sec() / s.per_sec(),
            if f.errors + s.errors > 0 {
                format!("  ({} / {} errors)", s.errors, f.errors)
            } else {
                String::new()
            }
        );
    }
    // A search is felt one at a time: how long one takes with nothing else queued.
    println!("\n  one request at a time (1 connection), at scale:");
    for p in probes.iter().filter(|p| p.name.contains("search")) {
        let mut f = p.measure(&client, 1, o.seconds).await;
        println!(
            "  {:<38} p50 {:>5.1} ms   p99 {:>5.1} ms   ({} requests)",
            p.name,
            f.percentile(0.5).as_secs_f64() * 1000.0,
            f.percentile(0.99).as_secs_f64() * 1000.0,
            f.latencies.len()
        );
    }
    if again {
        return Ok(());
    }
    announce_to_everyone(db).await
}

/// Fills the bench's database with `o.scale` customers and everything with them, saying how
/// long each table took and how big the database is.
async fn generate_at_scale(db: &app::backend::Db, o: &Options) -> anyhow::Result<()> {
    let pool = &db.pool;
    println!("\ngenerating {} customers and what comes with them", o.scale);
    let generated = server::scale::generate(db, o.scale, app::backend::now_ms()).await?;
    println!(
        "  {} customers, {} policies, {} claims ({} open), {} work orders ({} open), {} notifications, \
         {} points-ledger rows, {} audit rows, in {:.0} s",
        generated.customers,
        generated.policies,
        generated.claims,
        generated.open_claims,
        generated.work_orders,
        generated.open_work_orders,
        generated.notifications,
        generated.points_ledger,
        generated.audit_log,
        generated.seconds
    );
    let bytes: i64 = if db.kind == app::backend::platform::db::DbKind::Postgres {
        sqlx::query_scalar("SELECT pg_database_size(current_database())")
            .fetch_one(pool)
            .await?
    } else {
        sqlx::query_scalar("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
            .fetch_one(pool)
            .await?
    };
    println!("  the database now takes {:.1} GB", bytes as f64 / 1e9);
    Ok(())
}

/// Publishes an announcement to every customer and times its telling, set by set, to the
/// end: a notification each and an SMS in the outbox for those who take SMS.
async fn announce_to_everyone(db: &app::backend::Db) -> anyhow::Result<()> {
    use app::backend::content::announcements::{self, NewAnnouncement};
    let now = app::backend::now_ms();
    let admin: i64 = sqlx::query_scalar("SELECT id FROM staff WHERE username = 'admin'")
        .fetch_one(&db.pool)
        .await?;
    let mut tx = db.begin_write().await?;
    let id = announcements::insert(
        &mut tx,
        &NewAnnouncement {
            title_zh: "台风天气理赔绿色通道",
            title_en: "Fast claims during the typhoon",
            body_zh: "台风期间报案，优先处理。",
            body_en: "Claims reported during the typhoon go first.",
            published_at: now,
            publish_at: None,
            notify: true,
            segment: "all",
            status: app::domain::AnnouncementStatus::Draft,
            created_by_staff_id: Some(admin),
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    let outbox_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&db.pool)
        .await?;
    let began = Instant::now();
    announcements::publish(db, admin, id).await?;
    let answered = began.elapsed();
    loop {
        let told: Option<i64> = sqlx::query_scalar("SELECT notified_at FROM announcements WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?;
        if told.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let took = began.elapsed().as_secs_f64();
    let told: i64 = sqlx::query_scalar("SELECT told FROM announcements WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    let texts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&db.pool)
        .await?;
    println!(
        "\nan announcement to everyone: publish answered in {:.1} s; {told} customers told and {} messages queued \
         in {took:.0} s ({:.0} customers/s)",
        answered.as_secs_f64(),
        texts - outbox_before,
        told as f64 / took
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let o = options()?;
    // sqlx warns of every statement over a second: the generator's are meant to be long.
    server::telemetry::init("warn,sqlx=error");
    for backend in o.backends.clone() {
        bench_backend(backend, &o).await?;
    }
    Ok(())
}
