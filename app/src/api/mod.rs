//! Server functions: the only door from the browser to data. One function per file,
//! grouped by audience (`public`, `portal`, `console`) and then by area; each has a stable
//! endpoint under `/api/` (listed in docs/api.md). Each one calls a guard first, parses its
//! input into domain types, and calls a service in `backend/`.
//!
//! The console's functions are compiled into the server and the staff bundle only, never
//! into the customer's bundle.

#[cfg(any(feature = "ssr", feature = "console"))]
pub mod console;
pub mod portal;
pub mod public;

/// Registers every server function with the server. Done explicitly because the linker may
/// drop the automatic registrations when the server binary does not otherwise call them.
#[cfg(feature = "ssr")]
pub fn register_all() {
    use server_fn::axum::register_explicit;

    register_explicit::<public::auth::SignIn>();
    register_explicit::<public::auth::SignOut>();
    register_explicit::<public::auth::Register>();
    register_explicit::<public::auth::WhoAmI>();
    register_explicit::<public::auth::ChangePassword>();
    register_explicit::<public::announcements::ListAnnouncements>();

    register_explicit::<portal::home::PortalHome>();
    register_explicit::<portal::policies::ListMyPolicies>();
    register_explicit::<portal::policies::GetMyPolicy>();
    register_explicit::<portal::claims::ListMyClaims>();
    register_explicit::<portal::claims::GetMyClaim>();
    register_explicit::<portal::claims::ClaimOptions>();
    register_explicit::<portal::claims::ReportClaim>();
    register_explicit::<portal::claims::AddClaimDocuments>();
    register_explicit::<portal::documents::UploadDocument>();
    register_explicit::<portal::documents::DocumentFile>();
    register_explicit::<portal::documents::UploadLimits>();
    register_explicit::<portal::points::MyPoints>();
    register_explicit::<portal::points::CheckIn>();
    register_explicit::<portal::points::RedeemReward>();
    register_explicit::<portal::inbox::MyNotifications>();
    register_explicit::<portal::inbox::MarkNotificationsRead>();
    register_explicit::<portal::inbox::UnreadCount>();
    register_explicit::<portal::inbox::NotificationPreferences>();
    register_explicit::<portal::inbox::SaveNotificationPreferences>();
    register_explicit::<portal::work_orders::OpenWorkOrder>();
    register_explicit::<portal::work_orders::ListMyWorkOrders>();
    register_explicit::<portal::work_orders::GetMyWorkOrder>();
    register_explicit::<portal::work_orders::ReplyToWorkOrder>();
    register_explicit::<portal::ratings::RateService>();
    register_explicit::<portal::members::MemberStatus>();
    register_explicit::<portal::members::VerifyIdentity>();
    register_explicit::<portal::members::RequestAdvancedVerification>();
    register_explicit::<portal::members::BookVipService>();

    register_explicit::<console::customers::FindCustomers>();
    register_explicit::<console::customers::GetCustomer>();
    register_explicit::<console::customers::GetCustomerPolicy>();
    register_explicit::<console::claims::AdvanceClaim>();
    register_explicit::<console::work_orders::ReplyWorkOrder>();
}
