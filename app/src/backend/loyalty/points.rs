//! Points (积分). The ledger is append-only; the balance is its sum. Earned points expire
//! after `PointsSettings::valid_days`, oldest first: spending and expiry are matched to
//! earnings first-in first-out, and what an earning has left when it expires is written off
//! by an `expire` row. Every write runs with the customer's row locked (and on SQLite under
//! the write lock), so concurrent redemptions can never take the balance below zero.

use crate::backend::messaging::notify::{notify, NewNotification};
use crate::backend::platform::idempotency::{self, Keyed};
use crate::backend::{customers, now_ms, platform::paging, platform::sequences, stored, Db, PointsSettings, Tx};
use crate::domain::calendar::{insurer_date, DAY_MS};
use crate::domain::{
    CaseKind, IdempotencyKey, Invalid, NotificationKind, PageCursor, Phone, PointsReason, PointsRule, RewardKind,
};
use crate::error::constraints::OnConstraint;
use crate::error::{internal_error, AppError};
use crate::model::paging::{Page, PORTAL_PAGE_SIZE};
use crate::model::points::{PointsEntry, PointsOverview, RewardItem, RewardOrder, RuleInfo};
/// Points expiring within this many days are shown as "expiring soon".
pub const EXPIRING_SOON_DAYS: i64 = 30;

/// One ledger row as the FIFO matching needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct LedgerRow {
    pub id: i64,
    pub delta: i64,
    pub expires_at: Option<i64>,
}

/// What one earning has left after all spending and expiry so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lot {
    pub earning_id: i64,
    pub left: i64,
    pub expires_at: Option<i64>,
}

/// What each earning has left after all spending and expiry so far, matched oldest-expiring
/// first.
pub fn remaining_lots(rows: &[LedgerRow]) -> Vec<Lot> {
    let mut earnings: Vec<LedgerRow> = rows.iter().copied().filter(|r| r.delta > 0).collect();
    earnings.sort_by_key(|r| (r.expires_at.unwrap_or(i64::MAX), r.id));
    let mut to_match: i64 = rows.iter().filter(|r| r.delta < 0).map(|r| -r.delta).sum();
    earnings
        .into_iter()
        .map(|earning| {
            let used = to_match.min(earning.delta);
            to_match -= used;
            Lot {
                earning_id: earning.id,
                left: earning.delta - used,
                expires_at: earning.expires_at,
            }
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
    let expired_unsettled: i64 = lots.iter().filter(|l| !live(&l.expires_at)).map(|l| l.left).sum();
    let soon = now + EXPIRING_SOON_DAYS * DAY_MS;
    Standing {
        balance: rows.iter().map(|r| r.delta).sum::<i64>() - expired_unsettled,
        expiring_soon: lots
            .iter()
            .filter(|l| l.left > 0 && live(&l.expires_at) && l.expires_at.is_some_and(|at| at <= soon))
            .map(|l| l.left)
            .sum(),
        next_expiry: lots
            .iter()
            .filter(|l| l.left > 0 && live(&l.expires_at))
            .filter_map(|l| l.expires_at)
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
    Ok(
        sqlx::query_as("SELECT id, delta, expires_at FROM points_ledger WHERE customer_id = $1")
            .bind(customer_id)
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// One entry of the append-only ledger.
pub struct NewLedgerEntry<'a> {
    pub customer_id: i64,
    pub delta: i64,
    pub reason: PointsReason,
    pub rule: Option<PointsRule>,
    /// Unique per customer: the same event never counts twice.
    pub event_key: &'a str,
    pub expires_at: Option<i64>,
    pub at: i64,
    /// The fingerprint of the request that wrote it, where a request key made it.
    pub request_hash: Option<&'a str>,
}

/// Appends to the ledger; false when this customer's event key was used before.
pub async fn insert_entry(tx: &mut Tx, e: &NewLedgerEntry<'_>) -> Result<bool, AppError> {
    let inserted = sqlx::query(
        "INSERT INTO points_ledger (customer_id, delta, reason, rule_code, event_key, expires_at, at, request_hash, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $7) ON CONFLICT (customer_id, event_key) DO NOTHING",
    )
    .bind(e.customer_id)
    .bind(e.delta)
    .bind(e.reason.as_str())
    .bind(e.rule.map(PointsRule::as_str))
    .bind(e.event_key)
    .bind(e.expires_at)
    .bind(e.at)
    .bind(e.request_hash)
    .execute(&mut **tx)
    .await
    .on_constraint("points_ledger_adjust_key", idempotency::key_reused)?;
    Ok(inserted.rows_affected() == 1)
}

/// Writes off what expired earnings have left; returns the balance afterwards.
async fn settle_expired(tx: &mut Tx, customer_id: i64, now: i64) -> Result<i64, AppError> {
    let rows = ledger_rows(&mut *tx, customer_id).await?;
    let mut balance: i64 = rows.iter().map(|r| r.delta).sum();
    for Lot {
        earning_id,
        left,
        expires_at,
    } in remaining_lots(&rows)
    {
        if left > 0 && expires_at.is_some_and(|at| at <= now) {
            let written_off = insert_entry(
                tx,
                &NewLedgerEntry {
                    customer_id,
                    delta: -left,
                    reason: PointsReason::Expire,
                    rule: None,
                    event_key: &format!("expire:{earning_id}"),
                    expires_at: None,
                    at: now,
                    request_hash: None,
                },
            )
            .await?;
            if written_off {
                balance -= left;
            }
        }
    }
    Ok(balance)
}

#[derive(sqlx::FromRow)]
struct RuleRow {
    code: String,
    points: i64,
    per_period: String,
}

/// The ledger's event key of an earning: once-only rules have one per customer, the others
/// one per occurrence (a month, a case).
pub fn earning_key(rule: PointsRule, per_period: &str, occurrence: &str) -> String {
    match per_period {
        "once" => format!("earn:{}", rule.as_str()),
        _ => format!("earn:{}:{occurrence}", rule.as_str()),
    }
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
    let found: Option<RuleRow> =
        sqlx::query_as("SELECT code, points, per_period FROM points_rules WHERE code = $1 AND active = 1")
            .bind(rule.as_str())
            .fetch_optional(&mut **tx)
            .await?;
    let Some(RuleRow { points, per_period, .. }) = found else {
        return Ok(0);
    };
    let now = now_ms();
    let earned = insert_entry(
        tx,
        &NewLedgerEntry {
            customer_id,
            delta: points,
            reason: PointsReason::Earn,
            rule: Some(rule),
            event_key: &earning_key(rule, &per_period, occurrence),
            expires_at: Some(now + settings.valid_days * DAY_MS),
            at: now,
            request_hash: None,
        },
    )
    .await?;
    if !earned {
        return Ok(0);
    }
    notify(
        tx,
        customer_id,
        NewNotification {
            kind: NotificationKind::PointsEarned,
            params: vec![
                ("points", points.to_string()),
                ("rule", format!("t:{}", rule.label_key())),
            ],
            dedup_key: None,
        },
    )
    .await?;
    Ok(points)
}

/// Points for a service campaign's activity: once per customer and activity (a repeat
/// earns nothing and answers false), told by a notification like any earning.
pub async fn earn_for_campaign(
    tx: &mut Tx,
    settings: &PointsSettings,
    customer_id: i64,
    activity_id: i64,
    points: i64,
) -> Result<bool, AppError> {
    let now = now_ms();
    let earned = insert_entry(
        tx,
        &NewLedgerEntry {
            customer_id,
            delta: points,
            reason: PointsReason::Earn,
            rule: None,
            event_key: &format!("campaign:{activity_id}"),
            expires_at: Some(now + settings.valid_days * DAY_MS),
            at: now,
            request_hash: None,
        },
    )
    .await?;
    if earned {
        let notification = NewNotification {
            kind: NotificationKind::PointsEarned,
            params: vec![
                ("points", points.to_string()),
                ("rule", "t:campaigns.points_rule".to_string()),
            ],
            dedup_key: None,
        };
        notify(tx, customer_id, notification).await?;
    }
    Ok(earned)
}

/// Writes off points that expired and warns, once per earning, about points that expire
/// within `EXPIRING_SOON_DAYS`. Looks only at earnings expiring from a day ago on, so a
/// sweep every hour sees each one; a customer's own visit settles anything older.
/// Safe to run in several processes at once. Returns how many customers it looked at.
pub async fn sweep(db: &Db, now: i64) -> Result<usize, AppError> {
    let soon = now + EXPIRING_SOON_DAYS * DAY_MS;
    #[derive(sqlx::FromRow)]
    struct CustomerRow {
        customer_id: i64,
    }
    let expiring: Vec<CustomerRow> = sqlx::query_as(
        "SELECT DISTINCT customer_id FROM points_ledger \
         WHERE reason = 'earn' AND expires_at > $1 AND expires_at <= $2 ORDER BY customer_id",
    )
    .bind(now - DAY_MS)
    .bind(soon)
    .fetch_all(&db.pool)
    .await?;
    for &CustomerRow { customer_id } in &expiring {
        let mut tx = db.begin_write().await?;
        customers::lock(&mut tx, customer_id).await?;
        settle_expired(&mut tx, customer_id, now).await?;
        let rows = ledger_rows(&mut tx, customer_id).await?;
        for Lot {
            earning_id,
            left,
            expires_at,
        } in remaining_lots(&rows)
        {
            let Some(at) = expires_at.filter(|at| left > 0 && *at > now && *at <= soon) else {
                continue;
            };
            let date = insurer_date(at).iso();
            notify(
                &mut tx,
                customer_id,
                NewNotification {
                    kind: NotificationKind::PointsExpiring,
                    params: vec![("points", left.to_string()), ("date", date)],
                    dedup_key: Some(format!("points_expiring:{earning_id}")),
                },
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(expiring.len())
}

/// The monthly sign-in (每月签到): earns once per calendar month (UTC+8, the insurer's day).
pub async fn check_in(db: &Db, settings: &PointsSettings, customer_id: i64) -> Result<i64, AppError> {
    let month = insurer_date(now_ms()).iso_month();
    let mut tx = db.begin_write().await?;
    customers::lock(&mut tx, customer_id).await?;
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
    top_up_phone: Option<&Phone>,
    key: &IdempotencyKey,
) -> Result<RewardOrder, AppError> {
    let mut tx = db.begin_write().await?;
    customers::lock(&mut tx, customer_id).await?;
    let request_hash = idempotency::fingerprint(&(reward_code, top_up_phone.map(Phone::as_str)));
    if let Some(order_no) = idempotency::made_by(&mut tx, Keyed::RewardOrder, customer_id, key, &request_hash).await? {
        return order_by_number(&mut tx, customer_id, &order_no)
            .await?
            .ok_or_else(|| internal_error(&"idempotent order vanished"));
    }
    let now = now_ms();
    let balance = settle_expired(&mut tx, customer_id, now).await?;
    #[derive(sqlx::FromRow)]
    struct RewardRow {
        id: i64,
        kind: String,
        points_price: i64,
        stock: i64,
    }
    let reward: Option<RewardRow> =
        sqlx::query_as("SELECT id, kind, points_price, stock FROM rewards WHERE code = $1 AND active = 1")
            .bind(reward_code)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(RewardRow {
        id: reward_id,
        kind,
        points_price: price,
        stock,
    }) = reward
    else {
        return Err(AppError::NotFound);
    };
    // Phone credit goes to the number the customer named, else to their own.
    let top_up_phone = if kind == RewardKind::PhoneCredit.as_str() {
        match top_up_phone {
            Some(phone) => Some(phone.as_str().to_string()),
            None => Some(customers::phone_of(&mut tx, customer_id).await?.ok_or_else(|| {
                AppError::invalid(
                    "top_up_phone",
                    Invalid::new("top_up_phone_required", "Enter the mobile number to top up"),
                )
            })?),
        }
    } else {
        None
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
    let order_no = sequences::next_case_number(&mut tx, CaseKind::RewardOrder, now).await?;
    insert_order(
        &mut tx,
        &NewRewardOrder {
            order_no: &order_no,
            customer_id,
            reward_id,
            points: price,
            top_up_phone: top_up_phone.as_deref(),
            request_key: key.as_str(),
            request_hash: &request_hash,
            at: now,
        },
    )
    .await?;
    insert_entry(
        &mut tx,
        &NewLedgerEntry {
            customer_id,
            delta: -price,
            reason: PointsReason::Redeem,
            rule: None,
            event_key: &redemption_key(&order_no),
            expires_at: None,
            at: now,
            request_hash: None,
        },
    )
    .await?;
    let order = order_by_number(&mut tx, customer_id, &order_no)
        .await?
        .ok_or_else(|| internal_error(&"order vanished"))?;
    tx.commit().await?;
    Ok(order)
}

/// The ledger's event key of a redemption, which names the reward order.
pub fn redemption_key(order_no: &str) -> String {
    format!("redeem:{order_no}")
}

/// A reward order: `points` were spent on the reward.
pub struct NewRewardOrder<'a> {
    pub order_no: &'a str,
    pub customer_id: i64,
    pub reward_id: i64,
    pub points: i64,
    /// For phone credit: the mobile number to top up.
    pub top_up_phone: Option<&'a str>,
    pub request_key: &'a str,
    /// The fingerprint of the request (see `idempotency`).
    pub request_hash: &'a str,
    pub at: i64,
}

pub async fn insert_order(tx: &mut Tx, o: &NewRewardOrder<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO reward_orders (order_no, customer_id, reward_id, points, idempotency_key, request_hash, \
         created_at, updated_at, top_up_phone) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)",
    )
    .bind(o.order_no)
    .bind(o.customer_id)
    .bind(o.reward_id)
    .bind(o.points)
    .bind(o.request_key)
    .bind(o.request_hash)
    .bind(o.at)
    .bind(o.top_up_phone)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const ORDER_SELECT: &str =
    "SELECT o.id, o.order_no, r.code, r.kind, r.name_zh, r.name_en, o.points, o.created_at, o.top_up_phone \
     FROM reward_orders o JOIN rewards r ON r.id = o.reward_id";

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: i64,
    order_no: String,
    code: String,
    kind: String,
    name_zh: String,
    name_en: String,
    points: i64,
    created_at: i64,
    top_up_phone: Option<String>,
}

impl OrderRow {
    fn into_order(self) -> Result<RewardOrder, AppError> {
        Ok(RewardOrder {
            order_no: self.order_no,
            reward_code: self.code,
            kind: stored(RewardKind::parse(&self.kind), "reward kind")?,
            name_zh: self.name_zh,
            name_en: self.name_en,
            points: self.points,
            ordered_at: self.created_at,
            top_up_phone_masked: self.top_up_phone.as_deref().map(|p| match Phone::parse(p) {
                Ok(phone) => phone.masked(),
                Err(_) => p.to_string(),
            }),
        })
    }
}

async fn order_by_number(tx: &mut Tx, customer_id: i64, order_no: &str) -> Result<Option<RewardOrder>, AppError> {
    let row: Option<OrderRow> = sqlx::query_as(&format!("{ORDER_SELECT} WHERE o.customer_id = $1 AND o.order_no = $2"))
        .bind(customer_id)
        .bind(order_no)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(OrderRow::into_order).transpose()
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    id: i64,
    delta: i64,
    reason: String,
    rule_code: Option<String>,
    event_key: String,
    at: i64,
    expires_at: Option<i64>,
}

impl HistoryRow {
    fn into_entry(self) -> Result<PointsEntry, AppError> {
        Ok(PointsEntry {
            delta: self.delta,
            reason: stored(PointsReason::parse(&self.reason), "points reason")?,
            rule: self.rule_code.as_deref().and_then(PointsRule::parse),
            reference: self.event_key.strip_prefix("redeem:").map(str::to_string),
            at: self.at,
            expires_at: self.expires_at,
        })
    }
}

/// A page of the customer's points history, newest first (before `before` when given).
pub async fn history(db: &Db, customer_id: i64, before: Option<PageCursor>) -> Result<Page<PointsEntry>, AppError> {
    let (at, id) = paging::before(before);
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT id, delta, reason, rule_code, event_key, at, expires_at FROM points_ledger \
         WHERE customer_id = $1 AND (at, id) < ($2, $3) ORDER BY at DESC, id DESC LIMIT $4",
    )
    .bind(customer_id)
    .bind(at)
    .bind(id)
    .bind(paging::limit(PORTAL_PAGE_SIZE))
    .fetch_all(&db.pool)
    .await?;
    paging::page(
        rows,
        PORTAL_PAGE_SIZE,
        |r| PageCursor { at: r.at, id: r.id },
        HistoryRow::into_entry,
    )
}

/// A page of the customer's reward orders, newest first (before `before` when given).
pub async fn orders(db: &Db, customer_id: i64, before: Option<PageCursor>) -> Result<Page<RewardOrder>, AppError> {
    let (at, id) = paging::before(before);
    let rows: Vec<OrderRow> = sqlx::query_as(&format!(
        "{ORDER_SELECT} WHERE o.customer_id = $1 AND (o.created_at, o.id) < ($2, $3) \
         ORDER BY o.created_at DESC, o.id DESC LIMIT $4"
    ))
    .bind(customer_id)
    .bind(at)
    .bind(id)
    .bind(paging::limit(PORTAL_PAGE_SIZE))
    .fetch_all(&db.pool)
    .await?;
    let key = |r: &OrderRow| PageCursor {
        at: r.created_at,
        id: r.id,
    };
    paging::page(rows, PORTAL_PAGE_SIZE, key, OrderRow::into_order)
}

/// Balance, what expires soon, history, orders, how to earn, and the catalog.
pub async fn overview(db: &Db, customer_id: i64) -> Result<PointsOverview, AppError> {
    let now = now_ms();
    // Writes off what expired, so the history the customer reads explains the balance.
    let mut tx = db.begin_write().await?;
    customers::lock(&mut tx, customer_id).await?;
    settle_expired(&mut tx, customer_id, now).await?;
    tx.commit().await?;

    // Each from the pool before this read takes its own connection, so a request never
    // holds one while it waits for another.
    let history = history(db, customer_id, None).await?;
    let orders = orders(db, customer_id, None).await?;
    let mut conn = db.pool.acquire().await?;
    let Standing {
        balance,
        expiring_soon,
        next_expiry,
    } = standing(&ledger_rows(&mut conn, customer_id).await?, now);
    let rules: Vec<RuleRow> =
        sqlx::query_as("SELECT code, points, per_period FROM points_rules WHERE active = 1 ORDER BY points DESC")
            .fetch_all(&mut *conn)
            .await?;
    #[derive(sqlx::FromRow)]
    struct EarnedRow {
        rule_code: String,
    }
    let earned_rules: Vec<EarnedRow> = sqlx::query_as(
        "SELECT DISTINCT rule_code FROM points_ledger WHERE customer_id = $1 AND reason = 'earn' AND rule_code IS NOT NULL",
    )
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?;
    let this_month = earning_key(PointsRule::MonthlySignIn, "month", &insurer_date(now).iso_month());
    #[derive(sqlx::FromRow)]
    struct CountRow {
        count: i64,
    }
    let checked_in: CountRow =
        sqlx::query_as("SELECT COUNT(*) AS count FROM points_ledger WHERE customer_id = $1 AND event_key = $2")
            .bind(customer_id)
            .bind(&this_month)
            .fetch_one(&mut *conn)
            .await?;
    let checked_in = checked_in.count;
    #[derive(sqlx::FromRow)]
    struct RewardRow {
        code: String,
        kind: String,
        name_zh: String,
        name_en: String,
        points_price: i64,
        stock: i64,
    }
    let rewards: Vec<RewardRow> = sqlx::query_as(
        "SELECT code, kind, name_zh, name_en, points_price, stock FROM rewards WHERE active = 1 ORDER BY points_price, code",
    )
    .fetch_all(&mut *conn)
    .await?;

    let own_phone = customers::phone_of(&mut conn, customer_id).await?;
    Ok(PointsOverview {
        balance,
        expiring_soon,
        next_expiry,
        checked_in_this_month: checked_in > 0,
        own_phone_masked: own_phone
            .as_deref()
            .and_then(|p| Phone::parse(p).ok())
            .map(|p| p.masked()),
        history: history.items,
        history_next: history.next,
        orders: orders.items,
        orders_next: orders.next,
        rules: rules
            .into_iter()
            .filter_map(|r| {
                let rule = PointsRule::parse(&r.code)?;
                let done = r.per_period == "once" && earned_rules.iter().any(|e| e.rule_code == r.code);
                Some(RuleInfo {
                    rule,
                    points: r.points,
                    per_period: r.per_period,
                    done: done || (rule == PointsRule::MonthlySignIn && checked_in > 0),
                })
            })
            .collect(),
        rewards: rewards
            .into_iter()
            .map(|r| {
                Ok(RewardItem {
                    code: r.code,
                    kind: stored(RewardKind::parse(&r.kind), "reward kind")?,
                    name_zh: r.name_zh,
                    name_en: r.name_en,
                    points: r.points_price,
                    in_stock: r.stock > 0,
                })
            })
            .collect::<Result<_, AppError>>()?,
    })
}

/// The balance after writing off what expired, inside the caller's transaction.
pub async fn balance_in(tx: &mut Tx, customer_id: i64) -> Result<i64, AppError> {
    settle_expired(tx, customer_id, now_ms()).await
}

/// An admin's adjustment: a ledger entry with reason `adjust`, once per request key (the
/// key again with another member, amount or reason: 409 `request_key_reused`); taking
/// more than the balance is refused (409 `insufficient_points`). False when the key was
/// used before (the adjustment is already there).
pub async fn adjust(
    tx: &mut Tx,
    settings: &PointsSettings,
    customer_id: i64,
    delta: i64,
    why: &str,
    key: &IdempotencyKey,
) -> Result<bool, AppError> {
    let now = now_ms();
    let balance = settle_expired(tx, customer_id, now).await?;
    let event_key = format!("adjust:{}", key.as_str());
    let request_hash = idempotency::fingerprint(&(customer_id, delta, why));
    if idempotency::made_by(tx, Keyed::PointsAdjustment, customer_id, key, &request_hash)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    if balance + delta < 0 {
        return Err(AppError::conflict(
            "delta",
            "insufficient_points",
            "That takes more points than the member has",
        ));
    }
    insert_entry(
        tx,
        &NewLedgerEntry {
            customer_id,
            delta,
            reason: PointsReason::Adjust,
            rule: None,
            event_key: &event_key,
            expires_at: (delta > 0).then_some(now + settings.valid_days * DAY_MS),
            at: now,
            request_hash: Some(&request_hash),
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, delta: i64, expires_at: Option<i64>) -> LedgerRow {
        LedgerRow { id, delta, expires_at }
    }

    fn lot(earning_id: i64, left: i64, expires_at: Option<i64>) -> Lot {
        Lot {
            earning_id,
            left,
            expires_at,
        }
    }

    #[test]
    fn spending_uses_the_oldest_expiring_points_first() {
        let rows = [row(1, 100, Some(10)), row(2, 50, Some(20)), row(3, -120, None)];
        assert_eq!(remaining_lots(&rows), vec![lot(1, 0, Some(10)), lot(2, 30, Some(20))]);
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
        assert_eq!(remaining_lots(&rows), vec![lot(1, 0, Some(10)), lot(2, 50, Some(20))]);
    }
}
