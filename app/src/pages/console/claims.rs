//! `/console/claims?view=…`: the claims desk. Open claims per stage with each stage's
//! committed time and how many are past it, the views (mine, unassigned, approvals waiting
//! for the caller's authority, fast-track review, all) with their counts, and the claims
//! themselves, VIP first and the stage due soonest first, with the time left.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::deadline::time_left;
use crate::api::console::claims::claim_queue;
use crate::components::badge::TierBadge;
use crate::components::claim::StageBadge;
use crate::components::live::on_live_change;
use crate::components::page::Page;
use crate::components::states::Loaded;
use crate::components::timer::every;
use crate::domain::service_level::view_count_label;
use crate::domain::ClaimQueueView;
use crate::error::AppError;
use crate::i18n::{t, t_args, t_dyn, use_i18n};
use crate::model::claims::{ClaimDesk, ClaimLine, StageLoad};
use crate::model::live::LiveChange;
use crate::routes;

/// How often the desk refreshes itself without news: time left and overdue counts move with
/// the clock. Changes themselves arrive live.
const REFRESH_MS: u64 = 60_000;

#[component]
pub fn ClaimsDeskPage() -> impl IntoView {
    let query = use_query_map();
    let view = move || {
        query
            .read()
            .get("view")
            .and_then(|v| ClaimQueueView::parse(&v))
            .unwrap_or(ClaimQueueView::Mine)
    };
    let tick = RwSignal::new(0u32);
    let desk = LocalResource::new(move || {
        tick.track();
        claim_queue(view().as_str().to_string())
    });
    every(std::time::Duration::from_millis(REFRESH_MS), move || {
        tick.update(|n| *n += 1)
    });
    on_live_change(
        |change| matches!(change, LiveChange::Claim { .. }),
        move || tick.update(|n| *n += 1),
    );
    view! {
        <Page title="claims.desk.title" class="page page-wide">
            <div class="desk">
                <aside class="desk-views" aria-label=t("work_orders.desk.views")>
                    <ClaimViews desk view=Signal::derive(view)/>
                </aside>
                <section class="desk-main" aria-labelledby="claims-title">
                    <header class="desk-head">
                        <h1 id="claims-title">{move || t_dyn(view().label_key())()}</h1>
                        {move || desk.get().and_then(Result::ok).map(|d| view! {
                            <p class="muted claim-authority">{authority_text(&d)}</p>
                        })}
                    </header>
                    {move || desk.get().and_then(Result::ok).map(|d| view! { <StageStrip stages=d.stages.clone()/> })}
                    <Loaded
                        resource=desk
                        empty_when=|d: &ClaimDesk| d.lines.is_empty()
                        empty_title="claims.desk.empty_title"
                        empty_hint="claims.desk.empty_hint"
                        let:desk
                    >
                        <ClaimTable desk/>
                    </Loaded>
                </section>
            </div>
        </Page>
    }
}

/// "You approve payouts up to ¥10,000.00" (or without limit).
fn authority_text(desk: &ClaimDesk) -> impl Fn() -> String + Send + Sync + 'static {
    let limit = desk.authority.map(|m| m.to_string());
    let no_limit = t("claims.desk.authority_unlimited");
    move || match &limit {
        Some(limit) => t_args("claims.desk.authority", vec![("limit", limit.clone())])(),
        None => no_limit(),
    }
}

#[component]
fn ClaimViews(desk: LocalResource<Result<ClaimDesk, AppError>>, view: Signal<ClaimQueueView>) -> impl IntoView {
    let counts = move || desk.get().and_then(Result::ok).map(|d| d.counts);
    ClaimQueueView::ALL
        .iter()
        .map(|v| {
            let v = *v;
            let count = move || counts().map(|c| c.of(v));
            let tone = match v {
                ClaimQueueView::Approvals => "count-warn",
                _ => "",
            };
            view! {
                <A
                    href=routes::console::claims_view(v.as_str())
                    attr:class="desk-view"
                    attr:aria-current=move || (view.get() == v).then_some("page")
                >
                    <span>{t_dyn(v.label_key())}</span>
                    <span class=move || format!("desk-count {}", if count().unwrap_or(0) > 0 { tone } else { "" })>{move || count().map(view_count_label).unwrap_or_default()}</span>
                </A>
            }
        })
        .collect_view()
}

/// Open claims at each stage, with the stage's committed time and how many are past it.
#[component]
pub fn StageStrip(stages: Vec<StageLoad>) -> impl IntoView {
    view! {
        <ol class="stage-strip" aria-label=t("claims.desk.by_stage")>
            {stages.into_iter().map(|s| {
                let limit = s.limit_hours.map(|h| t_args("claims.desk.limit_hours", vec![("hours", h.to_string())]));
                view! {
                    <li class="stage-cell" class:stage-overdue={s.overdue > 0}>
                        <span class="stage-name">{t_dyn(s.stage.label_key())}</span>
                        <span class="stage-open">{view_count_label(s.open)}</span>
                        <span class="stage-limit muted">{limit}</span>
                        {(s.overdue > 0).then(|| view! {
                            <span class="stage-late">{t_args("claims.desk.overdue_count", vec![("count", view_count_label(s.overdue))])}</span>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn ClaimTable(desk: ClaimDesk) -> impl IntoView {
    let now = desk.now;
    let more = desk.more;
    let rows = desk
        .lines
        .into_iter()
        .map(|line| view! { <ClaimRow line now/> })
        .collect_view();
    view! {
        <table class="table desk-table claim-table">
            <thead>
                <tr>
                    <th scope="col">{t("claims.desk.col_claim")}</th>
                    <th scope="col">{t("work_orders.desk.col_customer")}</th>
                    <th scope="col">{t("claims.desk.col_stage")}</th>
                    <th scope="col" class="num">{t("claims.desk.col_amount")}</th>
                    <th scope="col">{t("claims.desk.col_handler")}</th>
                    <th scope="col" class="num">{t("claims.desk.col_time_left")}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {more.then(|| view! { <p class="muted desk-more">{t("work_orders.desk.more")}</p> })}
    }
}

#[component]
fn ClaimRow(line: ClaimLine, now: i64) -> impl IntoView {
    let i18n = use_i18n();
    let href = routes::console::claim(&line.claim_no);
    let (tone, left) = time_left(line.stage_due_at, now);
    let coverage = {
        let (zh, en) = (line.coverage_name_zh.clone(), line.coverage_name_en.clone());
        move || i18n.locale.get().pick(&zh, &en).to_string()
    };
    let product = {
        let (zh, en) = (line.product_name_zh.clone(), line.product_name_en.clone());
        move || i18n.locale.get().pick(&zh, &en).to_string()
    };
    let vip = line.vip_tier != crate::domain::VipTier::None;
    view! {
        <tr class="desk-row" class:vip=vip>
            <td>
                <A href=href attr:class="desk-subject">{coverage}</A>
                <div class="desk-meta"><span class="mono">{line.claim_no.clone()}</span> " · " {product}</div>
            </td>
            <td><span class="name-with-badge">{line.customer_name.clone()} <TierBadge tier=line.vip_tier/></span></td>
            <td>
                <StageBadge stage=line.stage outcome=line.outcome/>
                <div class="claim-flags">
                    {line.pending_approval.map(|amount| view! {
                        <span class="badge badge-warn">{t_args("claims.desk.flag_approval", vec![("amount", amount.to_string())])}</span>
                    })}
                    {line.awaiting_customer.then(|| view! { <span class="badge badge-info">{t("claims.desk.flag_awaiting")}</span> })}
                    {line.fast_track.then(|| view! { <span class="badge badge-good">{t("claims.fast_track")}</span> })}
                    {line.disputed.then(|| view! { <span class="badge badge-bad">{t("claims.desk.flag_disputed")}</span> })}
                </div>
            </td>
            <td class="num">
                <span class="amount">{line.amount.to_string()}</span>
                {line.payout.map(|p| view! { <div class="desk-meta">{t_args("claims.desk.payout_short", vec![("amount", p.to_string())])}</div> })}
            </td>
            <td>{line.handler.clone().unwrap_or_else(|| "—".into())}</td>
            <td class=format!("num due due-{tone}")>{move || left.as_ref().map_or_else(|| "—".to_string(), |left| left())}</td>
        </tr>
    }
}
