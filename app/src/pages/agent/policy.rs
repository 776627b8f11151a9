use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::agent::get_customer_policy;
use crate::components::guard::{Audience, RequireSignIn};
use crate::components::policy::PolicyDetailView;
use crate::components::states::{ErrorPanel, Loading};
use crate::i18n::t;

/// `/console/customers/:customer_no/policies/:policy_no`: one policy, read-only.
#[component]
pub fn ConsolePolicyPage() -> impl IntoView {
    view! {
        <RequireSignIn audience=Audience::Staff>
            <ConsolePolicy/>
        </RequireSignIn>
    }
}

#[component]
fn ConsolePolicy() -> impl IntoView {
    let params = use_params_map();
    let customer_no = move || params.read().get("customer_no").unwrap_or_default();
    let policy = LocalResource::new(move || {
        let policy_no = params.read().get("policy_no").unwrap_or_default();
        get_customer_policy(customer_no(), policy_no)
    });
    view! {
        <div class="page">
            <A href=move || format!("/console/customers/{}", customer_no()) attr:class="back-link">
                {t("console.back_to_customer")}
            </A>
            {move || match policy.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error/> }.into_any(),
                Some(Ok(detail)) => view! { <PolicyDetailView detail/> }.into_any(),
            }}
        </div>
    }
}
