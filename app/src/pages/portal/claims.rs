use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::portal::claims::list_my_claims;
use crate::components::claim::ClaimList;
use crate::components::page::Page;
use crate::components::states::Loaded;
use crate::i18n::t;
use crate::routes;

/// `/my/claims`: the customer's claims and the way to report one.
#[component]
pub fn MyClaimsPage() -> impl IntoView {
    let claims = LocalResource::new(list_my_claims);
    view! {
        <Page title="claims.title">
            <header class="page-head page-head-row">
                <h1>{t("claims.title")}</h1>
                <A href=routes::portal::new_claim() attr:class="button button-primary">{t("claims.report")}</A>
            </header>
            <Loaded
                resource=claims
                empty_when=Vec::is_empty
                empty_title="claims.empty_title"
                empty_hint="claims.empty_hint"
                let:list
            >
                <ClaimList claims=list/>
            </Loaded>
        </Page>
    }
}
