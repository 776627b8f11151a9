use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::page::Page;
use crate::components::shell::{Shell, ShellKind};
use crate::i18n::t;
use crate::routes;

/// Any path no route matches.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Shell kind=ShellKind::Public nav=Signal::stored(Vec::new())>
            <Page title="not_found.title" class="state state-error page-404">
                <div class="state-code" aria-hidden="true">"404"</div>
                <h1 class="state-title">{t("not_found.title")}</h1>
                <p class="state-hint">{t("not_found.hint")}</p>
                <A href=routes::ROOT attr:class="button button-primary">{t("nav.home")}</A>
            </Page>
        </Shell>
    }
}
