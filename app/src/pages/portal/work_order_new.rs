use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::portal::policies::list_my_policies;
use crate::api::portal::work_orders::open_work_order;
use crate::components::form::{FieldErrors, FormField, SelectField};
use crate::components::navigation::use_go;
use crate::components::page::Page;
use crate::components::states::ErrorBanner;
use crate::components::upload::{FilePicker, Uploads};
use crate::domain::{
    check_service_type, needs_policy, DocumentPurpose, IdempotencyKey, Relation, ServiceType, WorkOrderKind, MESSAGE,
    SUBJECT,
};
use crate::error::AppError;
use crate::i18n::{t, use_i18n};
use crate::model::work_orders::WorkOrderForm;
use crate::routes;

/// `/my/work-orders/new?kind=complaint`: open a work order.
#[component]
pub fn NewWorkOrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let kind = RwSignal::new(query.read_untracked().get("kind").unwrap_or_default());
    let service = RwSignal::new(query.read_untracked().get("service").unwrap_or_default());
    let subject = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let policy_no = RwSignal::new(String::new());
    let new_phone = RwSignal::new(String::new());
    let new_email = RwSignal::new(String::new());
    let b_name = RwSignal::new(String::new());
    let b_id = RwSignal::new(String::new());
    let b_relation = RwSignal::new(String::new());
    let b_share = RwSignal::new(String::from("100"));
    let bank = RwSignal::new(String::new());
    let account = RwSignal::new(String::new());
    let uploads = Uploads::new(DocumentPurpose::WorkOrder);
    let errors = FieldErrors::default();
    let form_error = RwSignal::new(None::<AppError>);
    let request_key = StoredValue::new(IdempotencyKey::fresh());
    let go = use_go();
    let policies = LocalResource::new(list_my_policies);

    let kind_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        WorkOrderKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), locale.text(&k.label_key())))
            .collect()
    });
    let service_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        ServiceType::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), locale.text(&s.label_key())))
            .collect()
    });
    let relation_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        Relation::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), locale.text(&r.label_key())))
            .collect()
    });
    let policy_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        policies
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let label = format!(
                    "{} · {}",
                    locale.pick(&p.product_name_zh, &p.product_name_en),
                    p.policy_no
                );
                (p.policy_no, label)
            })
            .collect()
    });
    let chosen_kind = move || WorkOrderKind::parse(&kind.get());
    let chosen_service = move || {
        (chosen_kind() == Some(WorkOrderKind::PolicyService))
            .then(|| ServiceType::parse(&service.get()))
            .flatten()
    };

    let action = Action::new_local(|form: &WorkOrderForm| {
        let form = form.clone();
        async move { open_work_order(form).await }
    });
    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            match result {
                Ok(detail) => go(&routes::portal::work_order(&detail.summary.order_no)),
                Err(error) => form_error.set(errors.absorb(error)),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        form_error.set(None);
        let Some(k) = chosen_kind() else {
            errors.set("kind", "kind_required");
            return;
        };
        if let Err(e) = check_service_type(k, ServiceType::parse(&service.get_untracked())) {
            errors.set("service_type", e.code);
        }
        if needs_policy(k) && policy_no.get_untracked().is_empty() {
            errors.set("policy_no", "policy_required");
        }
        if let Err(e) = SUBJECT.check(&subject.get_untracked()) {
            errors.set("subject", e.code);
        }
        if let Err(e) = MESSAGE.check(&message.get_untracked()) {
            errors.set("message", e.code);
        }
        if uploads.busy() {
            errors.set("documents", "uploads_in_progress");
        }
        if errors.has_any() {
            return;
        }
        action.dispatch(WorkOrderForm {
            kind: kind.get_untracked(),
            subject: subject.get_untracked(),
            message: message.get_untracked(),
            policy_no: policy_no.get_untracked(),
            service_type: if k == WorkOrderKind::PolicyService {
                service.get_untracked()
            } else {
                String::new()
            },
            new_phone: new_phone.get_untracked(),
            new_email: new_email.get_untracked(),
            beneficiary_name: b_name.get_untracked(),
            beneficiary_id_number: b_id.get_untracked(),
            beneficiary_relation: b_relation.get_untracked(),
            beneficiary_share: b_share.get_untracked(),
            payout_bank: bank.get_untracked(),
            payout_account: account.get_untracked(),
            documents: uploads.document_ids(),
            request_key: request_key.get_value(),
        });
    };
    let documents_error = move || {
        errors.code("documents").map(|code| {
            view! { <p class="field-error" role="alert">{move || i18n.locale.get().text(&format!("error.{code}"))}</p> }
        })
    };
    let level_hint = move || {
        chosen_service()
            .filter(|s| s.required_level() == crate::domain::MemberLevel::AdvancedVerified)
            .map(|_| {
                view! {
                    <div class="banner banner-info">
                        {t("work_orders.needs_advanced")}" "
                        <A href=routes::portal::verification()>{t("account.verify_now")}</A>
                    </div>
                }
            })
    };

    view! {
        <Page title="work_orders.new_title" narrow=true>
            <A href=routes::portal::work_orders() attr:class="back-link">{t("work_orders.back")}</A>
            <header class="page-head">
                <h1>{t("work_orders.new_title")}</h1>
                <p class="muted">{t("work_orders.new_lead")}</p>
            </header>
            <form class="card form-stack" on:submit=on_submit novalidate>
                {move || form_error.get().map(|error| view! { <ErrorBanner error/> })}
                <SelectField name="kind" label="work_orders.kind" value=kind errors=errors options=kind_options
                    placeholder="work_orders.choose_kind"/>
                {move || (chosen_kind() == Some(WorkOrderKind::PolicyService)).then(|| view! {
                    <SelectField name="service_type" label="work_orders.service_type" value=service errors=errors
                        options=service_options placeholder="work_orders.choose_service"/>
                })}
                {level_hint}
                <SelectField name="policy_no" label="work_orders.policy" value=policy_no errors=errors
                    options=policy_options placeholder="work_orders.choose_policy"/>
                {move || match chosen_service() {
                    Some(ServiceType::ContactChange) => view! {
                        <fieldset class="fieldset">
                            <legend>{t("service_type.contact_change")}</legend>
                            <FormField name="new_phone" label="work_orders.new_phone" value=new_phone errors=errors
                                input_type="tel" inputmode="numeric"/>
                            <FormField name="new_email" label="work_orders.new_email" value=new_email errors=errors
                                input_type="email"/>
                        </fieldset>
                    }.into_any(),
                    Some(ServiceType::BeneficiaryChange) => view! {
                        <fieldset class="fieldset">
                            <legend>{t("service_type.beneficiary_change")}</legend>
                            <FormField name="beneficiary_name" label="work_orders.beneficiary_name" value=b_name errors=errors/>
                            <FormField name="beneficiary_id_number" label="work_orders.beneficiary_id_number" value=b_id errors=errors/>
                            <SelectField name="beneficiary_relation" label="work_orders.beneficiary_relation" value=b_relation
                                errors=errors options=relation_options placeholder="work_orders.choose_relation"/>
                            <FormField name="beneficiary_share" label="work_orders.beneficiary_share" value=b_share errors=errors
                                inputmode="numeric"/>
                        </fieldset>
                    }.into_any(),
                    Some(ServiceType::PayoutAccountChange) => view! {
                        <fieldset class="fieldset">
                            <legend>{t("service_type.payout_account_change")}</legend>
                            <FormField name="payout_bank" label="claims.payout_bank" value=bank errors=errors/>
                            <FormField name="payout_account" label="claims.payout_account_input" value=account errors=errors
                                inputmode="numeric" autocomplete="off"/>
                        </fieldset>
                    }.into_any(),
                    None => ().into_any(),
                }}
                <FormField name="subject" label="work_orders.subject" value=subject errors=errors/>
                <FormField name="message" label="work_orders.message" value=message errors=errors rows=5
                    hint="work_orders.message_hint"/>
                <div class="field">
                    <span class="field-label">{t("work_orders.attachments")}</span>
                    <FilePicker uploads label="work_orders.add_files"/>
                    {documents_error}
                </div>
                <button type="submit" class="button button-primary button-block" disabled=move || action.pending().get()>
                    {t("work_orders.submit")}
                </button>
            </form>
        </Page>
    }
}
