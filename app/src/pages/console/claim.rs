//! `/console/claims/:claim_no`: a claim in its handler's hands. What the customer reported,
//! the stage with its committed time left, moving it on with what the next stage needs
//! (survey notes, assessed loss and payout), a payout above the handler's authority waiting
//! for someone with enough, requests for documents, refusal with the reason the customer
//! reads, fast-track review, internal notes, the history, and the customer beside it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::case_viewers::CaseViewers;
use super::customer::CustomerCard;
use super::deadline::{in_words, time_left};
use crate::api::console::claims::{
    add_claim_note, advance_claim, assign_claim, decide_claim_approval, get_claim_case, refuse_claim,
    request_claim_documents, stop_fast_track,
};
use crate::components::claim::StageBadge;
use crate::components::form::{FormField, SelectField, Submit};
use crate::components::format::{format_instant, today_local};
use crate::components::page::Page;
use crate::components::states::Loaded;
use crate::domain::ClaimStage;
use crate::i18n::{fill, t, t_args, t_dyn, use_i18n};
use crate::model::claims::{ClaimApproval, ClaimCase};
use crate::routes::{self, seg};

#[component]
pub fn ClaimCasePage() -> impl IntoView {
    let params = use_params_map();
    let tick = RwSignal::new(0u32);
    // Outlives the case view, which is built anew when the case reloads after an action.
    let done = RwSignal::new(None::<Done>);
    let case = LocalResource::new(move || {
        tick.track();
        let claim_no = params.read().get(seg::CLAIM_NO).unwrap_or_default();
        get_claim_case(claim_no)
    });
    view! {
        <Page title="claims.desk.case_title" class="page page-wide">
            <A href=routes::console::claims() attr:class="back-link">{t("claims.desk.back")}</A>
            <Loaded resource=case let:case>
                <ClaimCaseView case tick done/>
            </Loaded>
        </Page>
    }
}

/// What happened after an action: shown once above the forms.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Done {
    Moved,
    SentForApproval,
    Approved,
    ApprovalRefused,
    DocumentsRequested,
    ClaimRefused,
    FastTrackStopped,
    Assigned,
}

impl Done {
    fn key(self) -> &'static str {
        match self {
            Done::Moved => "claims.desk.done_moved",
            Done::SentForApproval => "claims.desk.done_sent_for_approval",
            Done::Approved => "claims.desk.done_approved",
            Done::ApprovalRefused => "claims.desk.done_approval_refused",
            Done::DocumentsRequested => "claims.desk.done_documents_requested",
            Done::ClaimRefused => "claims.desk.done_claim_refused",
            Done::FastTrackStopped => "claims.desk.done_fast_track_stopped",
            Done::Assigned => "claims.desk.done_assigned",
        }
    }
}

#[component]
fn ClaimCaseView(case: ClaimCase, tick: RwSignal<u32>, done: RwSignal<Option<Done>>) -> impl IntoView {
    let i18n = use_i18n();
    let line = case.line.clone();
    let now = case.now;
    let after = Callback::new(move |what: Done| {
        done.set(Some(what));
        tick.update(|n| *n += 1);
    });
    let (tone, _) = time_left(line.stage_due_at, now);
    // The stage's time as the work order's deadlines say it.
    let stage_time = line.stage_due_at.map(|due| {
        if tone == "bad" {
            in_words("work_orders.desk.deadline_overdue", "late", now - due)
        } else {
            in_words("work_orders.desk.deadline_in", "left", due - now)
        }
    });
    let coverage = {
        let (zh, en) = (line.coverage_name_zh.clone(), line.coverage_name_en.clone());
        move || i18n.locale.get().pick(&zh, &en).to_string()
    };
    let product = {
        let (zh, en) = (line.product_name_zh.clone(), line.product_name_en.clone());
        move || i18n.locale.get().pick(&zh, &en).to_string()
    };
    let open = line.stage != ClaimStage::Closed;
    let can_act = case.can_act && open;
    let may_stop_fast_track = can_act && line.fast_track && line.stage == ClaimStage::Approved;
    let due_at = line.stage_due_at;
    view! {
        <CaseViewers case_no=line.claim_no.clone() typing=Signal::stored(false)/>
        <header class="wo-head">
            <div>
                <p class="eyebrow"><span class="mono">{line.claim_no.clone()}</span> " · " {product} " · " <span class="mono">{case.policy_no.clone()}</span></p>
                <h1>{coverage}</h1>
                <p class="wo-owner">
                    <StageBadge stage=line.stage outcome=line.outcome/>
                    " "
                    {line.fast_track.then(|| view! { <span class="badge badge-good">{t("claims.fast_track")}</span> " " })}
                    {line.disputed.then(|| view! { <span class="badge badge-bad">{t("claims.desk.flag_disputed")}</span> " " })}
                    <span>{t("claims.desk.col_handler")} ": "</span>
                    {match line.handler.clone() {
                        Some(name) => view! { <span>{name}</span> }.into_any(),
                        None => view! { <span class="muted">{t("work_orders.desk.unassigned")}</span> }.into_any(),
                    }}
                </p>
            </div>
            <div class="deadlines" aria-label=t("claims.desk.stage_time")>
                <div class=format!("deadline deadline-{tone}")>
                    <span class="deadline-label">{t("claims.desk.stage_time")}</span>
                    <span class="deadline-value" title=move || due_at.map(|d| format_instant(d, i18n.locale.get())).unwrap_or_default()>
                        {move || stage_time.as_ref().map_or_else(|| "—".to_string(), |text| text())}
                    </span>
                </div>
                <div class="deadline deadline-muted">
                    <span class="deadline-label">{t("claims.desk.claimed")}</span>
                    <span class="deadline-value">{line.amount.to_string()}</span>
                </div>
                <div class="deadline deadline-muted">
                    <span class="deadline-label">{t("claims.desk.payout")}</span>
                    <span class="deadline-value">{line.payout.map(|p| p.to_string()).unwrap_or_else(|| "—".into())}</span>
                </div>
            </div>
        </header>
        {case.dispute_reason.clone().map(|reason| view! {
            <div class="banner banner-warn" role="note"><strong>{t("claims.desk.disputed_because")}</strong> " " {reason}</div>
        })}
        {case.refusal_reason.clone().map(|reason| view! {
            <div class="banner banner-info" role="note"><strong>{t("claims.desk.refused_because")}</strong> " " {reason}</div>
        })}
        {case.awaiting_customer.clone().map(|what| {
            let due = case.awaiting_due.clone().unwrap_or_default();
            view! {
                <div class="banner banner-info" role="note">
                    <strong>{t("claims.desk.waiting_for_customer")}</strong> " " {what}
                    {(!due.is_empty()).then(|| view! { " · " {t_args("claims.desk.due_by", vec![("date", due.clone())])} })}
                </div>
            }
        })}
        {move || done.get().map(|d| view! { <p class="banner banner-success" role="status">{t(d.key())}</p> })}
        <div class="wo-layout">
            <div class="wo-main">
                <ClaimFactsCard case=case.clone()/>
                {(!case.approvals.is_empty()).then(|| view! { <ApprovalsCard case=case.clone() after/> })}
                {if can_act {
                    view! { <AdvanceForm case=case.clone() after/> }.into_any()
                } else if open {
                    view! { <p class="banner banner-info">{t("claims.desk.read_only")}</p> }.into_any()
                } else {
                    ().into_any()
                }}
                {may_stop_fast_track.then(|| view! { <StopFastTrackForm claim_no=line.claim_no.clone() after/> })}
                {can_act.then(|| view! {
                    <RequestDocumentsForm claim_no=line.claim_no.clone() after/>
                    <RefuseClaimForm claim_no=line.claim_no.clone() after/>
                })}
                <NotesCard case=case.clone() tick/>
                <HistoryCard case=case.clone()/>
            </div>
            <aside class="wo-side" aria-label=t("work_orders.desk.customer_360")>
                {open.then(|| view! { <AssignCard case=case.clone() after/> })}
                <CustomerCard customer=case.customer.clone() policy_no=Some(case.policy_no.clone()) rating=None/>
                <section class="card">
                    <h2>{t("claims.desk.documents")}</h2>
                    {if case.documents.is_empty() {
                        view! { <p class="muted">{t("claims.desk.no_documents")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="plain-list">
                                {case.documents.iter().map(|d| view! { <li>{d.name.clone()} " " <span class="muted">{d.content_type.clone()}</span></li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            </aside>
        </div>
    }
}

#[component]
fn ClaimFactsCard(case: ClaimCase) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="claim-facts-title">
            <h2 id="claim-facts-title">{t("claims.desk.reported")}</h2>
            <dl class="facts">
                <div><dt>{t("claims.incident_date")}</dt><dd>{case.incident_date.clone()}</dd></div>
                <div><dt>{t("claims.incident_place")}</dt><dd>{case.incident_place.clone()}</dd></div>
                <div><dt>{t("claims.desk.claimed")}</dt><dd class="amount">{case.line.amount.to_string()}</dd></div>
                <div><dt>{t("claims.desk.coverage_limit")}</dt><dd>{case.coverage_limit.to_string()}</dd></div>
                <div>
                    <dt>{t("claims.desk.payout_account")}</dt>
                    <dd>
                        {case.payout_bank.clone()} " " <span class="mono">{case.payout_account_masked.clone()}</span>
                        {case.payout_account_to_check.then(|| view! { " " <span class="badge badge-warn">{t("claims.desk.account_to_check")}</span> })}
                    </dd>
                </div>
                {case.assessed_loss.map(|loss| view! { <div><dt>{t("claims.desk.assessed_loss")}</dt><dd>{loss.to_string()}</dd></div> })}
            </dl>
            <p class="claim-description">{case.description.clone()}</p>
            {case.survey_notes.clone().map(|notes| view! {
                <h3>{t("claims.desk.survey_notes")}</h3>
                <p class="claim-description">{notes}</p>
            })}
            {case.fast_track_review.clone().map(|review| view! {
                <p class="muted">{t("claims.desk.fast_track_review")} ": " {review}</p>
            })}
        </section>
    }
}

#[component]
fn ApprovalsCard(case: ClaimCase, after: Callback<Done>) -> impl IntoView {
    let pending = case.approvals.iter().any(|a| a.status == "pending");
    let can_decide = case.can_decide_approval;
    let claim_no = case.line.claim_no.clone();
    // What approving pays, and to which account: said before the second press.
    let paying = case.approvals.iter().find(|a| a.status == "pending").map(|a| {
        (
            a.amount.to_string(),
            format!("{} {}", case.payout_bank, case.payout_account_masked),
        )
    });
    view! {
        <section class="card approval-card" class:approval-pending=pending aria-labelledby="approvals-title">
            <h2 id="approvals-title">{t("claims.desk.approvals")}</h2>
            <ul class="plain-list">
                {case.approvals.into_iter().map(|a| view! { <ApprovalLine approval=a/> }).collect_view()}
            </ul>
            {(pending && !can_decide).then(|| view! { <p class="muted">{t("claims.desk.approval_elsewhere")}</p> })}
            {(pending && can_decide).then(|| view! { <DecideApproval claim_no=claim_no.clone() paying=paying.clone().unwrap_or_default() after/> })}
        </section>
    }
}

#[component]
fn ApprovalLine(approval: ClaimApproval) -> impl IntoView {
    let i18n = use_i18n();
    let requested_at = approval.requested_at;
    let decided_at = approval.decided_at;
    let (tone, key) = match approval.status.as_str() {
        "approved" => ("good", "claims.desk.approval_approved"),
        "refused" => ("bad", "claims.desk.approval_refused"),
        _ => ("warn", "claims.desk.approval_pending"),
    };
    view! {
        <li class="approval-line">
            <span class=format!("badge badge-{tone}")>{t(key)}</span>
            " "
            <strong>{approval.amount.to_string()}</strong>
            " · "
            {t_args("claims.desk.requested_by", vec![("name", approval.requested_by.clone())])}
            " · "
            <time>{move || format_instant(requested_at, i18n.locale.get())}</time>
            {approval.decided_by.clone().map(|who| view! {
                <div class="muted">
                    {t_args("claims.desk.decided_by", vec![("name", who)])}
                    " · "
                    {move || decided_at.map(|d| format_instant(d, i18n.locale.get())).unwrap_or_default()}
                    {approval.reason.clone().map(|r| view! { " · " {r} })}
                </div>
            })}
        </li>
    }
}

#[component]
fn DecideApproval(
    claim_no: String,
    /// The amount and the account it goes to.
    paying: (String, String),
    after: Callback<Done>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    // Money leaves on approval: the first press says how much and where, the second approves.
    let confirming = RwSignal::new(false);
    let decide = move |approve: bool| {
        if approve && !confirming.get_untracked() {
            confirming.set(true);
            return;
        }
        confirming.set(false);
        let text = reason.get_untracked();
        let reason = (!text.trim().is_empty() || !approve).then_some(text);
        form.send(decide_claim_approval(claim_no.clone(), approve, reason), move |_| {
            after.run(if approve { Done::Approved } else { Done::ApprovalRefused })
        });
    };
    let approve = decide.clone();
    view! {
        <div class="decide">
            <FormField name="reason" id="approval-reason" label="claims.desk.approval_reason" value=reason errors rows=2 hint="claims.desk.approval_reason_hint"/>
            {form.banner_view()}
            {move || confirming.get().then(|| {
                let (amount, account) = paying.clone();
                view! {
                    <p class="banner banner-warn" role="status">
                        {move || fill(i18n.locale.get().text("claims.desk.approve_confirm"), &[("amount", amount.clone()), ("account", account.clone())])}
                    </p>
                }
            })}
            <div class="button-row">
                <button type="button" class="button button-primary" disabled=move || form.sending() on:click=move |_| approve(true)>
                    {move || i18n.locale.get().text(if confirming.get() { "claims.desk.approve_confirm_button" } else { "claims.desk.approve" })}
                </button>
                {move || confirming.get().then(|| view! {
                    <button type="button" class="button button-ghost" on:click=move |_| confirming.set(false)>{t("work_orders.desk.cancel")}</button>
                })}
                <button type="button" class="button button-secondary" disabled=move || form.sending() on:click=move |_| decide(false)>{t("claims.desk.refuse_approval")}</button>
            </div>
        </div>
    }
}

/// Moves the claim to its next stage with what that stage needs.
#[component]
fn AdvanceForm(case: ClaimCase, after: Callback<Done>) -> impl IntoView {
    let i18n = use_i18n();
    let stage = case.line.stage;
    let Some(next) = stage.next() else {
        return ().into_any();
    };
    let pending = case.line.pending_approval.is_some();
    let survey_notes = RwSignal::new(String::new());
    let assessed_loss = RwSignal::new(String::new());
    let payout = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let claim_no = case.line.claim_no.clone();
    let above_authority = next == ClaimStage::Approved
        && !pending
        && matches!((case.line.payout, case.authority), (Some(p), Some(limit)) if p > limit);
    let action_text = {
        let payout_text = case.line.payout.map(|p| p.to_string()).unwrap_or_default();
        move || {
            let locale = i18n.locale.get();
            if next == ClaimStage::Closed {
                fill(
                    locale.text("claims.desk.close_and_pay"),
                    &[("amount", payout_text.clone())],
                )
            } else {
                fill(
                    locale.text("claims.desk.move_to"),
                    &[("stage", locale.text(&next.label_key()))],
                )
            }
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        let (notes, loss, pay, note) = (text(survey_notes), text(assessed_loss), text(payout), text(note));
        let request = advance_claim(
            claim_no.clone(),
            Some(stage.as_str().to_string()),
            note,
            notes,
            loss,
            pay,
        );
        form.send(request, move |moved| {
            after.run(if moved.awaiting_approval {
                Done::SentForApproval
            } else {
                Done::Moved
            })
        });
    };
    view! {
        <form class="card composer advance-form" on:submit=on_submit novalidate aria-labelledby="advance-title">
            <h2 id="advance-title">{t("claims.desk.next_step")}</h2>
            <ol class="stage-steps" aria-hidden="true">
                <li class="done">{t_dyn(stage.label_key())}</li>
                <li class="next">{t_dyn(next.label_key())}</li>
            </ol>
            {(next == ClaimStage::Surveyed).then(|| view! {
                <FormField name="survey_notes" label="claims.desk.survey_notes" value=survey_notes errors rows=4 hint="claims.desk.survey_notes_hint"/>
            })}
            {(next == ClaimStage::Adjusted).then(|| view! {
                <div class="composer-row">
                    <FormField name="assessed_loss" label="claims.desk.assessed_loss" value=assessed_loss errors inputmode="decimal" hint="claims.desk.yuan_hint"/>
                    <FormField name="payout" label="claims.desk.payout" value=payout errors inputmode="decimal" hint="claims.desk.payout_hint"/>
                </div>
            })}
            {above_authority.then(|| view! {
                <p class="banner banner-warn">{t_args("claims.desk.above_authority", vec![("limit", case.authority.map(|a| a.to_string()).unwrap_or_default())])}</p>
            })}
            {(next == ClaimStage::Closed && case.payout_account_to_check).then(|| view! {
                <p class="banner banner-warn">{t("claims.desk.account_to_check_hint")}</p>
            })}
            <FormField name="note" id="advance-note" label="claims.desk.note_to_customer" value=note errors rows=2 hint="claims.desk.note_to_customer_hint"/>
            {form.banner_view()}
            {pending.then(|| view! { <p class="muted">{t("claims.desk.waits_for_approval")}</p> })}
            <button type="submit" class="button button-primary" disabled=move || form.sending() || pending>{action_text}</button>
        </form>
    }
    .into_any()
}

#[component]
fn RequestDocumentsForm(claim_no: String, after: Callback<Done>) -> impl IntoView {
    let documents = RwSignal::new(String::new());
    let due_date = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = request_claim_documents(claim_no.clone(), documents.get_untracked(), due_date.get_untracked());
        form.send(request, move |()| {
            documents.set(String::new());
            after.run(Done::DocumentsRequested);
        });
    };
    view! {
        <details class="card transfer">
            <summary><h2>{t("claims.desk.request_documents")}</h2></summary>
            <form on:submit=on_submit novalidate>
                <FormField name="documents" label="claims.desk.documents_needed" value=documents errors rows=2 hint="claims.desk.documents_needed_hint"/>
                <FormField name="due_date" label="claims.desk.due_date" value=due_date errors input_type="date" min=Signal::derive(today_local)/>
                {form.banner_view()}
                <button type="submit" class="button button-secondary" disabled=move || form.sending()>{t("claims.desk.send_request")}</button>
            </form>
        </details>
    }
}

#[component]
fn RefuseClaimForm(claim_no: String, after: Callback<Done>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.send(refuse_claim(claim_no.clone(), reason.get_untracked()), move |()| {
            after.run(Done::ClaimRefused)
        });
    };
    view! {
        <details class="card transfer refuse-claim">
            <summary><h2>{t("claims.desk.refuse_claim")}</h2></summary>
            <form on:submit=on_submit novalidate>
                <FormField name="reason" id="refuse-reason" label="claims.desk.refusal_reason" value=reason errors rows=3 hint="claims.desk.refusal_reason_hint"/>
                {form.banner_view()}
                <button type="submit" class="button button-danger" disabled=move || form.sending()>{t("claims.desk.refuse_claim_submit")}</button>
            </form>
        </details>
    }
}

#[component]
fn StopFastTrackForm(claim_no: String, after: Callback<Done>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.send(stop_fast_track(claim_no.clone(), reason.get_untracked()), move |()| {
            after.run(Done::FastTrackStopped)
        });
    };
    view! {
        <form class="card composer" on:submit=on_submit novalidate aria-labelledby="stop-title">
            <h2 id="stop-title">{t("claims.desk.stop_fast_track")}</h2>
            <p class="muted">{t("claims.desk.stop_fast_track_hint")}</p>
            <FormField name="reason" id="stop-reason" label="claims.desk.stop_reason" value=reason errors rows=2/>
            {form.banner_view()}
            <button type="submit" class="button button-secondary" disabled=move || form.sending()>{t("claims.desk.stop_submit")}</button>
        </form>
    }
}

#[component]
fn NotesCard(case: ClaimCase, tick: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let note = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let claim_no = case.line.claim_no.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.send(add_claim_note(claim_no.clone(), note.get_untracked()), move |()| {
            note.set(String::new());
            tick.update(|n| *n += 1);
        });
    };
    view! {
        <section class="card" aria-labelledby="notes-title">
            <h2 id="notes-title">{t("claims.desk.notes")}</h2>
            <ol class="thread desk-thread">
                {case.notes.into_iter().map(|n| {
                    let at = n.at;
                    view! {
                        <li class="message message-note">
                            <p class="message-author">{n.author} " " <span class="badge badge-warn">{t("work_orders.desk.internal_note")}</span></p>
                            <p>{n.body}</p>
                            <time>{move || format_instant(at, i18n.locale.get())}</time>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <form class="composer-note" on:submit=on_submit novalidate>
                <FormField name="note" id="claim-note" label="claims.desk.add_note" value=note errors rows=2 hint="work_orders.desk.note_hint"/>
                {form.banner_view()}
                <button type="submit" class="button button-secondary" disabled=move || form.sending()>{t("work_orders.desk.add_note")}</button>
            </form>
        </section>
    }
}

#[component]
fn HistoryCard(case: ClaimCase) -> impl IntoView {
    let i18n = use_i18n();
    let limits = case.limits.clone();
    view! {
        <section class="card" aria-labelledby="claim-history-title">
            <h2 id="claim-history-title">{t("work_orders.desk.history")}</h2>
            <ol class="history">
                {case.steps.into_iter().map(|s| {
                    let at = s.at;
                    let limit = limits.iter().find(|(stage, _)| *stage == s.stage).map(|(_, h)| *h);
                    view! {
                        <li>
                            <time>{move || format_instant(at, i18n.locale.get())}</time>
                            <span>
                                {s.staff.clone().unwrap_or_else(|| i18n.locale.get_untracked().text("work_orders.desk.system"))}
                                " · "
                                {t_dyn(s.stage.label_key())}
                                {limit.map(|h| view! { " · " <span class="muted">{t_args("claims.desk.limit_hours", vec![("hours", h.to_string())])}</span> })}
                            </span>
                            {s.note.clone().map(|n| view! { <blockquote>{n}</blockquote> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// Who handles the claim: a supervisor passes it to any claims handler; an agent takes an
/// unassigned claim.
#[component]
fn AssignCard(case: ClaimCase, after: Callback<Done>) -> impl IntoView {
    let i18n = use_i18n();
    let handler = RwSignal::new(case.line.handler_id.map(|id| id.to_string()).unwrap_or_default());
    let form = Submit::default();
    let errors = form.errors;
    let claim_no = case.line.claim_no.clone();
    let may_take = case.can_act && case.line.handler_id.is_none();
    let handlers = case.handlers.clone();
    let options = Signal::derive(move || {
        let locale = i18n.locale.get();
        handlers
            .iter()
            .map(|c| {
                (
                    c.id.to_string(),
                    format!("{} · {}", c.name, locale.text(&c.status.label_key())),
                )
            })
            .collect::<Vec<_>>()
    });
    let assign =
        move |to: Option<i64>| form.send(assign_claim(claim_no.clone(), to), move |()| after.run(Done::Assigned));
    let take = assign.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        assign(handler.get_untracked().parse().ok());
    };
    view! {
        <section class="card" aria-labelledby="assign-title">
            <h2 id="assign-title">{t("claims.desk.handler")}</h2>
            <p>
                {match case.line.handler.clone() {
                    Some(name) => view! { <strong>{name}</strong> }.into_any(),
                    None => view! { <span class="muted">{t("work_orders.desk.unassigned")}</span> }.into_any(),
                }}
            </p>
            {case.may_assign_others.then(|| view! {
                <form on:submit=on_submit novalidate>
                    <SelectField name="handler" label="claims.desk.assign_to" value=handler errors options placeholder="work_orders.desk.choose"/>
                    <button type="submit" class="button button-secondary" disabled=move || form.sending()>{t("claims.desk.assign")}</button>
                </form>
            })}
            {(may_take && !case.may_assign_others).then(|| view! {
                <button type="button" class="button button-primary" disabled=move || form.sending() on:click=move |_| take(None)>{t("claims.desk.take")}</button>
            })}
            {form.banner_view()}
        </section>
    }
}
