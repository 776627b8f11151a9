//! The shared crate of the platform, one codebase for the browser and the server.
//!
//! Layers point one way: `pages` -> `api` (server functions) -> `backend` (services, ssr
//! only) -> `model` / `domain` / `error`. `model` is the data that crosses the wire,
//! `domain` the pure rules both sides check, `locale` the texts, `routes` every path.
//!
//! Features pick what is compiled: `ssr` the server side; `portal` the customer bundle's
//! pages; `console` the staff bundle's pages. A customer's bundle carries no staff code.

#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod domain;
pub mod error;
pub mod locale;
pub mod model;
pub mod routes;
pub mod wire;

#[cfg(any(feature = "portal", feature = "console"))]
pub mod components;
#[cfg(any(feature = "portal", feature = "console"))]
pub mod i18n;
#[cfg(any(feature = "portal", feature = "console"))]
pub mod pages;
#[cfg(any(feature = "portal", feature = "console"))]
pub mod session;

#[cfg(any(feature = "portal", feature = "console"))]
use leptos::prelude::*;

/// The customer bundle: public pages and the portal under `/my`.
#[cfg(feature = "portal")]
#[component]
pub fn PortalApp() -> impl IntoView {
    use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
    use leptos_router::hooks::use_params_map;
    use leptos_router::Lazy;
    use leptos_router::{ParamSegment, StaticSegment};

    use crate::components::navigation::RouteLoading;
    use crate::pages::lazy::*;
    use crate::pages::portal::{home, PortalLayout};
    use crate::pages::public::PublicLayout;
    use crate::pages::public::{not_found::NotFoundPage, root::RootPage, sign_in::SignInPage};
    use crate::routes::seg;

    /// Old `/my/requests/...` links (bookmarks, old messages) lead to the work orders.
    #[component]
    fn OldWorkOrderLink() -> impl IntoView {
        let params = use_params_map();
        let path = match params.read_untracked().get(seg::ORDER_NO) {
            Some(order_no) if order_no == seg::NEW => routes::portal::new_work_order(),
            Some(order_no) => routes::portal::work_order(&order_no),
            None => routes::portal::work_orders(),
        };
        view! { <Redirect path=path/> }
    }

    /// Old `/my/inbox` links (bookmarks) lead to the notifications.
    #[component]
    fn OldNotificationsLink() -> impl IntoView {
        view! { <Redirect path=routes::portal::notifications()/> }
    }

    provide_app_context(routes::Bundle::Portal);
    let (is_routing, set_is_routing) = signal(false);
    view! {
        <Router set_is_routing>
            <RouteLoading is_routing/>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=StaticSegment("") view=RootPage/>
                <ParentRoute path=() view=PublicLayout>
                    <Route path=StaticSegment(seg::SIGN_IN) view=SignInPage/>
                    <Route path=StaticSegment(seg::REGISTER) view={Lazy::<Register>::new()}/>
                    <Route path=StaticSegment(seg::RESET_PASSWORD) view={Lazy::<ResetPassword>::new()}/>
                </ParentRoute>
                <ParentRoute path=StaticSegment(seg::HELP) view={Lazy::<HelpLayout>::new()}>
                    <Route path=StaticSegment("") view={Lazy::<Help>::new()}/>
                    <Route path=ParamSegment(seg::SLUG) view={Lazy::<HelpArticle>::new()}/>
                </ParentRoute>
                <ParentRoute path=StaticSegment(seg::MY) view=PortalLayout>
                    <Route path=StaticSegment("") view=home::PortalHomePage/>
                    <Route path=StaticSegment(seg::POLICIES) view={Lazy::<MyPolicies>::new()}/>
                    <Route path=(StaticSegment(seg::POLICIES), ParamSegment(seg::POLICY_NO)) view={Lazy::<MyPolicy>::new()}/>
                    <Route path=StaticSegment(seg::CLAIMS) view={Lazy::<MyClaims>::new()}/>
                    <Route path=(StaticSegment(seg::CLAIMS), StaticSegment(seg::NEW)) view={Lazy::<ReportClaim>::new()}/>
                    <Route path=(StaticSegment(seg::CLAIMS), ParamSegment(seg::CLAIM_NO)) view={Lazy::<MyClaim>::new()}/>
                    <Route path=StaticSegment(seg::POINTS) view={Lazy::<MyPoints>::new()}/>
                    <Route path=StaticSegment(seg::CAMPAIGNS) view={Lazy::<Campaigns>::new()}/>
                    <Route path=StaticSegment(seg::NOTIFICATIONS) view={Lazy::<Notifications>::new()}/>
                    <Route path=StaticSegment(seg::OLD_NOTIFICATIONS) view=OldNotificationsLink/>
                    <Route path=StaticSegment(seg::WORK_ORDERS) view={Lazy::<MyWorkOrders>::new()}/>
                    <Route
                        path=(StaticSegment(seg::WORK_ORDERS), StaticSegment(seg::NEW))
                        view={Lazy::<NewWorkOrder>::new()}
                    />
                    <Route
                        path=(StaticSegment(seg::WORK_ORDERS), ParamSegment(seg::ORDER_NO))
                        view={Lazy::<MyWorkOrder>::new()}
                    />
                    <Route path=StaticSegment(seg::OLD_WORK_ORDERS) view=OldWorkOrderLink/>
                    <Route path=(StaticSegment(seg::OLD_WORK_ORDERS), ParamSegment(seg::ORDER_NO)) view=OldWorkOrderLink/>
                    <Route path=StaticSegment(seg::ACCOUNT) view={Lazy::<Account>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The staff bundle: public pages and the console under `/console`.
#[cfg(feature = "console")]
#[component]
pub fn StaffApp() -> impl IntoView {
    use leptos_router::components::{ParentRoute, Route, Router, Routes};
    use leptos_router::Lazy;
    use leptos_router::{ParamSegment, StaticSegment};

    use crate::components::navigation::RouteLoading;
    use crate::pages::console::{desk, ConsoleLayout};
    use crate::pages::lazy::*;
    use crate::pages::public::PublicLayout;
    use crate::pages::public::{not_found::NotFoundPage, root::RootPage, sign_in::SignInPage};
    use crate::routes::seg;

    provide_app_context(routes::Bundle::Staff);
    let (is_routing, set_is_routing) = signal(false);
    view! {
        <Router set_is_routing>
            <RouteLoading is_routing/>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=StaticSegment("") view=RootPage/>
                <ParentRoute path=() view=PublicLayout>
                    <Route path=StaticSegment(seg::SIGN_IN) view=SignInPage/>
                    <Route path=StaticSegment(seg::REGISTER) view={Lazy::<Register>::new()}/>
                </ParentRoute>
                <ParentRoute path=StaticSegment(seg::CONSOLE) view=ConsoleLayout>
                    <Route path=StaticSegment("") view=desk::DeskPage/>
                    <Route path=StaticSegment(seg::BOARD) view={Lazy::<LiveBoard>::new()}/>
                    <Route path=StaticSegment(seg::REPORTS) view={Lazy::<Reports>::new()}/>
                    <Route path=StaticSegment(seg::CUSTOMERS) view={Lazy::<ConsoleSearch>::new()}/>
                    <Route path=StaticSegment(seg::CLAIMS) view={Lazy::<ClaimsDesk>::new()}/>
                    <Route path=StaticSegment(seg::REVIEWS) view={Lazy::<IdentityReviews>::new()}/>
                    <Route path=StaticSegment(seg::FOLLOW_UPS) view={Lazy::<FollowUps>::new()}/>
                    <Route path=(StaticSegment(seg::CLAIMS), ParamSegment(seg::CLAIM_NO)) view={Lazy::<ClaimCase>::new()}/>
                    <Route path=(StaticSegment(seg::WORK_ORDERS), ParamSegment(seg::ORDER_NO)) view={Lazy::<DeskWorkOrder>::new()}/>
                    <Route path=(StaticSegment(seg::CUSTOMERS), ParamSegment(seg::CUSTOMER_NO)) view={Lazy::<ConsoleCustomer>::new()}/>
                    <Route
                        path=(
                            StaticSegment(seg::CUSTOMERS),
                            ParamSegment(seg::CUSTOMER_NO),
                            StaticSegment(seg::POLICIES),
                            ParamSegment(seg::POLICY_NO),
                        )
                        view={Lazy::<ConsolePolicy>::new()}
                    />
                    <Route path=StaticSegment(seg::ACCOUNT) view={Lazy::<StaffAccount>::new()}/>
                    <ParentRoute path=StaticSegment(seg::ADMIN) view={Lazy::<AdminLayout>::new()}>
                        <Route path=StaticSegment("") view={Lazy::<AdminHome>::new()}/>
                        <Route path=StaticSegment(seg::STAFF) view={Lazy::<StaffAccounts>::new()}/>
                        <Route path=StaticSegment(seg::ACCESS) view={Lazy::<AccessMatrix>::new()}/>
                        <Route path=StaticSegment(seg::RULES) view={Lazy::<ServiceRules>::new()}/>
                        <Route path=StaticSegment(seg::CATALOG) view={Lazy::<CatalogAdmin>::new()}/>
                        <Route path=StaticSegment(seg::REWARDS) view={Lazy::<Rewards>::new()}/>
                        <Route path=StaticSegment(seg::CAMPAIGNS) view={Lazy::<CampaignsAdmin>::new()}/>
                        <Route path=StaticSegment(seg::KNOWLEDGE) view={Lazy::<KnowledgeAdmin>::new()}/>
                        <Route path=StaticSegment(seg::ANNOUNCEMENTS) view={Lazy::<Announcements>::new()}/>
                        <Route path=StaticSegment(seg::AUDIT) view={Lazy::<AuditLog>::new()}/>
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// What every page of either bundle can reach: translations, who is signed in, and which
/// bundle this is (for links across).
#[cfg(any(feature = "portal", feature = "console"))]
fn provide_app_context(bundle: routes::Bundle) {
    i18n::provide_i18n();
    session::provide_session();
    provide_context(components::navigation::CurrentBundle(bundle));
}
