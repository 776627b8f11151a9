//! One-time codes (验证码): six digits sent by SMS or e-mail through the outbox, to prove a
//! phone or e-mail at registration, to sign in without the password, and to reset a
//! forgotten password. Hashed at rest with the server's key, short-lived, a few tries each,
//! and limited per destination and per client address, and codes by SMS by a budget over
//! every number (`within_sms_budget`). The answer to "send me a code" is the same whether
//! an account exists or not, so it cannot be used to find accounts.

use rand::Rng;

use crate::backend::platform::auth::throttle;
use crate::backend::{messaging::outbox, now_ms, AppState, SmsCodeBudget};
use crate::domain::calendar::{HOUR_MS, MINUTE_MS, SECOND_MS};
use crate::domain::{CodePurpose, Contact, Invalid};
use crate::error::AppError;
use crate::locale::{fill, Locale};

/// A code works this long after it is sent.
pub const CODE_TTL_MS: i64 = 10 * MINUTE_MS;
/// Wrong tries a code takes before it stops working.
pub const MAX_TRIES: i64 = 5;
/// Codes a destination gets in an hour at most.
pub const MAX_PER_HOUR: i64 = 5;
/// Codes one client address may ask for in the throttle window.
const MAX_PER_ADDRESS: i64 = 20;

/// Where a code goes: the normalised phone number or e-mail address.
pub fn destination(contact: &Contact) -> &str {
    match contact {
        Contact::Phone(phone) => phone.as_str(),
        Contact::Email(email) => email.as_str(),
    }
}

fn channel(contact: &Contact) -> &'static str {
    match contact {
        Contact::Phone(_) => "sms",
        Contact::Email(_) => "email",
    }
}

#[derive(sqlx::FromRow)]
struct RecentRow {
    count: i64,
    last: Option<i64>,
    first: Option<i64>,
}

/// The customer who has this phone or e-mail, if one does.
async fn account_of(state: &AppState, contact: &Contact) -> Result<Option<i64>, AppError> {
    #[derive(sqlx::FromRow)]
    struct IdRow {
        id: i64,
    }
    let column = match contact {
        Contact::Phone(_) => "phone",
        Contact::Email(_) => "email",
    };
    let found: Option<IdRow> = sqlx::query_as(&format!("SELECT id FROM customers WHERE {column} = $1"))
        .bind(destination(contact))
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(found.map(|r| r.id))
}

/// Sends a code for `purpose` to `contact` if the purpose applies (no account yet, to
/// register; an account, to sign in or reset), and answers alike either way.
pub async fn send(state: &AppState, purpose: CodePurpose, contact: &Contact, address: &str) -> Result<(), AppError> {
    throttle::count_attempt(state, &[(format!("code_address:{address}"), MAX_PER_ADDRESS)]).await?;
    let to = destination(contact);
    let account = account_of(state, contact).await?;
    let applies = match purpose {
        CodePurpose::Register => account.is_none(),
        CodePurpose::SignIn | CodePurpose::ResetPassword => account.is_some(),
    };
    let now = now_ms();
    // A contact changed within the day does not sign in or reset by code yet: the message
    // says so instead of carrying a code (and the answer is the same as ever).
    let held = match account.filter(|_| purpose != CodePurpose::Register) {
        Some(customer_id) => {
            crate::backend::customers::contact_changes::held_until(
                &mut *state.db.pool.acquire().await?,
                customer_id,
                now,
            )
            .await?
        }
        None => None,
    };
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    let mut tx = state.db.begin_write().await?;
    let recent: RecentRow = sqlx::query_as(
        "SELECT COUNT(*) AS count, MAX(created_at) AS last, MIN(created_at) AS first FROM one_time_codes \
         WHERE destination = $1 AND created_at > $2",
    )
    .bind(to)
    .bind(now - HOUR_MS)
    .fetch_one(&mut *tx)
    .await?;
    let resend_after = state.auth.code_resend_secs * SECOND_MS;
    if let Some(last) = recent.last.filter(|last| now - last < resend_after) {
        return Err(AppError::TooManyAttempts {
            retry_after_secs: ((last + resend_after - now + 999) / 1000) as u64,
        });
    }
    if recent.count >= MAX_PER_HOUR {
        let first = recent.first.unwrap_or(now);
        return Err(AppError::TooManyAttempts {
            retry_after_secs: ((first + HOUR_MS - now + 999) / 1000) as u64,
        });
    }
    if let Contact::Phone(phone) = contact {
        within_sms_budget(&mut tx, &state.auth.sms_code_budget, phone.as_str(), now).await?;
    }
    // A row is kept even when nothing is sent, so the limits behave the same whether an
    // account exists or not.
    sqlx::query(
        "INSERT INTO one_time_codes (purpose, destination, code_hash, attempts, expires_at, consumed_at, created_at, updated_at) \
         VALUES ($1, $2, $3, 0, $4, NULL, $5, $5)",
    )
    .bind(purpose.as_str())
    .bind(to)
    .bind(state.hasher.hash(&format!("code:{}:{to}", purpose.as_str()), &code))
    .bind(now + CODE_TTL_MS)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if applies {
        // Messages leave in Chinese, the language of the insurer's customers.
        let locale = Locale::ZhCn;
        let text = match held {
            None => fill(
                locale.text(&format!("one_time_code.{}", purpose.as_str())),
                &[("code", code), ("minutes", (CODE_TTL_MS / MINUTE_MS).to_string())],
            ),
            Some(until) => fill(
                locale.text("one_time_code.held"),
                &[
                    ("until", crate::domain::calendar::insurer_date_time(until)),
                    ("hotline", crate::domain::INSURER_HOTLINE.to_string()),
                ],
            ),
        };
        let body = format!("【{}】{text}", locale.text("app.brand"));
        let subject = locale.text("one_time_code.subject");
        outbox::enqueue(&mut tx, channel(contact), to, &subject, &body, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The wait a sender is told when a budget has run out: the same whichever budget it was
/// and however close the next window is, so the answer does not help tune a flood.
pub const BUDGET_RETRY_SECS: u64 = 600;

/// Counts one code by SMS to `number` against the budgets (a minute and a day over every
/// number, an hour per number block) in the sending transaction, so only codes that go out
/// count. Supervisors and admins are told in the console when half and nine tenths of a
/// budget are spent, and when a number block reaches its limit.
async fn within_sms_budget(
    tx: &mut crate::backend::Tx,
    budget: &SmsCodeBudget,
    number: &str,
    now: i64,
) -> Result<(), AppError> {
    use crate::backend::platform::rate_windows::{self, Window};
    use crate::domain::calendar::{DAY_MS, INSURER_OFFSET_MS};
    use crate::domain::StaffAlertKind;

    let minute = Window {
        length_ms: MINUTE_MS,
        offset_ms: 0,
    };
    let day = Window {
        length_ms: DAY_MS,
        offset_ms: INSURER_OFFSET_MS,
    };
    let hour = Window {
        length_ms: HOUR_MS,
        offset_ms: 0,
    };
    let block: String = number.chars().take(7).collect();
    let in_minute = rate_windows::count(tx, "sms_codes:minute", minute, now).await?;
    let in_day = rate_windows::count(tx, "sms_codes:day", day, now).await?;
    let in_block = rate_windows::count(tx, &format!("sms_codes:block:{block}"), hour, now).await?;
    let over = in_minute > budget.per_minute || in_day > budget.per_day || in_block > budget.per_prefix_hour;
    if over {
        tracing::warn!(in_minute, in_day, block = %block, in_block, "one-time code budget spent; refused");
        return Err(AppError::TooManyAttempts {
            retry_after_secs: BUDGET_RETRY_SECS,
        });
    }
    let spent_fast = [
        ("min", in_minute, budget.per_minute, minute),
        ("day", in_day, budget.per_day, day),
    ];
    for (unit, count, limit, window) in spent_fast {
        if count == limit / 2 || count == limit * 9 / 10 {
            let subject = format!("{count}/{limit} /{unit}");
            let key = format!("sms_budget:{unit}:{}:{count}", window.start(now));
            crate::backend::messaging::staff_alerts::raise_to_supervisors(
                tx,
                StaffAlertKind::SmsBudget,
                &subject,
                None,
                &key,
                now,
            )
            .await?;
        }
    }
    if in_block == budget.per_prefix_hour {
        let subject = format!("{block}xxxx {in_block}/{} /h", budget.per_prefix_hour);
        let key = format!("sms_budget:block:{block}:{}", hour.start(now));
        crate::backend::messaging::staff_alerts::raise_to_supervisors(
            tx,
            StaffAlertKind::SmsBudget,
            &subject,
            None,
            &key,
            now,
        )
        .await?;
    }
    Ok(())
}

/// A checked code, to be used up in the transaction of what it proves.
pub struct CheckedCode {
    id: i64,
}

#[derive(sqlx::FromRow)]
struct CodeRow {
    id: i64,
    code_hash: String,
    attempts: i64,
    expires_at: i64,
}

fn expired() -> AppError {
    AppError::invalid(
        "code",
        Invalid::new("code_expired", "This code no longer works; ask for a new one"),
    )
}

/// Checks `code` against the newest code sent to `contact` for `purpose`, counting the try
/// first (on its own, so a failed request cannot take the count back). Call before the
/// transaction that uses it; then `use_up` in that transaction.
pub async fn check(
    state: &AppState,
    purpose: CodePurpose,
    contact: &Contact,
    code: &str,
) -> Result<CheckedCode, AppError> {
    let to = destination(contact);
    let now = now_ms();
    let row: Option<CodeRow> = sqlx::query_as(
        "UPDATE one_time_codes SET attempts = attempts + 1, updated_at = $1 WHERE id = \
           (SELECT id FROM one_time_codes WHERE destination = $2 AND purpose = $3 AND consumed_at IS NULL \
            ORDER BY created_at DESC, id DESC LIMIT 1) \
         RETURNING id, code_hash, attempts, expires_at",
    )
    .bind(now)
    .bind(to)
    .bind(purpose.as_str())
    .fetch_optional(&state.db.pool)
    .await?;
    let row = row.ok_or_else(expired)?;
    if row.expires_at <= now || row.attempts > MAX_TRIES {
        return Err(expired());
    }
    if state.hasher.hash(&format!("code:{}:{to}", purpose.as_str()), code) != row.code_hash {
        return Err(AppError::invalid(
            "code",
            Invalid::new("code_wrong", "This code is not right; check the latest message"),
        ));
    }
    Ok(CheckedCode { id: row.id })
}

/// Uses a checked code up; a code used by another request meanwhile no longer works.
pub async fn use_up(tx: &mut crate::backend::Tx, checked: CheckedCode) -> Result<(), AppError> {
    let now = now_ms();
    let used = sqlx::query(
        "UPDATE one_time_codes SET consumed_at = $1, updated_at = $1 WHERE id = $2 AND consumed_at IS NULL",
    )
    .bind(now)
    .bind(checked.id)
    .execute(&mut **tx)
    .await?;
    if used.rows_affected() != 1 {
        return Err(expired());
    }
    Ok(())
}
