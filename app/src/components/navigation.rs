//! Moving between pages. Each bundle's router knows only its own pages, so a path served by
//! the other bundle (the console from the portal, or back) is reached by a full page load,
//! which fetches that bundle; everything else is a client-side navigation.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::routes::Bundle;

/// Which bundle is running, provided by the app at its root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurrentBundle(pub Bundle);

/// A function that goes to a same-site path, loading the other bundle when it serves it.
pub fn use_go() -> impl Fn(&str) + Clone + 'static {
    let navigate = use_navigate();
    let current = use_context::<CurrentBundle>().map(|c| c.0);
    move |path: &str| {
        if current.is_some_and(|bundle| bundle != Bundle::of_path(path)) {
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(path);
            }
        } else {
            navigate(path, Default::default());
        }
    }
}

/// A thin bar along the top while a page's code or data is on its way after a click (the
/// router keeps the old page meanwhile), so a slow phone does not look frozen. It shows after
/// a short delay (style/main.css), so quick changes do not flash.
#[component]
pub fn RouteLoading(is_routing: ReadSignal<bool>) -> impl IntoView {
    view! {
        <div
            class="route-loading"
            role="progressbar"
            aria-label=crate::i18n::t("state.loading")
            hidden=move || !is_routing.get()
        ></div>
    }
}
