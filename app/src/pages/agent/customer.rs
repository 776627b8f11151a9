use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::agent::{get_customer, CustomerProfile};
use crate::components::badge::TierBadge;
use crate::components::format::format_instant;
use crate::components::guard::{Audience, RequireSignIn};
use crate::components::policy::PolicyList;
use crate::components::states::{ErrorPanel, Loading};
use crate::i18n::{t, t_dyn, use_i18n};

/// `/console/customers/:customer_no`: a customer's profile and policies, read-only.
#[component]
pub fn ConsoleCustomerPage() -> impl IntoView {
    view! {
        <RequireSignIn audience=Audience::Staff>
            <ConsoleCustomer/>
        </RequireSignIn>
    }
}

#[component]
fn ConsoleCustomer() -> impl IntoView {
    let params = use_params_map();
    let profile = LocalResource::new(move || {
        let customer_no = params.read().get("customer_no").unwrap_or_default();
        get_customer(customer_no)
    });
    view! {
        <div class="page">
            <A href="/console" attr:class="back-link">{t("console.back_to_search")}</A>
            {move || match profile.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error/> }.into_any(),
                Some(Ok(profile)) => view! { <Profile profile/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Profile(profile: CustomerProfile) -> impl IntoView {
    let i18n = use_i18n();
    let c = profile.customer.clone();
    let customer_no = c.customer_no.clone();
    let registered_at = profile.registered_at;
    view! {
        <section class="card customer-hero" aria-labelledby="customer-title">
            <div class="customer-hero-head">
                <h1 id="customer-title">{c.name.clone()}</h1>
                <TierBadge tier=c.vip_tier/>
            </div>
            <dl class="facts facts-hero">
                <div><dt>{t("account.customer_no")}</dt><dd class="mono">{c.customer_no.clone()}</dd></div>
                <div><dt>{t("console.phone")}</dt><dd class="mono">{c.phone.clone().unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{t("console.email")}</dt><dd>{c.email.clone().unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{t("console.id_number")}</dt><dd class="mono">{profile.id_number_masked.clone().unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{t("account.member_level")}</dt><dd>{t_dyn(c.member_level.label_key())}</dd></div>
                <div><dt>{t("account.vip_tier")}</dt><dd>{t_dyn(c.vip_tier.label_key())}</dd></div>
                <div><dt>{t("console.registered_at")}</dt><dd>{move || format_instant(registered_at, i18n.locale.get())}</dd></div>
            </dl>
            <p class="muted audit-note">{t("console.audit_note")}</p>
        </section>
        <section aria-labelledby="customer-policies-title">
            <h2 id="customer-policies-title" class="section-title">{t("console.policies")}</h2>
            <PolicyList
                policies=profile.policies
                href=move |p| format!("/console/customers/{}/policies/{}", customer_no, p.policy_no)
            />
        </section>
    }
}
