use leptos::server;

use crate::error::AppError;
use crate::model::customers::CustomerOverview;

/// Everything about a customer on one page (客户360): profile and policies, claims, work
/// orders, points balance, and the latest 60 interactions on every channel, newest first.
/// Audited as a read.
#[server(endpoint = "console/customer_360")]
pub async fn customer_360(customer_no: String) -> Result<CustomerOverview, AppError> {
    use crate::backend::platform::audit::{self, AuditEntry};
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{claims, customers, customers::contact_changes, loyalty::points, state, work_orders};
    use crate::domain::{Capability, CustomerNumber};

    let staff = require_capability(Capability::LookUpCustomers).await?;
    let customer_no = CustomerNumber::parse(&customer_no).map_err(|e| AppError::invalid("customer_no", e))?;
    let db = &state()?.db;
    let (customer_id, profile) = customers::profile(db, &customer_no).await?.ok_or(AppError::NotFound)?;
    let (pending_contact_change, may_correct_contacts) = {
        let mut conn = db.pool.acquire().await?;
        (
            contact_changes::pending_for(&mut conn, &staff, customer_id).await?,
            contact_changes::may_correct(&mut conn, &staff).await?,
        )
    };
    let view = CustomerOverview {
        profile,
        claims: claims::all_for_customer(db, customer_id).await?,
        work_orders: work_orders::all_for_customer(db, customer_id).await?,
        points_balance: points::standing_of(db, customer_id).await?.balance,
        history: customers::history::history(db, customer_id, 60).await?,
        notes: customers::notes::notes_of(db, customer_id).await?,
        pending_contact_change,
        may_correct_contacts,
    };
    audit::record_read(
        db,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "customer.view",
            customer_id: Some(customer_id),
            detail: format!("customer_no={customer_no} view=360"),
        },
    )
    .await?;
    Ok(view)
}
