//! The real servers outside ours that delivery and file storage talk to, started per test:
//! an SMTP server (aiosmtpd, writing what it receives to a maildir), an S3-compatible server
//! (moto in server mode), and an SMS gateway (an HTTP receiver in this process that checks
//! each request's signature the way a gateway would, and answers as each test scripts it).
//! `./x test` installs aiosmtpd and moto into `.tools/venv`.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A program from the test tools' Python environment.
fn tool(name: &str) -> PathBuf {
    let venv = std::env::var("TEST_TOOLS_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/venv"));
    let path = venv.join("bin").join(name);
    assert!(
        path.exists(),
        "{} is missing: `./x test` installs aiosmtpd and moto into .tools/venv",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn wait_until_listening(port: u16, what: &str) {
    let started = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "{what} did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A child process killed with the test.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(program: PathBuf, args: &[&str]) -> Running {
    Running(
        Command::new(&program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", program.display())),
    )
}

/// Waits up to `seconds` for `check` to give something.
pub async fn eventually<T>(seconds: u64, what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(
            started.elapsed() < Duration::from_secs(seconds),
            "waited {seconds} s for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// ---- SMTP ----

pub struct SmtpServer {
    pub port: u16,
    maildir: PathBuf,
    _process: Running,
}

/// An e-mail as the SMTP server received it.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub to: String,
    pub from: String,
    pub subject: String,
    pub message_id: String,
    pub body: String,
}

impl SmtpServer {
    pub async fn start(dir: &Path) -> Self {
        // aiosmtpd creates the maildir when it is not there yet.
        let maildir = dir.join(format!("maildir-{}", uuid::Uuid::new_v4().simple()));
        let port = free_port();
        let process = spawn(
            tool("python"),
            &[
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
                maildir.to_str().unwrap(),
            ],
        );
        wait_until_listening(port, "the SMTP server").await;
        Self {
            port,
            maildir,
            _process: process,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every e-mail received so far.
    pub fn received(&self) -> Vec<ReceivedMail> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        entries
            .filter_map(|entry| std::fs::read(entry.ok()?.path()).ok())
            .map(|raw| {
                let message = mail_parser::MessageParser::default()
                    .parse(&raw)
                    .expect("a parsable e-mail");
                let address = |list: Option<&mail_parser::Address>| {
                    list.and_then(|a| a.first())
                        .and_then(|a| a.address())
                        .unwrap_or_default()
                        .to_string()
                };
                ReceivedMail {
                    to: address(message.to()),
                    from: address(message.from()),
                    subject: message.subject().unwrap_or_default().to_string(),
                    message_id: message.message_id().unwrap_or_default().to_string(),
                    body: message.body_text(0).unwrap_or_default().to_string(),
                }
            })
            .collect()
    }

    /// Waits for the e-mails to `to`.
    pub async fn mail_to(&self, to: &str) -> Vec<ReceivedMail> {
        eventually(15, &format!("an e-mail to {to}"), async || {
            let mails: Vec<_> = self.received().into_iter().filter(|m| m.to == to).collect();
            (!mails.is_empty()).then_some(mails)
        })
        .await
    }
}

// ---- S3 ----

pub struct S3Server {
    pub endpoint: String,
    _process: Running,
}

impl S3Server {
    pub async fn start() -> Self {
        let port = free_port();
        let process = spawn(tool("moto_server"), &["-H", "127.0.0.1", "-p", &port.to_string()]);
        wait_until_listening(port, "the S3-compatible server").await;
        Self {
            endpoint: format!("http://127.0.0.1:{port}"),
            _process: process,
        }
    }

    /// Makes a new, empty bucket.
    pub async fn bucket(&self) -> String {
        let name = format!("claims-{}", uuid::Uuid::new_v4().simple());
        let made = reqwest::Client::new()
            .put(format!("{}/{name}", self.endpoint))
            .send()
            .await
            .unwrap();
        assert!(made.status().is_success(), "creating bucket {name}: {}", made.status());
        name
    }

    /// The server's settings that store files in `bucket` under `prefix`.
    pub fn settings(&self, bucket: &str, prefix: &str) -> Vec<(String, String)> {
        vec![
            ("APP_UPLOAD_STORE".into(), format!("s3://{bucket}/{prefix}")),
            ("APP_S3_ENDPOINT".into(), self.endpoint.clone()),
            ("APP_S3_REGION".into(), "us-east-1".into()),
            ("APP_S3_ACCESS_KEY_ID".into(), "test-key".into()),
            ("APP_S3_SECRET_ACCESS_KEY".into(), "test-secret".into()),
        ]
    }

    /// The keys in a bucket, as the S3 API lists them.
    pub async fn keys(&self, bucket: &str) -> Vec<String> {
        let listing = reqwest::Client::new()
            .get(format!("{}/{bucket}?list-type=2", self.endpoint))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let mut keys: Vec<String> = listing
            .split("<Key>")
            .skip(1)
            .filter_map(|part| part.split("</Key>").next())
            .map(str::to_string)
            .collect();
        keys.sort();
        keys
    }
}

// ---- SMS gateway ----

/// One request the gateway received.
#[derive(Debug, Clone)]
pub struct GatewayRequest {
    pub message_id: String,
    pub to: String,
    pub text: String,
    /// The signature matched the body and the shared secret.
    pub signed: bool,
    /// What the gateway answered.
    pub answered: u16,
}

#[derive(Default)]
struct GatewayState {
    secret: Vec<u8>,
    requests: Vec<GatewayRequest>,
    /// Answers for the next requests to a number, before it is accepted.
    scripted: HashMap<String, VecDeque<u16>>,
    /// Numbers refused for good (400), as a gateway refuses a number that cannot get SMS.
    refused: HashSet<String>,
}

pub struct SmsGatewayServer {
    pub url: String,
    pub secret: String,
    state: Arc<Mutex<GatewayState>>,
    _server: tokio::task::JoinHandle<()>,
}

impl SmsGatewayServer {
    pub async fn start() -> Self {
        let secret = format!("gateway-secret-{}", uuid::Uuid::new_v4().simple());
        let state = Arc::new(Mutex::new(GatewayState {
            secret: secret.as_bytes().to_vec(),
            ..GatewayState::default()
        }));
        let router = axum::Router::new()
            .route("/send", axum::routing::post(receive))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/send", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Self {
            url,
            secret,
            state,
            _server: server,
        }
    }

    /// The server's settings that send SMS through this gateway.
    pub fn settings(&self) -> Vec<(String, String)> {
        vec![
            ("APP_SMS_GATEWAY_URL".into(), self.url.clone()),
            ("APP_SMS_GATEWAY_SECRET".into(), self.secret.clone()),
        ]
    }

    /// The next requests to `to` get these statuses (for example 503 503), then it works.
    pub fn answer_next(&self, to: &str, statuses: &[u16]) {
        let mut state = self.state.lock().unwrap();
        state.scripted.entry(to.into()).or_default().extend(statuses);
    }

    /// `to` is refused for good.
    pub fn refuse(&self, to: &str) {
        self.state.lock().unwrap().refused.insert(to.into());
    }

    pub fn requests_to(&self, to: &str) -> Vec<GatewayRequest> {
        let state = self.state.lock().unwrap();
        state.requests.iter().filter(|r| r.to == to).cloned().collect()
    }

    /// The messages to `to` the gateway accepted (would deliver), once each.
    pub fn delivered_to(&self, to: &str) -> Vec<GatewayRequest> {
        let mut seen = HashSet::new();
        self.requests_to(to)
            .into_iter()
            .filter(|r| r.answered == 200 && seen.insert(r.message_id.clone()))
            .collect()
    }
}

async fn receive(
    State(state): State<Arc<Mutex<GatewayState>>>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, String) {
    let mut state = state.lock().unwrap();
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let timestamp = header("x-anxin-timestamp");
    let mut mac = Hmac::<Sha256>::new_from_slice(&state.secret).unwrap();
    mac.update(format!("{timestamp}.{body}").as_bytes());
    let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    let fresh = timestamp
        .parse::<i64>()
        .is_ok_and(|t| (t - chrono::Utc::now().timestamp()).abs() < 300);
    let signed = fresh && header("x-anxin-signature") == expected;
    let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let text = |key: &str| json[key].as_str().unwrap_or_default().to_string();
    let (message_id, to) = (text("message_id"), text("to"));
    let (status, answer) = if !signed {
        (401, "bad signature".to_string())
    } else if state.refused.contains(&to) {
        (400, format!("number {to} cannot receive SMS"))
    } else if let Some(status) = state.scripted.get_mut(&to).and_then(VecDeque::pop_front) {
        (status, "try again later".to_string())
    } else {
        (200, "accepted".to_string())
    };
    state.requests.push(GatewayRequest {
        message_id,
        to,
        text: text("text"),
        signed,
        answered: status,
    });
    (StatusCode::from_u16(status).unwrap(), answer)
}
