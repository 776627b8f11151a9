//! The member part of the account page: verification steps and VIP services.

use leptos::prelude::*;

use crate::api::portal::members::{book_vip_service, member_status, request_advanced_verification, verify_identity};
use crate::components::form::{FieldErrors, FormField};
use crate::components::format::{format_date, format_instant};
use crate::components::states::{ErrorBanner, Loaded};
use crate::components::upload::{FilePicker, Uploads};
use crate::domain::{parse_person_name, DocumentPurpose, IdNumber, IdempotencyKey, MemberLevel, VipTier};
use crate::error::AppError;
use crate::i18n::{fill, t, t_dyn, use_i18n};
use crate::model::members::{Membership, VipService};
use crate::session::use_session;

#[component]
pub fn MembershipSection() -> impl IntoView {
    let status = LocalResource::new(member_status);
    // What was just booked; outlives the re-read that redraws the list.
    let booked = RwSignal::new(None::<String>);
    view! {
        <Loaded resource=status let:m>
            <Verification m=m.clone() refresh=move || status.refetch()/>
            <VipServices m booked refresh=move || status.refetch()/>
        </Loaded>
    }
}

#[component]
fn Verification(m: Membership, refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let steps = [
        MemberLevel::Registered,
        MemberLevel::Verified,
        MemberLevel::AdvancedVerified,
    ];
    let reached = |level: MemberLevel| m.level.at_least(level);
    view! {
        <section class="card" id="verification" aria-labelledby="verification-title">
            <h2 id="verification-title">{t("account.verification")}</h2>
            <ol class="steps">
                {steps.into_iter().map(|level| view! {
                    <li class:done=reached(level) class:current=m.level == level>{t_dyn(level.label_key())}</li>
                }).collect_view()}
            </ol>
            <p class="muted">{t("account.verification_why")}</p>
            {match m.level {
                MemberLevel::Registered => view! { <VerifyIdentity refresh/> }.into_any(),
                MemberLevel::Verified if m.advanced_pending => view! {
                    <p class="banner banner-info" role="status">{t("account.advanced_pending")}</p>
                }.into_any(),
                MemberLevel::Verified => view! { <RequestAdvanced refresh/> }.into_any(),
                MemberLevel::AdvancedVerified => view! {
                    <p class="banner banner-success">{t("account.advanced_done")}</p>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn VerifyIdentity(refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let form_error = RwSignal::new(None::<AppError>);
    let action = Action::new_local(|(name, id): &(String, String)| {
        let (name, id) = (name.clone(), id.clone());
        async move { verify_identity(name, id).await }
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            session.refresh();
            refresh();
        }
        Some(Err(e)) => form_error.set(errors.absorb(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        form_error.set(None);
        if let Err(e) = parse_person_name(&name.get_untracked()) {
            errors.set("name", e.code);
        }
        if let Err(e) = IdNumber::parse(&id_number.get_untracked()) {
            errors.set("id_number", e.code);
        }
        if !errors.has_any() {
            action.dispatch((name.get_untracked(), id_number.get_untracked()));
        }
    };
    view! {
        <form on:submit=on_submit novalidate>
            {move || form_error.get().map(|error| view! { <ErrorBanner error/> })}
            <FormField name="name" label="account.real_name" value=name errors=errors autocomplete="name"/>
            <FormField name="id_number" label="account.id_number" value=id_number errors=errors autocomplete="off"
                hint="account.id_number_hint"/>
            <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                {t("account.verify_submit")}
            </button>
        </form>
    }
}

#[component]
fn RequestAdvanced(refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let uploads = Uploads::new(DocumentPurpose::Identity);
    let error = RwSignal::new(None::<AppError>);
    let action = Action::new_local(|document: &String| request_advanced_verification(document.clone()));
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => refresh(),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let document = move || uploads.document_ids().into_iter().next();
    view! {
        <div class="add-documents">
            <p>{t("account.advanced_how")}</p>
            {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            <FilePicker uploads label="account.id_photo"/>
            <button type="button" class="button button-primary" disabled=move || document().is_none() || action.pending().get()
                on:click=move |_| {
                    error.set(None);
                    if let Some(id) = document() {
                        action.dispatch(id);
                    }
                }>
                {t("account.advanced_submit")}
            </button>
        </div>
    }
}

#[component]
fn VipServices(
    m: Membership,
    booked: RwSignal<Option<String>>,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let tier = m.tier;
    view! {
        <section class="card" aria-labelledby="vip-title">
            <h2 id="vip-title">{t("account.vip_services")}</h2>
            {move || booked.get().map(|text| view! { <p class="banner banner-success" role="status">{text}</p> })}
            <p class="muted">{move || if tier == VipTier::None { t("account.vip_none")() } else { t("account.vip_lead")() }}</p>
            <ul class="vip-list">
                {m.vip_services.into_iter().map(|s| view! { <VipServiceRow s booked refresh/> }).collect_view()}
            </ul>
            {(!m.bookings.is_empty()).then(|| view! {
                <h3 class="section-title">{t("account.bookings")}</h3>
                <ul class="plain-list">
                    {m.bookings.into_iter().map(|b| {
                        let (zh, en) = (b.name_zh.clone(), b.name_en.clone());
                        let date = b.preferred_date.clone();
                        view! {
                            <li>
                                <span>{move || i18n.locale.get().pick(&zh, &en).to_string()}</span>
                                <span>{move || format_date(&date, i18n.locale.get())}" · "{b.city.clone()}</span>
                                <span class="badge badge-info">{t_dyn(format!("booking_status.{}", b.status))}</span>
                                <span class="muted">{move || format_instant(b.booked_at, i18n.locale.get())}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

#[component]
fn VipServiceRow(
    s: VipService,
    booked: RwSignal<Option<String>>,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let date = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let form_error = RwSignal::new(None::<AppError>);
    let key = StoredValue::new(IdempotencyKey::fresh());
    let code = StoredValue::new(s.code.clone());
    let book = Action::new_local(move |(date, city): &(String, String)| {
        let (date, city) = (date.clone(), city.clone());
        async move { book_vip_service(code.get_value(), date, city, key.get_value()).await }
    });
    let (name_zh, name_en) = (s.name_zh.clone(), s.name_en.clone());
    Effect::new(move |_| match book.value().get() {
        Some(Ok(_)) => {
            key.set_value(IdempotencyKey::fresh());
            open.set(false);
            // Say what was booked, for when and where, and what happens next.
            let locale = i18n.locale.get_untracked();
            booked.set(Some(fill(
                locale.text("account.booked"),
                &[
                    ("service", locale.pick(&name_zh, &name_en).to_string()),
                    ("date", format_date(&date.get_untracked(), locale)),
                    ("city", city.get_untracked().trim().to_string()),
                ],
            )));
            refresh();
        }
        Some(Err(e)) => form_error.set(errors.absorb(e)),
        None => {}
    });
    let (zh, en) = (s.name_zh.clone(), s.name_en.clone());
    let included = s.included;
    let min_tier = s.min_tier;
    view! {
        <li class="vip-row" class:locked=!included>
            <div class="card-row">
                <span class="card-title">{move || i18n.locale.get().pick(&zh, &en).to_string()}</span>
                <span class=format!("badge badge-tier badge-{}", min_tier.as_str())>{t_dyn(min_tier.label_key())}</span>
            </div>
            {if included {
                view! {
                    <button type="button" class="button button-secondary button-small" on:click=move |_| { booked.set(None); open.update(|o| *o = !*o); }>
                        {t("account.book")}
                    </button>
                    {move || open.get().then(|| view! {
                        <form class="vip-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            errors.clear();
                            form_error.set(None);
                            book.dispatch((date.get_untracked(), city.get_untracked()));
                        }>
                            {move || form_error.get().map(|error| view! { <ErrorBanner error/> })}
                            <FormField name="preferred_date" label="account.preferred_date" value=date errors=errors input_type="date"/>
                            <FormField name="city" label="account.city" value=city errors=errors/>
                            <button type="submit" class="button button-primary" disabled=move || book.pending().get()>
                                {t("account.book_submit")}
                            </button>
                        </form>
                    })}
                }.into_any()
            } else {
                view! { <p class="muted">{t("account.vip_locked")}</p> }.into_any()
            }}
        </li>
    }
}
