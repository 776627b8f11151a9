//! What the server paints before the app has loaded. Every page of a bundle starts as its
//! `index.html`: an inline, branded skeleton (`#boot`) that the app removes when it mounts.
//! For the sign-in page the server puts the real form into that skeleton, in the visitor's
//! language and with the same markup and classes as the app's form, so a visitor on a slow
//! phone can type while the Wasm downloads. The app adopts what was typed
//! (`app::components::boot`); the button works once the app has loaded.

use std::path::Path;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use app::locale::Locale;

/// The cookie the app keeps the reader's language in (mirroring its local storage).
const LANGUAGE_COOKIE: &str = "lang";

/// The part of `index.html` between these markers is the skeleton's content area.
const MAIN_START: &str = "<!--boot-main-->";
const MAIN_END: &str = "<!--/boot-main-->";

/// The sign-in page: the bundle's page with the form painted into the skeleton.
pub async fn sign_in_page(index: &Path, headers: &HeaderMap) -> Response {
    let Ok(html) = tokio::fs::read_to_string(index).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let locale = language(headers);
    let page = with_boot_main(&html, &sign_in_form(locale));
    let mut response = (StatusCode::OK, page).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // The answer depends on the language cookie.
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("cookie"));
    response
}

/// The reader's language from the app's cookie; Chinese by default, as in the app.
fn language(headers: &HeaderMap) -> Locale {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .and_then(|(_, tag)| Locale::from_tag(tag))
        .unwrap_or(Locale::ZhCn)
}

/// `html` with the skeleton's content area replaced by `main` (unchanged without markers).
fn with_boot_main(html: &str, main: &str) -> String {
    match (html.find(MAIN_START), html.find(MAIN_END)) {
        (Some(start), Some(end)) if start < end => {
            format!("{}{main}{}", &html[..start], &html[end + MAIN_END.len()..])
        }
        _ => html.to_string(),
    }
}

/// The app's sign-in form (`pages/public/sign_in.rs`) as static markup: the same classes
/// and field names, texts from the translation tables. Hidden until the stylesheet has
/// loaded (`.boot-form`), so it never shows unstyled.
fn sign_in_form(locale: Locale) -> String {
    let t = |key: &str| escape(&locale.text(key));
    format!(
        r#"<div class="boot-main boot-form"><div class="auth-page">
<div class="auth-intro"><h1>{title}</h1><p class="lead">{lead}</p>
<ul class="auth-points"><li>{p1}</li><li>{p2}</li><li>{p3}</li></ul></div>
<div class="card auth-card"><h2 class="auth-card-title">{form_title}</h2>
<div class="field"><label for="boot-account">{account}</label>
<input id="boot-account" name="account" type="text" autocomplete="username" aria-describedby="boot-account-hint"/>
<p class="field-hint" id="boot-account-hint">{account_hint}</p></div>
<div class="field"><label for="boot-password">{password}</label>
<input id="boot-password" name="password" type="password" autocomplete="current-password"/></div>
<button type="button" class="button button-primary button-block" disabled>{loading}</button>
</div></div></div>"#,
        title = t("sign_in.title"),
        lead = t("sign_in.lead"),
        p1 = t("sign_in.point_policies"),
        p2 = t("sign_in.point_claims"),
        p3 = t("sign_in.point_service"),
        form_title = t("sign_in.form_title"),
        account = t("sign_in.account"),
        account_hint = t("sign_in.account_hint"),
        password = t("sign_in.password"),
        loading = t("state.loading"),
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_replaces_the_skeleton_content_only() {
        let page = "<body><div id=\"boot\"><!--boot-main--><div>bars</div><!--/boot-main--></div><link></body>";
        let out = with_boot_main(page, "<form/>");
        assert_eq!(out, "<body><div id=\"boot\"><form/></div><link></body>");
        assert_eq!(with_boot_main("<body></body>", "<form/>"), "<body></body>");
    }

    #[test]
    fn the_language_comes_from_the_apps_cookie() {
        let mut headers = HeaderMap::new();
        assert_eq!(language(&headers), Locale::ZhCn);
        headers.insert(header::COOKIE, HeaderValue::from_static("insurer_session=x; lang=en"));
        assert_eq!(language(&headers), Locale::En);
        let form = sign_in_form(Locale::En);
        assert!(form.contains(&Locale::En.text("sign_in.password")));
        assert!(form.contains("name=\"account\""));
    }
}
