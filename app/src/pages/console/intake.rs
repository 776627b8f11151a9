//! Recording a call, letter, e-mail, WeChat message or visit as a work order: on the
//! customer's page for a customer on record, on the search page for a new caller.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::console::work_orders::log_contact;
use crate::components::form::{FormField, SelectField, Submit};
use crate::domain::{Channel, IdempotencyKey, WorkOrderKind};
use crate::i18n::{t, use_i18n};
use crate::model::work_orders::Intake;
use crate::routes;

#[component]
pub fn IntakeForm(
    /// The customer on record; `None` records a new caller by name and mobile number.
    customer_no: Option<String>,
    /// Prefills the new caller's mobile number (what the agent searched for).
    #[prop(optional)]
    phone: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let new_caller = customer_no.is_none();
    let name = RwSignal::new(String::new());
    let new_phone = RwSignal::new(phone.unwrap_or_default());
    let channel = RwSignal::new(Channel::Phone.as_str().to_string());
    let kind = RwSignal::new(String::new());
    let subject = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let request_key = StoredValue::new(IdempotencyKey::fresh());
    let navigate = use_navigate();
    let channels = Signal::derive(move || {
        let locale = i18n.locale.get();
        Channel::ALL
            .iter()
            .filter(|c| **c != Channel::Portal)
            .map(|c| (c.as_str().to_string(), locale.text(&c.label_key())))
            .collect::<Vec<_>>()
    });
    let kinds = Signal::derive(move || {
        let locale = i18n.locale.get();
        WorkOrderKind::ALL
            .iter()
            .filter(|k| **k != WorkOrderKind::PolicyService)
            .map(|k| (k.as_str().to_string(), locale.text(&k.label_key())))
            .collect::<Vec<_>>()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let intake = Intake {
            customer_no: customer_no.clone().unwrap_or_default(),
            new_name: name.get_untracked(),
            new_phone: new_phone.get_untracked(),
            channel: channel.get_untracked(),
            kind: kind.get_untracked(),
            subject: subject.get_untracked(),
            message: message.get_untracked(),
            request_key: request_key.get_value(),
        };
        let navigate = navigate.clone();
        form.send(log_contact(intake), move |order_no| {
            navigate(&routes::console::work_order(&order_no), Default::default())
        });
    };
    view! {
        <form class="card intake" on:submit=on_submit novalidate aria-labelledby="intake-title">
            <h2 id="intake-title">{if new_caller { t("intake.new_caller_title") } else { t("intake.title") }}</h2>
            <p class="muted">{t("intake.lead")}</p>
            {new_caller.then(|| view! {
                <div class="composer-row">
                    <FormField name="new_name" label="intake.name" value=name errors autocomplete="off"/>
                    <FormField name="new_phone" label="intake.phone" value=new_phone errors input_type="tel" inputmode="tel"/>
                </div>
            })}
            <div class="composer-row">
                <SelectField name="channel" label="intake.channel" value=channel errors options=channels placeholder="work_orders.desk.choose"/>
                <SelectField name="kind" label="intake.kind" value=kind errors options=kinds placeholder="work_orders.desk.choose"/>
            </div>
            <FormField name="subject" id="intake-subject" label="intake.subject" value=subject errors/>
            <FormField name="message" id="intake-message" label="intake.message" value=message errors rows=4 hint="intake.message_hint"/>
            {form.banner_view()}
            <button type="submit" class="button button-primary" disabled=move || form.sending()>{t("intake.submit")}</button>
        </form>
    }
}
