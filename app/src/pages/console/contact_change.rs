//! Correcting a customer's mobile number or e-mail: asked for by the policy-service staff,
//! applied when a second person approves or the customer reads out a code sent to the old
//! contact (`backend::contact_changes`).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::console::customers::{
    confirm_contact_change, decide_contact_change, request_contact_change, send_contact_change_code,
};
use crate::components::flash::{use_flash, FlashMessage};
use crate::components::form::{FormField, Submit};
use crate::components::format::format_instant;
use crate::i18n::{fill, t, use_i18n};
use crate::model::customers::{ContactChange, CustomerSummary};
use crate::routes;

/// The form that asks for a correction.
#[component]
pub fn RequestContactChange(customer: CustomerSummary, refresh: Callback<()>) -> impl IntoView {
    let phone = RwSignal::new(customer.phone.clone().unwrap_or_default());
    let email = RwSignal::new(customer.email.clone().unwrap_or_default());
    let reason = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let customer_no = StoredValue::new(customer.customer_no.clone());
    let flash = use_flash();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = request_contact_change(
            customer_no.get_value(),
            phone.get_untracked(),
            email.get_untracked(),
            reason.get_untracked(),
        );
        form.send(request, move |_| {
            if let Some(flash) = flash {
                flash.say(FlashMessage::text("console.contact_change_requested"));
            }
            refresh.run(());
        });
    };
    view! {
        <details class="card transfer">
            <summary><h2>{t("console.correct_contact")}</h2></summary>
            <p class="muted">{t("console.correct_contact_how")}</p>
            <form on:submit=on_submit novalidate>
                <div class="composer-row">
                    <FormField name="phone" id="contact-phone" label="console.phone" value=phone errors input_type="tel"/>
                    <FormField name="email" id="contact-email" label="console.email" value=email errors input_type="email"/>
                </div>
                <FormField name="reason" id="contact-reason" label="console.correct_reason" value=reason errors hint="console.correct_reason_hint"/>
                {form.banner_view()}
                <button type="submit" class="button button-secondary" disabled=move || form.sending()>
                    {t("console.correct_submit")}
                </button>
            </form>
        </details>
    }
}

/// What a waiting correction changes, and who asked.
#[component]
fn ChangeFacts(change: ContactChange) -> impl IntoView {
    let i18n = use_i18n();
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let at = change.requested_at;
    let requested = {
        let by = change.requested_by.clone();
        move || {
            fill(
                i18n.locale.get().text("console.contact_change_by"),
                &[("name", by.clone()), ("when", format_instant(at, i18n.locale.get()))],
            )
        }
    };
    view! {
        <dl class="facts-list">
            <div><dt>{t("console.phone")}</dt><dd class="mono">{dash(&change.phone_before)}" → "<strong>{dash(&change.phone_after)}</strong></dd></div>
            <div><dt>{t("console.email")}</dt><dd>{dash(&change.email_before)}" → "<strong>{dash(&change.email_after)}</strong></dd></div>
            <div><dt>{t("console.correct_reason")}</dt><dd>{change.reason.clone()}</dd></div>
        </dl>
        <p class="muted">{requested}</p>
    }
}

/// A waiting correction on the customer's page: the person who asked sends the customer a
/// code and enters it, or withdraws; anyone else who may correct contacts approves or
/// refuses it.
#[component]
pub fn PendingContactChange(change: ContactChange, may_decide: bool, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = change.id;
    let mine = change.mine;
    let code = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let flash = use_flash();
    #[derive(Clone)]
    enum Step {
        SendCode,
        Confirm(String),
        Approve,
        Refuse(String),
    }
    let run = move |step: Step| {
        let request = async move {
            match step {
                Step::SendCode => send_contact_change_code(id)
                    .await
                    .map(|()| "console.contact_change_code_sent"),
                Step::Confirm(code) => confirm_contact_change(id, code)
                    .await
                    .map(|()| "console.contact_corrected"),
                Step::Approve => decide_contact_change(id, true, None)
                    .await
                    .map(|()| "console.contact_corrected"),
                Step::Refuse(reason) => decide_contact_change(id, false, Some(reason)).await.map(|()| {
                    if mine {
                        "console.contact_change_withdrawn"
                    } else {
                        "console.contact_change_refused"
                    }
                }),
            }
        };
        form.send(request, move |done| {
            if let Some(flash) = flash {
                flash.say(FlashMessage::text(done));
            }
            refresh.run(());
        });
    };
    let busy = move || form.sending();
    let sent_line = change.code_sent_to.clone().map(|to| {
        view! { <p class="muted">{move || fill(i18n.locale.get().text("console.contact_change_code_to"), &[("to", to.clone())])}</p> }
    });
    view! {
        <section class="card contact-change" aria-labelledby=format!("contact-change-{id}")>
            <h2 id=format!("contact-change-{id}")>{t("console.contact_change_waiting")}</h2>
            <ChangeFacts change=change.clone()/>
            {form.banner_view()}
            {if mine {
                view! {
                    <p>{t("console.contact_change_mine")}</p>
                    {sent_line}
                    <div class="button-row">
                        <button type="button" class="button button-secondary" disabled=busy on:click=move |_| run(Step::SendCode)>
                            {t("console.contact_change_send_code")}
                        </button>
                    </div>
                    <form class="composer-row" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        run(Step::Confirm(code.get_untracked()));
                    }>
                        <FormField name="code" id=format!("contact-code-{id}") label="console.contact_change_code" value=code errors inputmode="numeric" autocomplete="off"/>
                        <button type="submit" class="button button-primary" disabled=busy>{t("console.contact_change_confirm")}</button>
                    </form>
                    <button type="button" class="button button-secondary" disabled=busy on:click=move |_| run(Step::Refuse(String::new()))>
                        {t("console.contact_change_withdraw")}
                    </button>
                }.into_any()
            } else if may_decide {
                view! {
                    <p>{t("console.contact_change_second_person")}</p>
                    <FormField name="reason" id=format!("contact-refuse-{id}") label="console.contact_change_refuse_reason" value=reason errors/>
                    <div class="button-row">
                        <button type="button" class="button button-primary" disabled=busy on:click=move |_| run(Step::Approve)>
                            {t("console.contact_change_approve")}
                        </button>
                        <button type="button" class="button button-danger" disabled=busy on:click=move |_| run(Step::Refuse(reason.get_untracked()))>
                            {t("console.contact_change_refuse")}
                        </button>
                    </div>
                }.into_any()
            } else {
                view! { <p class="muted">{t("console.contact_change_others")}</p> }.into_any()
            }}
        </section>
    }
}

/// The corrections waiting for a second person (on the reviews page).
#[component]
pub fn ContactChangeQueue(changes: Vec<ContactChange>, refresh: Callback<()>) -> impl IntoView {
    view! {
        <section aria-labelledby="contact-change-queue">
            <h2 id="contact-change-queue" class="section-title">{t("console.contact_change_queue")}</h2>
            {if changes.is_empty() {
                view! { <p class="muted">{t("console.contact_change_none")}</p> }.into_any()
            } else {
                changes.into_iter().map(|change| {
                    let href = routes::console::customer(&change.customer_no);
                    let name = format!("{} · {}", change.customer_name, change.customer_no);
                    view! {
                        <div class="contact-change-item">
                            <A href=href attr:class="mono">{name}</A>
                            <PendingContactChange change may_decide=true refresh/>
                        </div>
                    }
                }).collect_view().into_any()
            }}
        </section>
    }
}
