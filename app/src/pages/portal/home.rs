use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::portal::home::portal_home;
use crate::components::claim::ClaimList;
use crate::components::format::{format_date, format_instant};
use crate::components::page::Page;
use crate::components::states::Loaded;
use crate::i18n::{fill, t, use_i18n};
use crate::model::auth::Me;
use crate::model::home::{HomeSummary, PremiumDue};
use crate::routes;
use crate::session::use_session;

/// `/my`: what needs the customer's attention, and the insurer's news.
#[component]
pub fn PortalHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let home = LocalResource::new(portal_home);
    let greeting = move || match session.me.get().flatten() {
        Some(Me::Customer { name, .. }) => fill(i18n.locale.get().text("policies.greeting"), &[("name", name)]),
        _ => String::new(),
    };
    view! {
        <Page title="home.title">
            <header class="page-head">
                <p class="eyebrow">{greeting}</p>
                <h1>{t("home.title")}</h1>
            </header>
            <Loaded resource=home let:data>
                <HomeView data/>
            </Loaded>
        </Page>
    }
}

#[component]
fn HomeView(data: HomeSummary) -> impl IntoView {
    let i18n = use_i18n();
    let balance = data.points_balance;
    let expiring = data.points_expiring_soon;
    let unread = data.unread_notifications;
    let replies = data.unread_replies;
    let open_total = data.open_claims_total;
    let shown = data.open_claims.len();
    view! {
        <nav class="quick-actions" aria-label=t("home.quick_actions")>
            <A href=routes::portal::new_claim() attr:class="quick-action">
                <span class="quick-icon" aria-hidden="true">"✚"</span>{t("home.report_claim")}
            </A>
            <A href=routes::portal::work_orders() attr:class="quick-action">
                <span class="quick-icon" aria-hidden="true">"☏"</span>{t("nav.work_orders")}
            </A>
            <A href=routes::portal::points() attr:class="quick-action">
                <span class="quick-icon" aria-hidden="true">"★"</span>{t("nav.points")}
            </A>
            <A href=routes::portal::notifications() attr:class="quick-action">
                <span class="quick-icon" aria-hidden="true">"✉"</span>{t("nav.notifications")}
                {(unread > 0).then(|| view! { <span class="count-badge">{unread}</span> })}
            </A>
        </nav>

        <div class="tiles">
            <A href=routes::portal::points() attr:class="card card-link tile">
                <span class="tile-label">{t("home.points")}</span>
                <span class="tile-value" data-testid="home-points">{balance}</span>
                {(expiring > 0).then(|| view! {
                    <span class="tile-note warn">{move || fill(i18n.locale.get().text("home.points_expiring"), &[("points", expiring.to_string())])}</span>
                })}
            </A>
            <A href=routes::portal::notifications() attr:class="card card-link tile">
                <span class="tile-label">{t("home.unread")}</span>
                <span class="tile-value">{unread}</span>
                {(replies > 0).then(|| view! {
                    <span class="tile-note">{move || fill(i18n.locale.get().text("home.replies"), &[("count", replies.to_string())])}</span>
                })}
            </A>
        </div>

        {
            // Unpaid past its date is not "due soon": it is overdue, and on a lapsed policy it
            // means no cover, which the customer must read before anything else.
            let (overdue, due): (Vec<PremiumDue>, Vec<PremiumDue>) =
                data.premiums_due.clone().into_iter().partition(|p| p.overdue);
            let lapsed = overdue.iter().any(|p| p.policy_lapsed);
            view! {
                {(!overdue.is_empty()).then(|| view! {
                    <section class="card card-danger premiums-overdue" aria-labelledby="overdue-title">
                        <h2 id="overdue-title">{t("home.premiums_overdue")}</h2>
                        <p>{if lapsed { t("home.premiums_lapsed_means") } else { t("home.premiums_grace_means") }}</p>
                        <PremiumList premiums=overdue/>
                    </section>
                })}
                {(!due.is_empty()).then(|| view! {
                    <section class="card card-attention" aria-labelledby="due-title">
                        <h2 id="due-title">{t("home.premiums_due")}</h2>
                        <PremiumList premiums=due/>
                    </section>
                })}
            }
        }

        <section aria-labelledby="open-claims-title">
            <div class="section-head">
                <h2 id="open-claims-title" class="section-title">{t("home.open_claims")}</h2>
                <A href=routes::portal::claims() attr:class="section-link">{move || if open_total > shown as i64 {
                    fill(i18n.locale.get().text("home.all_open_claims"), &[("count", open_total.to_string())])
                } else {
                    i18n.locale.get().text("home.all_claims")
                }}</A>
            </div>
            {if data.open_claims.is_empty() {
                view! { <p class="muted">{t("home.no_open_claims")}</p> }.into_any()
            } else {
                view! { <ClaimList claims=data.open_claims.clone()/> }.into_any()
            }}
        </section>

        <section aria-labelledby="news-title">
            <h2 id="news-title" class="section-title">{t("home.announcements")}</h2>
            <ul class="card-list">
                {data.announcements.into_iter().map(|a| {
                    let (tz, te, bz, be) = (a.title_zh.clone(), a.title_en.clone(), a.body_zh.clone(), a.body_en.clone());
                    view! {
                        <li class="card announcement">
                            <p class="card-title">{move || i18n.locale.get().pick(&tz, &te).to_string()}</p>
                            <p>{move || i18n.locale.get().pick(&bz, &be).to_string()}</p>
                            <time class="muted">{move || format_instant(a.published_at, i18n.locale.get())}</time>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn PremiumList(premiums: Vec<PremiumDue>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="plain-list">
            {premiums.into_iter().map(|due| {
                let (zh, en) = (due.product_name_zh.clone(), due.product_name_en.clone());
                let date = due.due_date.clone();
                view! {
                    <li>
                        <A href=routes::portal::policy(&due.policy_no)>{move || i18n.locale.get().pick(&zh, &en).to_string()}</A>
                        <span class="amount">{due.amount.to_string()}</span>
                        <span class:bad=due.overdue>{move || format_date(&date, i18n.locale.get())}</span>
                        {due.policy_lapsed.then(|| view! { <span class="badge badge-bad">{t("policy_status.lapsed")}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
