use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::auth::sign_in;
use crate::components::form::{FieldErrors, FormField};
use crate::components::states::ErrorBanner;
use crate::domain::SignInAccount;
use crate::error::AppError;
use crate::i18n::t;
use crate::session::use_session;

/// Only same-site paths are followed after sign-in, never another origin.
pub fn safe_next(next: Option<String>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\"))
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let account = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let form_error = RwSignal::new(None::<AppError>);

    let action = Action::new_local(|(account, password): &(String, String)| {
        let (account, password) = (account.clone(), password.clone());
        async move { sign_in(account, password).await }
    });

    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            match result {
                Ok(me) => {
                    let next =
                        safe_next(query.get_untracked().get("next")).unwrap_or_else(|| me.home_path().to_string());
                    session.signed_in(me);
                    navigate(&next, Default::default());
                }
                Err(error) => {
                    password.set(String::new());
                    form_error.set(errors.absorb(error));
                }
            }
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        form_error.set(None);
        if let Err(invalid) = SignInAccount::parse(&account.get_untracked()) {
            errors.set("account", invalid.code);
        }
        if password.get_untracked().is_empty() {
            errors.set("password", "password_required");
        }
        if !errors.has_any() {
            action.dispatch((account.get_untracked(), password.get_untracked()));
        }
    };

    view! {
        <section class="auth-page">
            <div class="auth-intro">
                <h1>{t("sign_in.title")}</h1>
                <p class="lead">{t("sign_in.lead")}</p>
                <ul class="auth-points">
                    <li>{t("sign_in.point_policies")}</li>
                    <li>{t("sign_in.point_claims")}</li>
                    <li>{t("sign_in.point_service")}</li>
                </ul>
            </div>
            <form class="card auth-card" on:submit=on_submit novalidate>
                <h2 class="auth-card-title">{t("sign_in.form_title")}</h2>
                {move || form_error.get().map(|error| view! { <ErrorBanner error/> })}
                <FormField
                    name="account"
                    label="sign_in.account"
                    value=account
                    errors=errors
                    autocomplete="username"
                    hint="sign_in.account_hint"
                />
                <FormField
                    name="password"
                    label="sign_in.password"
                    value=password
                    errors=errors
                    input_type="password"
                    autocomplete="current-password"
                />
                <button type="submit" class="button button-primary button-block" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t("sign_in.submitting")() } else { t("sign_in.submit")() }}
                </button>
                <p class="auth-switch">
                    {t("sign_in.no_account")} " " <A href="/register">{t("sign_in.register_link")}</A>
                </p>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_same_site_paths_are_followed() {
        assert_eq!(safe_next(Some("/my/policies".into())).as_deref(), Some("/my/policies"));
        assert_eq!(safe_next(Some("//evil.example".into())), None);
        assert_eq!(safe_next(Some("https://evil.example".into())), None);
        assert_eq!(safe_next(Some("/\\evil.example".into())), None);
    }
}
