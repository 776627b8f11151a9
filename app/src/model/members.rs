use serde::{Deserialize, Serialize};

use crate::domain::{MemberLevel, VipTier};

/// The caller's member level, verification progress, VIP tier and its services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub level: MemberLevel,
    pub tier: VipTier,
    /// An ID document photo is waiting for staff review.
    pub advanced_pending: bool,
    pub vip_services: Vec<VipService>,
    pub bookings: Vec<VipBooking>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VipService {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub min_tier: VipTier,
    /// The caller's tier includes it.
    pub included: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VipBooking {
    pub service_code: String,
    pub name_zh: String,
    pub name_en: String,
    pub preferred_date: String,
    pub city: String,
    pub status: String,
    pub booked_at: i64,
}
