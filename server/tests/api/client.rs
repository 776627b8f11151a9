//! Typed calls. A `User` carries its own session cookie (crates.io's `MockCookieUser`);
//! `user.call(ServerFnStruct { .. })` posts the server function's own argument struct to
//! its own endpoint (`F::PATH`), encoded as that function takes it, and answers a
//! `Reply<F::Output>` that decodes into the model types: `.good()` for a call that must
//! succeed, `.error()` for one that must fail (crates.io's `Response<T>::good()`).
//!
//! So each server function is its own typed helper, and a renamed argument or a changed
//! answer breaks the test at compile time, not at run time.
//!
//! `.error()` also checks the body is the error and nothing more, so comparing it with an
//! `AppError` checks the exact body; `.invalid(code, field)` and `.conflict(code)` are the
//! two refusals tests name most. `user.upload(..)` (multipart) and `user.get(path)` (a file's
//! bytes) cover the two endpoints that are not plain calls; `call_raw`/`call_raw_json` send
//! hand-made arguments, for input that is malformed on purpose.
//!
//! What a user sees is read the way they read it, one call each: `work_order`,
//! `my_work_orders`, `claim`, `my_claims`, `points`, `notifications`, `membership` for a
//! customer; `desk_work_order`, `claim_case` for staff; `staff_id` for an admin. Tests
//! assert on these rather than on the tables behind them, and keep raw SQL for what no
//! endpoint shows (ledger sums, rows never doubled, the outbox, hashes, the audit log).

use std::marker::PhantomData;

use reqwest::header::{HeaderMap, CONTENT_TYPE, COOKIE, SET_COOKIE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use server_fn::codec::{GetUrl, Json, PostUrl};
use server_fn::{Http, ServerFn};

use app::api::admin::staff::ListStaffAccounts;
use app::api::console::claims::GetClaimCase;
use app::api::console::work_orders::GetWorkOrder;
use app::api::portal::claims::{GetMyClaim, ListMyClaims};
use app::api::portal::members::MemberStatus;
use app::api::portal::notifications::MyNotifications;
use app::api::portal::points::MyPoints;
use app::api::portal::work_orders::{GetMyWorkOrder, ListMyWorkOrders};
use app::error::AppError;
use app::model::claims::{ClaimCase, ClaimDetail, ClaimSummary};
use app::model::documents::DocumentInfo;
use app::model::members::Membership;
use app::model::notifications::NotificationList;
use app::model::points::PointsOverview;
use app::model::work_orders::{DeskWorkOrder, WorkOrderDetail, WorkOrderSummary};

use crate::harness::{Answer, TestApp, DEMO_CUSTOMER_PHONE, DEMO_PASSWORD};

/// How a server function takes its arguments on the wire.
pub trait Wire {
    const METHOD: reqwest::Method;
    /// The content type and body for a POST; the query string for a GET.
    fn encode<T: Serialize>(args: &T) -> (Option<&'static str>, String);
}

impl<O> Wire for Http<PostUrl, O> {
    const METHOD: reqwest::Method = reqwest::Method::POST;
    fn encode<T: Serialize>(args: &T) -> (Option<&'static str>, String) {
        (
            Some("application/x-www-form-urlencoded"),
            serde_qs::to_string(args).expect("arguments encode"),
        )
    }
}

impl<O> Wire for Http<Json, O> {
    const METHOD: reqwest::Method = reqwest::Method::POST;
    fn encode<T: Serialize>(args: &T) -> (Option<&'static str>, String) {
        (
            Some("application/json"),
            serde_json::to_string(args).expect("arguments encode"),
        )
    }
}

impl<O> Wire for Http<GetUrl, O> {
    const METHOD: reqwest::Method = reqwest::Method::GET;
    fn encode<T: Serialize>(args: &T) -> (Option<&'static str>, String) {
        (None, serde_qs::to_string(args).expect("arguments encode"))
    }
}

/// Someone calling the API: signed in (with their cookie) or not.
#[derive(Clone)]
pub struct User<'a> {
    pub app: &'a TestApp,
    pub cookie: Option<String>,
}

/// A server function's answer, decoded on demand.
pub struct Reply<T> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    answer: PhantomData<T>,
}

impl<T> Reply<T> {
    /// Reads a response whole.
    pub async fn read(response: reqwest::Response) -> Self {
        Reply {
            status: response.status(),
            headers: response.headers().clone(),
            text: response.text().await.unwrap(),
            answer: PhantomData,
        }
    }

    /// The `Set-Cookie` header of the session cookie, if the server set one.
    pub fn set_cookie(&self) -> Option<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("insurer_session="))
            .map(str::to_string)
    }

    /// The session cookie the server set, as `name=value` (what a browser sends back).
    pub fn session_cookie(&self) -> Option<String> {
        self.set_cookie().map(|c| c.split(';').next().unwrap().to_string())
    }
}

impl<T: DeserializeOwned> Reply<T> {
    /// The answer of a call that must succeed.
    #[track_caller]
    pub fn good(self) -> T {
        assert_eq!(self.status, StatusCode::OK, "expected success, got: {}", self.text);
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("undecodable answer ({e}): {}", self.text))
    }

    /// The error of a call that must fail, checked to carry the status its kind names.
    #[track_caller]
    pub fn error(self) -> AppError {
        assert_ne!(self.status, StatusCode::OK, "expected an error, got: {}", self.text);
        let error: AppError =
            serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not the API's error ({e}): {}", self.text));
        assert_eq!(
            self.status.as_u16(),
            error.status(),
            "the status matches the error: {error:?}"
        );
        // Nothing in the body beyond the error itself (serde would ignore unknown fields).
        let body: Value = serde_json::from_str(&self.text).unwrap();
        assert_eq!(
            body,
            serde_json::to_value(&error).unwrap(),
            "the body is exactly the error"
        );
        error
    }

    /// The refusal of one field: 422 `invalid` with this `code`, beside this `field`.
    #[track_caller]
    pub fn invalid(self, code: &str, field: &str) -> AppError {
        let error = self.error();
        assert!(matches!(error, AppError::Invalid { .. }), "expected invalid: {error:?}");
        assert_eq!((error.code(), error.field()), (code, Some(field)), "{error:?}");
        error
    }

    /// A clash with what exists: 409 `conflict` with this `code`.
    #[track_caller]
    pub fn conflict(self, code: &str) -> AppError {
        let error = self.error();
        assert!(
            matches!(error, AppError::Conflict { .. }),
            "expected a conflict: {error:?}"
        );
        assert_eq!(error.code(), code, "{error:?}");
        error
    }
}

impl<'a> User<'a> {
    /// Calls a server function with its argument struct.
    pub async fn call<F>(&self, args: F) -> Reply<F::Output>
    where
        F: ServerFn + Serialize,
        F::Protocol: Wire,
        F::Output: DeserializeOwned,
    {
        call_at(&self.app.client, &self.app.base, self.cookie.as_deref(), args).await
    }

    /// Calls an endpoint with hand-made form arguments: for malformed input on purpose.
    pub async fn call_raw(&self, endpoint: &str, args: &[(&str, &str)]) -> Answer {
        self.app.call(endpoint, args, self.cookie.as_deref()).await
    }

    /// Calls a JSON endpoint with a hand-made body: for input no argument struct can
    /// express (a key left out on purpose).
    pub async fn call_raw_json(&self, endpoint: &str, body: &Value) -> Answer {
        self.app.call_json(endpoint, body, self.cookie.as_deref()).await
    }

    /// Uploads one file as the browser does (`documents/upload` is multipart, which the
    /// argument struct cannot be posted as); the answer decodes like any other call's.
    pub async fn upload(&self, purpose: &str, file_name: &str, bytes: Vec<u8>) -> Reply<DocumentInfo> {
        self.app.upload(purpose, file_name, bytes, self.cookie.as_deref()).await
    }

    /// A plain GET of `path` with this caller's cookie (e.g. `DocumentInfo::url()`):
    /// status, headers and the raw bytes.
    pub async fn get(&self, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
        self.app.get_bytes(path, self.cookie.as_deref()).await
    }
}

/// What a user sees, read through the API as they read it (each must succeed). Tests assert
/// on these rather than on the tables behind them.
impl User<'_> {
    /// One of the caller's own work orders, as the customer sees it (`work_orders/get_mine`).
    pub async fn work_order(&self, order_no: &str) -> WorkOrderDetail {
        self.call(GetMyWorkOrder {
            order_no: order_no.into(),
        })
        .await
        .good()
    }

    /// The caller's own work orders, most recently active first: the first page (ten).
    pub async fn my_work_orders(&self) -> Vec<WorkOrderSummary> {
        self.call(ListMyWorkOrders { before: None }).await.good().items
    }

    /// A work order as staff see it at the desk: group, assignee, priority, deadlines,
    /// history, related orders, recordings, canned replies. Audited as a read.
    pub async fn desk_work_order(&self, order_no: &str) -> DeskWorkOrder {
        self.call(GetWorkOrder {
            order_no: order_no.into(),
        })
        .await
        .good()
    }

    /// One of the caller's own claims, as the customer sees it (`claims/get_mine`).
    pub async fn claim(&self, claim_no: &str) -> ClaimDetail {
        self.call(GetMyClaim {
            claim_no: claim_no.into(),
        })
        .await
        .good()
    }

    /// The caller's own claims, newest first: the first page (ten).
    pub async fn my_claims(&self) -> Vec<ClaimSummary> {
        self.call(ListMyClaims { before: None }).await.good().items
    }

    /// A claim as its handler sees it at the claims desk: handler, steps with who moved
    /// them, notes, approvals, the fast-track review. Audited as a read.
    pub async fn claim_case(&self, claim_no: &str) -> ClaimCase {
        self.call(GetClaimCase {
            claim_no: claim_no.into(),
        })
        .await
        .good()
    }

    /// The caller's points page: balance, history, orders, rules, rewards.
    pub async fn points(&self) -> PointsOverview {
        self.call(MyPoints {}).await.good()
    }

    /// The caller's notifications, newest first: the first page (ten) and the unread count.
    pub async fn notifications(&self) -> NotificationList {
        self.call(MyNotifications { before: None }).await.good()
    }

    /// The caller's member level, VIP tier, pending review and bookings.
    pub async fn membership(&self) -> Membership {
        self.call(MemberStatus {}).await.good()
    }

    /// The id of the staff account signing in as `username`, from the admin's staff list
    /// (the caller must be an admin): what forms that name a colleague send.
    pub async fn staff_id(&self, username: &str) -> i64 {
        let mut before = None;
        loop {
            let directory = self.call(ListStaffAccounts { before }).await.good();
            if let Some(account) = directory.accounts.iter().find(|account| account.username == username) {
                return account.id;
            }
            before = Some(directory.next.unwrap_or_else(|| panic!("no staff account {username}")));
        }
    }
}

impl TestApp {
    /// The one-time code last sent to a phone or e-mail (read from the outbox, where every
    /// SMS and e-mail is written before it is sent).
    pub async fn sent_code(&self, destination: &str) -> Option<String> {
        #[derive(sqlx::FromRow)]
        struct BodyRow {
            body: String,
        }
        let row: Option<BodyRow> =
            sqlx::query_as("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1")
                .bind(destination)
                .fetch_optional(&self.app_state.db.pool)
                .await
                .unwrap();
        let body = row?.body;
        body.split(|c: char| !c.is_ascii_digit())
            .find(|part| part.len() == app::domain::CODE_DIGITS)
            .map(str::to_string)
    }

    /// Asks for a code for `purpose` sent to `contact` and gives it (panics if none came).
    pub async fn code_for(&self, purpose: app::domain::CodePurpose, contact: &str) -> String {
        let sent = self
            .anonymous()
            .call(app::api::public::auth::SendCode {
                purpose: purpose.as_str().into(),
                contact: contact.into(),
            })
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
        let destination = match app::domain::Contact::parse(contact).unwrap() {
            app::domain::Contact::Phone(p) => p.as_str().to_string(),
            app::domain::Contact::Email(e) => e.as_str().to_string(),
        };
        self.sent_code(&destination).await.expect("a code was sent")
    }

    /// A caller without a session.
    pub fn anonymous(&self) -> User<'_> {
        User {
            app: self,
            cookie: None,
        }
    }

    /// A caller presenting this cookie (`name=value`): one the server set, or one made up.
    pub fn with_cookie(&self, cookie: String) -> User<'_> {
        User {
            app: self,
            cookie: Some(cookie),
        }
    }

    /// Signs in (panics if it fails) and gives the signed-in caller.
    pub async fn signed_in(&self, account: &str, password: &str) -> User<'_> {
        User {
            app: self,
            cookie: Some(self.sign_in(account, password).await),
        }
    }

    /// The demo data's showcase customer (claims in every stage, points, work orders), for
    /// tests of the demo data itself; other tests make their own (`fixtures`).
    pub async fn as_customer(&self) -> User<'_> {
        self.signed_in(DEMO_CUSTOMER_PHONE, DEMO_PASSWORD).await
    }

    pub async fn as_agent(&self) -> User<'_> {
        self.signed_in("agent", DEMO_PASSWORD).await
    }

    /// An agent of the claims groups (王磊), who handles claims at the desk.
    pub async fn as_claims_agent(&self) -> User<'_> {
        self.signed_in("agent.wang", DEMO_PASSWORD).await
    }

    pub async fn as_supervisor(&self) -> User<'_> {
        self.signed_in("supervisor", DEMO_PASSWORD).await
    }

    pub async fn as_admin(&self) -> User<'_> {
        self.signed_in("admin", DEMO_PASSWORD).await
    }
}

/// The answers of the calls that succeeded, of several sent at once.
pub fn succeeded<T: DeserializeOwned, const N: usize>(replies: [Reply<T>; N]) -> Vec<T> {
    replies
        .into_iter()
        .filter(|r| r.status == StatusCode::OK)
        .map(Reply::good)
        .collect()
}

/// Calls a server function on the server at `base` (another process, in the scale-out
/// tests) with this cookie, as `User::call` does.
pub async fn call_at<F>(client: &reqwest::Client, base: &str, cookie: Option<&str>, args: F) -> Reply<F::Output>
where
    F: ServerFn + Serialize,
    F::Protocol: Wire,
    F::Output: DeserializeOwned,
{
    let (content_type, encoded) = <F::Protocol as Wire>::encode(&args);
    let mut request = match content_type {
        Some(content_type) => client
            .request(<F::Protocol as Wire>::METHOD, format!("{base}{}", F::PATH))
            .header(CONTENT_TYPE, content_type)
            .body(encoded),
        None => client.request(<F::Protocol as Wire>::METHOD, format!("{base}{}?{encoded}", F::PATH)),
    };
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    Reply::read(request.send().await.expect("the server answers")).await
}
