use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::portal::policies::get_my_policy;
use crate::components::page::Page;
use crate::components::policy::PolicyDetailView;
use crate::components::states::Loaded;
use crate::i18n::t;
use crate::routes::{self, seg};

/// `/my/policies/:policy_no`: one of the customer's policies.
#[component]
pub fn MyPolicyPage() -> impl IntoView {
    let params = use_params_map();
    let policy = LocalResource::new(move || {
        let policy_no = params.read().get(seg::POLICY_NO).unwrap_or_default();
        get_my_policy(policy_no)
    });
    view! {
        <Page title="policy.title">
            <A href=routes::portal::policies() attr:class="back-link">{t("policies.back")}</A>
            <Loaded resource=policy let:detail>
                <PolicyDetailView detail/>
            </Loaded>
        </Page>
    }
}
