//! Pages for everyone, signed in or not: the way in (sign-in, registration), the root that
//! sends each user to their own start page, and "not found". Both bundles carry them; the
//! help centre (the knowledge base) is in the customer bundle only.

#[cfg(feature = "portal")]
pub mod help;
pub mod not_found;
pub mod register;
pub mod reset_password;
pub mod root;
pub mod sign_in;

use leptos::prelude::*;
use leptos_router::components::Outlet;

use crate::components::shell::{Shell, ShellKind};

/// The layout of the signed-out pages: the shell without navigation.
#[component]
pub fn PublicLayout() -> impl IntoView {
    view! {
        <Shell kind=ShellKind::Public nav=Signal::stored(Vec::new())>
            <Outlet/>
        </Shell>
    }
}
