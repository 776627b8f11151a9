use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::public::auth::reset_password;
use crate::components::code::{CodeField, SendCodeButton};
use crate::components::form::{FieldErrors, FormField};
use crate::components::navigation::use_go;
use crate::components::page::Page;
use crate::components::states::ErrorBanner;
use crate::domain::{parse_code, CodePurpose, Contact, Password};
use crate::error::AppError;
use crate::i18n::t;
use crate::routes;
use crate::session::use_session;

/// `/reset-password`: a forgotten password set anew with a code sent to the customer's phone
/// or e-mail. Every other device is signed out; this one is signed in.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let session = use_session();
    let go = use_go();
    let contact = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let form_error = RwSignal::new(None::<AppError>);

    let action = Action::new_local(|(contact, code, password): &(String, String, String)| {
        let (contact, code, password) = (contact.clone(), code.clone(), password.clone());
        async move { reset_password(contact, code, password).await }
    });
    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            match result {
                Ok(me) => {
                    let home = me.home_path();
                    session.signed_in(me);
                    go(&home);
                }
                Err(error) => form_error.set(errors.absorb(error)),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        form_error.set(None);
        if let Err(invalid) = Contact::parse(&contact.get_untracked()) {
            errors.set("contact", invalid.code);
        }
        if let Err(invalid) = parse_code(&code.get_untracked()) {
            errors.set("code", invalid.code);
        }
        if let Err(invalid) = Password::parse(&password.get_untracked()) {
            errors.set("new_password", invalid.code);
        } else if password.get_untracked() != confirm.get_untracked() {
            errors.set("confirm", "password_mismatch");
        }
        if !errors.has_any() {
            action.dispatch((contact.get_untracked(), code.get_untracked(), password.get_untracked()));
        }
    };

    view! {
        <Page title="reset.title" class="auth-page">
            <div class="auth-intro">
                <h1>{t("reset.title")}</h1>
                <p class="lead">{t("reset.lead")}</p>
            </div>
            <form class="card auth-card" on:submit=on_submit novalidate>
                <h2 class="auth-card-title">{t("reset.form_title")}</h2>
                {move || form_error.get().map(|error| view! { <ErrorBanner error/> })}
                <FormField
                    name="contact"
                    label="register.contact"
                    value=contact
                    errors=errors
                    autocomplete="username"
                    hint="register.contact_hint"
                />
                <SendCodeButton purpose=CodePurpose::ResetPassword contact errors/>
                <CodeField code errors/>
                <FormField
                    name="new_password"
                    label="account.new_password"
                    value=password
                    errors=errors
                    input_type="password"
                    autocomplete="new-password"
                    hint="register.password_hint"
                />
                <FormField
                    name="confirm"
                    label="register.confirm"
                    value=confirm
                    errors=errors
                    input_type="password"
                    autocomplete="new-password"
                />
                <button type="submit" class="button button-primary button-block" disabled=move || action.pending().get()>
                    {t("reset.submit")}
                </button>
                <p class="auth-switch"><A href=routes::public::sign_in()>{t("reset.back")}</A></p>
            </form>
        </Page>
    }
}
