use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::console::customers::get_customer;
use crate::components::badge::TierBadge;
use crate::components::format::format_instant;
use crate::components::page::Page;
use crate::components::policy::PolicyList;
use crate::components::states::Loaded;
use crate::i18n::{t, t_dyn, use_i18n};
use crate::model::customers::CustomerProfile;
use crate::routes::{self, seg};

/// `/console/customers/:customer_no`: a customer's profile and policies, read-only.
#[component]
pub fn ConsoleCustomerPage() -> impl IntoView {
    let params = use_params_map();
    let profile = LocalResource::new(move || {
        let customer_no = params.read().get(seg::CUSTOMER_NO).unwrap_or_default();
        get_customer(customer_no)
    });
    view! {
        <Page title="console.customer_title">
            <A href=routes::console::customers() attr:class="back-link">{t("console.back_to_search")}</A>
            <Loaded resource=profile let:profile>
                <Profile profile/>
            </Loaded>
        </Page>
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
                href=move |p| routes::console::customer_policy(&customer_no, &p.policy_no)
            />
        </section>
    }
}

/// The customer beside a case: who they are, how to reach them, and their policies with
/// the one the case concerns marked.
#[component]
pub fn CustomerCard(
    customer: CustomerProfile,
    /// The policy the case concerns.
    policy_no: Option<String>,
    rating: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = customer.customer.clone();
    let customer_no = c.customer_no.clone();
    let registered_at = customer.registered_at;
    view! {
        <section class="card">
            <div class="customer-hero-head">
                <h2>
                    <A href=routes::console::customer(&customer_no)>{c.name.clone()}</A>
                </h2>
                <TierBadge tier=c.vip_tier/>
            </div>
            <dl class="facts-list">
                <div><dt>{t("account.customer_no")}</dt><dd class="mono">{customer_no.clone()}</dd></div>
                <div><dt>{t("console.phone")}</dt><dd class="mono">{c.phone.clone().unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{t("console.email")}</dt><dd>{c.email.clone().unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{t("account.member_level")}</dt><dd>{t_dyn(c.member_level.label_key())}</dd></div>
                <div><dt>{t("console.registered_at")}</dt><dd>{move || format_instant(registered_at, i18n.locale.get())}</dd></div>
                {rating.map(|r| view! { <div><dt>{t("desk.rating")}</dt><dd>{"★".repeat(r as usize)}</dd></div> })}
            </dl>
        </section>
        <section class="card">
            <h2>{t("console.policies")}</h2>
            <ul class="plain-list">
                {customer.policies.into_iter().map(|p| {
                    let concerned = policy_no.as_deref() == Some(p.policy_no.as_str());
                    let href = routes::console::customer_policy(&customer_no, &p.policy_no);
                    view! {
                        <li class:concerned=concerned>
                            <A href=href attr:class="mono">{p.policy_no.clone()}</A>
                            " "
                            <span class="muted">{t_dyn(p.status.label_key())}</span>
                            {concerned.then(|| view! { " " <span class="badge badge-info">{t("desk.policy_concerned")}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
