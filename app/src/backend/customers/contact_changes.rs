//! Changing a customer's mobile number or e-mail: a sensitive change, because whoever holds
//! the contact can sign in as the customer by code. When staff correct a contact for a
//! customer (on the phone, at a counter), the correction waits as a `contact_changes` row
//! until a second person who may correct contacts approves it, or the customer proves it
//! through the old contact (a code sent there, read out to the agent). Only the
//! policy-service groups and supervisors may ask for or approve one.
//!
//! However a contact changes (here, or a customer's own policy-service request), `apply`
//! does the same: the old number and address are told, with how to dispute; the customer's
//! sessions end; and for `HOLD_MS` afterwards sign-in by code and password reset to that
//! contact, and new payout accounts, wait (`held_until`), as Chinese banks and insurers do.

use rand::Rng;

use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::platform::auth::session::{self, PrincipalKind};
use crate::backend::{customers, messaging::outbox, messaging::staff_alerts, staff, AppState, Db, Tx};
use crate::domain::calendar::{insurer_date_time, DAY_MS, MINUTE_MS};
use crate::domain::{
    mask_middle, CustomerNumber, Email, Invalid, Phone, Role, StaffAlertKind, WorkOrderKind, INSURER_HOTLINE, REASON,
};
use crate::error::AppError;
use crate::locale::{fill, Locale};
use crate::model::customers::ContactChange;

/// For this long after a contact changed, codes to it do not sign in or reset the
/// password, and no new payout account is taken.
pub const HOLD_MS: i64 = DAY_MS;
/// A code sent to the old contact works this long, and for this many tries.
pub const CODE_TTL_MS: i64 = 10 * MINUTE_MS;
pub const CODE_TRIES: i64 = 5;
/// Codes one change may send (the customer missed one, asks again).
const CODES_PER_CHANGE: i64 = 3;

/// 403 unless the caller may correct contacts: a member of the groups that policy-service
/// work routes to, or a supervisor.
pub async fn require_corrector(conn: &mut sqlx::AnyConnection, caller: &StaffCaller) -> Result<(), AppError> {
    if may_correct(conn, caller).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn may_correct(conn: &mut sqlx::AnyConnection, caller: &StaffCaller) -> Result<bool, AppError> {
    Ok(caller.role.at_least(Role::Supervisor)
        || staff::handles(conn, caller.staff_id, WorkOrderKind::PolicyService).await?)
}

/// Until when the customer's contact change holds sign-in by code, password reset and new
/// payout accounts (`None`: no change in the last `HOLD_MS`).
pub async fn held_until(conn: &mut sqlx::AnyConnection, customer_id: i64, now: i64) -> Result<Option<i64>, AppError> {
    #[derive(sqlx::FromRow)]
    struct ChangedRow {
        contact_changed_at: Option<i64>,
    }
    let row: Option<ChangedRow> = sqlx::query_as("SELECT contact_changed_at FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_optional(conn)
        .await?;
    Ok(row
        .and_then(|r| r.contact_changed_at)
        .map(|at| at + HOLD_MS)
        .filter(|until| *until > now))
}

/// 409 `contact_recently_changed` while the hold lasts.
pub async fn refuse_while_held(conn: &mut sqlx::AnyConnection, customer_id: i64, now: i64) -> Result<(), AppError> {
    match held_until(conn, customer_id, now).await? {
        None => Ok(()),
        Some(until) => Err(AppError::Conflict {
            field: "contact".into(),
            code: "contact_recently_changed".into(),
            message: format!(
                "This account's mobile number or e-mail changed less than a day ago; for its safety this waits until {} (China time), or call {INSURER_HOTLINE}",
                insurer_date_time(until)
            ),
        }),
    }
}

/// The contact as it was and as it becomes.
pub struct Contacts {
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Changes the customer's contacts to `after`, in the caller's transaction: records when
/// (starting the hold), ends every session of the customer, and tells each old number and
/// address that changed, with how to dispute. A number or address another customer has is
/// refused by the unique indexes (409). Answers the contacts as they were.
pub async fn apply(tx: &mut Tx, customer_id: i64, after: &Contacts, now: i64) -> Result<Contacts, AppError> {
    #[derive(sqlx::FromRow)]
    struct ContactRow {
        phone: Option<String>,
        email: Option<String>,
    }
    let before: ContactRow = sqlx::query_as("SELECT phone, email FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(AppError::NotFound)?;
    sqlx::query("UPDATE customers SET phone = $1, email = $2, contact_changed_at = $3, updated_at = $3 WHERE id = $4")
        .bind(after.phone.as_deref())
        .bind(after.email.as_deref())
        .bind(now)
        .bind(customer_id)
        .execute(&mut **tx)
        .await?;
    session::revoke_all(tx, PrincipalKind::Customer, customer_id).await?;
    // Messages leave in Chinese, the language of the insurer's customers.
    let locale = Locale::ZhCn;
    let brand = locale.text("app.brand");
    let subject = locale.text("contact_change.notice_subject");
    let when = insurer_date_time(now);
    let told = |what: &str, new: Option<&str>| {
        let key = if new.is_some() {
            "contact_change.notice_changed"
        } else {
            "contact_change.notice_removed"
        };
        let text = fill(
            locale.text(key),
            &[
                ("what", locale.text(what)),
                ("when", when.clone()),
                ("new", new.map(|n| mask_middle(n, 3, 4)).unwrap_or_default()),
                ("hotline", INSURER_HOTLINE.to_string()),
            ],
        );
        format!("【{brand}】{text}")
    };
    if let Some(old) = before
        .phone
        .as_deref()
        .filter(|old| Some(*old) != after.phone.as_deref())
    {
        let body = told("contact_change.phone", after.phone.as_deref());
        outbox::enqueue(tx, "sms", old, &subject, &body, now).await?;
    }
    if let Some(old) = before
        .email
        .as_deref()
        .filter(|old| Some(*old) != after.email.as_deref())
    {
        let body = told("contact_change.email", after.email.as_deref());
        outbox::enqueue(tx, "email", old, &subject, &body, now).await?;
    }
    Ok(Contacts {
        phone: before.phone,
        email: before.email,
    })
}

/// `phone -> phone email -> email`, masked, for the audit log.
fn audit_line(before: &Contacts, after: &Contacts) -> String {
    let phone = |p: &Option<String>| p.as_deref().map(|v| mask_middle(v, 3, 4)).unwrap_or_default();
    let email = |e: &Option<String>| {
        e.as_deref()
            .and_then(|e| Email::parse(e).ok())
            .map(|e| e.masked())
            .unwrap_or_default()
    };
    format!(
        "phone {} -> {} email {} -> {}",
        phone(&before.phone),
        phone(&after.phone),
        email(&before.email),
        email(&after.email)
    )
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    id: i64,
    customer_id: i64,
    customer_no: String,
    customer_name: String,
    phone_before: Option<String>,
    email_before: Option<String>,
    phone_after: Option<String>,
    email_after: Option<String>,
    reason: String,
    status: String,
    requested_by_staff_id: i64,
    requester_name: String,
    code_expires_at: Option<i64>,
    code_attempts: i64,
    code_hash: Option<String>,
    created_at: i64,
}

const CHANGE_SELECT: &str = "SELECT cc.id, cc.customer_id, c.customer_no, c.name AS customer_name, cc.phone_before, \
    cc.email_before, cc.phone_after, cc.email_after, cc.reason, cc.status, cc.requested_by_staff_id, \
    s.display_name AS requester_name, cc.code_expires_at, cc.code_attempts, cc.code_hash, cc.created_at \
    FROM contact_changes cc JOIN customers c ON c.id = cc.customer_id JOIN staff s ON s.id = cc.requested_by_staff_id";

impl ChangeRow {
    fn into_change(self, caller: &StaffCaller) -> ContactChange {
        let code_sent_to = self.code_hash.is_some().then(|| code_destination(&self)).flatten();
        ContactChange {
            id: self.id,
            customer_no: self.customer_no,
            customer_name: self.customer_name,
            phone_before: self.phone_before,
            email_before: self.email_before,
            phone_after: self.phone_after,
            email_after: self.email_after,
            reason: self.reason,
            requested_by: self.requester_name,
            requested_at: self.created_at,
            mine: self.requested_by_staff_id == caller.staff_id,
            code_sent_to,
        }
    }

    fn contacts_after(&self) -> Contacts {
        Contacts {
            phone: self.phone_after.clone(),
            email: self.email_after.clone(),
        }
    }
}

/// Where the code for a change goes: the old number, or the old address when there was no
/// number (masked, as the agent is shown it).
fn code_destination(change: &ChangeRow) -> Option<String> {
    change
        .phone_before
        .as_deref()
        .map(|p| mask_middle(p, 3, 4))
        .or_else(|| {
            change
                .email_before
                .as_deref()
                .and_then(|e| Email::parse(e).ok())
                .map(|e| e.masked())
        })
}

async fn pending_by_id(tx: &mut Tx, id: i64) -> Result<ChangeRow, AppError> {
    let change: ChangeRow = sqlx::query_as(&format!("{CHANGE_SELECT} WHERE cc.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(AppError::NotFound)?;
    if change.status != "pending" {
        return Err(AppError::conflict(
            "change",
            "contact_change_decided",
            "This correction was already applied, refused or withdrawn",
        ));
    }
    Ok(change)
}

/// Asks to correct the customer's mobile number and e-mail (both as they should be; an
/// empty e-mail removes it) for `reason`. Nothing changes yet: the change waits for a
/// second person or the customer's code. One pending change per customer (409
/// `contact_change_pending`); the same contacts as now: 422 `contact_unchanged`.
pub async fn request(
    db: &Db,
    caller: &StaffCaller,
    customer_no: &CustomerNumber,
    phone: &str,
    email: &str,
    reason: &str,
    now: i64,
) -> Result<ContactChange, AppError> {
    let phone = Phone::parse(phone).map_err(|e| AppError::invalid("phone", e))?;
    let email = match email.trim() {
        "" => None,
        text => Some(Email::parse(text).map_err(|e| AppError::invalid("email", e))?),
    };
    let reason = REASON.check(reason).map_err(|e| AppError::invalid("reason", e))?;
    let mut tx = db.begin_write().await?;
    require_corrector(&mut tx, caller).await?;
    #[derive(sqlx::FromRow)]
    struct CustomerRow {
        id: i64,
        phone: Option<String>,
        email: Option<String>,
    }
    let customer_id = customers::resolve_number_in(&mut tx, customer_no)
        .await?
        .ok_or(AppError::NotFound)?;
    let customer: CustomerRow = sqlx::query_as("SELECT id, phone, email FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_one(&mut *tx)
        .await?;
    let after = Contacts {
        phone: Some(phone.as_str().to_string()),
        email: email.as_ref().map(|e| e.as_str().to_string()),
    };
    if after.phone == customer.phone && after.email == customer.email {
        return Err(AppError::invalid(
            "phone",
            Invalid::new("contact_unchanged", "These are the customer's contacts already"),
        ));
    }
    // Another customer's number or address is refused now, not only when it is applied.
    for (column, value, field, code) in [
        ("phone", after.phone.as_deref(), "phone", "phone_taken"),
        ("email", after.email.as_deref(), "email", "email_taken"),
    ] {
        let Some(value) = value else { continue };
        let taken = sqlx::query(&format!("SELECT id FROM customers WHERE {column} = $1 AND id <> $2"))
            .bind(value)
            .bind(customer.id)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(AppError::conflict(
                field,
                code,
                "Another customer has this contact; merge the records instead",
            ));
        }
    }
    #[derive(sqlx::FromRow)]
    struct IdRow {
        id: i64,
    }
    let inserted: IdRow = sqlx::query_as(
        "INSERT INTO contact_changes (customer_id, phone_before, email_before, phone_after, email_after, reason, status, \
         requested_by_staff_id, code_attempts, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, 0, $8, $8) \
         RETURNING id",
    )
    .bind(customer.id)
    .bind(customer.phone.as_deref())
    .bind(customer.email.as_deref())
    .bind(after.phone.as_deref())
    .bind(after.email.as_deref())
    .bind(&reason)
    .bind(caller.staff_id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match crate::error::constraints::violated(&e).as_deref() {
        Some("contact_changes_pending_key") => AppError::conflict(
            "phone",
            "contact_change_pending",
            "A correction of this customer's contacts is waiting already; decide it first",
        ),
        _ => AppError::from(e),
    })?;
    let before = Contacts {
        phone: customer.phone,
        email: customer.email,
    };
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: caller.staff_id,
            action: "customer.contact_change_requested",
            customer_id: Some(customer.id),
            detail: format!("change={} {} reason={reason}", inserted.id, audit_line(&before, &after)),
        },
    )
    .await?;
    staff_alerts::raise_to_supervisors(
        &mut tx,
        StaffAlertKind::ContactChange,
        customer_no.as_str(),
        Some(&crate::routes::console::customer(customer_no.as_str())),
        &format!("contact_change:{}", inserted.id),
        now,
    )
    .await?;
    let change: ChangeRow = sqlx::query_as(&format!("{CHANGE_SELECT} WHERE cc.id = $1"))
        .bind(inserted.id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(change.into_change(caller))
}

/// Sends a code to the customer's old number (or old address) for them to read out to the
/// caller, which proves the change is theirs. A few per change, one a minute.
pub async fn send_code(state: &AppState, caller: &StaffCaller, change_id: i64, now: i64) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    require_corrector(&mut tx, caller).await?;
    let change = pending_by_id(&mut tx, change_id).await?;
    let (channel, to) = match (&change.phone_before, &change.email_before) {
        (Some(phone), _) => ("sms", phone.clone()),
        (None, Some(email)) => ("email", email.clone()),
        (None, None) => {
            return Err(AppError::conflict(
                "code",
                "no_old_contact",
                "The customer had no contact to send a code to; a second person approves instead",
            ))
        }
    };
    if let Some(expires) = change.code_expires_at {
        let sent_at = expires - CODE_TTL_MS;
        if now - sent_at < MINUTE_MS {
            return Err(AppError::TooManyAttempts {
                retry_after_secs: ((sent_at + MINUTE_MS - now + 999) / 1000) as u64,
            });
        }
    }
    // Each code sent counts CODE_TRIES tries, so the attempts column also caps codes.
    if change.code_attempts >= CODES_PER_CHANGE * CODE_TRIES {
        return Err(AppError::conflict(
            "code",
            "contact_change_codes_spent",
            "Enough codes went to the old contact; a second person approves instead",
        ));
    }
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    let spent = (change.code_attempts + CODE_TRIES - 1) / CODE_TRIES * CODE_TRIES;
    sqlx::query(
        "UPDATE contact_changes SET code_hash = $1, code_expires_at = $2, code_attempts = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(state.hasher.hash(&format!("contact_change:{change_id}"), &code))
    .bind(now + CODE_TTL_MS)
    .bind(spent)
    .bind(now)
    .bind(change_id)
    .execute(&mut *tx)
    .await?;
    let locale = Locale::ZhCn;
    let text = fill(
        locale.text("contact_change.code"),
        &[
            ("code", code),
            ("minutes", (CODE_TTL_MS / MINUTE_MS).to_string()),
            ("hotline", INSURER_HOTLINE.to_string()),
        ],
    );
    let body = format!("【{}】{text}", locale.text("app.brand"));
    outbox::enqueue(
        &mut tx,
        channel,
        &to,
        &locale.text("contact_change.code_subject"),
        &body,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: caller.staff_id,
            action: "customer.contact_change_code_sent",
            customer_id: Some(change.customer_id),
            detail: format!(
                "change={change_id} to={}",
                code_destination(&change).unwrap_or_default()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Applies the change with the code the customer read out from their old contact. A wrong
/// code counts a try (422 `code_wrong`); an old, spent or unsent one is 422 `code_expired`.
pub async fn confirm_with_code(
    state: &AppState,
    caller: &StaffCaller,
    change_id: i64,
    code: &str,
    now: i64,
) -> Result<(), AppError> {
    let expired = || {
        AppError::invalid(
            "code",
            Invalid::new("code_expired", "This code no longer works; send a new one"),
        )
    };
    // The try is counted on its own, so a failed request cannot take the count back.
    let tried = sqlx::query(
        "UPDATE contact_changes SET code_attempts = code_attempts + 1, updated_at = $1 \
         WHERE id = $2 AND status = 'pending' AND code_hash IS NOT NULL",
    )
    .bind(now)
    .bind(change_id)
    .execute(&state.db.pool)
    .await?;
    let mut tx = state.db.begin_write().await?;
    require_corrector(&mut tx, caller).await?;
    let change = pending_by_id(&mut tx, change_id).await?;
    let Some(code_hash) = change.code_hash.as_deref().filter(|_| tried.rows_affected() == 1) else {
        return Err(expired());
    };
    let tries_of_this_code = (change.code_attempts - 1) % CODE_TRIES + 1;
    if change.code_expires_at.is_none_or(|at| at <= now) || tries_of_this_code > CODE_TRIES {
        return Err(expired());
    }
    if state.hasher.hash(&format!("contact_change:{change_id}"), code) != code_hash {
        return Err(AppError::invalid(
            "code",
            Invalid::new(
                "code_wrong",
                "This code is not right; ask the customer to read the latest message",
            ),
        ));
    }
    decided(&mut tx, caller, &change, "old_contact_code", now).await?;
    tx.commit().await?;
    Ok(())
}

/// A second person's decision: approve (applies it; never the person who asked) or refuse
/// with a reason. The person who asked may withdraw it (refuse their own).
pub async fn decide(
    db: &Db,
    caller: &StaffCaller,
    change_id: i64,
    approve: bool,
    reason: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    require_corrector(&mut tx, caller).await?;
    let change = pending_by_id(&mut tx, change_id).await?;
    let own = change.requested_by_staff_id == caller.staff_id;
    if approve {
        if own {
            return Err(AppError::conflict(
                "change",
                "second_person_required",
                "Someone else approves a correction you asked for (or the customer confirms with a code)",
            ));
        }
        decided(&mut tx, caller, &change, "second_person", now).await?;
    } else {
        let why = match (own, reason.map(str::trim).filter(|t| !t.is_empty())) {
            (_, Some(text)) => Some(REASON.check(text).map_err(|e| AppError::invalid("reason", e))?),
            (true, None) => None,
            (false, None) => {
                return Err(AppError::invalid(
                    "reason",
                    Invalid::new("reason_required", "Say why it is refused"),
                ))
            }
        };
        let status = if own { "withdrawn" } else { "refused" };
        sqlx::query(
            "UPDATE contact_changes SET status = $1, decided_by_staff_id = $2, refusal_reason = $3, decided_at = $4, \
             updated_at = $4 WHERE id = $5 AND status = 'pending'",
        )
        .bind(status)
        .bind(caller.staff_id)
        .bind(why.as_deref())
        .bind(now)
        .bind(change_id)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            AuditEntry {
                staff_id: caller.staff_id,
                action: if own {
                    "customer.contact_change_withdrawn"
                } else {
                    "customer.contact_change_refused"
                },
                customer_id: Some(change.customer_id),
                detail: format!("change={change_id} reason={}", why.unwrap_or_default()),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Applies a pending change with its proof, in the caller's transaction, and audits it.
async fn decided(tx: &mut Tx, caller: &StaffCaller, change: &ChangeRow, proof: &str, now: i64) -> Result<(), AppError> {
    let done = sqlx::query(
        "UPDATE contact_changes SET status = 'applied', proof = $1, decided_by_staff_id = $2, decided_at = $3, updated_at = $3, \
         code_hash = NULL WHERE id = $4 AND status = 'pending'",
    )
    .bind(proof)
    .bind(caller.staff_id)
    .bind(now)
    .bind(change.id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::conflict(
            "change",
            "contact_change_decided",
            "This correction was already applied, refused or withdrawn",
        ));
    }
    let after = change.contacts_after();
    let before = apply(tx, change.customer_id, &after, now).await?;
    audit::record(
        tx,
        AuditEntry {
            staff_id: caller.staff_id,
            action: "customer.contact_corrected",
            customer_id: Some(change.customer_id),
            detail: format!(
                "change={} proof={proof} requested_by={} {} reason={}",
                change.id,
                change.requested_by_staff_id,
                audit_line(&before, &after),
                change.reason
            ),
        },
    )
    .await
}

/// The customer's pending correction, if any.
pub async fn pending_for(
    conn: &mut sqlx::AnyConnection,
    caller: &StaffCaller,
    customer_id: i64,
) -> Result<Option<ContactChange>, AppError> {
    let row: Option<ChangeRow> = sqlx::query_as(&format!(
        "{CHANGE_SELECT} WHERE cc.customer_id = $1 AND cc.status = 'pending'"
    ))
    .bind(customer_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| r.into_change(caller)))
}

/// Corrections waiting for a second person, oldest first (at most 100), for those who may
/// decide them.
pub async fn queue(db: &Db, caller: &StaffCaller) -> Result<Vec<ContactChange>, AppError> {
    let mut conn = db.pool.acquire().await?;
    require_corrector(&mut conn, caller).await?;
    let rows: Vec<ChangeRow> = sqlx::query_as(&format!(
        "{CHANGE_SELECT} WHERE cc.status = 'pending' ORDER BY cc.created_at, cc.id LIMIT 100"
    ))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.into_change(caller)).collect())
}
