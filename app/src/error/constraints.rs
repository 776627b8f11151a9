//! Violated database constraints, by name. Every constraint in the schema is named (the
//! migrations say `CONSTRAINT <name>`), and code decides by that name, never by searching
//! the database's message for a column. PostgreSQL reports the name itself; SQLite reports
//! a check constraint's name but a unique constraint only by its columns
//! (`UNIQUE constraint failed: customers.phone`), so the unique constraints are listed here
//! with their columns. A test checks this list against both migrated schemas.

use super::AppError;
use crate::domain::Invalid;

/// Each named unique constraint: (name, table, columns).
pub const UNIQUE: &[(&str, &str, &[&str])] = &[
    ("customers_customer_no_key", "customers", &["customer_no"]),
    ("customers_phone_key", "customers", &["phone"]),
    ("customers_email_key", "customers", &["email"]),
    ("skill_groups_code_key", "skill_groups", &["code"]),
    ("staff_username_key", "staff", &["username"]),
    ("work_order_routes_key", "work_order_routes", &["kind", "line"]),
    ("sla_targets_key", "sla_targets", &["kind", "priority"]),
    ("staff_alerts_dedup_key", "staff_alerts", &["staff_id", "dedup_key"]),
    ("products_code_key", "products", &["code"]),
    (
        "product_coverages_code_key",
        "product_coverages",
        &["product_id", "code"],
    ),
    ("policies_policy_no_key", "policies", &["policy_no"]),
    ("documents_public_id_key", "documents", &["public_id"]),
    ("documents_stored_name_key", "documents", &["stored_name"]),
    ("claims_claim_no_key", "claims", &["claim_no"]),
    ("claims_idempotency_key", "claims", &["customer_id", "idempotency_key"]),
    (
        "points_ledger_event_key",
        "points_ledger",
        &["customer_id", "event_key"],
    ),
    ("rewards_code_key", "rewards", &["code"]),
    ("knowledge_articles_slug_key", "knowledge_articles", &["slug"]),
    ("campaigns_code_key", "campaigns", &["code"]),
    (
        "campaign_participants_key",
        "campaign_participants",
        &["campaign_id", "customer_id"],
    ),
    (
        "campaign_entries_key",
        "campaign_entries",
        &["activity_id", "customer_id"],
    ),
    ("reward_orders_order_no_key", "reward_orders", &["order_no"]),
    (
        "reward_orders_idempotency_key",
        "reward_orders",
        &["customer_id", "idempotency_key"],
    ),
    (
        "vip_bookings_idempotency_key",
        "vip_bookings",
        &["customer_id", "idempotency_key"],
    ),
    ("work_orders_order_no_key", "work_orders", &["order_no"]),
    (
        "work_orders_idempotency_key",
        "work_orders",
        &["customer_id", "idempotency_key"],
    ),
    (
        "ratings_subject_key",
        "ratings",
        &["source", "subject_kind", "subject_id"],
    ),
    ("follow_ups_subject_key", "follow_ups", &["subject_kind", "subject_id"]),
    (
        "notifications_dedup_key",
        "notifications",
        &["customer_id", "dedup_key"],
    ),
    ("customers_id_number_hash_key", "customers", &["id_number_hash"]),
    (
        "payout_accounts_number_key",
        "payout_accounts",
        &["customer_id", "number"],
    ),
    (
        "vip_bookings_open_key",
        "vip_bookings",
        &["customer_id", "service_code", "preferred_date"],
    ),
    ("claim_approvals_pending_key", "claim_approvals", &["claim_id"]),
    (
        "work_order_links_pair_key",
        "work_order_links",
        &["first_id", "second_id"],
    ),
    (
        "call_recordings_call_key",
        "call_recordings",
        &["work_order_id", "call_id"],
    ),
    ("customer_tags_key", "customer_tags", &["customer_id", "tag"]),
    ("contact_changes_pending_key", "contact_changes", &["customer_id"]),
    ("points_ledger_adjust_key", "points_ledger", &["event_key"]),
];

/// The name of the constraint a database error violated, if it was a unique or check
/// constraint the schema names.
pub fn violated(err: &sqlx::Error) -> Option<String> {
    let db_err = err.as_database_error()?;
    if let Some(name) = db_err.constraint() {
        return Some(name.to_string());
    }
    let message = db_err.message();
    if let Some(name) = message.strip_prefix("CHECK constraint failed: ") {
        return Some(name.trim().to_string());
    }
    let columns = message.strip_prefix("UNIQUE constraint failed: ")?;
    let mut table = "";
    let mut names = Vec::new();
    for qualified in columns.split(',') {
        let (t, column) = qualified.trim().split_once('.')?;
        table = t;
        names.push(column);
    }
    UNIQUE
        .iter()
        .find(|(_, t, cols)| *t == table && *cols == names.as_slice())
        .map(|(name, ..)| name.to_string())
}

/// The user's error a violated constraint stands for when no service said otherwise: the
/// rules a form already checks, should a request slip past them.
pub fn field_error(name: String) -> Option<AppError> {
    let (field, code, message) = match name.as_str() {
        "customers_phone_key" => (
            "contact",
            "phone_taken",
            "This mobile number is already registered; sign in instead",
        ),
        "customers_email_key" => (
            "contact",
            "email_taken",
            "This e-mail address is already registered; sign in instead",
        ),
        "claims_amount_check" => ("amount", "amount_invalid", "Enter an amount above zero"),
        "customers_id_number_hash_key" => (
            "id_number",
            "id_number_taken",
            "This ID number already verifies another account; contact us if it is yours",
        ),
        "vip_bookings_open_key" => (
            "preferred_date",
            "already_booked",
            "You have already booked this service for that day",
        ),
        "staff_username_key" => (
            "username",
            "username_taken",
            "Another staff account has this sign-in name",
        ),
        "knowledge_articles_slug_key" => ("slug", "slug_taken", "Another article has this address"),
        "skill_groups_code_key" => ("code", "group_code_taken", "Another skill group has this code"),
        "campaigns_code_key" => ("code", "campaign_code_taken", "Another campaign has this address"),
        _ => return None,
    };
    Some(if name.ends_with("_key") {
        AppError::conflict(field, code, message)
    } else {
        AppError::invalid(field, Invalid::new(code, message))
    })
}

/// Lets a service say what a violated constraint means in its own words:
/// `insert.await.on_constraint("claims_idempotency_key", || ...)`.
pub trait OnConstraint<T> {
    fn on_constraint(self, name: &str, error: impl FnOnce() -> AppError) -> Result<T, AppError>;
}

impl<T> OnConstraint<T> for Result<T, sqlx::Error> {
    fn on_constraint(self, name: &str, error: impl FnOnce() -> AppError) -> Result<T, AppError> {
        self.map_err(|err| match violated(&err) {
            Some(violated) if violated == name => error(),
            _ => AppError::from(err),
        })
    }
}
