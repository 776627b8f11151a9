use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::console::customers::get_customer_policy;
use crate::components::page::Page;
use crate::components::policy::PolicyDetailView;
use crate::components::states::Loaded;
use crate::i18n::t;
use crate::routes::{self, seg};

/// `/console/customers/:customer_no/policies/:policy_no`: one policy, read-only.
#[component]
pub fn ConsolePolicyPage() -> impl IntoView {
    let params = use_params_map();
    let customer_no = move || params.read().get(seg::CUSTOMER_NO).unwrap_or_default();
    let policy = LocalResource::new(move || {
        let policy_no = params.read().get(seg::POLICY_NO).unwrap_or_default();
        get_customer_policy(customer_no(), policy_no)
    });
    view! {
        <Page title="policy.title">
            <A href=move || routes::console::customer(&customer_no()) attr:class="back-link">
                {t("console.back_to_customer")}
            </A>
            <Loaded resource=policy let:detail>
                <PolicyDetailView detail/>
            </Loaded>
        </Page>
    }
}
