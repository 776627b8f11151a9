use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::contact_change::{PendingContactChange, RequestContactChange};
use super::customer_notes::{CustomerNotes, CustomerTags};
use super::intake::IntakeForm;
use crate::api::console::customers::customer_360;
use crate::components::badge::TierBadge;
use crate::components::badge::WorkOrderStatusBadge;
use crate::components::claim::StageBadge;
use crate::components::flash::{provide_flash, FlashBanner};
use crate::components::format::format_instant;
use crate::components::page::Page;
use crate::components::policy::PolicyList;
use crate::components::states::Loaded;
use crate::i18n::{t, t_dyn, use_i18n};
use crate::model::customers::{ContactEvent, CustomerOverview, CustomerProfile};
use crate::routes::{self, seg};

/// `/console/customers/:customer_no`: the customer on one page (客户360): profile and
/// policies, claims, work orders, points, and every interaction, newest first.
#[component]
pub fn ConsoleCustomerPage() -> impl IntoView {
    let params = use_params_map();
    let tick = RwSignal::new(0u32);
    let overview = LocalResource::new(move || {
        tick.track();
        let customer_no = params.read().get(seg::CUSTOMER_NO).unwrap_or_default();
        customer_360(customer_no)
    });
    let refresh = Callback::new(move |_| tick.update(|n| *n += 1));
    // What a change made here says stays while the page re-reads what it changed.
    let flash = provide_flash();
    view! {
        <Page title="console.customer_title" class="page page-wide">
            <A href=routes::console::customers() attr:class="back-link">{t("console.back_to_search")}</A>
            <FlashBanner flash/>
            <Loaded resource=overview let:overview>
                <Overview overview refresh/>
            </Loaded>
        </Page>
    }
}

#[component]
fn Overview(overview: CustomerOverview, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let balance = overview.points_balance;
    let customer_no = overview.profile.customer.customer_no.clone();
    let is_admin = matches!(
        crate::session::use_session().me.get_untracked().flatten(),
        Some(crate::model::auth::Me::Staff { role, .. }) if role.may(crate::domain::Capability::ManageMembers)
    );
    let contact_change = match overview.pending_contact_change.clone() {
        Some(change) => view! {
            <PendingContactChange change may_decide=overview.may_correct_contacts refresh/>
        }
        .into_any(),
        None if overview.may_correct_contacts => view! {
            <RequestContactChange customer=overview.profile.customer.clone() refresh/>
        }
        .into_any(),
        None => ().into_any(),
    };
    view! {
        <div class="wo-layout">
            <div class="wo-main">
                <Profile profile=overview.profile.clone() balance>{contact_change}</Profile>
                <IntakeForm customer_no=Some(overview.profile.customer.customer_no.clone())/>
            </div>
            <aside class="wo-side">
                {is_admin.then(|| view! { <crate::pages::admin::member::MemberAdminCard customer_no=customer_no.clone() on_change=refresh/> })}
                <CustomerTags customer_no=customer_no.clone() tags=overview.profile.tags.clone() refresh/>
                <CustomerNotes customer_no=customer_no.clone() notes=overview.notes.clone() refresh/>
                <section class="card" aria-labelledby="c360-claims">
                    <h2 id="c360-claims">{t("console.claims")}</h2>
                    {if overview.claims.is_empty() {
                        view! { <p class="muted">{t("console.none")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="plain-list">
                                {overview.claims.into_iter().map(|c| {
                                    let coverage = {
                                        let (zh, en) = (c.coverage_name_zh.clone(), c.coverage_name_en.clone());
                                        move || i18n.locale.get().pick(&zh, &en).to_string()
                                    };
                                    view! {
                                        <li class="c360-line">
                                            <A href=routes::console::claim(&c.claim_no) attr:class="mono">{c.claim_no.clone()}</A>
                                            <span>{coverage}</span>
                                            <StageBadge stage=c.stage outcome=c.outcome/>
                                            <span class="amount">{c.amount.to_string()}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
                <section class="card" aria-labelledby="c360-orders">
                    <h2 id="c360-orders">{t("console.work_orders")}</h2>
                    {if overview.work_orders.is_empty() {
                        view! { <p class="muted">{t("console.none")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="plain-list">
                                {overview.work_orders.into_iter().map(|w| view! {
                                    <li class="c360-line">
                                        <A href=routes::console::work_order(&w.order_no) attr:class="mono">{w.order_no.clone()}</A>
                                        <span>{w.subject.clone()}</span>
                                        <WorkOrderStatusBadge status=w.status staff=true/>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            </aside>
        </div>
        <section class="card" aria-labelledby="c360-history">
            <h2 id="c360-history">{t("console.contact_history")}</h2>
            <ol class="history contact-history">
                {overview.history.into_iter().map(|e| view! { <ContactLine event=e/> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn ContactLine(event: ContactEvent) -> impl IntoView {
    let i18n = use_i18n();
    let at = event.at;
    let what = {
        let e = event.clone();
        move || {
            let locale = i18n.locale.get();
            let mut parts = vec![locale.text(&e.kind.label_key())];
            if let Some(stage) = e.stage {
                parts.push(locale.text(&stage.label_key()));
            }
            if let Some(notification) = e.notification {
                parts.push(locale.text(&format!("{}.title", notification.label_key())));
            }
            if let Some(channel) = e.channel {
                parts.push(locale.text(&channel.label_key()));
            }
            if let Some(staff) = &e.staff {
                parts.push(staff.clone());
            }
            parts.join(" · ")
        }
    };
    let link = event.reference.clone().map(|r| {
        let href = if r.starts_with("CL") {
            routes::console::claim(&r)
        } else {
            routes::console::work_order(&r)
        };
        view! { <A href=href attr:class="mono">{r}</A> }
    });
    view! {
        <li class=format!("contact contact-{}", event.kind.as_str())>
            <time>{move || format_instant(at, i18n.locale.get())}</time>
            <span>{what} " " {link}</span>
            {(!event.text.is_empty()).then(|| view! { <blockquote>{event.text.clone()}</blockquote> })}
        </li>
    }
}

#[component]
fn Profile(
    profile: CustomerProfile,
    balance: i64,
    /// Shown right under who the customer is (a correction of their contacts).
    children: Children,
) -> impl IntoView {
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
                <div><dt>{t("console.points")}</dt><dd data-testid="profile-points">{balance}</dd></div>
            </dl>
            <p class="muted audit-note">{t("console.audit_note")}</p>
        </section>
        {children()}
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
            {(!customer.tags.is_empty()).then(|| view! {
                <ul class="tag-list" aria-label=t("console.tags")>
                    {customer.tags.iter().map(|tag| view! { <li class="tag">{tag.clone()}</li> }).collect_view()}
                </ul>
            })}
            <dl class="facts-list">
                <div><dt>{t("account.customer_no")}</dt><dd class="mono">{customer_no.clone()}</dd></div>
                <div><dt>{t("console.phone")}</dt><dd class="mono">{c.phone.clone().unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{t("console.email")}</dt><dd>{c.email.clone().unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{t("console.identity")}</dt><dd>{t_dyn(format!("console.identity.{}", c.member_level.as_str()))}</dd></div>
                <div><dt>{t("console.registered_at")}</dt><dd>{move || format_instant(registered_at, i18n.locale.get())}</dd></div>
                {rating.map(|r| view! { <div><dt>{t("work_orders.desk.rating")}</dt><dd>{"★".repeat(r as usize)}</dd></div> })}
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
                            {concerned.then(|| view! { " " <span class="badge badge-info">{t("console.case_policy")}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
