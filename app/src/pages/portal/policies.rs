use leptos::prelude::*;

use crate::api::portal::policies::list_my_policies;
use crate::components::page::Page;
use crate::components::policy::PolicyList;
use crate::components::states::Loaded;
use crate::domain::PolicyStatus;
use crate::i18n::{fill, t, use_i18n};
use crate::model::auth::Me;
use crate::model::policies::PolicySummary;
use crate::routes;
use crate::session::use_session;

/// `/my/policies`: the customer's own policies.
#[component]
pub fn MyPoliciesPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let policies = LocalResource::new(list_my_policies);
    let greeting = move || match session.me.get().flatten() {
        Some(Me::Customer { name, .. }) => fill(i18n.locale.get().text("policies.greeting"), &[("name", name)]),
        _ => String::new(),
    };
    let summary = move |list: &[PolicySummary]| {
        let in_force = list.iter().filter(|p| p.status == PolicyStatus::InForce).count();
        let total = list.len();
        move || {
            fill(
                i18n.locale.get().text("policies.summary"),
                &[("total", total.to_string()), ("in_force", in_force.to_string())],
            )
        }
    };
    view! {
        <Page title="policies.title">
            <header class="page-head">
                <p class="eyebrow">{greeting}</p>
                <h1>{t("policies.title")}</h1>
            </header>
            <Loaded resource=policies let:list>
                <p class="page-summary">{summary(&list)}</p>
                <PolicyList policies=list href=|p| routes::portal::policy(&p.policy_no)/>
            </Loaded>
        </Page>
    }
}
