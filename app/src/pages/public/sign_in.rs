use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::public::auth::{sign_in, sign_in_with_code};
use crate::components::boot;
use crate::components::code::{CodeField, SendCodeButton};
use crate::components::form::{FieldErrors, FormField};
use crate::components::navigation::use_go;
use crate::components::page::Page;
use crate::components::states::ErrorBanner;
use crate::domain::{parse_code, CodePurpose, Contact, SignInAccount};
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
    // Customers may sign in with a code sent to their phone or e-mail instead.
    let with_code = RwSignal::new(false);
    let code = RwSignal::new(String::new());

    let action = Action::new_local(move |(account, secret): &(String, String)| {
        let (account, secret) = (account.clone(), secret.clone());
        let by_code = with_code.get_untracked();
        async move {
            if by_code {
                sign_in_with_code(account, secret).await
            } else {
                sign_in(account, secret).await
            }
        }
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
                    // A code's field errors name `code`, a contact's `contact`: both
                    // belong beside this form's fields.
                    let error = match error {
                        AppError::Invalid { field, code, message } if field == "contact" => AppError::Invalid {
                            field: "account".into(),
                            code,
                            message,
                        },
                        other => other,
                    };
                    form_error.set(errors.absorb(error));
                }
            }
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        form_error.set(None);
        if with_code.get_untracked() {
            if let Err(invalid) = Contact::parse(&account.get_untracked()) {
                errors.set("account", invalid.code);
            }
            if let Err(invalid) = parse_code(&code.get_untracked()) {
                errors.set("code", invalid.code);
            }
            if !errors.has_any() {
                action.dispatch((account.get_untracked(), code.get_untracked()));
            }
            return;
        }
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
                {move || if with_code.get() {
                    // Split off (`split`): its code arrives when chosen.
                    #[cfg(feature = "split")]
                    return Suspend::new(code_fields(account, code, errors)).into_any();
                    #[cfg(not(feature = "split"))]
                    return code_fields(account, code, errors);
                } else {
                    view! {
                        <FormField
                            name="password"
                            label="sign_in.password"
                            value=password
                            errors=errors
                            input_type="password"
                            autocomplete="current-password"
                        />
                    }
                    .into_any()
                }}
                <button type="submit" class="button button-primary button-block" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t("sign_in.submitting")() } else { t("sign_in.submit")() }}
                </button>
                <p class="auth-links">
                    <button type="button" class="link-button" on:click=move |_| {
                        errors.clear();
                        form_error.set(None);
                        with_code.update(|c| *c = !*c);
                    }>
                        {move || if with_code.get() { t("sign_in.with_password")() } else { t("sign_in.with_code")() }}
                    </button>
                    <A href=routes::public::reset_password()>{t("sign_in.forgot")}</A>
                </p>
                <p class="auth-switch">
                    {t("sign_in.no_account")} " " <A href=routes::public::register()>{t("sign_in.register_link")}</A>
                </p>
            </form>
        </Page>
    }
}

/// The fields for signing in with a code. Their code (the send button with its countdown
/// and messages) arrives when a customer chooses this way, not with everyone's sign-in form.
#[cfg_attr(feature = "split", leptos::lazy)]
fn code_fields(account: RwSignal<String>, code: RwSignal<String>, errors: FieldErrors) -> AnyView {
    view! {
        <SendCodeButton purpose=CodePurpose::SignIn contact=account errors/>
        <CodeField code errors/>
    }
    .into_any()
}
