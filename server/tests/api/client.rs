//! Typed calls. A `User` carries its own session cookie (crates.io's `MockCookieUser`);
//! `user.call(ServerFnStruct { .. })` posts the server function's own argument struct to
//! its own endpoint (`F::PATH`), encoded as that function takes it, and answers a
//! `Reply<F::Output>` that decodes into the model types: `.good()` for a call that must
//! succeed, `.error()` for one that must fail (crates.io's `Response<T>::good()`).
//!
//! So each server function is its own typed helper, and a renamed argument or a changed
//! answer breaks the test at compile time, not at run time.

use std::marker::PhantomData;

use reqwest::header::{HeaderMap, CONTENT_TYPE, COOKIE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use server_fn::codec::{GetUrl, Json, PostUrl};
use server_fn::{Http, ServerFn};

use app::error::AppError;

use crate::harness::{Answer, TestApp, DEMO_CUSTOMER_PHONE, DEMO_PASSWORD, OTHER_CUSTOMER_PHONE};

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
        let (content_type, encoded) = <F::Protocol as Wire>::encode(&args);
        let mut request = match content_type {
            Some(content_type) => self
                .app
                .client
                .request(<F::Protocol as Wire>::METHOD, format!("{}{}", self.app.base, F::PATH))
                .header(CONTENT_TYPE, content_type)
                .body(encoded),
            None => self.app.client.request(
                <F::Protocol as Wire>::METHOD,
                format!("{}{}?{encoded}", self.app.base, F::PATH),
            ),
        };
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        let response = request.send().await.expect("the server answers");
        Reply {
            status: response.status(),
            headers: response.headers().clone(),
            text: response.text().await.unwrap(),
            answer: PhantomData,
        }
    }

    /// Calls an endpoint with hand-made form arguments: for malformed input on purpose.
    pub async fn call_raw(&self, endpoint: &str, args: &[(&str, &str)]) -> Answer {
        self.app.call(endpoint, args, self.cookie.as_deref()).await
    }
}

impl TestApp {
    /// A caller without a session.
    pub fn anonymous(&self) -> User<'_> {
        User {
            app: self,
            cookie: None,
        }
    }

    /// Signs in (panics if it fails) and gives the signed-in caller.
    pub async fn signed_in(&self, account: &str, password: &str) -> User<'_> {
        User {
            app: self,
            cookie: Some(self.sign_in(account, password).await),
        }
    }

    /// The demo data's showcase customer (claims in every stage, points, work orders).
    pub async fn as_customer(&self) -> User<'_> {
        self.signed_in(DEMO_CUSTOMER_PHONE, DEMO_PASSWORD).await
    }

    /// Another demo customer, for reaching for the first one's data.
    pub async fn as_other_customer(&self) -> User<'_> {
        self.signed_in(OTHER_CUSTOMER_PHONE, DEMO_PASSWORD).await
    }

    pub async fn as_agent(&self) -> User<'_> {
        self.signed_in("agent", DEMO_PASSWORD).await
    }

    pub async fn as_supervisor(&self) -> User<'_> {
        self.signed_in("supervisor", DEMO_PASSWORD).await
    }

    pub async fn as_admin(&self) -> User<'_> {
        self.signed_in("admin", DEMO_PASSWORD).await
    }
}
