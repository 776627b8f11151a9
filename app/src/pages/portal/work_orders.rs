use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::portal::work_orders::list_my_work_orders;
use crate::components::badge::WorkOrderStatusBadge;
use crate::components::format::format_instant;
use crate::components::lists::{policy_in_query, FilterRow, OpenFilter, PolicyFilterNote, ShowMore, PAGE_SIZE};
use crate::components::page::Page;
use crate::components::states::{EmptyState, Loaded};
use crate::i18n::{t, t_dyn, use_i18n};
use crate::model::work_orders::WorkOrderSummary;
use crate::routes;

/// `/my/work-orders`: the customer's enquiries, complaints, suggestions and service requests.
#[component]
pub fn MyWorkOrdersPage() -> impl IntoView {
    let list = LocalResource::new(list_my_work_orders);
    view! {
        <Page title="work_orders.title">
            <header class="page-head page-head-row">
                <h1>{t("work_orders.title")}</h1>
                <A href=routes::portal::new_work_order() attr:class="button button-primary">{t("work_orders.new")}</A>
            </header>
            <Loaded
                resource=list
                empty_when=Vec::is_empty
                empty_title="work_orders.empty_title"
                empty_hint="work_orders.empty_hint"
                let:list
            >
                {
                    // Re-drawn when the address names another policy (or none).
                    let policy = policy_in_query();
                    move || view! { <WorkOrderPages list=list.clone() policy=policy.get()/> }
                }
            </Loaded>
        </Page>
    }
}

#[component]
fn WorkOrderPages(policy: Option<String>, list: Vec<WorkOrderSummary>) -> impl IntoView {
    let filter = RwSignal::new(OpenFilter::All);
    let shown = RwSignal::new(PAGE_SIZE);
    // From a policy's page: the requests about that policy only.
    let list: Vec<WorkOrderSummary> = match policy.clone() {
        Some(policy_no) => list
            .into_iter()
            .filter(|r| r.policy_no.as_deref() == Some(policy_no.as_str()))
            .collect(),
        None => list,
    };
    let finished: Vec<bool> = list.iter().map(|r| r.status.is_finished()).collect();
    let choices = OpenFilter::choices(&finished, "list.finished");
    let list = StoredValue::new(list);
    let matching = move || {
        list.with_value(|l| {
            l.iter()
                .filter(|r| filter.get().keeps(r.status.is_finished()))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let total = Signal::derive(move || matching().len());
    let nothing = list.with_value(Vec::is_empty);
    view! {
        {nothing.then(|| view! { <EmptyState title="work_orders.empty_title" hint="work_orders.empty_hint"/> })}
        <PolicyFilterNote policy all_href=routes::portal::work_orders()/>
        <FilterRow choices selected=filter shown label="work_orders.filter"/>
        <ul class="card-list claim-list">
            {move || matching().into_iter().take(shown.get()).map(|r| view! { <WorkOrderCard r/> }).collect_view()}
        </ul>
        <ShowMore shown total/>
    }
}

#[component]
fn WorkOrderCard(r: WorkOrderSummary) -> impl IntoView {
    let i18n = use_i18n();
    let kind_key = match r.service_type {
        Some(service) => service.label_key(),
        None => r.kind.label_key(),
    };
    let updated = r.updated_at;
    view! {
        <li>
            <A href=routes::portal::work_order(&r.order_no) attr:class="card card-link request-card">
                <div class="card-row">
                    <span class="mono claim-no">{r.order_no.clone()}</span>
                    <WorkOrderStatusBadge status=r.status/>
                </div>
                <p class="card-title">{r.subject.clone()}</p>
                <div class="card-row">
                    <span class="muted">{t_dyn(kind_key)}</span>
                    <span class="muted">{move || format_instant(updated, i18n.locale.get())}</span>
                </div>
                {(r.insurer_replied_last && !r.status.is_finished()).then(|| view! {
                    <p class="claim-awaiting">{t("work_orders.new_reply")}</p>
                })}
            </A>
        </li>
    }
}
