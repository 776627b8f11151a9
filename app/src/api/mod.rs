//! Server functions: the only door from the browser to data. One function per file,
//! grouped by audience (`public`, `portal`, `console`) and then by area; each has a stable
//! endpoint under `/api/` (listed in docs/api.md). Each one calls a guard first, parses its
//! input into domain types, and calls a service in `backend/`.
//!
//! The console's functions are compiled into the server and the staff bundle only, never
//! into the customer's bundle.

#[cfg(any(feature = "ssr", feature = "console"))]
pub mod admin;
#[cfg(any(feature = "ssr", feature = "console"))]
pub mod console;
pub mod portal;
pub mod public;

/// How a server function takes its arguments: whether its body is JSON (`input = Json`).
#[cfg(feature = "ssr")]
pub trait InputBody {
    const JSON: bool;
}

#[cfg(feature = "ssr")]
mod input_body {
    use server_fn::codec::{GetUrl, Json, MultipartFormData, PostUrl};
    use server_fn::Http;

    impl<O> super::InputBody for Http<PostUrl, O> {
        const JSON: bool = false;
    }
    impl<O> super::InputBody for Http<Json, O> {
        const JSON: bool = true;
    }
    impl<O> super::InputBody for Http<GetUrl, O> {
        const JSON: bool = false;
    }
    impl<O> super::InputBody for Http<MultipartFormData, O> {
        const JSON: bool = false;
    }
}

/// What the server needs to know of the endpoints beyond serving them.
#[cfg(feature = "ssr")]
#[derive(Debug, Default, Clone)]
pub struct Endpoints {
    /// Every endpoint's path (`/api/...`).
    pub paths: Vec<&'static str>,
    /// The paths that take a JSON body: the server refuses any other body there.
    pub json: Vec<&'static str>,
}

/// Lists every server function once: each is registered with the server and classified.
macro_rules! endpoints {
    ($($function:path),* $(,)?) => {
        /// Registers every server function with the server. Done explicitly because the
        /// linker may drop the automatic registrations when the server binary does not
        /// otherwise call them.
        #[cfg(feature = "ssr")]
        pub fn register_all() -> Endpoints {
            use server_fn::ServerFn;
            let mut endpoints = Endpoints::default();
            $(
                server_fn::axum::register_explicit::<$function>();
                endpoints.paths.push(<$function as ServerFn>::PATH);
                if <<$function as ServerFn>::Protocol as InputBody>::JSON {
                    endpoints.json.push(<$function as ServerFn>::PATH);
                }
            )*
            endpoints
        }
    };
}

endpoints!(
    public::auth::SignIn,
    public::auth::SignOut,
    public::auth::Register,
    public::auth::WhoAmI,
    public::auth::ChangePassword,
    public::auth::SendCode,
    public::auth::SignInWithCode,
    public::auth::ResetPassword,
    public::announcements::ListAnnouncements,
    public::knowledge::SearchHelp,
    public::knowledge::GetHelpArticle,
    portal::home::PortalHome,
    portal::policies::ListMyPolicies,
    portal::policies::GetMyPolicy,
    portal::policies::PolicyPdf,
    portal::claims::ListMyClaims,
    portal::claims::GetMyClaim,
    portal::claims::ClaimOptions,
    portal::claims::MyPayoutAccounts,
    portal::claims::ReportClaim,
    portal::claims::AddClaimDocuments,
    portal::claims::DisputeClaim,
    portal::documents::UploadDocument,
    portal::documents::DocumentFile,
    portal::documents::UploadLimits,
    portal::points::MyPoints,
    portal::points::MyPointsHistory,
    portal::points::MyRewardOrders,
    portal::points::CheckIn,
    portal::points::RedeemReward,
    portal::notifications::MyNotifications,
    portal::notifications::MarkNotificationsRead,
    portal::notifications::UnreadCount,
    portal::notifications::NotificationPreferences,
    portal::notifications::SaveNotificationPreferences,
    portal::work_orders::OpenWorkOrder,
    portal::work_orders::ListMyWorkOrders,
    portal::work_orders::GetMyWorkOrder,
    portal::work_orders::ReplyToWorkOrder,
    portal::ratings::RateService,
    portal::members::MemberStatus,
    portal::members::VerifyIdentity,
    portal::members::RequestAdvancedVerification,
    portal::members::BookVipService,
    portal::campaigns::ListCampaigns,
    portal::campaigns::JoinCampaign,
    portal::campaigns::CompleteActivity,
    admin::audit::ReadAuditLog,
    admin::audit::AuditLogCsv,
    admin::campaigns::ListCampaignSettings,
    admin::campaigns::SaveCampaign,
    admin::catalog::ReadCatalog,
    admin::catalog::SetProduct,
    admin::catalog::SetCoverage,
    admin::catalog::ReadRouting,
    admin::catalog::SetRoute,
    admin::catalog::CreateSkillGroup,
    admin::catalog::DeleteSkillGroup,
    admin::catalog::ListVipServices,
    admin::catalog::SetVipService,
    admin::content::ListArticles,
    admin::content::SaveArticle,
    admin::content::ListAnnouncementSettings,
    admin::content::SaveAnnouncement,
    admin::content::PublishAnnouncement,
    admin::content::AnnouncementAudience,
    admin::content::WithdrawAnnouncement,
    admin::canned_replies::ListSharedCannedReplies,
    admin::canned_replies::SaveSharedCannedReply,
    admin::canned_replies::DeleteSharedCannedReply,
    admin::members::ReadMemberStanding,
    admin::members::SetMemberLocked,
    admin::members::SetMemberLevel,
    admin::members::AdjustMemberPoints,
    admin::members::MergeMembers,
    admin::rewards::ListRewardSettings,
    admin::rewards::UpdateReward,
    admin::rules::ReadServiceRules,
    admin::rules::SetSlaTargets,
    admin::rules::SetStageCommitment,
    admin::rules::SetServiceTarget,
    admin::rules::SetFollowUpSettings,
    admin::rules::SetPointsRule,
    admin::rules::AddCalendarDays,
    admin::rules::RemoveCalendarDay,
    admin::staff::ListStaffAccounts,
    admin::staff::CreateStaffAccount,
    admin::staff::UpdateStaffAccount,
    admin::staff::SetStaffActive,
    admin::staff::ResetStaffPassword,
    admin::staff::ReadAccessMatrix,
    console::customers::FindCustomers,
    console::customers::GetCustomer,
    console::customers::GetCustomerPolicy,
    console::customers::CustomerFile,
    console::customers::Customer360,
    console::customers::RequestContactChange,
    console::customers::SendContactChangeCode,
    console::customers::ConfirmContactChange,
    console::customers::DecideContactChange,
    console::customers::ContactChangeQueue,
    console::customers::TagCustomer,
    console::customers::AddCustomerNote,
    console::reviews::IdentityReviewQueue,
    console::reviews::DecideIdentityReview,
    console::claims::ClaimQueue,
    console::claims::GetClaimCase,
    console::claims::AdvanceClaim,
    console::claims::AssignClaim,
    console::claims::DecideClaimApproval,
    console::claims::RefuseClaim,
    console::claims::RequestClaimDocuments,
    console::claims::AddClaimNote,
    console::claims::StopFastTrack,
    console::work_orders::WorkOrderQueue,
    console::work_orders::TakeNextWorkOrder,
    console::work_orders::SetMyStatus,
    console::work_orders::GetWorkOrder,
    console::work_orders::ReplyWorkOrder,
    console::work_orders::AddInternalNote,
    console::work_orders::TransferWorkOrder,
    console::work_orders::DecideWorkOrderChange,
    console::work_orders::MyAlerts,
    console::work_orders::MarkAlertsRead,
    console::work_orders::SaveCannedReply,
    console::work_orders::LogContact,
    console::work_orders::CaseViewers,
    console::work_orders::LinkWorkOrders,
    console::work_orders::MergeWorkOrder,
    console::work_orders::AttachRecording,
    console::follow_ups::FollowUpQueue,
    console::follow_ups::RecordFollowUp,
    console::work_orders::DeleteCannedReply,
    console::reports::LiveBoard,
    console::reports::ReadServiceReport,
    console::reports::ServiceReportWorkOrders,
    console::reports::ServiceReportCsv,
);
