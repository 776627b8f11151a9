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
    use leptos_router::{ParamSegment, StaticSegment};

    use crate::pages::portal::*;
    use crate::pages::public::reset_password::ResetPasswordPage;
    use crate::pages::public::{help, PublicLayout};
    use crate::pages::public::{not_found::NotFoundPage, register::RegisterPage, root::RootPage, sign_in::SignInPage};
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

    provide_app_context(routes::Bundle::Portal);
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=StaticSegment("") view=RootPage/>
                <ParentRoute path=() view=PublicLayout>
                    <Route path=StaticSegment(seg::SIGN_IN) view=SignInPage/>
                    <Route path=StaticSegment(seg::REGISTER) view=RegisterPage/>
                    <Route path=StaticSegment(seg::RESET_PASSWORD) view=ResetPasswordPage/>
                </ParentRoute>
                <ParentRoute path=StaticSegment(seg::HELP) view=help::HelpLayout>
                    <Route path=StaticSegment("") view=help::HelpPage/>
                    <Route path=ParamSegment(seg::SLUG) view=help::HelpArticlePage/>
                </ParentRoute>
                <ParentRoute path=StaticSegment(seg::MY) view=PortalLayout>
                    <Route path=StaticSegment("") view=home::PortalHomePage/>
                    <Route path=StaticSegment(seg::POLICIES) view=policies::MyPoliciesPage/>
                    <Route path=(StaticSegment(seg::POLICIES), ParamSegment(seg::POLICY_NO)) view=policy::MyPolicyPage/>
                    <Route path=StaticSegment(seg::CLAIMS) view=claims::MyClaimsPage/>
                    <Route path=(StaticSegment(seg::CLAIMS), StaticSegment(seg::NEW)) view=claim_new::ReportClaimPage/>
                    <Route path=(StaticSegment(seg::CLAIMS), ParamSegment(seg::CLAIM_NO)) view=claim::MyClaimPage/>
                    <Route path=StaticSegment(seg::POINTS) view=points::MyPointsPage/>
                    <Route path=StaticSegment(seg::CAMPAIGNS) view=campaigns::CampaignsPage/>
                    <Route path=StaticSegment(seg::INBOX) view=inbox::InboxPage/>
                    <Route path=StaticSegment(seg::WORK_ORDERS) view=work_orders::MyWorkOrdersPage/>
                    <Route
                        path=(StaticSegment(seg::WORK_ORDERS), StaticSegment(seg::NEW))
                        view=work_order_new::NewWorkOrderPage
                    />
                    <Route
                        path=(StaticSegment(seg::WORK_ORDERS), ParamSegment(seg::ORDER_NO))
                        view=work_order::MyWorkOrderPage
                    />
                    <Route path=StaticSegment(seg::OLD_WORK_ORDERS) view=OldWorkOrderLink/>
                    <Route path=(StaticSegment(seg::OLD_WORK_ORDERS), ParamSegment(seg::ORDER_NO)) view=OldWorkOrderLink/>
                    <Route path=StaticSegment(seg::ACCOUNT) view=account::AccountPage/>
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
    use leptos_router::{ParamSegment, StaticSegment};

    use crate::pages::admin;
    use crate::pages::console::*;
    use crate::pages::public::PublicLayout;
    use crate::pages::public::{not_found::NotFoundPage, register::RegisterPage, root::RootPage, sign_in::SignInPage};
    use crate::routes::seg;

    provide_app_context(routes::Bundle::Staff);
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=StaticSegment("") view=RootPage/>
                <ParentRoute path=() view=PublicLayout>
                    <Route path=StaticSegment(seg::SIGN_IN) view=SignInPage/>
                    <Route path=StaticSegment(seg::REGISTER) view=RegisterPage/>
                </ParentRoute>
                <ParentRoute path=StaticSegment(seg::CONSOLE) view=ConsoleLayout>
                    <Route path=StaticSegment("") view=desk::DeskPage/>
                    <Route path=StaticSegment(seg::CUSTOMERS) view=search::ConsoleSearchPage/>
                    <Route path=StaticSegment(seg::CLAIMS) view=claims::ClaimsDeskPage/>
                    <Route path=StaticSegment(seg::REVIEWS) view=reviews::IdentityReviewsPage/>
                    <Route path=StaticSegment(seg::FOLLOW_UPS) view=follow_ups::FollowUpsPage/>
                    <Route path=(StaticSegment(seg::CLAIMS), ParamSegment(seg::CLAIM_NO)) view=claim::ClaimCasePage/>
                    <Route path=(StaticSegment(seg::WORK_ORDERS), ParamSegment(seg::ORDER_NO)) view=work_order::DeskWorkOrderPage/>
                    <Route path=(StaticSegment(seg::CUSTOMERS), ParamSegment(seg::CUSTOMER_NO)) view=customer::ConsoleCustomerPage/>
                    <Route
                        path=(
                            StaticSegment(seg::CUSTOMERS),
                            ParamSegment(seg::CUSTOMER_NO),
                            StaticSegment(seg::POLICIES),
                            ParamSegment(seg::POLICY_NO),
                        )
                        view=policy::ConsolePolicyPage
                    />
                    <Route path=StaticSegment(seg::ACCOUNT) view=account::StaffAccountPage/>
                    <ParentRoute path=StaticSegment(seg::ADMIN) view=admin::AdminLayout>
                        <Route path=StaticSegment("") view=admin::AdminHome/>
                        <Route path=StaticSegment(seg::STAFF) view=admin::staff::StaffAccountsPage/>
                        <Route path=StaticSegment(seg::ACCESS) view=admin::access::AccessMatrixPage/>
                        <Route path=StaticSegment(seg::RULES) view=admin::rules::ServiceRulesPage/>
                        <Route path=StaticSegment(seg::CATALOG) view=admin::catalog::CatalogAdminPage/>
                        <Route path=StaticSegment(seg::REWARDS) view=admin::rewards::RewardsPage/>
                        <Route path=StaticSegment(seg::CAMPAIGNS) view=admin::campaigns::CampaignsAdminPage/>
                        <Route path=StaticSegment(seg::KNOWLEDGE) view=admin::knowledge::KnowledgeAdminPage/>
                        <Route path=StaticSegment(seg::ANNOUNCEMENTS) view=admin::announcements::AnnouncementsPage/>
                        <Route path=StaticSegment(seg::AUDIT) view=admin::audit::AuditLogPage/>
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
