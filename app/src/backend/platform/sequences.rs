//! Readable numbers (customer numbers, claim and work-order numbers) from named counters in
//! `number_sequences`, taken atomically so that processes never hand out a number twice.

use crate::backend::Tx;
use crate::domain::calendar::insurer_date;
use crate::domain::{CaseKind, CustomerNumber};
use crate::error::AppError;

/// Takes the next value of a named counter (safe across processes: the upsert locks the
/// row until the transaction ends).
pub async fn next_in_sequence(tx: &mut Tx, name: &str, now: i64) -> Result<i64, AppError> {
    #[derive(sqlx::FromRow)]
    struct Taken {
        value: i64,
    }
    let taken: Taken = sqlx::query_as(
        "INSERT INTO number_sequences (name, next_value, updated_at) VALUES ($1, 2, $2) \
         ON CONFLICT (name) DO UPDATE SET next_value = number_sequences.next_value + 1, updated_at = $2 \
         RETURNING next_value - 1 AS value",
    )
    .bind(name)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(taken.value)
}

/// The number for a new case (claim, work order, reward order) of the insurer's year.
pub async fn next_case_number(tx: &mut Tx, kind: CaseKind, now: i64) -> Result<String, AppError> {
    let year = insurer_date(now).year;
    let sequence = next_in_sequence(tx, &kind.sequence_name(year), now).await?;
    Ok(kind.number(year, sequence as u64))
}

/// The customer number for a new customer of the insurer's year.
pub async fn next_customer_number(tx: &mut Tx, now: i64) -> Result<CustomerNumber, AppError> {
    let year = insurer_date(now).year;
    let sequence = next_in_sequence(tx, &format!("customer_no:{year}"), now).await?;
    Ok(CustomerNumber::from_sequence(year, sequence as u64))
}
