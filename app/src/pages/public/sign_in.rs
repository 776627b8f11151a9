use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::public::auth::sign_in;
use crate::components::boot;
use crate::components::form::{FieldErrors, FormField};
use crate::components::navigation::use_go;
use crate::components::page::Page;
use crate::components::states::ErrorBanner;
use crate::domain::SignInAccount;
use crate::error::AppError;
use crate::i18n::t;
use crate::routes;
use crate::session::use_session;

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let go = use_go();
    let query = use_query_map();
    // What the visitor typed into the form the server painted, before the app loaded.
    let account = RwSignal::new(boot::typed("account").unwrap_or_default());
    let password = RwSignal::new(boot::typed("password").unwrap_or_default());
    Effect::new(move |_| boot::restore_focus());
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
                    let next = routes::safe_next(query.get_untracked().get("next")).unwrap_or_else(|| me.home_path());
                    session.signed_in(me);
                    go(&next);
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
        <Page title="sign_in.title" class="auth-page">
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
                    {t("sign_in.no_account")} " " <A href=routes::public::register()>{t("sign_in.register_link")}</A>
                </p>
            </form>
        </Page>
    }
}
