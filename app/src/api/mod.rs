//! Server functions: the only door from the browser to data. One function per file,
//! grouped by area; each has a stable endpoint under `/api/` (listed in docs/api.md).

pub mod agent;
pub mod auth;
pub mod claims;
pub mod documents;
pub mod feedback;
pub mod inbox;
pub mod members;
pub mod points;
pub mod policies;
pub mod requests;

/// Registers every server function with the server. Done explicitly because the linker may
/// drop the automatic registrations when the server binary does not otherwise call them.
#[cfg(feature = "ssr")]
pub fn register_all() {
    use server_fn::axum::register_explicit;
    register_explicit::<auth::SignIn>();
    register_explicit::<auth::SignOut>();
    register_explicit::<auth::Register>();
    register_explicit::<auth::WhoAmI>();
    register_explicit::<auth::ChangePassword>();
    register_explicit::<policies::ListMyPolicies>();
    register_explicit::<policies::GetMyPolicy>();
    register_explicit::<agent::FindCustomers>();
    register_explicit::<agent::GetCustomer>();
    register_explicit::<agent::GetCustomerPolicy>();
    register_explicit::<agent::AdvanceClaim>();
    register_explicit::<claims::ListMyClaims>();
    register_explicit::<claims::GetMyClaim>();
    register_explicit::<claims::ClaimOptions>();
    register_explicit::<claims::ReportClaim>();
    register_explicit::<claims::AddClaimDocuments>();
    register_explicit::<documents::UploadDocument>();
    register_explicit::<documents::DocumentFile>();
    register_explicit::<documents::UploadLimits>();
    register_explicit::<points::MyPoints>();
    register_explicit::<points::CheckIn>();
    register_explicit::<points::RedeemReward>();
    register_explicit::<inbox::MyNotifications>();
    register_explicit::<inbox::MarkNotificationsRead>();
    register_explicit::<inbox::UnreadCount>();
    register_explicit::<inbox::NotificationPreferences>();
    register_explicit::<inbox::SaveNotificationPreferences>();
    register_explicit::<inbox::Announcements>();
    register_explicit::<inbox::PortalHome>();
    register_explicit::<agent::ReplyRequest>();
    register_explicit::<requests::OpenRequest>();
    register_explicit::<requests::ListMyRequests>();
    register_explicit::<requests::GetMyRequest>();
    register_explicit::<requests::ReplyToRequest>();
    register_explicit::<feedback::RateService>();
    register_explicit::<members::MemberStatus>();
    register_explicit::<members::VerifyIdentity>();
    register_explicit::<members::RequestAdvancedVerification>();
    register_explicit::<members::BookVipService>();
}
