//! Route guards, for showing the right page. They are a convenience: the server checks
//! every call itself.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use super::states::{ErrorPanel, Loading};
use crate::error::AppError;
use crate::model::auth::Me;
use crate::routes;
use crate::session::use_session;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Customer,
    Staff,
    /// Anyone signed in.
    Anyone,
}

/// Shows `children` to the right audience; sends signed-out visitors to sign in and back.
#[component]
pub fn RequireSignIn(audience: Audience, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    move || match session.me.get() {
        None => view! { <Loading/> }.into_any(),
        Some(None) => {
            let next = location.pathname.get_untracked();
            view! { <Redirect path=routes::public::sign_in_then(&next)/> }.into_any()
        }
        Some(Some(me)) => {
            let allowed = match audience {
                Audience::Customer => matches!(me, Me::Customer { .. }),
                Audience::Staff => me.is_staff(),
                Audience::Anyone => true,
            };
            if allowed {
                children().into_any()
            } else {
                view! { <ErrorPanel error=AppError::Forbidden/> }.into_any()
            }
        }
    }
}
