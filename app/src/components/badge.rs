use leptos::prelude::*;

use crate::domain::{PolicyStatus, Priority, VipTier, WorkOrderStatus};
use crate::i18n::t_dyn;

/// A policy's status as a coloured badge, with its text (never colour alone).
#[component]
pub fn StatusBadge(status: PolicyStatus) -> impl IntoView {
    let tone = match status {
        PolicyStatus::InForce => "good",
        PolicyStatus::Pending => "info",
        PolicyStatus::Lapsed => "warn",
        PolicyStatus::Expired | PolicyStatus::Surrendered => "muted",
    };
    view! { <span class=format!("badge badge-{tone}")>{t_dyn(status.label_key())}</span> }
}

/// A VIP customer's one label, naming the tier with what it means ("白银VIP"); nothing for
/// other customers. A VIP work order beside it needs no label of its own (`VipOrderBadge`).
#[component]
pub fn TierBadge(tier: VipTier) -> impl IntoView {
    (tier != VipTier::None).then(|| {
        view! { <span class=format!("badge badge-tier badge-{}", tier.as_str())>{t_dyn(format!("vip_badge.{}", tier.as_str()))}</span> }
    })
}

/// "VIP" on a work order served first, unless its customer's tier badge already says so
/// (the order took its priority from a tier the customer has since lost).
#[component]
pub fn VipOrderBadge(priority: Priority, tier: VipTier) -> impl IntoView {
    (priority == Priority::Vip && tier == VipTier::None)
        .then(|| view! { <span class="badge badge-vip">{t_dyn("work_orders.desk.vip".to_string())}</span> " " })
}

/// A work order's status as a badge, in the customer's words, or (`staff`) in staff's, for
/// whom "waiting for you" reads the other way round.
#[component]
pub fn WorkOrderStatusBadge(status: WorkOrderStatus, #[prop(optional)] staff: bool) -> impl IntoView {
    let tone = match status {
        WorkOrderStatus::Open | WorkOrderStatus::InProgress => "info",
        WorkOrderStatus::AwaitingCustomer => "warn",
        WorkOrderStatus::Resolved => "good",
        WorkOrderStatus::Closed => "muted",
    };
    let key = if staff {
        format!("work_orders.desk.status.{}", status.as_str())
    } else {
        status.label_key()
    };
    view! { <span class=format!("badge badge-{tone}")>{t_dyn(key)}</span> }
}
