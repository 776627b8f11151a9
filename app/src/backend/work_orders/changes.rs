//! Applying what a policy-service request asks to change, once a person approves it: the
//! customer's contact details, a policy's beneficiaries, or the payout account on file. In
//! the transaction of the decision, so a change is applied exactly when it is approved.

use crate::backend::policies::{self, PolicyPerson};
use crate::backend::{customers, customers::contact_changes, Tx};
use crate::domain::{mask_account, mask_middle, IdNumber, Relation, ServiceType};
use crate::error::{internal_error, AppError};

/// What was asked, as stored when the request was opened (checked then).
fn field(data: &serde_json::Map<String, serde_json::Value>, key: &str) -> Option<String> {
    data.get(key).and_then(|v| v.as_str()).map(str::to_string)
}

/// Applies the change; answers what changed, for the audit row (masked where sensitive).
pub(super) async fn apply(
    tx: &mut Tx,
    customer_id: i64,
    policy_id: Option<i64>,
    service: ServiceType,
    data: &str,
    now: i64,
) -> Result<String, AppError> {
    let data: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(data).map_err(|e| internal_error(&e))?;
    match service {
        ServiceType::ContactChange => {
            #[derive(sqlx::FromRow)]
            struct ContactRow {
                phone: Option<String>,
                email: Option<String>,
            }
            let now_on_file: ContactRow = sqlx::query_as("SELECT phone, email FROM customers WHERE id = $1")
                .bind(customer_id)
                .fetch_one(&mut **tx)
                .await?;
            let after = contact_changes::Contacts {
                phone: field(&data, "new_phone").or(now_on_file.phone),
                email: field(&data, "new_email").or(now_on_file.email),
            };
            // The same as any change of contacts: the old ones are told, the sessions
            // end, and a day's hold begins.
            let before = contact_changes::apply(tx, customer_id, &after, now).await?;
            let masked = |p: &Option<String>| p.as_deref().map(|v| mask_middle(v, 3, 4)).unwrap_or_default();
            Ok(format!(
                "phone {} -> {} email {} -> {}",
                masked(&before.phone),
                masked(&after.phone),
                before.email.unwrap_or_default(),
                after.email.unwrap_or_default()
            ))
        }
        ServiceType::BeneficiaryChange => {
            let policy_id = policy_id.ok_or_else(|| internal_error(&"beneficiary change without a policy"))?;
            let name = field(&data, "beneficiary_name").unwrap_or_default();
            let id_number = IdNumber::parse(&field(&data, "beneficiary_id_number").unwrap_or_default())
                .map_err(|_| internal_error(&"stored beneficiary id number unparsable"))?;
            let relation = Relation::parse(&field(&data, "beneficiary_relation").unwrap_or_default())
                .ok_or_else(|| internal_error(&"stored relation unparsable"))?;
            let share: i64 = field(&data, "beneficiary_share")
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| internal_error(&"stored share unparsable"))?;
            #[derive(sqlx::FromRow)]
            struct SharesRow {
                total: i64,
            }
            let existing: SharesRow = sqlx::query_as(
                "SELECT CAST(COALESCE(SUM(share_percent), 0) AS BIGINT) AS total FROM policy_beneficiaries \
                 WHERE policy_id = $1",
            )
            .bind(policy_id)
            .fetch_one(&mut **tx)
            .await?;
            // All of it replaces who was named; a part joins them only if the shares then
            // make exactly 100%.
            if share == 100 {
                sqlx::query("DELETE FROM policy_beneficiaries WHERE policy_id = $1")
                    .bind(policy_id)
                    .execute(&mut **tx)
                    .await?;
            } else if existing.total + share != 100 {
                return Err(AppError::conflict(
                    "change",
                    "shares_do_not_add_up",
                    "With this beneficiary the shares would not make 100%; refuse it and tell the customer",
                ));
            }
            let masked = id_number.masked();
            let person = PolicyPerson {
                name: &name,
                id_number_masked: &masked,
                relation,
            };
            policies::insert_beneficiary(tx, policy_id, &person, share, now).await?;
            Ok(format!(
                "policy_id={policy_id} beneficiary={name} {masked} {} {share}% (before: {}% named)",
                relation.as_str(),
                existing.total
            ))
        }
        ServiceType::PayoutAccountChange => {
            contact_changes::refuse_while_held(tx, customer_id, now).await?;
            let bank = field(&data, "payout_bank").unwrap_or_default();
            let number = field(&data, "payout_account").unwrap_or_default();
            customers::insert_payout_account(tx, customer_id, &bank, &number, now).await?;
            Ok(format!("payout_account -> {bank} {}", mask_account(&number)))
        }
    }
}
