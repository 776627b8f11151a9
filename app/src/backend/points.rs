//! Points (积分). The ledger is append-only; the balance is its sum. Earned points expire
//! after `PointsSettings::valid_days`, oldest first: spending and expiry are matched to
//! earnings first-in first-out, and what an earning has left when it expires is written off
//! by an `expire` row. Every write runs with the customer's row locked (and on SQLite under
//! the write lock), so concurrent redemptions can never take the balance below zero.

use super::notify::{notify, Notice};
use super::{insurer_date, lock_customer, next_case_number, now_ms, stored, Db, PointsSettings, Tx};
use crate::api::points::{PointsEntry, PointsOverview, RewardItem, RewardOrder, RuleInfo};
use crate::domain::{CaseKind, IdempotencyKey, NotificationKind, PointsReason, PointsRule, RewardKind};
use crate::error::AppError;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// Points expiring within this many days are shown as "expiring soon".
pub const EXPIRING_SOON_DAYS: i64 = 30;

/// One ledger row as the FIFO matching needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerRow {
    pub id: i64,
    pub delta: i64,
    pub expires_at: Option<i64>,
}

/// What each earning has left after all spending and expiry so far, matched oldest-expiring
/// first: (earning id, points left, expires at).
pub fn remaining_lots(rows: &[LedgerRow]) -> Vec<(i64, i64, Option<i64>)> {
    let mut earnings: Vec<LedgerRow> = rows.iter().copied().filter(|r| r.delta > 0).collect();
    earnings.sort_by_key(|r| (r.expires_at.unwrap_or(i64::MAX), r.id));
    let mut to_match: i64 = rows.iter().filter(|r| r.delta < 0).map(|r| -r.delta).sum();
    earnings
        .into_iter()
        .map(|earning| {
            let used = to_match.min(earning.delta);
            to_match -= used;
            (earning.id, earning.delta - used, earning.expires_at)
        })
        .collect()
}

/// Where a customer stands at `now`: the balance (points already expired count as gone,
/// written off or not yet), those expiring within `EXPIRING_SOON_DAYS`, and when the next
/// ones expire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub balance: i64,
    pub expiring_soon: i64,
    pub next_expiry: Option<i64>,
}

pub fn standing(rows: &[LedgerRow], now: i64) -> Standing {
    let lots = remaining_lots(rows);
    let live = |at: &Option<i64>| at.is_none_or(|at| at > now);
    let expired_unsettled: i64 = lots
        .iter()
        .filter(|(_, _, at)| !live(at))
        .map(|(_, left, _)| left)
        .sum();
    let soon = now + EXPIRING_SOON_DAYS * DAY_MS;
    Standing {
        balance: rows.iter().map(|r| r.delta).sum::<i64>() - expired_unsettled,
        expiring_soon: lots
            .iter()
            .filter(|(_, left, at)| *left > 0 && live(at) && at.is_some_and(|at| at <= soon))
            .map(|(_, left, _)| left)
            .sum(),
        next_expiry: lots
            .iter()
            .filter(|(_, left, at)| *left > 0 && live(at))
            .filter_map(|(_, _, at)| *at)
            .min(),
    }
}

/// The customer's standing, read only: for pages that show the balance without the
/// history (the portal home), so they take no write lock.
pub async fn standing_of(db: &Db, customer_id: i64) -> Result<Standing, AppError> {
    let mut conn = db.pool.acquire().await?;
    Ok(standing(&ledger_rows(&mut conn, customer_id).await?, now_ms()))
}

async fn ledger_rows(conn: &mut sqlx::AnyConnection, customer_id: i64) -> Result<Vec<LedgerRow>, AppError> {
    let rows: Vec<(i64, i64, Option<i64>)> =
        sqlx::query_as("SELECT id, delta, expires_at FROM points_ledger WHERE customer_id = $1")
            .bind(customer_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, delta, expires_at)| LedgerRow { id, delta, expires_at })
        .collect())
}

/// Writes off what expired earnings have left; returns the balance afterwards.
async fn settle_expired(tx: &mut Tx, customer_id: i64, now: i64) -> Result<i64, AppError> {
    let rows = ledger_rows(&mut *tx, customer_id).await?;
    let mut balance: i64 = rows.iter().map(|r| r.delta).sum();
    for (earning_id, left, expires_at) in remaining_lots(&rows) {
        if left > 0 && expires_at.is_some_and(|at| at <= now) {
            let inserted = sqlx::query(
                "INSERT INTO points_ledger (customer_id, delta, reason, rule_code, event_key, expires_at, at, created_at, updated_at) \
                 VALUES ($1, $2, 'expire', NULL, $3, NULL, $4, $4, $4) ON CONFLICT (customer_id, event_key) DO NOTHING",
            )
            .bind(customer_id)
            .bind(-left)
            .bind(format!("expire:{earning_id}"))
            .bind(now)
            .execute(&mut **tx)
            .await?;
            if inserted.rows_affected() == 1 {
                balance -= left;
            }
        }
    }
    Ok(balance)
}

/// Earns the rule's points for one qualifying event, exactly once: `occurrence` names the
/// event (a month `2026-11`, a claim number); rules earned once ignore it. Returns the
/// points earned, or 0 when this event has already earned them or the rule is off.
pub async fn earn(
    tx: &mut Tx,
    settings: &PointsSettings,
    customer_id: i64,
    rule: PointsRule,
    occurrence: &str,
) -> Result<i64, AppError> {
    let found: Option<(i64, String)> =
        sqlx::query_as("SELECT points, per_period FROM points_rules WHERE code = $1 AND active = 1")
            .bind(rule.as_str())
            .fetch_optional(&mut **tx)
            .await?;
    let Some((points, per_period)) = found else {
        return Ok(0);
    };
    let event_key = match per_period.as_str() {
        "once" => format!("earn:{}", rule.as_str()),
        _ => format!("earn:{}:{occurrence}", rule.as_str()),
    };
    let now = now_ms();
    let inserted = sqlx::query(
        "INSERT INTO points_ledger (customer_id, delta, reason, rule_code, event_key, expires_at, at, created_at, updated_at) \
         VALUES ($1, $2, 'earn', $3, $4, $5, $6, $6, $6) ON CONFLICT (customer_id, event_key) DO NOTHING",
    )
    .bind(customer_id)
    .bind(points)
    .bind(rule.as_str())
    .bind(&event_key)
    .bind(now + settings.valid_days * DAY_MS)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(0);
    }
    notify(
        tx,
        customer_id,
        Notice {
            kind: NotificationKind::PointsEarned,
            params: vec![
                ("points", points.to_string()),
                ("rule", format!("t:{}", rule.label_key())),
            ],
            link: Some("/my/points".into()),
            dedup_key: None,
        },
    )
    .await?;
    Ok(points)
}

/// Writes off points that expired and warns, once per earning, about points that expire
/// within `EXPIRING_SOON_DAYS`. Looks only at earnings expiring from a day ago on, so a
/// sweep every hour sees each one; a customer's own visit settles anything older.
/// Safe to run in several processes at once. Returns how many customers it looked at.
pub async fn sweep(db: &Db, now: i64) -> Result<usize, AppError> {
    let soon = now + EXPIRING_SOON_DAYS * DAY_MS;
    let customers: Vec<(i64,)> = sqlx::query_as(
        "SELECT DISTINCT customer_id FROM points_ledger \
         WHERE reason = 'earn' AND expires_at > $1 AND expires_at <= $2 ORDER BY customer_id",
    )
    .bind(now - DAY_MS)
    .bind(soon)
    .fetch_all(&db.pool)
    .await?;
    for (customer_id,) in &customers {
        let mut tx = db.begin_write().await?;
        lock_customer(&mut tx, *customer_id).await?;
        settle_expired(&mut tx, *customer_id, now).await?;
        let rows = ledger_rows(&mut tx, *customer_id).await?;
        for (earning_id, left, expires_at) in remaining_lots(&rows) {
            let Some(at) = expires_at.filter(|at| left > 0 && *at > now && *at <= soon) else {
                continue;
            };
            let date = insurer_date(at, "%Y-%m-%d");
            notify(
                &mut tx,
                *customer_id,
                Notice {
                    kind: NotificationKind::PointsExpiring,
                    params: vec![("points", left.to_string()), ("date", date)],
                    link: Some("/my/points".into()),
                    dedup_key: Some(format!("points_expiring:{earning_id}")),
                },
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(customers.len())
}

/// The monthly sign-in (每月签到): earns once per calendar month (UTC+8, the insurer's day).
pub async fn check_in(db: &Db, settings: &PointsSettings, customer_id: i64) -> Result<i64, AppError> {
    let month = insurer_date(now_ms(), "%Y-%m");
    let mut tx = db.begin_write().await?;
    lock_customer(&mut tx, customer_id).await?;
    let earned = earn(&mut tx, settings, customer_id, PointsRule::MonthlySignIn, &month).await?;
    tx.commit().await?;
    Ok(earned)
}

/// Redeems one reward: points, stock and the order move together or not at all. The same
/// key again returns the first order without spending twice.
pub async fn redeem(
    db: &Db,
    customer_id: i64,
    reward_code: &str,
    key: &IdempotencyKey,
) -> Result<RewardOrder, AppError> {
    let mut tx = db.begin_write().await?;
    lock_customer(&mut tx, customer_id).await?;
    if let Some(order) = order_by_key(&mut tx, customer_id, key).await? {
        return Ok(order);
    }
    let now = now_ms();
    let balance = settle_expired(&mut tx, customer_id, now).await?;
    let reward: Option<(i64, i64, i64)> =
        sqlx::query_as("SELECT id, points_price, stock FROM rewards WHERE code = $1 AND active = 1")
            .bind(reward_code)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((reward_id, price, stock)) = reward else {
        return Err(AppError::NotFound);
    };
    if stock <= 0 {
        return Err(AppError::conflict(
            "reward",
            "out_of_stock",
            "This reward is out of stock",
        ));
    }
    if balance < price {
        return Err(AppError::conflict(
            "reward",
            "insufficient_points",
            "You do not have enough points for this reward",
        ));
    }
    let taken = sqlx::query("UPDATE rewards SET stock = stock - 1, updated_at = $1 WHERE id = $2 AND stock > 0")
        .bind(now)
        .bind(reward_id)
        .execute(&mut *tx)
        .await?;
    if taken.rows_affected() != 1 {
        return Err(AppError::conflict(
            "reward",
            "out_of_stock",
            "This reward is out of stock",
        ));
    }
    let order_no = next_case_number(&mut tx, CaseKind::RewardOrder, now).await?;
    sqlx::query(
        "INSERT INTO reward_orders (order_no, customer_id, reward_id, points, idempotency_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(&order_no)
    .bind(customer_id)
    .bind(reward_id)
    .bind(price)
    .bind(key.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO points_ledger (customer_id, delta, reason, rule_code, event_key, expires_at, at, created_at, updated_at) \
         VALUES ($1, $2, 'redeem', NULL, $3, NULL, $4, $4, $4)",
    )
    .bind(customer_id)
    .bind(-price)
    .bind(format!("redeem:{order_no}"))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let order = order_by_key(&mut tx, customer_id, key)
        .await?
        .ok_or_else(|| super::internal_error(&"order vanished"))?;
    tx.commit().await?;
    Ok(order)
}

const ORDER_SELECT: &str = "SELECT o.order_no, r.code, r.kind, r.name_zh, r.name_en, o.points, o.created_at \
     FROM reward_orders o JOIN rewards r ON r.id = o.reward_id";

type OrderRow = (String, String, String, String, String, i64, i64);

fn order(row: OrderRow) -> Result<RewardOrder, AppError> {
    Ok(RewardOrder {
        order_no: row.0,
        reward_code: row.1,
        kind: stored(RewardKind::parse(&row.2), "reward kind")?,
        name_zh: row.3,
        name_en: row.4,
        points: row.5,
        ordered_at: row.6,
    })
}

async fn order_by_key(tx: &mut Tx, customer_id: i64, key: &IdempotencyKey) -> Result<Option<RewardOrder>, AppError> {
    let row: Option<OrderRow> = sqlx::query_as(&format!(
        "{ORDER_SELECT} WHERE o.customer_id = $1 AND o.idempotency_key = $2"
    ))
    .bind(customer_id)
    .bind(key.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    row.map(order).transpose()
}

/// delta, reason, rule, event key, at, expires at.
type HistoryRow = (i64, String, Option<String>, String, i64, Option<i64>);

/// Balance, what expires soon, history, orders, how to earn, and the catalog.
pub async fn overview(db: &Db, customer_id: i64) -> Result<PointsOverview, AppError> {
    let now = now_ms();
    // Writes off what expired, so the history the customer reads explains the balance.
    let mut tx = db.begin_write().await?;
    lock_customer(&mut tx, customer_id).await?;
    settle_expired(&mut tx, customer_id, now).await?;
    tx.commit().await?;

    let mut conn = db.pool.acquire().await?;
    let Standing {
        balance,
        expiring_soon,
        next_expiry,
    } = standing(&ledger_rows(&mut conn, customer_id).await?, now);

    let history: Vec<HistoryRow> = sqlx::query_as(
        "SELECT delta, reason, rule_code, event_key, at, expires_at FROM points_ledger \
         WHERE customer_id = $1 ORDER BY at DESC, id DESC LIMIT 100",
    )
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?;
    let orders: Vec<OrderRow> = sqlx::query_as(&format!(
        "{ORDER_SELECT} WHERE o.customer_id = $1 ORDER BY o.created_at DESC, o.id DESC LIMIT 50"
    ))
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?;
    let rules: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT code, points, per_period FROM points_rules WHERE active = 1 ORDER BY points DESC")
            .fetch_all(&mut *conn)
            .await?;
    let earned_rules: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT rule_code FROM points_ledger WHERE customer_id = $1 AND reason = 'earn' AND rule_code IS NOT NULL",
    )
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?;
    let this_month = format!("earn:monthly_sign_in:{}", insurer_date(now, "%Y-%m"));
    let (checked_in,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM points_ledger WHERE customer_id = $1 AND event_key = $2")
            .bind(customer_id)
            .bind(&this_month)
            .fetch_one(&mut *conn)
            .await?;
    let rewards: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT code, kind, name_zh, name_en, points_price, stock FROM rewards WHERE active = 1 ORDER BY points_price, code",
    )
    .fetch_all(&mut *conn)
    .await?;

    Ok(PointsOverview {
        balance,
        expiring_soon,
        next_expiry,
        checked_in_this_month: checked_in > 0,
        history: history
            .into_iter()
            .map(|(delta, reason, rule, event_key, at, expires_at)| {
                Ok(PointsEntry {
                    delta,
                    reason: stored(PointsReason::parse(&reason), "points reason")?,
                    rule: rule.as_deref().and_then(PointsRule::parse),
                    reference: event_key.strip_prefix("redeem:").map(str::to_string),
                    at,
                    expires_at,
                })
            })
            .collect::<Result<_, AppError>>()?,
        orders: orders.into_iter().map(order).collect::<Result<_, _>>()?,
        rules: rules
            .into_iter()
            .filter_map(|(code, points, per_period)| {
                let rule = PointsRule::parse(&code)?;
                let done = per_period == "once" && earned_rules.iter().any(|(c,)| *c == code);
                Some(RuleInfo {
                    rule,
                    points,
                    per_period,
                    done: done || (rule == PointsRule::MonthlySignIn && checked_in > 0),
                })
            })
            .collect(),
        rewards: rewards
            .into_iter()
            .map(|(code, kind, name_zh, name_en, points, stock)| {
                Ok(RewardItem {
                    code,
                    kind: stored(RewardKind::parse(&kind), "reward kind")?,
                    name_zh,
                    name_en,
                    points,
                    in_stock: stock > 0,
                })
            })
            .collect::<Result<_, AppError>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, delta: i64, expires_at: Option<i64>) -> LedgerRow {
        LedgerRow { id, delta, expires_at }
    }

    #[test]
    fn spending_uses_the_oldest_expiring_points_first() {
        let rows = [row(1, 100, Some(10)), row(2, 50, Some(20)), row(3, -120, None)];
        assert_eq!(remaining_lots(&rows), vec![(1, 0, Some(10)), (2, 30, Some(20))]);
    }

    #[test]
    fn expired_points_no_longer_count_even_before_they_are_written_off() {
        let rows = [row(1, 100, Some(10)), row(2, 50, Some(40)), row(3, -30, None)];
        let at_20 = standing(&rows, 20);
        assert_eq!(at_20.balance, 50, "the 70 left of the first earning expired at 10");
        assert_eq!(at_20.next_expiry, Some(40));
        assert_eq!(standing(&rows, 5).balance, 120);
    }

    #[test]
    fn an_expire_row_uses_up_its_own_earning() {
        // Earning 1 expired with 40 left and was written off; earning 2 is untouched.
        let rows = [
            row(1, 100, Some(10)),
            row(2, 50, Some(20)),
            row(3, -60, None),
            row(4, -40, None),
        ];
        assert_eq!(remaining_lots(&rows), vec![(1, 0, Some(10)), (2, 50, Some(20))]);
    }
}
