use leptos::prelude::*;

use crate::components::navigation::use_go;
use crate::components::states::Loading;
use crate::routes;
use crate::session::use_session;

/// `/`: sends each user to their own start page (in the other bundle, with a page load),
/// and signed-out visitors to sign in.
#[component]
pub fn RootPage() -> impl IntoView {
    let session = use_session();
    let go = use_go();
    Effect::new(move |_| match session.me.get() {
        Some(Some(me)) => go(&me.home_path()),
        Some(None) => go(&routes::public::sign_in()),
        None => {}
    });
    view! { <Loading/> }
}
