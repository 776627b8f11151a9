//! The account page's parts that customers and staff share: who you are, and changing the
//! password.

use leptos::prelude::*;

use crate::api::public::auth::change_password;
use crate::components::badge::TierBadge;
use crate::components::form::{FieldErrors, FormField};
use crate::components::states::ErrorBanner;
use crate::domain::{Password, VipTier};
use crate::error::AppError;
use crate::i18n::{t, t_dyn};
use crate::model::auth::Me;

/// Who is signed in, as the account page shows it.
#[component]
pub fn Profile(me: Me) -> impl IntoView {
    let rows: Vec<(&'static str, AnyView)> = match me {
        Me::Customer {
            customer_no,
            name,
            member_level,
            vip_tier,
        } => vec![
            ("account.name", view! { {name} }.into_any()),
            (
                "account.customer_no",
                view! { <span class="mono">{customer_no}</span> }.into_any(),
            ),
            (
                "account.member_level",
                view! { {t_dyn(member_level.label_key())} }.into_any(),
            ),
            (
                "account.vip_tier",
                if vip_tier == VipTier::None {
                    view! { {t_dyn(vip_tier.label_key())} }.into_any()
                } else {
                    view! { <TierBadge tier=vip_tier/> }.into_any()
                },
            ),
        ],
        Me::Staff {
            username,
            display_name,
            role,
            ..
        } => vec![
            ("account.name", view! { {display_name} }.into_any()),
            (
                "account.username",
                view! { <span class="mono">{username}</span> }.into_any(),
            ),
            ("account.role", view! { {t_dyn(role.label_key())} }.into_any()),
        ],
    };
    view! {
        <section class="card" aria-labelledby="profile-title">
            <h2 id="profile-title">{t("account.profile")}</h2>
            <dl class="facts facts-list">
                {rows.into_iter().map(|(label, value)| view! { <div><dt>{t(label)}</dt><dd>{value}</dd></div> }).collect_view()}
            </dl>
        </section>
    }
}

/// Changing the password (which signs out every other device).
#[component]
pub fn ChangePassword() -> impl IntoView {
    let session = crate::session::use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let form_error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(false);

    let action = Action::new_local(|(current, new): &(String, String)| {
        let (current, new) = (current.clone(), new.clone());
        async move { change_password(current, new).await }
    });
    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            match result {
                Ok(()) => {
                    // Who-am-I again: a first password's hold on the console ends here.
                    session.refresh();
                    done.set(true);
                    current.set(String::new());
                    new.set(String::new());
                    confirm.set(String::new());
                }
                Err(error) => form_error.set(errors.absorb(error)),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        form_error.set(None);
        done.set(false);
        if current.get_untracked().is_empty() {
            errors.set("current_password", "password_required");
        }
        if let Err(invalid) = Password::parse(&new.get_untracked()) {
            errors.set("new_password", invalid.code);
        } else if new.get_untracked() != confirm.get_untracked() {
            errors.set("confirm", "password_mismatch");
        }
        if !errors.has_any() {
            action.dispatch((current.get_untracked(), new.get_untracked()));
        }
    };
    view! {
        <form class="card" on:submit=on_submit novalidate aria-labelledby="password-title">
            <h2 id="password-title">{t("account.change_password")}</h2>
            <p class="muted">{t("account.change_password_hint")}</p>
            {move || form_error.get().map(|error| view! { <ErrorBanner error/> })}
            {move || done.get().then(|| view! { <div class="banner banner-success" role="status">{t("account.password_changed")}</div> })}
            <FormField name="current_password" label="account.current_password" value=current errors=errors
                input_type="password" autocomplete="current-password"/>
            <FormField name="new_password" label="account.new_password" value=new errors=errors
                input_type="password" autocomplete="new-password" hint="register.password_hint"/>
            <FormField name="confirm" label="register.confirm" value=confirm errors=errors
                input_type="password" autocomplete="new-password"/>
            <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                {t("account.change_password_submit")}
            </button>
        </form>
    }
}
