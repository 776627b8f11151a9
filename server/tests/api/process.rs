//! A real server process (the built binary) on a database, for tests that need more than
//! one process, or one they can kill.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::fixtures::{CustomerFixture, FIXTURE_PASSWORD};
use crate::harness::TestDatabase;

pub struct ServerProcess {
    child: Child,
    pub base: String,
}

impl ServerProcess {
    /// Starts the server on a free port with the demo data and `env` on top, and waits
    /// until it prints where it listens.
    pub fn start(database: &TestDatabase, data_dir: &Path, secret: &str, env: &[(&str, &str)]) -> Self {
        std::fs::create_dir_all(data_dir).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
        command
            .env("APP_BIND", "127.0.0.1:0")
            .env("APP_DATABASE_URL", &database.url)
            .env("APP_DATA_DIR", data_dir)
            .env("APP_SITE_ROOT", data_dir)
            .env("APP_JWT_SECRET", secret)
            .env("APP_SEED_DEMO", "true")
            .env("APP_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("the server binary starts");
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

    /// Kills the process at once (SIGKILL): no request finishes, nothing is flushed.
    /// Two processes on one database with one signing secret, as behind a load balancer.
    pub fn pair(database: &TestDatabase) -> (Self, Self) {
        const SECRET: &str = "a-shared-secret-for-both-processes-0123456789";
        let a = Self::start(database, &database.data_dir.join("a"), SECRET, &[]);
        let b = Self::start(database, &database.data_dir.join("b"), SECRET, &[]);
        (a, b)
    }

    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Signs in on the server at `base` with the demo password; the session cookie as
/// `name=value`, for `client::call_at`.
pub async fn sign_in_at(client: &reqwest::Client, base: &str, account: &str) -> String {
    sign_in_with(client, base, account, crate::harness::DEMO_PASSWORD).await
}

/// Signs a fixture customer in on the server at `base`; the session cookie as `name=value`.
pub async fn sign_in_customer_at(client: &reqwest::Client, base: &str, customer: &CustomerFixture) -> String {
    sign_in_with(client, base, &customer.phone, FIXTURE_PASSWORD).await
}

async fn sign_in_with(client: &reqwest::Client, base: &str, account: &str, password: &str) -> String {
    let answer = client
        .post(format!("{base}/api/auth/sign_in"))
        .form(&[("account", account), ("password", password)])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), reqwest::StatusCode::OK, "signing in as {account}");
    answer.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}
