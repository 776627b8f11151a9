//! The agent console (`/console`): staff work here, on a desktop first. The layout lets
//! staff only (the server checks every call and its role anyway) and builds the navigation
//! from the signed-in role.

pub mod account;
pub mod board;
mod call_popup;
mod case_viewers;
pub mod claim;
pub mod claims;
mod contact_change;
pub mod customer;
mod customer_notes;
mod deadline;
pub mod desk;
pub mod follow_ups;
mod intake;
mod knowledge;
pub mod policy;
mod references;
pub mod reports;
pub mod reviews;
pub mod search;
mod shortcuts;
pub mod work_order;

use leptos::prelude::*;
use leptos_router::components::Outlet;

use crate::components::guard::{Audience, RequireSignIn};
use crate::components::shell::{NavItem, Shell, ShellKind};
use crate::domain::Role;
use crate::model::auth::Me;
use crate::routes;
use crate::session::use_session;

/// The console's navigation: every role works the desk and searches customers; claims
/// handlers and those who supervise them have the claims desk; policy-service agents and
/// supervisors review ID photos.
pub fn navigation(role: Role, handles_claims: bool, reviews_identities: bool) -> Vec<NavItem> {
    let mut items = Vec::new();
    // Supervisors start on the live board.
    if role.may(crate::domain::Capability::Supervise) {
        items.push(NavItem {
            href: routes::console::board(),
            label: "nav.board",
            icon: "◔",
            in_tabbar: true,
            exact: false,
        });
    }
    items.push(NavItem {
        href: routes::console::home(),
        label: "nav.desk",
        icon: "☰",
        in_tabbar: true,
        exact: true,
    });
    // Everyone has reports: an agent's are their own work.
    items.push(NavItem {
        href: routes::console::reports(),
        label: "nav.reports",
        icon: "▤",
        in_tabbar: false,
        exact: false,
    });
    if handles_claims || role.at_least(Role::Supervisor) {
        items.push(NavItem {
            href: routes::console::claims(),
            label: "nav.claims_desk",
            icon: "✚",
            in_tabbar: true,
            exact: false,
        });
    }
    if reviews_identities || role.at_least(Role::Supervisor) {
        items.push(NavItem {
            href: routes::console::reviews(),
            label: "nav.reviews",
            icon: "✓",
            in_tabbar: false,
            exact: false,
        });
    }
    // The admin pages share one entry; their own tabs lead between them.
    if !crate::pages::admin::navigation(role).is_empty() {
        items.push(NavItem {
            href: routes::admin::home(),
            label: "nav.admin",
            icon: "⚙",
            in_tabbar: false,
            exact: false,
        });
    }
    items.extend([
        NavItem {
            href: routes::console::follow_ups(),
            label: "nav.follow_ups",
            icon: "☏",
            in_tabbar: false,
            exact: false,
        },
        NavItem {
            href: routes::console::customers(),
            label: "nav.customer_search",
            icon: "⌕",
            in_tabbar: true,
            exact: false,
        },
        NavItem {
            href: routes::console::account(),
            label: "nav.account",
            icon: "◉",
            in_tabbar: true,
            exact: false,
        },
    ]);
    items
}

#[component]
pub fn ConsoleLayout() -> impl IntoView {
    let session = use_session();
    let nav = Signal::derive(move || match session.me.get().flatten() {
        Some(Me::Staff {
            role,
            handles_claims,
            reviews_identities,
            ..
        }) => navigation(role, handles_claims, reviews_identities),
        _ => Vec::new(),
    });
    let must_change_password = move || {
        matches!(
            session.me.get().flatten(),
            Some(Me::Staff {
                must_change_password: true,
                ..
            })
        )
    };
    view! {
        <Shell kind=ShellKind::Console nav>
            <RequireSignIn audience=Audience::Staff>
                // Signed in with a one-time password: nothing but choosing one's own.
                {move || if must_change_password() {
                    view! { <FirstPassword/> }.into_any()
                } else {
                    view! { <call_popup::CallPopup/><Outlet/> }.into_any()
                }}
            </RequireSignIn>
        </Shell>
    }
}

/// The first sign-in with a one-time password: the person chooses their own first.
#[component]
fn FirstPassword() -> impl IntoView {
    view! {
        <crate::components::page::Page title="account.first_password_title" narrow=true>
            <header class="page-head">
                <h1>{crate::i18n::t("account.first_password_title")}</h1>
                <p class="muted">{crate::i18n::t("account.first_password_lead")}</p>
            </header>
            <crate::components::account::ChangePassword/>
        </crate::components::page::Page>
    }
}
