use leptos::prelude::*;

use crate::components::account::{ChangePassword, Profile};
use crate::components::page::Page;
use crate::i18n::t;
use crate::session::use_session;

/// `/console/account`: who you are and your password.
#[component]
pub fn StaffAccountPage() -> impl IntoView {
    let session = use_session();
    view! {
        <Page title="account.title" narrow=true>
            <header class="page-head">
                <h1>{t("account.title")}</h1>
            </header>
            {move || session.me.get().flatten().map(|me| view! { <Profile me/> })}
            <ChangePassword/>
        </Page>
    }
}
