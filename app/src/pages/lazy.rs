//! Routes whose page code arrives on the page's first visit. Each route's view is split into
//! a Wasm chunk of its own when the bundle is built (`./x`, `build_bundle`), so the first
//! download carries the shell, the sign-in form and what every page shares, and the code of
//! each page follows when it is opened (code two pages share travels in a chunk of its own).
//! The portal home and the agent's desk are not here: nearly everyone lands on them after
//! signing in, and coming with the shell they arrive in one download instead of dozens of
//! small ones.
//!
//! A page's code can fail to arrive (a flaky phone network). The split is made `fallible`
//! (upstream Leptos does the same from 0.9): the failure becomes `AppError::Network`, the
//! page shows the error state, whose Retry loads the app again where it is (the browser
//! has the rest cached; the failed code is fetched anew), and every other page goes on
//! working meanwhile. Without it, a failed load panics inside the router's task and takes
//! the next navigations down with it.

use leptos::prelude::*;

#[cfg(feature = "split")]
use crate::components::states::ErrorPanel;
#[cfg(feature = "split")]
use crate::error::AppError;

/// In place of a page whose code did not arrive: the error state. Retry reloads where the
/// reader is (the router does not load a route it is already on again, and an in-place
/// retry per route cost the first download 1.4 KB).
#[cfg(feature = "split")]
fn failed_page(error: AppError) -> AnyView {
    let retry = Callback::new(|_| {
        let _ = window().location().reload();
    });
    view! { <ErrorPanel error retry/> }.into_any()
}

/// `Route => page component`: a `LazyRoute` whose view is the component, split into a chunk
/// named after the route (`split_<Route>.wasm`).
#[cfg(feature = "split")]
macro_rules! lazy_pages {
    ($($route:ident => $page:path),* $(,)?) => {$(
        pub struct $route;

        const _: () = {
            #[::leptos::wasm_split::wasm_split(
                $route,
                wasm_split_path = ::leptos::wasm_split,
                fallible,
                preload(#[allow(non_snake_case)] preload_page)
            )]
            fn page(_this: $route) -> Result<AnyView, AppError> {
                Ok($page().into_any())
            }

            impl leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(this: Self) -> AnyView {
                    match page(this).await {
                        Ok(view) => view,
                        Err(error) => failed_page(error),
                    }
                }

                // Only a head start: a failure here shows when `view` tries again.
                async fn preload() {
                    let _ = preload_page().await;
                }
            }
        };
    )*};
}

/// Without `split` (the Trunk development loop: one unsplit module), every page is there
/// from the start and the routes only wrap their components.
#[cfg(not(feature = "split"))]
macro_rules! lazy_pages {
    ($($route:ident => $page:path),* $(,)?) => {$(
        pub struct $route;

        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    )*};
}

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for AppError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        AppError::Network {
            message: "this page's code did not arrive".into(),
        }
    }
}

pub use public::*;
mod public {
    use super::*;
    use crate::pages::public::*;

    lazy_pages! {
        Register => register::RegisterPage,
    }
}

#[cfg(feature = "portal")]
pub use portal::*;
#[cfg(feature = "portal")]
mod portal {
    use super::*;
    use crate::pages::portal::*;
    use crate::pages::public::{help, reset_password};

    lazy_pages! {
        ResetPassword => reset_password::ResetPasswordPage,
        HelpLayout => help::HelpLayout,
        Help => help::HelpPage,
        HelpArticle => help::HelpArticlePage,
        MyPolicies => policies::MyPoliciesPage,
        MyPolicy => policy::MyPolicyPage,
        MyClaims => claims::MyClaimsPage,
        ReportClaim => claim_new::ReportClaimPage,
        MyClaim => claim::MyClaimPage,
        MyPoints => points::MyPointsPage,
        Campaigns => campaigns::CampaignsPage,
        Notifications => notifications::NotificationsPage,
        MyWorkOrders => work_orders::MyWorkOrdersPage,
        NewWorkOrder => work_order_new::NewWorkOrderPage,
        MyWorkOrder => work_order::MyWorkOrderPage,
        Account => account::AccountPage,
    }
}

#[cfg(feature = "console")]
pub use console::*;
#[cfg(feature = "console")]
mod console {
    use super::*;
    use crate::pages::admin;
    use crate::pages::console::*;

    lazy_pages! {
        LiveBoard => board::BoardPage,
        Reports => reports::ReportsPage,
        ConsoleSearch => search::ConsoleSearchPage,
        ClaimsDesk => claims::ClaimsDeskPage,
        IdentityReviews => reviews::IdentityReviewsPage,
        FollowUps => follow_ups::FollowUpsPage,
        ClaimCase => claim::ClaimCasePage,
        DeskWorkOrder => work_order::DeskWorkOrderPage,
        ConsoleCustomer => customer::ConsoleCustomerPage,
        ConsolePolicy => policy::ConsolePolicyPage,
        StaffAccount => account::StaffAccountPage,
        AdminLayout => admin::AdminLayout,
        AdminHome => admin::AdminHome,
        StaffAccounts => admin::staff::StaffAccountsPage,
        AccessMatrix => admin::access::AccessMatrixPage,
        ServiceRules => admin::rules::ServiceRulesPage,
        CatalogAdmin => admin::catalog::CatalogAdminPage,
        Rewards => admin::rewards::RewardsPage,
        CampaignsAdmin => admin::campaigns::CampaignsAdminPage,
        KnowledgeAdmin => admin::knowledge::KnowledgeAdminPage,
        Announcements => admin::announcements::AnnouncementsPage,
        AuditLog => admin::audit::AuditLogPage,
    }
}
