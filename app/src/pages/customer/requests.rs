use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::requests::{list_my_requests, RequestSummary};
use crate::components::format::format_instant;
use crate::components::guard::{Audience, RequireSignIn};
use crate::components::states::{EmptyState, ErrorPanel, Loading};
use crate::domain::WorkOrderStatus;
use crate::i18n::{t, t_dyn, use_i18n};

/// `/my/requests`: the customer's enquiries, complaints, suggestions and service requests.
#[component]
pub fn MyRequestsPage() -> impl IntoView {
    view! {
        <RequireSignIn audience=Audience::Customer>
            <MyRequests/>
        </RequireSignIn>
    }
}

/// A work order's status as a badge.
#[component]
pub fn RequestStatusBadge(status: WorkOrderStatus) -> impl IntoView {
    let tone = match status {
        WorkOrderStatus::Open | WorkOrderStatus::InProgress => "info",
        WorkOrderStatus::AwaitingCustomer => "warn",
        WorkOrderStatus::Resolved => "good",
        WorkOrderStatus::Closed => "muted",
    };
    view! { <span class=format!("badge badge-{tone}")>{t_dyn(status.label_key())}</span> }
}

#[component]
fn MyRequests() -> impl IntoView {
    let list = LocalResource::new(list_my_requests);
    view! {
        <div class="page">
            <header class="page-head page-head-row">
                <h1>{t("requests.title")}</h1>
                <A href="/my/requests/new" attr:class="button button-primary">{t("requests.new")}</A>
            </header>
            {move || match list.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <EmptyState title="requests.empty_title" hint="requests.empty_hint"/>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="card-list claim-list">
                        {list.into_iter().map(|r| view! { <RequestCard r/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn RequestCard(r: RequestSummary) -> impl IntoView {
    let i18n = use_i18n();
    let kind_key = match r.service_type {
        Some(service) => service.label_key(),
        None => r.kind.label_key(),
    };
    let updated = r.updated_at;
    view! {
        <li>
            <A href=format!("/my/requests/{}", r.order_no) attr:class="card card-link request-card">
                <div class="card-row">
                    <span class="mono claim-no">{r.order_no.clone()}</span>
                    <RequestStatusBadge status=r.status/>
                </div>
                <p class="card-title">{r.subject.clone()}</p>
                <div class="card-row">
                    <span class="muted">{t_dyn(kind_key)}</span>
                    <span class="muted">{move || format_instant(updated, i18n.locale.get())}</span>
                </div>
                {(r.insurer_replied_last && !r.status.is_finished()).then(|| view! {
                    <p class="claim-awaiting">{t("requests.new_reply")}</p>
                })}
            </A>
        </li>
    }
}
