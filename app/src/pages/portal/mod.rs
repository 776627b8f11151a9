//! The customer portal (`/my`): everything a policyholder does for themselves. The layout
//! lets customers only (the server checks every call anyway) and carries the portal's
//! navigation and notification bell.

pub mod account;
pub mod campaigns;
pub mod claim;
pub mod claim_new;
pub mod claims;
pub mod home;
pub mod membership;
pub mod notifications;
pub mod points;
pub mod policies;
pub mod policy;
pub mod work_order;
pub mod work_order_new;
pub mod work_orders;

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::use_location;

use crate::api::portal::notifications::unread_count;
use crate::components::guard::{Audience, RequireSignIn};
use crate::components::shell::{NavItem, Shell, ShellKind};
use crate::i18n::{fill, use_i18n};
use crate::routes;

/// The portal's navigation: the same for every customer.
pub fn navigation() -> Vec<NavItem> {
    let item = |href: String, label, icon, in_tabbar, exact| NavItem {
        href,
        label,
        icon,
        in_tabbar,
        exact,
    };
    vec![
        item(routes::portal::home(), "nav.home", "⌂", true, true),
        item(routes::portal::policies(), "nav.policies", "▤", true, false),
        item(routes::portal::claims(), "nav.claims", "✚", true, false),
        item(routes::portal::work_orders(), "nav.work_orders", "☏", false, false),
        item(routes::public::help(), "nav.help", "?", false, false),
        item(routes::portal::points(), "nav.points", "★", true, false),
        item(routes::portal::account(), "nav.account", "◉", true, false),
    ]
}

#[component]
pub fn PortalLayout() -> impl IntoView {
    view! {
        <Shell kind=ShellKind::Portal nav=Signal::stored(navigation()) actions=|| view! { <NotificationBell/> }>
            <RequireSignIn audience=Audience::Customer>
                <Outlet/>
            </RequireSignIn>
        </Shell>
    }
}

/// The way to the notifications from every page, with the unread count (asked again on
/// each navigation, and when a notification arrives).
#[component]
fn NotificationBell() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let unread = LocalResource::new(move || {
        location.pathname.track();
        unread_count()
    });
    crate::components::live::on_live_change(
        |change| *change == crate::model::live::LiveChange::Notifications,
        move || unread.refetch(),
    );
    let count = move || unread.get().and_then(Result::ok).unwrap_or(0);
    let label = move || {
        fill(
            i18n.locale.get().text("nav.notifications_unread"),
            &[("count", count().to_string())],
        )
    };
    view! {
        <A href=routes::portal::notifications() attr:class="notification-bell" attr:aria-label=label attr:title=label>
            <span aria-hidden="true">"✉"</span>
            {move || (count() > 0).then(|| view! { <span class="count-badge" aria-hidden="true">{count()}</span> })}
        </A>
    }
}
