use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::portal::claims::{add_claim_documents, dispute_claim, get_my_claim};
use crate::components::claim::{ClaimFacts, ClaimTimeline, StageBadge};
use crate::components::form::{FieldErrors, FormField};
use crate::components::live::on_live_change;
use crate::components::page::Page;
use crate::components::rating::RatingCard;
use crate::components::states::{ErrorBanner, Loaded};
use crate::components::upload::{FilePicker, Uploads};
use crate::domain::{ClaimOutcome, DocumentPurpose};
use crate::error::AppError;
use crate::i18n::{t, t_args};
use crate::model::claims::ClaimDetail;
use crate::model::live::LiveChange;
use crate::routes::{self, seg};

/// `/my/claims/:claim_no`: the claim's progress, updated as it moves while the page is open.
#[component]
pub fn MyClaimPage() -> impl IntoView {
    let params = use_params_map();
    let claim = LocalResource::new(move || {
        let claim_no = params.read().get(seg::CLAIM_NO).unwrap_or_default();
        get_my_claim(claim_no)
    });
    on_live_change(
        move |change| match change {
            LiveChange::Claim { claim_no } => {
                params.with_untracked(|p| p.get(seg::CLAIM_NO).as_ref() == Some(claim_no))
            }
            _ => false,
        },
        move || claim.refetch(),
    );
    // Files being added outlive the re-reads that redraw the claim (a live update can come
    // in the middle of an upload).
    let adding = AddingDocuments::new();
    view! {
        <Page title="claims.detail_title">
            <A href=routes::portal::claims() attr:class="back-link">{t("claims.back")}</A>
            <Loaded resource=claim let:detail>
                <ClaimView detail adding on_change=move || claim.refetch()/>
            </Loaded>
        </Page>
    }
}

/// The documents a customer is adding to the claim, and which of them were sent already.
#[derive(Clone, Copy)]
struct AddingDocuments {
    uploads: Uploads,
    sent: StoredValue<Vec<String>>,
}

impl AddingDocuments {
    fn new() -> Self {
        Self {
            uploads: Uploads::new(DocumentPurpose::Claim),
            sent: StoredValue::new(Vec::new()),
        }
    }
}

#[component]
fn ClaimView(
    detail: ClaimDetail,
    adding: AddingDocuments,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let summary = detail.summary.clone();
    view! {
        <header class="page-head">
            <p class="eyebrow mono">{summary.claim_no.clone()}</p>
            <div class="page-head-row">
                <h1>{t("claims.detail_title")}</h1>
                <StageBadge stage=summary.stage outcome=summary.outcome/>
            </div>
            {summary.fast_track.then(|| view! { <p class="banner banner-success">{t("claims.fast_track_done")}</p> })}
        </header>
        {detail.is_closed().then(|| view! { <Outcome detail=detail.clone() on_change/> })}
        {(detail.disputed && !detail.is_closed()).then(|| view! {
            <p class="banner banner-info" role="status">{t("claims.dispute_under_review")}</p>
        })}
        {summary.awaiting_customer.clone().map(|what| view! {
            <section class="card card-attention" aria-labelledby="awaiting-title">
                <h2 id="awaiting-title">{t("claims.awaiting_title")}</h2>
                <p>{what}</p>
                {detail.awaiting_due.clone().map(|due| view! {
                    <p class="claim-awaiting">{t_args("claims.send_by", vec![("date", due)])}</p>
                })}
                {view! { <AddDocuments claim_no=summary.claim_no.clone() adding on_change/> }.into_any()}
            </section>
        })}
        {detail.is_closed().then(|| view! {
            <RatingCard subject="claim" number=summary.claim_no.clone() rated=detail.rating/>
        }.into_any())}
        <div class="split">
            <section class="card" aria-labelledby="progress-title">
                <h2 id="progress-title">{t("claims.timeline")}</h2>
                {view! { <ClaimTimeline detail=detail.clone()/> }.into_any()}
            </section>
            <div class="stack">
                <section class="card" aria-labelledby="facts-title">
                    <h2 id="facts-title">{t("claims.facts")}</h2>
                    {view! { <ClaimFacts detail=detail.clone()/> }.into_any()}
                </section>
                <section class="card" aria-labelledby="docs-title">
                    <h2 id="docs-title">{t("claims.documents")}</h2>
                    <DocumentGrid detail=detail.clone()/>
                    {(!detail.is_closed() && summary.awaiting_customer.is_none()).then(|| view! {
                        <AddDocuments claim_no=summary.claim_no.clone() adding on_change/>
                    }.into_any())}
                </section>
            </div>
        </div>
    }
}

#[component]
fn DocumentGrid(detail: ClaimDetail) -> impl IntoView {
    if detail.documents.is_empty() {
        return view! { <p class="muted">{t("claims.no_documents")}</p> }.into_any();
    }
    view! {
        <ul class="thumb-grid">
            {detail.documents.into_iter().map(|doc| {
                let url = doc.url();
                let body = if doc.is_image() {
                    view! { <img src=doc.thumbnail_url() alt=doc.name.clone() loading="lazy"/> }.into_any()
                } else {
                    view! { <span class="thumb-doc">"PDF"</span> }.into_any()
                };
                view! {
                    <li class="thumb">
                        <a href=url target="_blank" rel="noopener">{body}<span class="thumb-name">{doc.name.clone()}</span></a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Documents the customer adds to an open claim: each batch is attached as soon as its
/// uploads finish, with no second button to forget.
#[component]
fn AddDocuments(
    claim_no: String,
    adding: AddingDocuments,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // Ids already sent to the claim are in `sent`, so each upload is attached once.
    let AddingDocuments { uploads, sent } = adding;
    let error = RwSignal::new(None::<AppError>);
    let claim_no = StoredValue::new(claim_no);
    let action = Action::new_local(move |ids: &Vec<String>| {
        let ids = ids.clone();
        let claim_no = claim_no.get_value();
        async move { add_claim_documents(claim_no, ids).await }
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            uploads.clear();
            on_change();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let attach = move |ids: Vec<String>| {
        sent.update_value(|s| s.extend(ids.iter().cloned()));
        error.set(None);
        action.dispatch(ids);
    };
    // Once nothing is still uploading (re-reading the claim redraws this part), attach
    // what finished.
    Effect::new(move |_| {
        if uploads.busy() || action.pending().get() {
            return;
        }
        let new: Vec<String> = uploads
            .document_ids()
            .into_iter()
            .filter(|id| !sent.with_value(|s| s.contains(id)))
            .collect();
        if !new.is_empty() {
            attach(new);
        }
    });
    view! {
        <div class="add-documents">
            {move || error.get().map(|error| view! {
                <ErrorBanner error/>
                <button type="button" class="button button-primary" disabled=move || action.pending().get()
                    on:click=move |_| attach(uploads.document_ids())>
                    {t("claims.send_documents")}
                </button>
            })}
            <FilePicker uploads label="claims.add_documents"/>
            {move || action.pending().get().then(|| view! {
                <p class="muted" role="status">{t("claims.attaching")}</p>
            })}
        </div>
    }
}

/// How a closed claim ended, first: the payout, or the reason it was refused and what the
/// customer can do next, including contesting the decision once.
#[component]
fn Outcome(detail: ClaimDetail, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let summary = detail.summary.clone();
    let refused = summary.outcome == Some(ClaimOutcome::Refused);
    view! {
        <section class=if refused { "card card-attention outcome" } else { "card outcome" } aria-labelledby="outcome-title">
            <h2 id="outcome-title">{t("claims.outcome_title")}</h2>
            {if refused {
                view! {
                    <p class="outcome-lead">{t("claims.refused_lead")}</p>
                    {detail.refusal_reason.clone().map(|reason| view! { <blockquote class="outcome-reason">{reason}</blockquote> })}
                }.into_any()
            } else {
                view! {
                    <p class="outcome-lead">
                        {t("claims.paid_lead")} " "
                        <strong class="amount">{detail.payout.map(|p| p.to_string()).unwrap_or_default()}</strong>
                    </p>
                }.into_any()
            }}
            {if detail.disputed {
                view! { <p class="muted">{t("claims.disputed_once")}</p> }.into_any()
            } else if refused {
                view! { <Dispute claim_no=summary.claim_no.clone() on_change/> }.into_any()
            } else {
                view! { <p class="muted">{t("claims.paid_questions")}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn Dispute(claim_no: String, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let sending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        errors.clear();
        banner.set(None);
        sending.set(true);
        let claim_no = claim_no.clone();
        let text = reason.get_untracked();
        leptos::task::spawn_local(async move {
            let result = dispute_claim(claim_no, text).await;
            sending.set(false);
            match result {
                Ok(_) => on_change(),
                Err(error) => banner.set(errors.absorb(error)),
            }
        });
    };
    view! {
        <details class="dispute" open>
            <summary>{t("claims.dispute")}</summary>
            <p class="muted">{t("claims.dispute_hint")}</p>
            <form on:submit=on_submit novalidate>
                <FormField name="reason" label="claims.dispute_reason" value=reason errors rows=3/>
                {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
                <button type="submit" class="button button-secondary" disabled=move || sending.get()>{t("claims.dispute_submit")}</button>
            </form>
        </details>
    }
}
