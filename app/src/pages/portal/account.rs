use leptos::prelude::*;

use super::membership::MembershipSection;
use crate::components::account::{ChangePassword, Profile};
use crate::components::page::Page;
use crate::i18n::t;
use crate::session::use_session;

/// `/my/account`: who you are, your member level and VIP services, and your password.
#[component]
pub fn AccountPage() -> impl IntoView {
    let session = use_session();
    view! {
        <Page title="account.title" narrow=true>
            <header class="page-head">
                <h1>{t("account.title")}</h1>
            </header>
            {move || session.me.get().flatten().map(|me| view! { <Profile me/> })}
            <MembershipSection/>
            <ChangePassword/>
        </Page>
    }
}
