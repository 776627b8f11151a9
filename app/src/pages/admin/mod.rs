//! Admin pages (`/console/admin/...`), inside the console's layout and the staff bundle:
//! staff, access, service rules, the points mall, content and the audit log. The server
//! checks every call's capability; the console shows one entry for them to roles that may
//! use any, and their own tabs lead between them.

pub mod access;
pub mod announcements;
pub mod audit;
pub mod campaigns;
pub mod canned_replies;
pub mod catalog;
pub mod knowledge;
pub mod member;
pub mod rewards;
pub mod rules;
pub mod staff;

use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};

use crate::components::shell::NavItem;
use crate::domain::{Capability, Role};
use crate::i18n::t;
use crate::model::auth::Me;
use crate::routes;
use crate::session::use_session;

/// The admin pages a role may use, in the order of their tabs.
pub fn navigation(role: Role) -> Vec<NavItem> {
    let pages: [(Capability, String, &'static str); 10] = [
        (Capability::ManageStaff, routes::admin::staff(), "nav.admin_staff"),
        (Capability::ManageStaff, routes::admin::access(), "nav.admin_access"),
        (Capability::ManageRules, routes::admin::rules(), "nav.admin_rules"),
        (Capability::ManageRules, routes::admin::catalog(), "nav.admin_catalog"),
        (Capability::ManageRules, routes::admin::rewards(), "nav.admin_rewards"),
        (
            Capability::ManageRules,
            routes::admin::campaigns(),
            "nav.admin_campaigns",
        ),
        (
            Capability::ManageRules,
            routes::admin::knowledge(),
            "nav.admin_knowledge",
        ),
        (
            Capability::ManageRules,
            routes::admin::announcements(),
            "nav.admin_announcements",
        ),
        (Capability::ReadAuditLog, routes::admin::audit(), "nav.admin_audit"),
        // Members are managed beside their record, from the customer search.
        (
            Capability::ManageMembers,
            routes::console::customers(),
            "nav.admin_members",
        ),
    ];
    pages
        .into_iter()
        .filter(|(capability, _, _)| role.may(*capability))
        .map(|(_, href, label)| NavItem {
            href,
            label,
            icon: "",
            in_tabbar: false,
            exact: false,
        })
        .collect()
}

fn signed_in_role() -> Option<Role> {
    match use_session().me.get().flatten() {
        Some(Me::Staff { role, .. }) => Some(role),
        _ => None,
    }
}

/// The admin pages' frame: their tabs above the page.
#[component]
pub fn AdminLayout() -> impl IntoView {
    let tabs = move || signed_in_role().map(navigation).unwrap_or_default();
    view! {
        <nav class="subnav" aria-label=t("nav.admin")>
            {move || tabs().into_iter().map(|item| view! {
                <A href=item.href.clone()>{t(item.label)}</A>
            }).collect_view()}
        </nav>
        <Outlet/>
    }
}

/// `/console/admin`: the first admin page the role may use.
#[component]
pub fn AdminHome() -> impl IntoView {
    move || {
        signed_in_role()
            .and_then(|role| navigation(role).into_iter().next())
            .map(|first| view! { <Redirect path=first.href/> })
    }
}
