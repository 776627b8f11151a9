//! The shared Leptos crate: domain types, server functions, pages and components.
//! Built with `csr` into the browser bundle and with `ssr` into the server.

#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod session;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::shell::Shell;
use crate::pages::{agent, customer, home::Home, not_found::NotFound, register::RegisterPage, sign_in::SignInPage};

/// The whole single-page app.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    session::provide_session();
    view! {
        <Router>
            <Shell>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/sign-in") view=SignInPage/>
                    <Route path=path!("/register") view=RegisterPage/>
                    <Route path=path!("/my") view=customer::portal_home::PortalHomePage/>
                    <Route path=path!("/my/policies") view=customer::policies::MyPoliciesPage/>
                    <Route path=path!("/my/claims") view=customer::claims::MyClaimsPage/>
                    <Route path=path!("/my/claims/new") view=customer::claim_new::ReportClaimPage/>
                    <Route path=path!("/my/claims/:claim_no") view=customer::claim_detail::MyClaimPage/>
                    <Route path=path!("/my/points") view=customer::points::MyPointsPage/>
                    <Route path=path!("/my/inbox") view=customer::inbox::InboxPage/>
                    <Route path=path!("/my/requests") view=customer::requests::MyRequestsPage/>
                    <Route path=path!("/my/requests/new") view=customer::request_new::NewRequestPage/>
                    <Route path=path!("/my/requests/:order_no") view=customer::request_detail::MyRequestPage/>
                    <Route path=path!("/my/policies/:policy_no") view=customer::policy_detail::MyPolicyPage/>
                    <Route path=path!("/my/account") view=customer::account::AccountPage/>
                    <Route path=path!("/console") view=agent::search::ConsoleSearchPage/>
                    <Route path=path!("/console/customers/:customer_no") view=agent::customer::ConsoleCustomerPage/>
                    <Route
                        path=path!("/console/customers/:customer_no/policies/:policy_no")
                        view=agent::policy::ConsolePolicyPage
                    />
                    <Route path=path!("/console/account") view=customer::account::AccountPage/>
                </Routes>
            </Shell>
        </Router>
    }
}
