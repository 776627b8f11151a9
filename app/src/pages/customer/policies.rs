use leptos::prelude::*;

use crate::api::auth::Me;
use crate::api::policies::list_my_policies;
use crate::components::guard::{Audience, RequireSignIn};
use crate::components::policy::PolicyList;
use crate::components::states::{ErrorPanel, Loading};
use crate::domain::PolicyStatus;
use crate::i18n::{fill, t, use_i18n};
use crate::session::use_session;

/// `/my/policies`: the customer's own policies.
#[component]
pub fn MyPoliciesPage() -> impl IntoView {
    view! {
        <RequireSignIn audience=Audience::Customer>
            <MyPolicies/>
        </RequireSignIn>
    }
}

#[component]
fn MyPolicies() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let policies = LocalResource::new(list_my_policies);
    let greeting = move || match session.me.get().flatten() {
        Some(Me::Customer { name, .. }) => fill(i18n.locale.get().text("policies.greeting"), &[("name", name)]),
        _ => String::new(),
    };
    view! {
        <div class="page">
            <header class="page-head">
                <p class="eyebrow">{greeting}</p>
                <h1>{t("policies.title")}</h1>
            </header>
            {move || match policies.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error/> }.into_any(),
                Some(Ok(list)) => {
                    let in_force = list.iter().filter(|p| p.status == PolicyStatus::InForce).count();
                    let summary = fill(
                        i18n.locale.get().text("policies.summary"),
                        &[("total", list.len().to_string()), ("in_force", in_force.to_string())],
                    );
                    view! {
                        <p class="page-summary">{summary}</p>
                        <PolicyList policies=list href=|p| format!("/my/policies/{}", p.policy_no)/>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}
