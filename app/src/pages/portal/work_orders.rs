use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::portal::work_orders::list_my_work_orders;
use crate::components::badge::WorkOrderStatusBadge;
use crate::components::format::format_instant;
use crate::components::lists::{policy_in_query, FilterRow, OpenFilter, PolicyFilterNote};
use crate::components::page::Page;
use crate::components::paging::{MorePages, ShowMorePages};
use crate::components::states::{EmptyState, Loaded};
use crate::i18n::{t, t_dyn, use_i18n};
use crate::model::paging::Page as ListPage;
use crate::model::work_orders::WorkOrderSummary;
use crate::routes;

/// `/my/work-orders`: the customer's enquiries, complaints, suggestions and service requests,
/// most recently active first, a page at a time.
#[component]
pub fn MyWorkOrdersPage() -> impl IntoView {
    let list = LocalResource::new(|| list_my_work_orders(None));
    // Outlive a re-read that leaves the first page as it ends.
    let more = MorePages::<WorkOrderSummary>::default();
    view! {
        <Page title="work_orders.title">
            <header class="page-head page-head-row">
                <h1>{t("work_orders.title")}</h1>
                <A href=routes::portal::new_work_order() attr:class="button button-primary">{t("work_orders.new")}</A>
            </header>
            <Loaded
                resource=list
                empty_when={|page: &ListPage<WorkOrderSummary>| page.items.is_empty()}
                empty_title="work_orders.empty_title"
                empty_hint="work_orders.empty_hint"
                let:page
            >
                {
                    more.follow(page.next.clone());
                    // Re-drawn when the address names another policy (or none).
                    let policy = policy_in_query();
                    move || view! { <WorkOrderPages first=page.items.clone() more policy=policy.get()/> }
                }
            </Loaded>
        </Page>
    }
}

#[component]
fn WorkOrderPages(
    policy: Option<String>,
    first: Vec<WorkOrderSummary>,
    more: MorePages<WorkOrderSummary>,
) -> impl IntoView {
    let filter = RwSignal::new(OpenFilter::All);
    let first = StoredValue::new(first);
    let policy_no = StoredValue::new(policy.clone());
    // The pages read so far; from a policy's page, the requests about that policy only.
    let list = move || {
        let all = first.with_value(|first| more.after(first));
        policy_no.with_value(|policy| match policy {
            Some(policy_no) => all
                .into_iter()
                .filter(|r| r.policy_no.as_deref() == Some(policy_no.as_str()))
                .collect::<Vec<_>>(),
            None => all,
        })
    };
    let matching = move || {
        list()
            .into_iter()
            .filter(|r| filter.get().keeps(r.status.is_finished()))
            .collect::<Vec<_>>()
    };
    let filters = move || {
        let finished: Vec<bool> = list().iter().map(|r| r.status.is_finished()).collect();
        let choices = OpenFilter::choices(&finished, "list.finished", more.has_more());
        view! { <FilterRow choices selected=filter label="work_orders.filter"/> }
    };
    view! {
        {move || list().is_empty().then(|| view! { <EmptyState title="work_orders.empty_title" hint="work_orders.empty_hint"/> })}
        <PolicyFilterNote policy all_href=routes::portal::work_orders()/>
        {filters}
        <ul class="card-list claim-list">
            {move || matching().into_iter().map(|r| view! { <WorkOrderCard r/> }).collect_view()}
        </ul>
        <ShowMorePages more on_more=move || more.read_next(list_my_work_orders)/>
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
