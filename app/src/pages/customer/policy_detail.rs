use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::policies::get_my_policy;
use crate::components::guard::{Audience, RequireSignIn};
use crate::components::policy::PolicyDetailView;
use crate::components::states::{ErrorPanel, Loading};
use crate::i18n::t;

/// `/my/policies/:policy_no`: one of the customer's policies.
#[component]
pub fn MyPolicyPage() -> impl IntoView {
    view! {
        <RequireSignIn audience=Audience::Customer>
            <MyPolicy/>
        </RequireSignIn>
    }
}

#[component]
fn MyPolicy() -> impl IntoView {
    let params = use_params_map();
    let policy = LocalResource::new(move || {
        let policy_no = params.read().get("policy_no").unwrap_or_default();
        get_my_policy(policy_no)
    });
    view! {
        <div class="page">
            <A href="/my/policies" attr:class="back-link">{t("policies.back")}</A>
            {move || match policy.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error/> }.into_any(),
                Some(Ok(detail)) => view! { <PolicyDetailView detail/> }.into_any(),
            }}
        </div>
    }
}
