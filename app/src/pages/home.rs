use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::components::states::Loading;
use crate::session::use_session;

/// `/`: sends each user to their own start page.
#[component]
pub fn Home() -> impl IntoView {
    let session = use_session();
    move || match session.me.get() {
        None => view! { <Loading/> }.into_any(),
        Some(None) => view! { <Redirect path="/sign-in"/> }.into_any(),
        Some(Some(me)) => view! { <Redirect path=me.home_path()/> }.into_any(),
    }
}
