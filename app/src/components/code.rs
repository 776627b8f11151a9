//! The one-time code control: a button that sends a code to the phone or e-mail typed in
//! the form, then counts down to when another may be asked for, and says what happened.

use leptos::prelude::*;

use super::form::{FieldErrors, FormField};
use super::states::error_text;
use crate::api::public::auth::send_code;
use crate::domain::{CodePurpose, Contact};
use crate::error::AppError;
use crate::i18n::{t, use_i18n};

/// Seconds before another code may be asked for (the server says the same).
const RESEND_SECONDS: u32 = 60;

#[component]
pub fn SendCodeButton(
    purpose: CodePurpose,
    /// The form's contact field (phone or e-mail), named `contact` in its errors.
    contact: RwSignal<String>,
    errors: FieldErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let wait = RwSignal::new(0u32);
    let sent = RwSignal::new(false);
    let problem = RwSignal::new(None::<AppError>);
    let action = Action::new_local(move |contact: &String| {
        let contact = contact.clone();
        async move { send_code(purpose.as_str().to_string(), contact).await }
    });
    // One tick a second while the control is on screen; it counts the wait down.
    crate::components::timer::every(std::time::Duration::from_secs(1), move || {
        if wait.get_untracked() > 0 {
            wait.update(|w| *w -= 1);
        }
    });
    let countdown = move |seconds: u32| wait.set(seconds);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            sent.set(true);
            countdown(RESEND_SECONDS);
        }
        Some(Err(AppError::TooManyAttempts { retry_after_secs })) => {
            countdown(retry_after_secs.min(3600) as u32);
            problem.set(Some(AppError::TooManyAttempts { retry_after_secs }));
        }
        Some(Err(error)) => problem.set(errors.absorb(error)),
        None => {}
    });
    let on_click = move |_| {
        problem.set(None);
        errors.forget("contact");
        match Contact::parse(&contact.get_untracked()) {
            Ok(_) => {
                action.dispatch(contact.get_untracked());
            }
            Err(invalid) => errors.set("contact", invalid.code),
        }
    };
    let label = move || {
        let locale = i18n.locale.get();
        match wait.get() {
            0 if sent.get() => locale.text("code.resend"),
            0 => locale.text("code.send"),
            seconds => crate::i18n::fill(locale.text("code.resend_in"), &[("seconds", seconds.to_string())]),
        }
    };
    let busy = move || action.pending().get() || wait.get() != 0;
    view! {
        <div class="code-send">
            <button
                type="button"
                class="button button-secondary"
                disabled=busy
                on:click=on_click
            >
                {label}
            </button>
            <p class="field-hint" role="status" aria-live="polite">
                {move || match problem.get() {
                    Some(error) => error_text(&error)(),
                    None if sent.get() => t("code.sent")(),
                    None => String::new(),
                }}
            </p>
        </div>
    }
}

/// The field the one-time code is typed into (named `code` in errors): digits, and the
/// phone's keyboard offers the code from the SMS.
#[component]
pub fn CodeField(code: RwSignal<String>, errors: FieldErrors) -> impl IntoView {
    view! {
        <FormField
            name="code"
            label="code.label"
            value=code
            errors=errors
            autocomplete="one-time-code"
            inputmode="numeric"
            hint="code.hint"
        />
    }
}
