use serde::{Deserialize, Serialize};

/// A closed set of values stored as text in the database (`as_str`/`parse`), with a
/// translation key (`label_key`) for the UI: `<prefix>.<value>`.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $prefix:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown {} `{text}`", stringify!($name)))
                })
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value { $($text => Some($name::$variant),)+ _ => None }
            }

            pub fn label_key(self) -> String {
                format!("{}.{}", $prefix, self.as_str())
            }
        }
    };
}

text_enum!(
    /// Status of a policy (保单状态).
    PolicyStatus, "policy_status" {
        InForce => "in_force",
        Lapsed => "lapsed",
        Surrendered => "surrendered",
        Expired => "expired",
        Pending => "pending",
    }
);

text_enum!(
    /// Product line (险种).
    ProductLine, "product_line" {
        Life => "life",
        Health => "health",
        Auto => "auto",
        Property => "property",
        Accident => "accident",
    }
);

impl ProductLine {
    pub fn policy_prefix(self) -> &'static str {
        match self {
            ProductLine::Life => "LF",
            ProductLine::Health => "HL",
            ProductLine::Auto => "AU",
            ProductLine::Property => "PR",
            ProductLine::Accident => "AC",
        }
    }
}

text_enum!(
    /// Member level of the unified membership (统一会员体系): riskier self-service
    /// needs a higher level.
    MemberLevel, "member_level" {
        Registered => "registered",
        Verified => "verified",
        AdvancedVerified => "advanced_verified",
    }
);

text_enum!(
    /// VIP tier (倍享服务计划).
    VipTier, "vip_tier" {
        None => "none",
        Silver => "silver",
        Gold => "gold",
        Platinum => "platinum",
    }
);

text_enum!(
    /// Staff role, in increasing authority.
    Role, "role" {
        Agent => "agent",
        Supervisor => "supervisor",
        Admin => "admin",
    }
);

impl Role {
    fn rank(self) -> u8 {
        match self {
            Role::Agent => 1,
            Role::Supervisor => 2,
            Role::Admin => 3,
        }
    }

    /// Whether this role has at least the authority of `required`.
    pub fn at_least(self, required: Role) -> bool {
        self.rank() >= required.rank()
    }
}

text_enum!(
    PaymentFrequency, "payment_frequency" {
        Single => "single",
        Annual => "annual",
        Semiannual => "semiannual",
        Quarterly => "quarterly",
        Monthly => "monthly",
    }
);

impl PaymentFrequency {
    /// Months between instalments; `None` for a single premium.
    pub fn months(self) -> Option<u32> {
        match self {
            PaymentFrequency::Single => None,
            PaymentFrequency::Annual => Some(12),
            PaymentFrequency::Semiannual => Some(6),
            PaymentFrequency::Quarterly => Some(3),
            PaymentFrequency::Monthly => Some(1),
        }
    }
}

text_enum!(
    InstallmentStatus, "installment_status" {
        Paid => "paid",
        Due => "due",
        Overdue => "overdue",
        Waived => "waived",
    }
);

text_enum!(
    /// Relation of an insured person or beneficiary to the policyholder.
    Relation, "relation" {
        Myself => "self",
        Spouse => "spouse",
        Child => "child",
        Parent => "parent",
        Other => "other",
        LegalHeirs => "legal_heirs",
    }
);

text_enum!(
    /// Stage of a claim (理赔环节), in the order a claim passes through them.
    ClaimStage, "claim_stage" {
        Reported => "reported",
        Dispatched => "dispatched",
        Surveyed => "surveyed",
        Registered => "registered",
        Verified => "verified",
        Adjusted => "adjusted",
        Approved => "approved",
        Closed => "closed",
    }
);

impl ClaimStage {
    /// Position in the flow, 0 for `Reported`.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The stage after this one; `None` once closed.
    pub fn next(self) -> Option<Self> {
        Self::ALL.get(self.index() + 1).copied()
    }
}

text_enum!(
    /// How a closed claim ended.
    ClaimOutcome, "claim_outcome" {
        Paid => "paid",
        Refused => "refused",
    }
);

text_enum!(
    /// Kind of work order (工单类型).
    WorkOrderKind, "work_order_kind" {
        Consultation => "consultation",
        Complaint => "complaint",
        Suggestion => "suggestion",
        PolicyService => "policy_service",
        ApplicationAppointment => "application_appointment",
        ClaimEnquiry => "claim_enquiry",
    }
);

text_enum!(
    /// Where a work order stands.
    WorkOrderStatus, "work_order_status" {
        Open => "open",
        InProgress => "in_progress",
        AwaitingCustomer => "awaiting_customer",
        Resolved => "resolved",
        Closed => "closed",
    }
);

impl WorkOrderStatus {
    /// Resolved or closed: the customer may rate it and no longer reply.
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Resolved | Self::Closed)
    }
}

text_enum!(
    /// A policy-service (保全) change the customer asks for.
    ServiceType, "service_type" {
        ContactChange => "contact_change",
        BeneficiaryChange => "beneficiary_change",
        PayoutAccountChange => "payout_account_change",
    }
);

impl ServiceType {
    /// The member level the change needs: changing who gets paid needs advanced verification.
    pub fn required_level(self) -> MemberLevel {
        match self {
            Self::ContactChange => MemberLevel::Verified,
            Self::BeneficiaryChange | Self::PayoutAccountChange => MemberLevel::AdvancedVerified,
        }
    }
}

impl MemberLevel {
    fn rank(self) -> u8 {
        match self {
            Self::Registered => 0,
            Self::Verified => 1,
            Self::AdvancedVerified => 2,
        }
    }

    pub fn at_least(self, other: MemberLevel) -> bool {
        self.rank() >= other.rank()
    }
}

impl VipTier {
    fn rank(self) -> u8 {
        match self {
            Self::None => 0,
            Self::Silver => 1,
            Self::Gold => 2,
            Self::Platinum => 3,
        }
    }

    pub fn at_least(self, other: VipTier) -> bool {
        self.rank() >= other.rank()
    }
}

text_enum!(
    /// Kind of reward in the points catalog.
    RewardKind, "reward_kind" {
        PhoneCredit => "phone_credit",
        Ecard => "ecard",
        VideoMembership => "video_membership",
    }
);

text_enum!(
    /// Why points moved.
    PointsReason, "points_reason" {
        Earn => "earn",
        Redeem => "redeem",
        Expire => "expire",
        Adjust => "adjust",
    }
);

text_enum!(
    /// A points earning rule (积分规则), by its code in `points_rules`.
    PointsRule, "points_rule" {
        IdentityVerified => "identity_verified",
        FirstSelfServiceClaim => "first_self_service_claim",
        SurveyCompleted => "survey_completed",
        MonthlySignIn => "monthly_sign_in",
    }
);

text_enum!(
    /// What a knowledge-base article (咨询服务) is: a product page, a service guide or an FAQ.
    ArticleKind, "article_kind" {
        Product => "product",
        Guide => "guide",
        Faq => "faq",
    }
);

text_enum!(
    /// What a service campaign's activity asks of a customer: a satisfaction survey (a
    /// rating), a quiz (an answer) or attending an event (signing up).
    CampaignActivityKind, "campaign_activity_kind" {
        Survey => "survey",
        Quiz => "quiz",
        Event => "event",
    }
);

text_enum!(
    /// Where an announcement stands: written, published (from its time, so possibly
    /// scheduled) or withdrawn.
    AnnouncementStatus, "announcement_status" {
        Draft => "draft",
        Published => "published",
        Withdrawn => "withdrawn",
    }
);

text_enum!(
    /// What a notification is about.
    NotificationKind, "notification_kind" {
        ClaimReported => "claim_reported",
        ClaimStage => "claim_stage",
        WorkOrderReply => "work_order_reply",
        PointsEarned => "points_earned",
        PointsExpiring => "points_expiring",
        Verification => "verification",
        VerificationRefused => "verification_refused",
        Announcement => "announcement",
    }
);

text_enum!(
    /// Where an outbound follow-up (回访) stands.
    FollowUpStatus, "follow_up_status" {
        Open => "open",
        Done => "done",
        Unreached => "unreached",
    }
);

text_enum!(
    /// How a follow-up call went.
    FollowUpOutcome, "follow_up_outcome" {
        Reached => "reached",
        NoAnswer => "no_answer",
        WrongNumber => "wrong_number",
    }
);

text_enum!(
    /// One interaction in a customer's contact history (客户接触记录).
    ContactKind, "contact_kind" {
        WorkOrderOpened => "work_order_opened",
        CustomerMessage => "customer_message",
        InsurerReply => "insurer_reply",
        InternalNote => "internal_note",
        ClaimReported => "claim_reported",
        ClaimStep => "claim_step",
        Rating => "rating",
        Notification => "notification",
    }
);

text_enum!(
    /// Where the change a policy-service request asks for stands: waiting for a person's
    /// review, applied on approval, or refused with a reason.
    ChangeStatus, "change_status" {
        Pending => "pending",
        Applied => "applied",
        Refused => "refused",
    }
);

text_enum!(
    /// What a one-time code (验证码) proves.
    CodePurpose, "code_purpose" {
        Register => "register",
        SignIn => "sign_in",
        ResetPassword => "reset_password",
    }
);

text_enum!(
    /// What an uploaded document is for.
    DocumentPurpose, "document_purpose" {
        Claim => "claim",
        Identity => "identity",
        WorkOrder => "work_order",
    }
);

text_enum!(
    /// An agent's presence in the console: only `available` agents get new work.
    StaffStatus, "staff_status" {
        Available => "available",
        Busy => "busy",
        Away => "away",
        Offline => "offline",
    }
);

text_enum!(
    /// How a work order came in: the portal, or logged by an agent from another channel.
    Channel, "channel" {
        Portal => "portal",
        Phone => "phone",
        Wechat => "wechat",
        Email => "email",
        Letter => "letter",
        WalkIn => "walk_in",
    }
);

text_enum!(
    /// The two queues of every skill group: VIP-tier customers (大客户队列) are served first.
    Priority, "priority" {
        Normal => "normal",
        Vip => "vip",
    }
);

text_enum!(
    /// How a work order was resolved, for analysis.
    ResolutionCode, "resolution_code" {
        Answered => "answered",
        Changed => "changed",
        Explained => "explained",
        Compensated => "compensated",
        Duplicate => "duplicate",
        NoReply => "no_reply",
        Other => "other",
    }
);

text_enum!(
    /// What a complaint was about (投诉分类), for analysis.
    ComplaintCategory, "complaint_category" {
        ServiceAttitude => "service_attitude",
        ClaimSpeed => "claim_speed",
        ClaimAmount => "claim_amount",
        SalesPractice => "sales_practice",
        ProductTerms => "product_terms",
        PremiumBilling => "premium_billing",
        Other => "other",
    }
);

text_enum!(
    /// A line in a work order's history.
    WorkOrderEventKind, "work_order_event" {
        Routed => "routed",
        Assigned => "assigned",
        Taken => "taken",
        Transferred => "transferred",
        Status => "status",
        Reopened => "reopened",
        Merged => "merged",
    }
);

text_enum!(
    /// The clock a service-level target runs on: `hours` around the clock, the other two only
    /// in the insurer's working hours.
    SlaUnit, "sla_unit" {
        Hours => "hours",
        BusinessHours => "business_hours",
        WorkingDays => "working_days",
    }
);

text_enum!(
    /// The console's views of the work-order queues.
    QueueView, "queue_view" {
        Mine => "mine",
        Unassigned => "unassigned",
        AwaitingCustomer => "awaiting_customer",
        DueSoon => "due_soon",
        Breached => "breached",
        All => "all",
    }
);

text_enum!(
    /// The claims desk's views: the caller's claims, claims nobody handles yet, payouts
    /// waiting for the caller's authority, fast-tracked claims to review before payment,
    /// and every open claim.
    ClaimQueueView, "claim_view" {
        Mine => "mine",
        Unassigned => "unassigned",
        Approvals => "approvals",
        FastTrack => "fast_track",
        All => "all",
    }
);

text_enum!(
    /// What a console alert is about.
    StaffAlertKind, "staff_alert" {
        Assigned => "assigned",
        DueSoon => "due_soon",
        Breached => "breached",
        CustomerReplied => "customer_replied",
        IncomingCall => "incoming_call",
        SmsBudget => "sms_budget",
        ContactChange => "contact_change",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_round_trip() {
        for status in PolicyStatus::ALL {
            assert_eq!(PolicyStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(Relation::parse("self"), Some(Relation::Myself));
        assert_eq!(PolicyStatus::parse("cancelled"), None);
    }

    #[test]
    fn serde_uses_the_database_text() {
        assert_eq!(serde_json::to_string(&PolicyStatus::InForce).unwrap(), "\"in_force\"");
        assert_eq!(
            serde_json::to_string(&MemberLevel::AdvancedVerified).unwrap(),
            "\"advanced_verified\""
        );
        assert_eq!(serde_json::to_string(&Relation::Myself).unwrap(), "\"self\"");
        assert!(serde_json::from_str::<PolicyStatus>("\"cancelled\"").is_err());
    }

    #[test]
    fn claim_stages_run_in_order_and_end_at_closed() {
        assert_eq!(ClaimStage::Reported.next(), Some(ClaimStage::Dispatched));
        assert_eq!(ClaimStage::Approved.next(), Some(ClaimStage::Closed));
        assert_eq!(ClaimStage::Closed.next(), None);
        assert_eq!(ClaimStage::Closed.index(), 7);
    }

    #[test]
    fn changing_who_gets_paid_needs_advanced_verification() {
        assert_eq!(
            ServiceType::PayoutAccountChange.required_level(),
            MemberLevel::AdvancedVerified
        );
        assert!(!MemberLevel::Verified.at_least(MemberLevel::AdvancedVerified));
        assert!(MemberLevel::AdvancedVerified.at_least(MemberLevel::Verified));
        assert!(VipTier::Platinum.at_least(VipTier::Gold));
        assert!(!VipTier::None.at_least(VipTier::Silver));
    }

    #[test]
    fn roles_are_ordered_by_authority() {
        assert!(Role::Admin.at_least(Role::Agent));
        assert!(Role::Supervisor.at_least(Role::Supervisor));
        assert!(!Role::Agent.at_least(Role::Supervisor));
    }
}

text_enum!(
    /// A fact the service's measures are counted from (`backend::reports::facts`), recorded
    /// in the transaction of the change. Its `value` and `met`, by fact:
    /// - `created`: a work order came in (after routing, so its group is known).
    /// - `first_response`: its first public reply from staff; value: the time since it came
    ///   in, less any wait for the customer; met: by its first-response deadline.
    /// - `replied`: every public reply from staff; value: how long the customer had waited
    ///   since their last message (0 when they had not written); met: by the running
    ///   response deadline, or none was running.
    /// - `paused` / `resumed`: it began / stopped waiting for the customer; resumed's value:
    ///   how long it waited.
    /// - `transferred`: it moved to another skill group (the group it went to).
    /// - `resolved`: it was resolved (or closed unresolved); value: the time since it came
    ///   in, less waits for the customer; met: by its resolution deadline.
    /// - `reopened`: the customer took it up again after resolution; value: the time since.
    /// - `closed`; `merged`: it was closed as the duplicate of another (counted once).
    /// - `rated`: the customer rated it (or a claim); value: the stars; met: 4 or 5.
    /// - `claim_reported`: a claim was reported.
    /// - `claim_stage_left`: a claim left a stage (the stage, as the kind); value: the time
    ///   in it; met: within the stage's commitment (or it has none).
    /// - `claim_closed`: a claim was closed (its outcome, as the kind); value: the payout in fen.
    ServiceFact, "service_fact" {
        Created => "created",
        FirstResponse => "first_response",
        Replied => "replied",
        Paused => "paused",
        Resumed => "resumed",
        Transferred => "transferred",
        Resolved => "resolved",
        Reopened => "reopened",
        Closed => "closed",
        Merged => "merged",
        Rated => "rated",
        ClaimReported => "claim_reported",
        ClaimStageLeft => "claim_stage_left",
        ClaimClosed => "claim_closed",
    }
);

text_enum!(
    /// The span a report covers (`domain::report_period`).
    ReportPeriod, "report_period" {
        Day => "day",
        Week => "week",
        Month => "month",
        Quarter => "quarter",
        Custom => "custom",
    }
);

text_enum!(
    /// A commitment the insurer publishes and the board and reports measure
    /// (`domain::service_targets`): its target is the admin's.
    ServiceMeasure, "measure" {
        ServiceLevel => "service_level",
        Satisfaction => "satisfaction",
        ResolutionRate => "resolution_rate",
        AverageResponse => "average_response",
        FeedbackWithin => "feedback_within",
    }
);

text_enum!(
    /// Where a measure stands against its target.
    Standing, "standing" {
        Met => "met",
        AtRisk => "at_risk",
        Missed => "missed",
    }
);

text_enum!(
    /// What staff may do, checked by the guards (`require_capability`) and shown to admins as
    /// the access matrix: one definition for both.
    Capability, "capability" {
        WorkDesk => "work_desk",
        LookUpCustomers => "look_up_customers",
        HandleClaims => "handle_claims",
        ReviewIdentities => "review_identities",
        CorrectContacts => "correct_contacts",
        Supervise => "supervise",
        ApproveLargePayouts => "approve_large_payouts",
        ManageStaff => "manage_staff",
        ManageMembers => "manage_members",
        ManageRules => "manage_rules",
        ReadAuditLog => "read_audit_log",
    }
);

impl Capability {
    /// The least role that has it. Handling claims, reviewing identities and correcting
    /// contacts also need membership of the skill groups that do that work (checked where
    /// the work is; supervisors have them all).
    pub fn min_role(self) -> Role {
        match self {
            Self::WorkDesk
            | Self::LookUpCustomers
            | Self::HandleClaims
            | Self::ReviewIdentities
            | Self::CorrectContacts => Role::Agent,
            Self::Supervise | Self::ApproveLargePayouts => Role::Supervisor,
            Self::ManageStaff | Self::ManageMembers | Self::ManageRules | Self::ReadAuditLog => Role::Admin,
        }
    }
}

impl Role {
    /// Whether this role has `capability`.
    pub fn may(self, capability: Capability) -> bool {
        self.at_least(capability.min_role())
    }
}
