use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::portal::claims::list_my_claims;
use crate::components::claim::ClaimList;
use crate::components::lists::{policy_in_query, FilterRow, OpenFilter, PolicyFilterNote};
use crate::components::page::Page;
use crate::components::paging::{MorePages, ShowMorePages};
use crate::components::states::{EmptyState, Loaded};
use crate::domain::ClaimStage;
use crate::i18n::t;
use crate::model::claims::ClaimSummary;
use crate::model::paging::Page as ListPage;
use crate::routes;

/// `/my/claims`: the customer's claims, newest first, open or closed, a page at a time;
/// and the way to report one.
#[component]
pub fn MyClaimsPage() -> impl IntoView {
    let claims = LocalResource::new(|| list_my_claims(None));
    // Outlive a re-read that leaves the first page as it ends.
    let more = MorePages::<ClaimSummary>::default();
    view! {
        <Page title="claims.title">
            <header class="page-head page-head-row">
                <h1>{t("claims.title")}</h1>
                <A href=routes::portal::new_claim() attr:class="button button-primary">{t("claims.report")}</A>
            </header>
            <Loaded
                resource=claims
                empty_when={|page: &ListPage<ClaimSummary>| page.items.is_empty()}
                empty_title="claims.empty_title"
                empty_hint="claims.empty_hint"
                let:page
            >
                {
                    more.follow(page.next.clone());
                    // Re-drawn when the address names another policy (or none).
                    let policy = policy_in_query();
                    move || view! { <ClaimPages first=page.items.clone() more policy=policy.get()/> }
                }
            </Loaded>
        </Page>
    }
}

#[component]
fn ClaimPages(policy: Option<String>, first: Vec<ClaimSummary>, more: MorePages<ClaimSummary>) -> impl IntoView {
    let filter = RwSignal::new(OpenFilter::All);
    let first = StoredValue::new(first);
    let policy_no = StoredValue::new(policy.clone());
    // The pages read so far; from a policy's page, that policy's claims only.
    let list = move || {
        let all = first.with_value(|first| more.after(first));
        policy_no.with_value(|policy| match policy {
            Some(policy_no) => all
                .into_iter()
                .filter(|c| &c.policy_no == policy_no)
                .collect::<Vec<_>>(),
            None => all,
        })
    };
    let matching = move || {
        list()
            .into_iter()
            .filter(|c| filter.get().keeps(c.stage == ClaimStage::Closed))
            .collect::<Vec<_>>()
    };
    let filters = move || {
        let finished: Vec<bool> = list().iter().map(|c| c.stage == ClaimStage::Closed).collect();
        let choices = OpenFilter::choices(&finished, "list.closed", more.has_more());
        view! { <FilterRow choices selected=filter label="claims.filter"/> }
    };
    view! {
        {move || list().is_empty().then(|| view! { <EmptyState title="claims.empty_title" hint="claims.empty_hint"/> })}
        <PolicyFilterNote policy all_href=routes::portal::claims()/>
        {filters}
        {move || view! { <ClaimList claims=matching()/> }}
        <ShowMorePages more on_more=move || more.read_next(list_my_claims)/>
    }
}
