//! Loading, empty and error states, and `Loaded`: the one way a page shows a server read
//! (spinner while it loads, the error with a retry, an empty state, or the data).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::INSURER_HOTLINE;
use crate::error::AppError;
use crate::i18n::{fill, t, use_i18n};
use crate::model::auth::Me;
use crate::routes;
use crate::session::use_session;

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="state state-loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{t("state.loading")}</span>
        </div>
    }
}

#[component]
pub fn EmptyState(
    title: &'static str,
    hint: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="state state-empty">
            <div class="state-icon" aria-hidden="true">"○"</div>
            <p class="state-title">{t(title)}</p>
            <p class="state-hint">{t(hint)}</p>
            {children.map(|c| c())}
        </div>
    }
}

/// The translated, user-facing sentence for an error.
pub fn error_text(error: &AppError) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    let error = error.clone();
    move || {
        let locale = i18n.locale.get();
        let text = locale.text(&format!("error.{}", error.code()));
        match &error {
            AppError::TooManyAttempts { retry_after_secs } => {
                fill(text, &[("minutes", retry_after_secs.div_ceil(60).to_string())])
            }
            AppError::Internal { request_id } => fill(text, &[("request_id", request_id.clone())]),
            AppError::PayloadTooLarge { limit_bytes } => {
                fill(text, &[("size", crate::locale::format_size(*limit_bytes as i64))])
            }
            AppError::LevelRequired { required } => {
                // A member level or a VIP tier, whichever the server named.
                let level = ["member_level", "vip_tier"]
                    .iter()
                    .map(|prefix| format!("{prefix}.{required}"))
                    .map(|key| locale.text(&key))
                    .find(|label| !label.contains('.'))
                    .unwrap_or_else(|| required.clone());
                fill(text, &[("level", level)])
            }
            _ => text,
        }
    }
}

/// Whether a customer can get past this error alone (fix a field, sign in, choose a smaller
/// file, check their connection) or needs the insurer: then the hotline goes with it.
fn needs_the_insurer(error: &AppError) -> bool {
    matches!(
        error,
        AppError::Internal { .. }
            | AppError::Forbidden
            | AppError::NotFound
            | AppError::Conflict { .. }
            | AppError::BadRequest { .. }
            | AppError::UnsupportedMediaType { .. }
            | AppError::TooManyAttempts { .. }
    )
}

/// For a customer (or a visitor) facing an error they cannot fix alone: whom to call. Staff
/// have their own channels.
#[component]
pub fn HelpLine(error: AppError) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let show = needs_the_insurer(&error);
    move || {
        let staff = matches!(session.me.get().flatten(), Some(Me::Staff { .. }));
        (show && !staff).then(|| {
            view! {
                <p class="help-line">
                    {move || fill(i18n.locale.get().text("contact.error_help"), &[("hotline", INSURER_HOTLINE.to_string())])}
                </p>
            }
        })
    }
}

/// A server read in place: `Loading` until it answers, then the error (with a retry), the
/// empty state when `empty_when` says so, or the children with the data:
/// `<Loaded resource=claims empty_when=Vec::is_empty empty_title=KEY empty_hint=KEY let:list>`.
#[component]
pub fn Loaded<T, F, IV>(
    resource: LocalResource<Result<T, AppError>>,
    /// When the data counts as empty (a list without entries).
    #[prop(optional)]
    empty_when: Option<fn(&T) -> bool>,
    #[prop(optional)] empty_title: &'static str,
    #[prop(optional)] empty_hint: &'static str,
    children: F,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
    F: Fn(T) -> IV + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    // A re-read that answers what is already shown (the live stream opening, another tab's
    // change elsewhere) leaves the page as it is: focus, open pickers and typed text stay.
    let answer = Memo::new(move |_| resource.get());
    move || match answer.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error retry=Callback::new(move |_| resource.refetch())/> }.into_any(),
        Some(Ok(data)) if empty_when.is_some_and(|empty| empty(&data)) => {
            view! { <EmptyState title=empty_title hint=empty_hint/> }.into_any()
        }
        Some(Ok(data)) => children(data).into_any(),
    }
}

/// An error in place of content, with a way to try again when trying again can help. A
/// lapsed session sends the user back to sign in.
#[component]
pub fn ErrorPanel(error: AppError, #[prop(optional)] retry: Option<Callback<()>>) -> impl IntoView {
    if error == AppError::Unauthenticated {
        use_session().signed_out();
    }
    let title = match &error {
        AppError::NotFound => "state.not_found_title",
        AppError::Forbidden => "state.forbidden_title",
        _ => "state.error_title",
    };
    // Only what may pass on its own is worth another try.
    let retry = retry.filter(|_| matches!(error, AppError::Internal { .. } | AppError::Network { .. }));
    view! {
        <div class="state state-error" role="alert">
            <div class="state-icon" aria-hidden="true">"!"</div>
            <p class="state-title">{t(title)}</p>
            <p class="state-hint">{error_text(&error)}</p>
            <HelpLine error=error.clone()/>
            <div class="state-actions">
                {retry.map(|retry| view! {
                    <button type="button" class="button button-primary" on:click=move |_| retry.run(())>
                        {t("state.retry")}
                    </button>
                })}
                <A href=routes::ROOT attr:class="button button-secondary">{t("nav.home")}</A>
            </div>
        </div>
    }
}

/// A banner for an error that belongs to a whole form rather than one field.
#[component]
pub fn ErrorBanner(error: AppError) -> impl IntoView {
    let step_up = matches!(&error, AppError::LevelRequired { required } if required.contains("verified"));
    view! {
        <div class="banner banner-error" role="alert">
            {error_text(&error)}
            {step_up.then(|| view! { " " <A href=routes::portal::verification()>{t("account.verify_now")}</A> })}
            <HelpLine error=error.clone()/>
        </div>
    }
}
