use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::portal::policies::get_my_policy;
use crate::components::page::Page;
use crate::components::policy::PolicyDetailView;
use crate::components::states::Loaded;
use crate::domain::PolicyStatus;
use crate::i18n::t;
use crate::model::policies::PolicyDetail;
use crate::routes::{self, seg};

/// `/my/policies/:policy_no`: one of the customer's policies, and what they can do with it.
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
                <PolicyActions detail=detail.clone()/>
                <PolicyDetailView detail/>
            </Loaded>
        </Page>
    }
}

/// Report a claim on it, its claims and requests, and the electronic policy to keep.
#[component]
fn PolicyActions(detail: PolicyDetail) -> impl IntoView {
    let policy_no = detail.summary.policy_no.clone();
    let in_force = detail.summary.status == PolicyStatus::InForce;
    view! {
        <nav class="policy-actions" aria-label=t("policy.actions")>
            {in_force.then(|| view! {
                <A href=routes::portal::new_claim_on(&policy_no) attr:class="button button-primary">{t("policy.report_claim")}</A>
            })}
            <A href=routes::portal::claims_of(&policy_no) attr:class="button button-secondary">{t("policy.its_claims")}</A>
            <A href=routes::portal::work_orders_of(&policy_no) attr:class="button button-secondary">{t("policy.its_work_orders")}</A>
            <a href=routes::portal::policy_pdf(&policy_no) class="button button-secondary" rel="external" target="_blank"
                download=format!("policy-{policy_no}.pdf")>
                {t("policy.download_pdf")}
            </a>
        </nav>
    }
}
