//! `/console/reviews`: ID photos sent for advanced verification, the first due first, each
//! beside the name and ID number on record, approved or refused with the reason the
//! customer reads; below, the latest decisions, and the corrections of customers' contacts
//! waiting for a second person.

use leptos::prelude::*;

use super::contact_change::ContactChangeQueue;
use super::deadline::time_left;
use crate::api::console::customers::contact_change_queue;
use crate::api::console::reviews::{decide_identity_review, identity_review_queue};
use crate::components::badge::TierBadge;
use crate::components::flash::{provide_flash, FlashBanner};
use crate::components::form::{FormField, Submit};
use crate::components::format::format_instant;
use crate::components::page::Page;
use crate::components::states::Loaded;
use crate::i18n::{t, t_args, t_dyn, use_i18n};
use crate::model::reviews::{IdentityReview, IdentityReviews};

/// Where staff see a customer's file (`console/customer_file`).
fn file_url(document_id: &str, thumb: bool) -> String {
    format!(
        "/api/console/customer_file?id={document_id}{}",
        if thumb { "&thumb=true" } else { "" }
    )
}

#[component]
pub fn IdentityReviewsPage() -> impl IntoView {
    let tick = RwSignal::new(0u32);
    let reviews = LocalResource::new(move || {
        tick.track();
        identity_review_queue()
    });
    let contact_changes = LocalResource::new(move || {
        tick.track();
        contact_change_queue()
    });
    let refresh = Callback::new(move |_| tick.update(|n| *n += 1));
    let flash = provide_flash();
    view! {
        <Page title="reviews.title" class="page page-wide">
            <header class="desk-head">
                <h1>{t("reviews.title")}</h1>
                <p class="muted">{t("reviews.lead")}</p>
            </header>
            <FlashBanner flash/>
            <Loaded resource=reviews let:reviews>
                <ReviewList reviews tick/>
            </Loaded>
            <Loaded resource=contact_changes let:changes>
                <ContactChangeQueue changes refresh/>
            </Loaded>
        </Page>
    }
}

#[component]
fn ReviewList(reviews: IdentityReviews, tick: RwSignal<u32>) -> impl IntoView {
    let now = reviews.now;
    let recent = reviews.recent.clone();
    let rows = recent.clone();
    view! {
        <section aria-labelledby="pending-title">
            <h2 id="pending-title" class="section-title">{t_args("reviews.pending", vec![("count", reviews.pending.len().to_string())])}</h2>
            {if reviews.pending.is_empty() {
                view! { <p class="card muted">{t("reviews.none_pending")}</p> }.into_any()
            } else {
                view! {
                    <ul class="review-list">
                        {reviews.pending.into_iter().map(|r| view! { <PendingReview review=r now tick/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="recent-title">
            <h2 id="recent-title" class="section-title">{t("reviews.recent")}</h2>
            {recent.is_empty().then(|| view! { <p class="card muted">{t("reviews.none_recent")}</p> })}
            <table class="table desk-table" hidden=recent.is_empty()>
                <thead>
                    <tr>
                        <th scope="col">{t("work_orders.desk.col_customer")}</th>
                        <th scope="col">{t("reviews.decision")}</th>
                        <th scope="col">{t("reviews.reviewer")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! { <RecentRow review=r/> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn PendingReview(review: IdentityReview, now: i64, tick: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let id = review.id;
    let decide = move |approve: bool| {
        let request = decide_identity_review(id, approve, (!approve).then_some(reason.get_untracked()));
        form.send(request, move |()| tick.update(|n| *n += 1));
    };
    let approve = decide;
    let (tone, left) = time_left(Some(review.due_at), now);
    let submitted = review.submitted_at;
    view! {
        <li class="card review-card" aria-labelledby=format!("review-{id}-name")>
            <a class="review-photo" href=file_url(&review.document_id, false) target="_blank" rel="noopener">
                <img src=file_url(&review.document_id, true) alt=t("reviews.photo_alt") loading="lazy"/>
            </a>
            <div class="review-body">
                <div class="customer-hero-head">
                    <h3 id=format!("review-{id}-name")>{review.name.clone()}</h3>
                    <TierBadge tier=review.vip_tier/>
                </div>
                <dl class="facts-list">
                    <div><dt>{t("account.customer_no")}</dt><dd class="mono">{review.customer_no.clone()}</dd></div>
                    <div><dt>{t("console.id_number")}</dt><dd class="mono">{review.id_number_masked.clone().unwrap_or_else(|| "—".into())}</dd></div>
                    <div><dt>{t("account.member_level")}</dt><dd>{t_dyn(review.member_level.label_key())}</dd></div>
                    <div><dt>{t("reviews.submitted")}</dt><dd>{move || format_instant(submitted, i18n.locale.get())}</dd></div>
                    <div><dt>{t("reviews.due")}</dt><dd class=format!("due due-{tone}")>{move || left.as_ref().map(|left| left()).unwrap_or_default()}</dd></div>
                </dl>
                <p class="muted">{t("reviews.check_hint")}</p>
                <FormField name="reason" id=format!("review-{id}-reason") label="reviews.refusal_reason" value=reason errors rows=2 hint="reviews.refusal_hint"/>
                {form.banner_view()}
                <div class="button-row">
                    <button type="button" class="button button-primary" disabled=move || form.sending() on:click=move |_| approve(true)>{t("reviews.approve")}</button>
                    <button type="button" class="button button-secondary" disabled=move || form.sending() on:click=move |_| decide(false)>{t("reviews.refuse")}</button>
                </div>
            </div>
        </li>
    }
}

#[component]
fn RecentRow(review: IdentityReview) -> impl IntoView {
    let i18n = use_i18n();
    let at = review.reviewed_at;
    let (tone, key) = if review.approved == Some(true) {
        ("good", "reviews.approved")
    } else {
        ("bad", "reviews.refused")
    };
    view! {
        <tr>
            <td>{review.name.clone()} <div class="desk-meta mono">{review.customer_no.clone()}</div></td>
            <td>
                <span class=format!("badge badge-{tone}")>{t(key)}</span>
                {review.refusal_reason.clone().map(|r| view! { <div class="desk-meta">{r}</div> })}
            </td>
            <td>
                {review.reviewer.clone().unwrap_or_default()}
                <div class="desk-meta">{move || at.map(|a| format_instant(a, i18n.locale.get())).unwrap_or_default()}</div>
            </td>
        </tr>
    }
}
