//! Claim views shared by the portal (and later the console): stage badge, list, timeline.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::format::{browser_now_ms, format_date, format_instant};
use crate::domain::{ClaimOutcome, ClaimStage};
use crate::i18n::{fill, t, t_dyn, use_i18n};
use crate::model::claims::{ClaimDetail, ClaimSummary, TimelineStep};
use crate::routes;

/// The claim's stage (or, once closed, its outcome) as a badge with text.
#[component]
pub fn StageBadge(stage: ClaimStage, outcome: Option<ClaimOutcome>) -> impl IntoView {
    let (tone, key) = match (stage, outcome) {
        (ClaimStage::Closed, Some(ClaimOutcome::Paid)) => ("good", ClaimOutcome::Paid.label_key()),
        (ClaimStage::Closed, Some(ClaimOutcome::Refused)) => ("muted", ClaimOutcome::Refused.label_key()),
        (ClaimStage::Closed, None) => ("muted", stage.label_key()),
        (ClaimStage::Approved, _) => ("good", stage.label_key()),
        _ => ("info", stage.label_key()),
    };
    view! { <span class=format!("badge badge-{tone}")>{t_dyn(key)}</span> }
}

#[component]
pub fn ClaimList(claims: Vec<ClaimSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="card-list claim-list">
            {claims.into_iter().map(|c| {
                let href = routes::portal::claim(&c.claim_no);
                let product = move || i18n.locale.get().pick(&c.product_name_zh, &c.product_name_en).to_string();
                let coverage = {
                    let (zh, en) = (c.coverage_name_zh.clone(), c.coverage_name_en.clone());
                    move || i18n.locale.get().pick(&zh, &en).to_string()
                };
                let reported = c.reported_at;
                view! {
                    <li>
                        <A href=href attr:class="card card-link claim-card">
                            <div class="card-row">
                                <span class="mono claim-no">{c.claim_no.clone()}</span>
                                <StageBadge stage=c.stage outcome=c.outcome/>
                            </div>
                            <p class="card-title">{coverage}</p>
                            <p class="muted">{product}</p>
                            <div class="card-row">
                                <span class="amount">{c.amount.to_string()}</span>
                                <span class="muted">{move || format_instant(reported, i18n.locale.get())}</span>
                            </div>
                            {c.fast_track.then(|| view! { <span class="badge badge-good">{t("claims.fast_track")}</span> })}
                            {c.awaiting_customer.is_some().then(|| view! {
                                <p class="claim-awaiting">{t("claims.awaiting_short")}</p>
                            })}
                        </A>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The stages in order: when each was reached, the committed time limit, and for the
/// current one what happens next and by when.
#[component]
pub fn ClaimTimeline(detail: ClaimDetail) -> impl IntoView {
    let current = detail.summary.stage;
    let outcome = detail.summary.outcome;
    view! {
        <ol class="timeline" aria-label=t("claims.timeline")>
            {detail.timeline.into_iter().map(|step| view! { <TimelineRow step current outcome/> }).collect_view()}
        </ol>
    }
}

#[component]
fn TimelineRow(step: TimelineStep, current: ClaimStage, outcome: Option<ClaimOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    // A stage behind the current one that was never reached was skipped (fast track, or a
    // claim closed early): it is neither done nor still to come.
    let state = if step.stage == current {
        "current"
    } else if step.reached_at.is_some() {
        "done"
    } else if step.stage.index() < current.index() {
        "skipped"
    } else {
        "todo"
    };
    let name_key = match (step.stage, outcome) {
        (ClaimStage::Closed, Some(outcome)) if step.stage == current => outcome.label_key(),
        _ => step.stage.label_key(),
    };
    let stage = step.stage;
    let reached = step.reached_at;
    let limit = step.limit_hours;
    let due = step.due_at;
    let fast_track = step.note.as_deref() == Some("fast_track");
    let note = step.note.filter(|n| n != "fast_track");
    view! {
        <li class=format!("timeline-step timeline-{state}") aria-current=(state == "current").then_some("step")>
            <span class="timeline-dot" aria-hidden="true"></span>
            <div class="timeline-body">
                <div class="timeline-head">
                    <span class="timeline-name">{t_dyn(name_key)}</span>
                    {move || reached.map(|at| view! { <time class="muted">{format_instant(at, i18n.locale.get())}</time> })}
                </div>
                {(state == "skipped").then(|| view! { <p class="timeline-note muted">{t("claims.stage_skipped")}</p> })}
                {fast_track.then(|| view! { <p class="timeline-note">{t("claims.fast_track_note")}</p> })}
                {note.map(|n| view! { <p class="timeline-note">{n}</p> })}
                {(state == "current" && stage != ClaimStage::Closed).then(|| view! {
                    <p class="timeline-next">{t_dyn(format!("claim_next.{}", stage.as_str()))}</p>
                })}
                {(state == "current").then(|| due.map(|due| {
                    // A promise whose time has passed says so, in the colour of a problem.
                    let overdue = due <= browser_now_ms();
                    let (class, key) = if overdue {
                        ("timeline-due timeline-overdue", "claims.overdue_since")
                    } else {
                        ("timeline-due", "claims.due_by")
                    };
                    view! {
                        <p class=class>{move || fill(
                            i18n.locale.get().text(key),
                            &[("time", format_instant(due, i18n.locale.get()))],
                        )}</p>
                    }
                })).flatten()}
                {(state == "todo").then(|| limit.map(|hours| view! {
                    <p class="timeline-limit muted">{move || fill(
                        i18n.locale.get().text("claims.stage_limit"),
                        &[("hours", hours.to_string())],
                    )}</p>
                })).flatten()}
            </div>
        </li>
    }
}

/// The incident and payout facts of a claim.
#[component]
pub fn ClaimFacts(detail: ClaimDetail) -> impl IntoView {
    let i18n = use_i18n();
    let s = detail.summary.clone();
    let product = move || {
        i18n.locale
            .get()
            .pick(&s.product_name_zh, &s.product_name_en)
            .to_string()
    };
    let s2 = detail.summary.clone();
    let coverage = move || {
        i18n.locale
            .get()
            .pick(&s2.coverage_name_zh, &s2.coverage_name_en)
            .to_string()
    };
    let date = detail.incident_date.clone();
    view! {
        <dl class="facts">
            <div><dt>{t("claims.policy")}</dt><dd>{product}" · "<span class="mono">{detail.summary.policy_no.clone()}</span></dd></div>
            <div><dt>{t("claims.coverage")}</dt><dd>{coverage}</dd></div>
            <div><dt>{t("claims.incident_date")}</dt><dd>{move || format_date(&date, i18n.locale.get())}</dd></div>
            <div><dt>{t("claims.incident_place")}</dt><dd>{detail.incident_place.clone()}</dd></div>
            <div><dt>{t("claims.amount")}</dt><dd class="amount">{detail.summary.amount.to_string()}</dd></div>
            {detail.payout.map(|p| view! { <div><dt>{t("claims.payout")}</dt><dd class="amount">{p.to_string()}</dd></div> })}
            <div><dt>{t("claims.payout_account")}</dt><dd>{detail.payout_bank.clone()}" "<span class="mono">{detail.payout_account_masked.clone()}</span></dd></div>
            <div class="facts-wide"><dt>{t("claims.description")}</dt><dd>{detail.description.clone()}</dd></div>
        </dl>
    }
}
