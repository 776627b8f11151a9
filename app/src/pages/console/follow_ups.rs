//! `/console/follow-ups`: the outbound follow-up calls (回访) to make, complaints first, and
//! recording each call's outcome with the customer's satisfaction answer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::console::follow_ups::{follow_up_queue, record_follow_up};
use crate::components::badge::TierBadge;
use crate::components::form::{FormField, SelectField, Submit};
use crate::components::format::format_instant;
use crate::components::page::Page;
use crate::components::states::Loaded;
use crate::domain::{FollowUpOutcome, FollowUpStatus};
use crate::i18n::{t, t_args, t_dyn, use_i18n};
use crate::model::follow_ups::{FollowUp, FollowUpList};
use crate::routes;

#[component]
pub fn FollowUpsPage() -> impl IntoView {
    let tick = RwSignal::new(0u32);
    let queue = LocalResource::new(move || {
        tick.track();
        follow_up_queue()
    });
    view! {
        <Page title="follow_ups.title" class="page page-wide">
            <header class="desk-head">
                <h1>{t("follow_ups.title")}</h1>
                <p class="muted">{t("follow_ups.lead")}</p>
            </header>
            <Loaded resource=queue let:queue>
                <FollowUpBoard queue tick/>
            </Loaded>
        </Page>
    }
}

#[component]
fn FollowUpBoard(queue: FollowUpList, tick: RwSignal<u32>) -> impl IntoView {
    let max = queue.max_attempts;
    let done = queue.done.clone();
    let rows = done.clone();
    view! {
        <section aria-labelledby="fu-open">
            <h2 id="fu-open" class="section-title">{t_args("follow_ups.open", vec![("count", queue.open.len().to_string())])}</h2>
            {if queue.open.is_empty() {
                view! { <p class="card muted">{t("follow_ups.none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="follow-up-list">
                        {queue.open.into_iter().map(|f| view! { <FollowUpCard follow_up=f max tick/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="fu-done">
            <h2 id="fu-done" class="section-title">{t("follow_ups.done")}</h2>
            {done.is_empty().then(|| view! { <p class="card muted">{t("follow_ups.none_done")}</p> })}
            <table class="table desk-table" hidden=done.is_empty()>
                <thead>
                    <tr>
                        <th scope="col">{t("work_orders.desk.col_customer")}</th>
                        <th scope="col">{t("follow_ups.result")}</th>
                        <th scope="col">{t("follow_ups.agent")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|f| view! { <DoneRow follow_up=f/> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

fn reference_link(f: &FollowUp) -> String {
    if f.on_claim {
        routes::console::claim(&f.reference)
    } else {
        routes::console::work_order(&f.reference)
    }
}

#[component]
fn FollowUpCard(follow_up: FollowUp, max: i64, tick: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = RwSignal::new(String::new());
    let satisfaction = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let (id, attempts) = (follow_up.id, follow_up.attempts);
    let outcomes = Signal::derive(move || {
        let locale = i18n.locale.get();
        FollowUpOutcome::ALL
            .iter()
            .map(|o| (o.as_str().to_string(), locale.text(&o.label_key())))
            .collect::<Vec<_>>()
    });
    let stars = Signal::derive(move || {
        let locale = i18n.locale.get();
        (1..=5)
            .rev()
            .map(|n| {
                (
                    n.to_string(),
                    crate::i18n::fill(locale.text("follow_ups.stars"), &[("n", n.to_string())]),
                )
            })
            .collect::<Vec<_>>()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = record_follow_up(
            id,
            attempts,
            outcome.get_untracked(),
            satisfaction.get_untracked().parse().ok(),
            Some(comment.get_untracked()),
        );
        form.send(request, move |_| tick.update(|n| *n += 1));
    };
    let reached = move || outcome.get() == FollowUpOutcome::Reached.as_str();
    let due = follow_up.due_at;
    let href = reference_link(&follow_up);
    // How the case ended, in the words the customer was told.
    let ended = {
        let (resolution, outcome, payout) = (follow_up.resolution_code, follow_up.claim_outcome, follow_up.payout);
        move || {
            let locale = i18n.locale.get();
            match (resolution, outcome) {
                (Some(code), _) => locale.text(&code.label_key()),
                (None, Some(outcome)) => match payout {
                    Some(paid) if paid.fen() > 0 => format!("{} · {paid}", locale.text(&outcome.label_key())),
                    _ => locale.text(&outcome.label_key()),
                },
                (None, None) => String::new(),
            }
        }
    };
    view! {
        <li class="card follow-up-card">
            <div class="customer-hero-head">
                <h3><A href=routes::console::customer(&follow_up.customer_no)>{follow_up.customer_name.clone()}</A></h3>
                <TierBadge tier=follow_up.vip_tier/>
                {follow_up.complaint.then(|| view! { <span class="badge badge-bad">{t("follow_ups.complaint")}</span> })}
            </div>
            <dl class="facts-list">
                <div><dt>{t("console.phone")}</dt><dd>{follow_up.phone.clone().map(|p| view! { <a class="mono" href=format!("tel:{p}")>{p.clone()}</a> })}</dd></div>
                <div><dt>{t("follow_ups.about")}</dt><dd><A href=href attr:class="mono">{follow_up.reference.clone()}</A></dd></div>
                <div class="follow-up-case"><dt>{t("follow_ups.case")}</dt><dd>{follow_up.case_subject.clone()}</dd></div>
                <div><dt>{t("follow_ups.ended")}</dt><dd>{ended}</dd></div>
                <div><dt>{t("follow_ups.attempts")}</dt><dd>{format!("{attempts} / {max}")}</dd></div>
                <div><dt>{t("follow_ups.due")}</dt><dd>{move || format_instant(due, i18n.locale.get())}</dd></div>
            </dl>
            <details class="follow-up-call">
            <summary>{t("follow_ups.record")}</summary>
            <form on:submit=on_submit novalidate>
                <div class="composer-row">
                    <SelectField name="outcome" id=format!("fu-{id}-outcome") label="follow_ups.outcome" value=outcome errors options=outcomes placeholder="work_orders.desk.choose"/>
                    <Show when=reached>
                        <SelectField name="satisfaction" id=format!("fu-{id}-satisfaction") label="follow_ups.satisfaction" value=satisfaction errors options=stars placeholder="work_orders.desk.choose"/>
                    </Show>
                </div>
                <FormField name="comment" id=format!("fu-{id}-comment") label="follow_ups.comment" value=comment errors rows=2/>
                {form.banner_view()}
                <button type="submit" class="button button-primary" disabled=move || form.sending()>{t("follow_ups.save")}</button>
            </form>
            </details>
        </li>
    }
}

#[component]
fn DoneRow(follow_up: FollowUp) -> impl IntoView {
    let i18n = use_i18n();
    let at = follow_up.closed_at;
    let tone = if follow_up.status == FollowUpStatus::Done {
        "good"
    } else {
        "muted"
    };
    view! {
        <tr>
            <td>{follow_up.customer_name.clone()} <div class="desk-meta mono">{follow_up.reference.clone()}</div></td>
            <td>
                <span class=format!("badge badge-{tone}")>{t_dyn(follow_up.status.label_key())}</span>
                " "
                {follow_up.satisfaction.map(|s| "★".repeat(s as usize))}
                {follow_up.comment.clone().map(|c| view! { <div class="desk-meta">{c}</div> })}
            </td>
            <td>
                {follow_up.agent.clone().unwrap_or_default()}
                <div class="desk-meta">{move || at.map(|a| format_instant(a, i18n.locale.get())).unwrap_or_default()}</div>
            </td>
        </tr>
    }
}
