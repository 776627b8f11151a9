//! Accounts: credentials look-up for sign-in, customer registration, password changes,
//! and the "who am I" view of a principal.

use super::auth::password;
use super::auth::session::{self, PrincipalKind};
use super::{internal_error, next_in_sequence, now_ms, year_of, Db, Tx};
use crate::api::auth::Me;
use crate::domain::{Contact, CustomerNumber, Invalid, MemberLevel, Password, Role, SignInAccount, VipTier};
use crate::error::AppError;

pub struct Credentials {
    pub kind: PrincipalKind,
    pub principal_id: i64,
    pub password_hash: String,
}

pub async fn credentials_for(db: &Db, account: &SignInAccount) -> Result<Option<Credentials>, AppError> {
    let (kind, sql, key) = match account {
        SignInAccount::CustomerPhone(phone) => (
            PrincipalKind::Customer,
            "SELECT c.id, cr.password_hash FROM customers c JOIN customer_credentials cr ON cr.customer_id = c.id WHERE c.phone = $1",
            phone.as_str(),
        ),
        SignInAccount::CustomerEmail(email) => (
            PrincipalKind::Customer,
            "SELECT c.id, cr.password_hash FROM customers c JOIN customer_credentials cr ON cr.customer_id = c.id WHERE c.email = $1",
            email.as_str(),
        ),
        SignInAccount::StaffUsername(username) => (
            PrincipalKind::Staff,
            "SELECT id, password_hash FROM staff WHERE username = $1 AND active = 1",
            username.as_str(),
        ),
    };
    let row: Option<(i64, String)> = sqlx::query_as(sql).bind(key).fetch_optional(&db.pool).await?;
    Ok(row.map(|(principal_id, password_hash)| Credentials {
        kind,
        principal_id,
        password_hash,
    }))
}

pub async fn me(db: &Db, kind: PrincipalKind, principal_id: i64) -> Result<Me, AppError> {
    match kind {
        PrincipalKind::Customer => {
            let (customer_no, name, level, tier): (String, String, String, String) =
                sqlx::query_as("SELECT customer_no, name, member_level, vip_tier FROM customers WHERE id = $1")
                    .bind(principal_id)
                    .fetch_one(&db.pool)
                    .await?;
            Ok(Me::Customer {
                customer_no,
                name,
                member_level: MemberLevel::parse(&level).ok_or_else(|| internal_error(&"bad member_level"))?,
                vip_tier: VipTier::parse(&tier).ok_or_else(|| internal_error(&"bad vip_tier"))?,
            })
        }
        PrincipalKind::Staff => {
            let (username, display_name, role): (String, String, String) =
                sqlx::query_as("SELECT username, display_name, role FROM staff WHERE id = $1")
                    .bind(principal_id)
                    .fetch_one(&db.pool)
                    .await?;
            Ok(Me::Staff {
                username,
                display_name,
                role: Role::parse(&role).ok_or_else(|| internal_error(&"bad role"))?,
            })
        }
    }
}

/// Takes the next customer number for this year, atomically (safe across processes).
pub async fn next_customer_number(tx: &mut Tx, now: i64) -> Result<CustomerNumber, AppError> {
    let year = year_of(now)?;
    let sequence = next_in_sequence(tx, &format!("customer_no:{year}"), now).await?;
    Ok(CustomerNumber::from_sequence(year, sequence as u64))
}

/// Creates a customer with a new customer number and their credentials, in one transaction.
pub async fn register_customer(db: &Db, name: &str, contact: &Contact, password: &Password) -> Result<i64, AppError> {
    let password_hash = password::hash(password.expose().to_string()).await?;
    let (phone, email) = match contact {
        Contact::Phone(p) => (Some(p.as_str()), None),
        Contact::Email(e) => (None, Some(e.as_str())),
    };
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let customer_no = next_customer_number(&mut tx, now).await?;
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO customers (customer_no, name, phone, email, id_number_masked, member_level, vip_tier, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, NULL, 'registered', 'none', $5, $5) RETURNING id",
    )
    .bind(customer_no.as_str())
    .bind(name)
    .bind(phone)
    .bind(email)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let (customer_id,) = inserted.map_err(|err| match unique_violation(&err) {
        Some(message) if message.contains("phone") => AppError::conflict(
            "contact",
            "phone_taken",
            "This mobile number is already registered; sign in instead",
        ),
        Some(message) if message.contains("email") => AppError::conflict(
            "contact",
            "email_taken",
            "This e-mail address is already registered; sign in instead",
        ),
        _ => AppError::from(err),
    })?;
    sqlx::query(
        "INSERT INTO customer_credentials (customer_id, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(customer_id)
    .bind(&password_hash)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(customer_id)
}

/// The database's message for a unique-constraint violation (it names the column or
/// constraint on both SQLite and PostgreSQL).
fn unique_violation(err: &sqlx::Error) -> Option<String> {
    let db_err = err.as_database_error()?;
    db_err
        .is_unique_violation()
        .then(|| format!("{} {}", db_err.message(), db_err.constraint().unwrap_or_default()))
}

/// Checks the current password, stores the new one and revokes every session, in one
/// transaction.
pub async fn change_password(
    db: &Db,
    kind: PrincipalKind,
    principal_id: i64,
    current: String,
    new: &Password,
) -> Result<(), AppError> {
    let select = match kind {
        PrincipalKind::Customer => "SELECT password_hash FROM customer_credentials WHERE customer_id = $1",
        PrincipalKind::Staff => "SELECT password_hash FROM staff WHERE id = $1",
    };
    let (stored,): (String,) = sqlx::query_as(select).bind(principal_id).fetch_one(&db.pool).await?;
    if !password::verify(current, Some(stored)).await? {
        return Err(AppError::invalid(
            "current_password",
            Invalid::new("password_wrong", "The current password is not right"),
        ));
    }
    let new_hash = password::hash(new.expose().to_string()).await?;
    let update = match kind {
        PrincipalKind::Customer => {
            "UPDATE customer_credentials SET password_hash = $1, updated_at = $2 WHERE customer_id = $3"
        }
        PrincipalKind::Staff => "UPDATE staff SET password_hash = $1, updated_at = $2 WHERE id = $3",
    };
    let mut tx = db.begin_write().await?;
    sqlx::query(update)
        .bind(&new_hash)
        .bind(now_ms())
        .bind(principal_id)
        .execute(&mut *tx)
        .await?;
    session::revoke_all(&mut tx, kind, principal_id).await?;
    tx.commit().await?;
    Ok(())
}
