use leptos::prelude::*;

use super::intake::IntakeForm;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::console::customers::find_customers;
use crate::components::badge::TierBadge;
use crate::components::form::{FieldErrors, FormField};
use crate::components::page::Page;
use crate::components::states::{EmptyState, Loaded};
use crate::domain::CustomerQuery;
use crate::i18n::{t, t_dyn};
use crate::model::customers::{CustomerSummary, CUSTOMER_SEARCH_SHOWN};
use crate::routes;

/// `/console/customers?q=…`: find a customer by customer number, mobile number or policy number.
/// The query lives in the URL, so back and reload keep the results.
#[component]
pub fn ConsoleSearchPage() -> impl IntoView {
    let navigate = use_navigate();
    let query_map = use_query_map();
    let submitted = move || query_map.read().get("q").filter(|q| !q.trim().is_empty());
    let input = RwSignal::new(submitted().unwrap_or_default());
    let errors = FieldErrors::default();

    let results = LocalResource::new(move || {
        let q = submitted();
        async move {
            match q {
                Some(q) => find_customers(q).await.map(Some),
                None => Ok(None),
            }
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let value = input.get_untracked();
        match CustomerQuery::parse(&value) {
            Ok(_) => {
                navigate(&routes::console::search(value.trim()), Default::default());
            }
            Err(invalid) => errors.set("query", invalid.code),
        }
    };

    view! {
        <Page title="console.search_title">
            <header class="page-head">
                <h1>{t("console.search_title")}</h1>
                <p class="page-summary">{t("console.search_lead")}</p>
            </header>
            <form class="card search-card" role="search" on:submit=on_submit novalidate>
                <FormField
                    name="query"
                    label="console.search_label"
                    value=input
                    errors=errors
                    hint="console.search_hint"
                    autocomplete="off"
                />
                <button type="submit" class="button button-primary">{t("console.search_submit")}</button>
            </form>
            <Loaded resource=results let:found>
                {match found {
                    None => view! { <p class="muted audit-note">{t("console.audit_note")}</p> }.into_any(),
                    Some(list) if list.is_empty() => {
                        // Nobody by that number: record the caller as a new customer.
                        let phone = submitted().filter(|q| crate::domain::Phone::parse(q).is_ok());
                        view! {
                            <EmptyState title="console.no_results_title" hint="console.no_results_hint"/>
                            <IntakeForm customer_no=None phone=phone.unwrap_or_default()/>
                        }.into_any()
                    }
                    Some(list) => view! { <Results list/> }.into_any(),
                }}
            </Loaded>
        </Page>
    }
}

#[component]
fn Results(list: Vec<CustomerSummary>) -> impl IntoView {
    let capped = list.len() >= CUSTOMER_SEARCH_SHOWN;
    view! {
        <section class="card" aria-labelledby="results-title">
            <h2 id="results-title">{t("console.results")}</h2>
            {capped.then(|| view! { <p class="muted" role="status">{t("console.search_capped")}</p> })}
            <table class="table table-stack">
                <thead>
                    <tr>
                        <th scope="col">{t("console.customer")}</th>
                        <th scope="col">{t("account.customer_no")}</th>
                        <th scope="col">{t("console.contact")}</th>
                        <th scope="col">{t("account.member_level")}</th>
                        <th scope="col" class="num">{t("console.policy_count")}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|c| {
                        let href = routes::console::customer(&c.customer_no);
                        let contact = c.phone.clone().or(c.email.clone()).unwrap_or_default();
                        view! {
                            <tr>
                                <td data-label=t("console.customer")>
                                    <span class="name-with-badge">
                                        <A href=href>{c.name.clone()}</A>
                                        <TierBadge tier=c.vip_tier/>
                                    </span>
                                </td>
                                <td data-label=t("account.customer_no")><span class="mono">{c.customer_no.clone()}</span></td>
                                <td data-label=t("console.contact")><span class="mono">{contact}</span></td>
                                <td data-label=t("account.member_level")>{t_dyn(c.member_level.label_key())}</td>
                                <td class="num" data-label=t("console.policy_count")>{c.policy_count}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
