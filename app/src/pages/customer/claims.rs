use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::claims::list_my_claims;
use crate::components::claim::ClaimList;
use crate::components::guard::{Audience, RequireSignIn};
use crate::components::states::{EmptyState, ErrorPanel, Loading};
use crate::i18n::t;

/// `/my/claims`: the customer's claims and the way to report one.
#[component]
pub fn MyClaimsPage() -> impl IntoView {
    view! {
        <RequireSignIn audience=Audience::Customer>
            <MyClaims/>
        </RequireSignIn>
    }
}

#[component]
fn MyClaims() -> impl IntoView {
    let claims = LocalResource::new(list_my_claims);
    view! {
        <div class="page">
            <header class="page-head page-head-row">
                <h1>{t("claims.title")}</h1>
                <A href="/my/claims/new" attr:class="button button-primary">{t("claims.report")}</A>
            </header>
            {move || match claims.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <EmptyState title="claims.empty_title" hint="claims.empty_hint"/>
                }.into_any(),
                Some(Ok(list)) => view! { <ClaimList claims=list/> }.into_any(),
            }}
        </div>
    }
}
