use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::portal::claims::list_my_claims;
use crate::components::claim::ClaimList;
use crate::components::lists::{policy_in_query, FilterRow, OpenFilter, PolicyFilterNote, ShowMore, PAGE_SIZE};
use crate::components::page::Page;
use crate::components::states::{EmptyState, Loaded};
use crate::domain::ClaimStage;
use crate::i18n::t;
use crate::model::claims::ClaimSummary;
use crate::routes;

/// `/my/claims`: the customer's claims, newest first, open or closed, a page at a time;
/// and the way to report one.
#[component]
pub fn MyClaimsPage() -> impl IntoView {
    let claims = LocalResource::new(list_my_claims);
    view! {
        <Page title="claims.title">
            <header class="page-head page-head-row">
                <h1>{t("claims.title")}</h1>
                <A href=routes::portal::new_claim() attr:class="button button-primary">{t("claims.report")}</A>
            </header>
            <Loaded
                resource=claims
                empty_when=Vec::is_empty
                empty_title="claims.empty_title"
                empty_hint="claims.empty_hint"
                let:list
            >
                {
                    // Re-drawn when the address names another policy (or none).
                    let policy = policy_in_query();
                    move || view! { <ClaimPages list=list.clone() policy=policy.get()/> }
                }
            </Loaded>
        </Page>
    }
}

#[component]
fn ClaimPages(policy: Option<String>, list: Vec<ClaimSummary>) -> impl IntoView {
    let filter = RwSignal::new(OpenFilter::All);
    let shown = RwSignal::new(PAGE_SIZE);
    // From a policy's page: that policy's claims only.
    let list: Vec<ClaimSummary> = match policy.clone() {
        Some(policy_no) => list.into_iter().filter(|c| c.policy_no == policy_no).collect(),
        None => list,
    };
    let finished: Vec<bool> = list.iter().map(|c| c.stage == ClaimStage::Closed).collect();
    let choices = OpenFilter::choices(&finished, "list.closed");
    let list = StoredValue::new(list);
    let matching = move || {
        list.with_value(|l| {
            l.iter()
                .filter(|c| filter.get().keeps(c.stage == ClaimStage::Closed))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let total = Signal::derive(move || matching().len());
    let nothing = list.with_value(Vec::is_empty);
    view! {
        {nothing.then(|| view! { <EmptyState title="claims.empty_title" hint="claims.empty_hint"/> })}
        <PolicyFilterNote policy all_href=routes::portal::claims()/>
        <FilterRow choices selected=filter shown label="claims.filter"/>
        {move || view! { <ClaimList claims=matching().into_iter().take(shown.get()).collect()/> }}
        <ShowMore shown total/>
    }
}
