//! Routes whose page code arrives on the page's first visit. Each route's view is split into
//! a Wasm chunk of its own when the bundle is built (`./x`, `build_bundle`), so the first
//! download carries the shell, the sign-in form and what every page shares, and the code of
//! each page follows when it is opened (code two pages share travels in a chunk of its own).
//! The portal home and the agent's desk are not here: nearly everyone lands on them after
//! signing in, and coming with the shell they arrive in one download instead of dozens of
//! small ones.

use leptos::prelude::*;

/// `Route => page component`: a `LazyRoute` whose view is the component.
macro_rules! lazy_pages {
    ($($route:ident => $page:path),* $(,)?) => {$(
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    )*};
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
        Inbox => inbox::InboxPage,
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
