//! Accounts: credentials look-up for sign-in, customer registration, password changes,
//! and the "who am I" view of a principal.

use crate::backend::customers::{self, NewCustomer};
use crate::backend::platform::auth::password;
use crate::backend::platform::auth::session::{self, PrincipalKind};
use crate::backend::{now_ms, platform::sequences, stored, Db};
use crate::domain::{Contact, Invalid, MemberLevel, Password, Role, SignInAccount, VipTier};
use crate::error::AppError;
use crate::model::auth::Me;

pub struct Credentials {
    pub kind: PrincipalKind,
    pub principal_id: i64,
    pub password_hash: String,
}

#[derive(sqlx::FromRow)]
struct CredentialsRow {
    id: i64,
    password_hash: String,
}

pub async fn credentials_for(db: &Db, account: &SignInAccount) -> Result<Option<Credentials>, AppError> {
    let (kind, sql, key) = match account {
        SignInAccount::CustomerPhone(phone) => (
            PrincipalKind::Customer,
            "SELECT c.id, cr.password_hash FROM customers c JOIN customer_credentials cr ON cr.customer_id = c.id \
             WHERE c.phone = $1",
            phone.as_str(),
        ),
        SignInAccount::CustomerEmail(email) => (
            PrincipalKind::Customer,
            "SELECT c.id, cr.password_hash FROM customers c JOIN customer_credentials cr ON cr.customer_id = c.id \
             WHERE c.email = $1",
            email.as_str(),
        ),
        SignInAccount::StaffUsername(username) => (
            PrincipalKind::Staff,
            "SELECT id, password_hash FROM staff WHERE username = $1 AND active = 1",
            username.as_str(),
        ),
    };
    let row: Option<CredentialsRow> = sqlx::query_as(sql).bind(key).fetch_optional(&db.pool).await?;
    Ok(row.map(|row| Credentials {
        kind,
        principal_id: row.id,
        password_hash: row.password_hash,
    }))
}

#[derive(sqlx::FromRow)]
struct CustomerMeRow {
    customer_no: String,
    name: String,
    member_level: String,
    vip_tier: String,
}

#[derive(sqlx::FromRow)]
struct StaffMeRow {
    username: String,
    display_name: String,
    role: String,
    must_change_password: i64,
}

pub async fn me(db: &Db, kind: PrincipalKind, principal_id: i64) -> Result<Me, AppError> {
    match kind {
        PrincipalKind::Customer => {
            let row: CustomerMeRow =
                sqlx::query_as("SELECT customer_no, name, member_level, vip_tier FROM customers WHERE id = $1")
                    .bind(principal_id)
                    .fetch_one(&db.pool)
                    .await?;
            Ok(Me::Customer {
                customer_no: row.customer_no,
                name: row.name,
                member_level: stored(MemberLevel::parse(&row.member_level), "member level")?,
                vip_tier: stored(VipTier::parse(&row.vip_tier), "VIP tier")?,
            })
        }
        PrincipalKind::Staff => {
            let row: StaffMeRow =
                sqlx::query_as("SELECT username, display_name, role, must_change_password FROM staff WHERE id = $1")
                    .bind(principal_id)
                    .fetch_one(&db.pool)
                    .await?;
            let mut conn = db.pool.acquire().await?;
            let handles_claims =
                crate::backend::staff::handles(&mut conn, principal_id, crate::domain::WorkOrderKind::ClaimEnquiry)
                    .await?;
            let reviews_identities =
                crate::backend::staff::handles(&mut conn, principal_id, crate::domain::WorkOrderKind::PolicyService)
                    .await?;
            Ok(Me::Staff {
                username: row.username,
                display_name: row.display_name,
                role: stored(Role::parse(&row.role), "role")?,
                handles_claims,
                reviews_identities,
                must_change_password: row.must_change_password != 0,
            })
        }
    }
}

/// Creates a customer with a new customer number and their credentials, in one transaction
/// with using up the code that proved the phone or e-mail. A phone or e-mail already
/// registered is a conflict on the `contact` field.
pub async fn register_customer(
    db: &Db,
    name: &str,
    contact: &Contact,
    password: &Password,
    proof: customers::codes::CheckedCode,
) -> Result<i64, AppError> {
    let password_hash = password::hash(password.expose().to_string()).await?;
    let (phone, email) = match contact {
        Contact::Phone(p) => (Some(p.as_str()), None),
        Contact::Email(e) => (None, Some(e.as_str())),
    };
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    customers::codes::use_up(&mut tx, proof).await?;
    let customer_no = sequences::next_customer_number(&mut tx, now).await?;
    let customer_id = customers::insert(
        &mut tx,
        &NewCustomer {
            customer_no: &customer_no,
            name,
            phone,
            email,
            id_number_masked: None,
            member_level: MemberLevel::Registered,
            vip_tier: VipTier::None,
            id_number_verified_at: None,
            created_at: now,
        },
    )
    .await?;
    customers::insert_credentials(&mut tx, customer_id, &password_hash, now).await?;
    tx.commit().await?;
    Ok(customer_id)
}

#[derive(sqlx::FromRow)]
struct HashRow {
    password_hash: String,
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
    let stored_hash: HashRow = sqlx::query_as(select).bind(principal_id).fetch_one(&db.pool).await?;
    if !password::verify(current, Some(stored_hash.password_hash)).await? {
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
        // Choosing one's own password ends a one-time password's hold on the account.
        PrincipalKind::Staff => {
            "UPDATE staff SET password_hash = $1, must_change_password = 0, updated_at = $2 WHERE id = $3"
        }
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

#[derive(sqlx::FromRow)]
struct IdRow {
    id: i64,
}

/// The customer with this phone or e-mail, if any.
pub async fn customer_by_contact(db: &Db, contact: &Contact) -> Result<Option<i64>, AppError> {
    let (sql, key) = match contact {
        Contact::Phone(p) => ("SELECT id FROM customers WHERE phone = $1", p.as_str()),
        Contact::Email(e) => ("SELECT id FROM customers WHERE email = $1", e.as_str()),
    };
    let row: Option<IdRow> = sqlx::query_as(sql).bind(key).fetch_optional(&db.pool).await?;
    Ok(row.map(|r| r.id))
}

/// Uses up a sign-in code in its own transaction.
pub async fn use_sign_in_code(db: &Db, proof: customers::codes::CheckedCode) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    customers::codes::use_up(&mut tx, proof).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a forgotten password anew after the code proved the phone or e-mail, and ends
/// every session of the account, in one transaction.
pub async fn reset_password(
    db: &Db,
    customer_id: i64,
    new: &Password,
    proof: customers::codes::CheckedCode,
) -> Result<(), AppError> {
    let new_hash = password::hash(new.expose().to_string()).await?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    customers::codes::use_up(&mut tx, proof).await?;
    customers::insert_credentials(&mut tx, customer_id, &new_hash, now).await?;
    session::revoke_all(&mut tx, PrincipalKind::Customer, customer_id).await?;
    tx.commit().await?;
    Ok(())
}
