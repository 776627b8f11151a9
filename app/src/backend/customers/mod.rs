//! The customer record (客户信息管理): one row per customer with their unique customer
//! number; written here by registration and the demo seeder alike, read by staff look-ups.

pub mod accounts;
pub mod codes;
pub mod contact_changes;
pub mod documents;
pub mod history;
pub mod notes;
pub mod verification;

use crate::backend::{policies, stored, Db, Tx};
use crate::domain::{mask_account, BankAccount, CustomerNumber, CustomerQuery, MemberLevel, VipTier};
use crate::error::AppError;
use crate::model::claims::PayoutAccountOnFile;
use crate::model::customers::{CustomerProfile, CustomerSummary, CUSTOMER_SEARCH_SHOWN};

/// A customer to record. `customer_no` comes from `sequences::next_customer_number`.
pub struct NewCustomer<'a> {
    pub customer_no: &'a CustomerNumber,
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub id_number_masked: Option<&'a str>,
    pub member_level: MemberLevel,
    pub vip_tier: VipTier,
    /// When the ID number on record was verified (real-name verification), if it was.
    pub id_number_verified_at: Option<i64>,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct IdRow {
    id: i64,
}

/// Records a customer; returns their id. A phone or e-mail already on file violates
/// `customers_phone_key` / `customers_email_key`.
pub async fn insert(tx: &mut Tx, customer: &NewCustomer<'_>) -> Result<i64, sqlx::Error> {
    let row: IdRow = sqlx::query_as(
        "INSERT INTO customers (customer_no, name, phone, email, id_number_masked, member_level, vip_tier, \
         id_number_verified_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(customer.customer_no.as_str())
    .bind(customer.name)
    .bind(customer.phone)
    .bind(customer.email)
    .bind(customer.id_number_masked)
    .bind(customer.member_level.as_str())
    .bind(customer.vip_tier.as_str())
    .bind(customer.id_number_verified_at)
    .bind(customer.created_at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.id)
}

/// Gives a customer a password to sign in with (an argon2id hash), or a new one: the one
/// write of `customer_credentials`.
pub async fn insert_credentials(tx: &mut Tx, customer_id: i64, password_hash: &str, at: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO customer_credentials (customer_id, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (customer_id) DO UPDATE SET password_hash = $2, updated_at = $3",
    )
    .bind(customer_id)
    .bind(password_hash)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Locks the customer's row until the transaction ends, so that one customer's writes that
/// read before they write (points, verification) queue instead of racing. On SQLite the
/// write transaction already holds the database lock.
pub async fn lock(tx: &mut Tx, customer_id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE customers SET updated_at = updated_at WHERE id = $1")
        .bind(customer_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct PhoneRow {
    phone: Option<String>,
}

/// The customer's own mobile number, if they gave one.
pub async fn phone_of(conn: &mut sqlx::AnyConnection, customer_id: i64) -> Result<Option<String>, AppError> {
    let row: Option<PhoneRow> = sqlx::query_as("SELECT phone FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.and_then(|r| r.phone))
}

/// Whether payouts may go to this account without another check: it is on the customer's
/// file (it was paid to before, or set by an approved change).
pub async fn payout_account_on_file(
    conn: &mut sqlx::AnyConnection,
    customer_id: i64,
    number: &str,
) -> Result<bool, AppError> {
    let found = sqlx::query("SELECT id FROM payout_accounts WHERE customer_id = $1 AND number = $2")
        .bind(customer_id)
        .bind(number)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

#[derive(sqlx::FromRow)]
struct PayoutAccountRow {
    id: i64,
    bank: String,
    number: String,
}

/// The accounts on the customer's file, newest first, masked for the browser.
pub async fn payout_accounts_on_file(db: &Db, customer_id: i64) -> Result<Vec<PayoutAccountOnFile>, AppError> {
    let rows: Vec<PayoutAccountRow> = sqlx::query_as(
        "SELECT id, bank, number FROM payout_accounts WHERE customer_id = $1 ORDER BY updated_at DESC, id DESC LIMIT 5",
    )
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PayoutAccountOnFile {
            id: r.id,
            bank: r.bank,
            number_masked: mask_account(&r.number),
        })
        .collect())
}

/// One account on this customer's file, in full: `None` for an id that is not theirs.
pub async fn payout_account_by_id(db: &Db, customer_id: i64, id: i64) -> Result<Option<BankAccount>, AppError> {
    let row: Option<PayoutAccountRow> =
        sqlx::query_as("SELECT id, bank, number FROM payout_accounts WHERE id = $1 AND customer_id = $2")
            .bind(id)
            .bind(customer_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.map(|r| BankAccount {
        bank: r.bank,
        number: r.number,
    }))
}

/// Puts a payout account on the customer's file (once).
pub async fn insert_payout_account(
    tx: &mut Tx,
    customer_id: i64,
    bank: &str,
    number: &str,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO payout_accounts (customer_id, bank, number, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (customer_id, number) DO NOTHING",
    )
    .bind(customer_id)
    .bind(bank)
    .bind(number)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct LevelRow {
    member_level: String,
    vip_tier: String,
}

/// The customer's member level and VIP tier as they are now.
pub async fn level_and_tier(
    conn: &mut sqlx::AnyConnection,
    customer_id: i64,
) -> Result<(MemberLevel, VipTier), AppError> {
    let row: LevelRow = sqlx::query_as("SELECT member_level, vip_tier FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_one(conn)
        .await?;
    Ok((
        stored(MemberLevel::parse(&row.member_level), "member level")?,
        stored(VipTier::parse(&row.vip_tier), "VIP tier")?,
    ))
}

const SUMMARY_SELECT: &str = "SELECT c.id, c.customer_no, c.name, c.phone, c.email, c.member_level, c.vip_tier, \
     (SELECT COUNT(*) FROM policies p WHERE p.holder_id = c.id) AS policy_count, \
     c.id_number_masked, c.created_at \
     FROM customers c";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    customer_no: String,
    name: String,
    phone: Option<String>,
    email: Option<String>,
    member_level: String,
    vip_tier: String,
    policy_count: i64,
    id_number_masked: Option<String>,
    created_at: i64,
}

impl SummaryRow {
    fn into_summary(self) -> Result<CustomerSummary, AppError> {
        Ok(CustomerSummary {
            customer_no: self.customer_no,
            name: self.name,
            phone: self.phone,
            email: self.email,
            member_level: stored(MemberLevel::parse(&self.member_level), "member level")?,
            vip_tier: stored(VipTier::parse(&self.vip_tier), "VIP tier")?,
            policy_count: self.policy_count,
        })
    }
}

/// A customer found by staff, with the internal id the audit log needs.
pub struct Found {
    pub customer_id: i64,
    pub summary: CustomerSummary,
}

/// The most candidates a search reads before it orders them: a common name among a million
/// customers matches thousands, and the agent is shown 20 and asked to narrow it down.
const SEARCH_CANDIDATES: i64 = 200;

/// Customers matching the query, at most `CUSTOMER_SEARCH_SHOWN`. Each kind of query reads
/// its candidates from an index (on PostgreSQL, trigram indexes answer the partial ones), at
/// most `SEARCH_CANDIDATES`, so a search costs the same among a million customers as among a
/// hundred. Read from the replica when there is one.
pub async fn find(db: &Db, query: &CustomerQuery) -> Result<Vec<Found>, AppError> {
    let like = crate::backend::like_pattern;
    let by_number = format!("SELECT {BY_NUMBER} AS id");
    let (candidates, key) = match query {
        CustomerQuery::Number(n) => (by_number.as_str(), n.as_str().to_string()),
        CustomerQuery::Phone(p) => ("SELECT id FROM customers WHERE phone = $1", p.as_str().to_string()),
        CustomerQuery::Email(e) => ("SELECT id FROM customers WHERE email = $1", e.as_str().to_string()),
        CustomerQuery::Policy(p) => (
            "SELECT holder_id AS id FROM policies WHERE policy_no = $1",
            p.as_str().to_string(),
        ),
        CustomerQuery::Claim(no) => ("SELECT customer_id AS id FROM claims WHERE claim_no = $1", no.clone()),
        CustomerQuery::WorkOrder(no) => (
            "SELECT customer_id AS id FROM work_orders WHERE order_no = $1",
            no.clone(),
        ),
        // The masked ID number keeps the last four as they are.
        CustomerQuery::LastFour(last) => (
            "SELECT id FROM customers WHERE id_number_masked LIKE $1 ESCAPE '\\' OR phone LIKE $1 ESCAPE '\\'",
            format!("%{}", like(last)),
        ),
        CustomerQuery::PhonePart(part) => (
            "SELECT id FROM customers WHERE phone LIKE $1 ESCAPE '\\'",
            format!("%{}%", like(part)),
        ),
        CustomerQuery::NumberPart(part) => (
            "SELECT holder_id AS id FROM policies WHERE policy_no LIKE $1 ESCAPE '\\' \
             UNION ALL SELECT customer_id FROM claims WHERE claim_no LIKE $1 ESCAPE '\\' \
             UNION ALL SELECT customer_id FROM work_orders WHERE order_no LIKE $1 ESCAPE '\\' \
             UNION ALL SELECT id FROM customers WHERE customer_no LIKE $1 ESCAPE '\\'",
            format!("%{}%", like(part)),
        ),
        // Two characters (a Chinese given name, a surname and one character) match at the
        // start or the end of the name, which a trigram index answers; three or more anywhere.
        CustomerQuery::Name(name) if name.chars().count() == 2 => (
            "SELECT id FROM customers WHERE LOWER(name) LIKE LOWER($1) || '%' ESCAPE '\\' \
             OR LOWER(name) LIKE '%' || LOWER($1) ESCAPE '\\'",
            like(name),
        ),
        CustomerQuery::Name(name) => (
            "SELECT id FROM customers WHERE LOWER(name) LIKE LOWER($1) ESCAPE '\\'",
            format!("%{}%", like(name)),
        ),
    };
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        // The candidates are read once (MATERIALIZED: as a subquery, PostgreSQL may run them
        // again for every customer it joins them to). A record merged into another is found
        // as that one, never beside it.
        "WITH found AS MATERIALIZED ({candidates} LIMIT {SEARCH_CANDIDATES}) \
         {SUMMARY_SELECT} WHERE c.id IN (SELECT found.id FROM found) \
         AND c.merged_into IS NULL ORDER BY c.customer_no LIMIT {CUSTOMER_SEARCH_SHOWN}"
    ))
    .bind(key)
    // Planned with its pattern each time: a plan made once for any pattern cannot know the
    // trigram index finds a few rows, and reads the table instead.
    .persistent(false)
    .fetch_all(&db.read)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Found {
                customer_id: row.id,
                summary: row.into_summary()?,
            })
        })
        .collect()
}

/// The customer a number names: a record merged into another leads to that one, so an old
/// number still finds the customer (`c.id = ` this, bound to the number as `$1`).
const BY_NUMBER: &str = "(SELECT COALESCE(m.merged_into, m.id) FROM customers m WHERE m.customer_no = $1)";

pub async fn id_for_number(db: &Db, customer_no: &CustomerNumber) -> Result<Option<i64>, AppError> {
    let row: Option<IdRow> = sqlx::query_as(&format!("SELECT id FROM customers WHERE id = {BY_NUMBER}"))
        .bind(customer_no.as_str())
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| r.id))
}

/// As [`id_for_number`], inside a transaction.
pub async fn resolve_number_in(tx: &mut Tx, customer_no: &CustomerNumber) -> Result<Option<i64>, AppError> {
    let row: Option<IdRow> = sqlx::query_as(&format!("SELECT id FROM customers WHERE id = {BY_NUMBER}"))
        .bind(customer_no.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(|r| r.id))
}

/// The customer's profile and policies, with their internal id (for the audit log).
pub async fn profile(db: &Db, customer_no: &CustomerNumber) -> Result<Option<(i64, CustomerProfile)>, AppError> {
    let row: Option<SummaryRow> = sqlx::query_as(&format!("{SUMMARY_SELECT} WHERE c.id = {BY_NUMBER}"))
        .bind(customer_no.as_str())
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let customer_id = row.id;
    let policies = policies::list_for_holder(db, customer_id).await?;
    let tags = crate::backend::customers::notes::tags_of(db, customer_id).await?;
    let (id_number_masked, registered_at) = (row.id_number_masked.clone(), row.created_at);
    Ok(Some((
        customer_id,
        CustomerProfile {
            customer: row.into_summary()?,
            tags,
            id_number_masked,
            registered_at,
            policies,
        },
    )))
}
