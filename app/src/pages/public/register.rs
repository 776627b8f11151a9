use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::public::auth::register;
use crate::components::code::{CodeField, SendCodeButton};
use crate::components::form::{FieldErrors, FormField};
use crate::components::navigation::use_go;
use crate::components::page::Page;
use crate::components::states::ErrorBanner;
use crate::domain::{parse_code, parse_person_name, CodePurpose, Contact, Password};
use crate::error::AppError;
use crate::i18n::t;
use crate::routes;
use crate::session::use_session;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let session = use_session();
    let go = use_go();
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let form_error = RwSignal::new(None::<AppError>);

    let action = Action::new_local(|(name, contact, password, code): &(String, String, String, String)| {
        let (name, contact, password, code) = (name.clone(), contact.clone(), password.clone(), code.clone());
        async move { register(name, contact, password, code).await }
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
        if let Err(invalid) = parse_person_name(&name.get_untracked()) {
            errors.set("name", invalid.code);
        }
        let contact_value = contact.get_untracked();
        if let Err(invalid) = Contact::parse(&contact_value) {
            errors.set("contact", invalid.code);
        }
        if let Err(invalid) = parse_code(&code.get_untracked()) {
            errors.set("code", invalid.code);
        }
        if let Err(invalid) = Password::parse(&password.get_untracked()) {
            errors.set("password", invalid.code);
        } else if password.get_untracked() != confirm.get_untracked() {
            errors.set("confirm", "password_mismatch");
        }
        if !errors.has_any() {
            action.dispatch((
                name.get_untracked(),
                contact_value,
                password.get_untracked(),
                code.get_untracked(),
            ));
        }
    };

    view! {
        <Page title="register.title" class="auth-page">
            <div class="auth-intro">
                <h1>{t("register.title")}</h1>
                <p class="lead">{t("register.lead")}</p>
            </div>
            <form class="card auth-card" on:submit=on_submit novalidate>
                <h2 class="auth-card-title">{t("register.form_title")}</h2>
                {move || form_error.get().map(|error| view! { <ErrorBanner error/> })}
                <FormField name="name" label="register.name" value=name errors=errors autocomplete="name"/>
                <FormField
                    name="contact"
                    label="register.contact"
                    value=contact
                    errors=errors
                    autocomplete="username"
                    hint="register.contact_hint"
                />
                <SendCodeButton purpose=CodePurpose::Register contact errors/>
                <CodeField code errors/>
                <FormField
                    name="password"
                    label="register.password"
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
                    {move || if action.pending().get() { t("register.submitting")() } else { t("register.submit")() }}
                </button>
                <p class="auth-switch">{t("register.have_account")} " " <A href=routes::public::sign_in()>{t("register.sign_in_link")}</A></p>
            </form>
        </Page>
    }
}
