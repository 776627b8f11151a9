use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::t;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="state state-error page-404">
            <div class="state-code" aria-hidden="true">"404"</div>
            <h1 class="state-title">{t("not_found.title")}</h1>
            <p class="state-hint">{t("not_found.hint")}</p>
            <A href="/" attr:class="button button-primary">{t("nav.home")}</A>
        </section>
    }
}
