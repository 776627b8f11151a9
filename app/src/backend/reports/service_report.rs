//! Reports over any period, read from the daily rollups of the facts (`platform::facts`):
//! a report sums a few hundred rollup rows per day of its span whatever the number of work
//! orders, and the work behind a number is read from the facts by their day. An agent's
//! report is their own work.

use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::platform::{facts, paging};
use crate::backend::work_orders::queues::groups_of;
use crate::backend::{rules, stored, Db};
use crate::domain::calendar::Date;
use crate::domain::report_period::Period;
use crate::domain::{Channel, Invalid, PageCursor, ReportPeriod, Role, ServiceFact, WorkOrderKind, WorkOrderStatus};
use crate::error::AppError;
use crate::model::paging::Page;
use crate::model::reports::{
    ClaimTotals, FactTotal, FactTotals, ReportDay, ReportFilter, ReportWorkOrder, ServiceReport,
};
use crate::model::work_orders::SkillGroup;

/// A report's filter, checked: the span and the dimensions (`None`: all).
#[derive(Debug, Clone)]
pub struct ReportQuery {
    pub period: ReportPeriod,
    pub span: Period,
    pub group_id: Option<i64>,
    pub channel: Option<String>,
    pub kind: Option<String>,
    pub vip: Option<i64>,
    /// Only this member of staff's work (an agent's own report).
    pub staff_id: Option<i64>,
}

/// Checks the form's filter field by field (the first broken one answers); an agent's is
/// narrowed to their own work.
pub async fn query_from(db: &Db, staff: &StaffCaller, f: &ReportFilter) -> Result<ReportQuery, AppError> {
    let period = ReportPeriod::parse(f.period.trim())
        .ok_or_else(|| AppError::invalid("period", Invalid::new("report_period_invalid", "Choose a period")))?;
    let date = |field: &str, text: &str| {
        Date::parse_iso(text.trim())
            .ok_or_else(|| AppError::invalid(field, Invalid::new("date_invalid", "Enter a date as YYYY-MM-DD")))
    };
    let from = date("from", &f.from)?;
    let until = if period == ReportPeriod::Custom {
        Some(date("to", &f.to)?)
    } else {
        None
    };
    let span = Period::of(period, from, until).map_err(|e| AppError::invalid("to", e))?;
    let text = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
    let group_id = match text(&f.group) {
        None => None,
        Some(code) => {
            let id: Option<i64> = sqlx::query_scalar("SELECT id FROM skill_groups WHERE code = $1")
                .bind(&code)
                .fetch_optional(&db.pool)
                .await?;
            Some(id.ok_or_else(|| AppError::invalid("group", Invalid::new("group_unknown", "Choose a group")))?)
        }
    };
    let channel = text(&f.channel)
        .map(|c| {
            Channel::parse(&c)
                .map(|c| c.as_str().to_string())
                .ok_or_else(|| AppError::invalid("channel", Invalid::new("channel_invalid", "Choose a channel")))
        })
        .transpose()?;
    let kind = text(&f.kind)
        .map(|k| {
            WorkOrderKind::parse(&k)
                .map(|k| k.as_str().to_string())
                .ok_or_else(|| AppError::invalid("kind", Invalid::new("kind_invalid", "Choose a kind")))
        })
        .transpose()?;
    let vip = match f.vip.trim() {
        "" => None,
        "vip" => Some(1),
        "normal" => Some(0),
        _ => {
            return Err(AppError::invalid(
                "vip",
                Invalid::new("vip_invalid", "Choose VIP or not"),
            ))
        }
    };
    Ok(ReportQuery {
        period,
        span,
        group_id,
        channel,
        kind,
        vip,
        staff_id: (!staff.role.at_least(Role::Supervisor)).then_some(staff.staff_id),
    })
}

/// The conditions on a rollup or fact `r` for the query's dimensions, binding from `$3`
/// (after the span's first and last day): group, channel, kind, VIP, staff, in that order.
fn dimensions(r: &str, work_orders: bool) -> String {
    if work_orders {
        format!(
            "{r}.fact NOT LIKE 'claim%' AND ($3 IS NULL OR {r}.skill_group_id = $3) AND ($4 IS NULL OR {r}.channel = $4) \
             AND ($5 IS NULL OR {r}.kind = $5) AND ($6 IS NULL OR {r}.vip = $6) AND ($7 IS NULL OR {r}.staff_id = $7)"
        )
    } else {
        // Claims have no group, channel or work-order kind: only VIP and the handler apply
        // (the others are named, as every bound value must be, and match anything).
        format!(
            "{r}.fact LIKE 'claim%' AND ($3 IS NULL OR $3 IS NOT NULL) AND ($4 IS NULL OR $4 IS NOT NULL) \
             AND ($5 IS NULL OR $5 IS NOT NULL) AND ($6 IS NULL OR {r}.vip = $6) AND ($7 IS NULL OR {r}.staff_id = $7)"
        )
    }
}

fn bind_dimensions<'q, O>(
    query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    span: Period,
    q: &'q ReportQuery,
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    query
        .bind(span.from.iso())
        .bind(span.to.iso())
        .bind(q.group_id)
        .bind(q.channel.as_deref())
        .bind(q.kind.as_deref())
        .bind(q.vip)
        .bind(q.staff_id)
}

#[derive(sqlx::FromRow)]
struct TotalRow {
    bucket: String,
    fact: String,
    kind: String,
    met_sum: i64,
    n: i64,
    value_sum: i64,
}

/// The rollups of the span summed per `per` (an expression: the day, or one bucket for
/// the whole span), fact and (for claims) kind.
async fn totals(
    db: &Db,
    q: &ReportQuery,
    span: Period,
    work_orders: bool,
    per_day: bool,
) -> Result<Vec<TotalRow>, AppError> {
    // Grouped by the day and (for claims) the kind only when asked: a constant is no key.
    let (bucket, by_bucket) = if per_day {
        ("r.bucket", ", r.bucket")
    } else {
        ("''", "")
    };
    let (kind, by_kind) = if work_orders {
        ("''", "")
    } else {
        ("r.kind", ", r.kind")
    };
    let sql = format!(
        "SELECT {bucket} AS bucket, r.fact, {kind} AS kind, CAST(SUM(r.n) AS BIGINT) AS n, \
           CAST(SUM(r.value_sum) AS BIGINT) AS value_sum, CAST(SUM(r.met) AS BIGINT) AS met_sum \
         FROM service_rollups r WHERE r.grain = 'day' AND r.bucket >= $1 AND r.bucket <= $2 AND {} \
         GROUP BY r.fact{by_bucket}{by_kind}",
        dimensions("r", work_orders)
    );
    Ok(bind_dimensions(sqlx::query_as(&sql), span, q)
        .fetch_all(&db.read)
        .await?)
}

fn fact_totals<'a>(rows: impl Iterator<Item = &'a TotalRow>) -> Result<FactTotals, AppError> {
    let mut totals: Vec<FactTotal> = Vec::new();
    for row in rows {
        let fact = stored(ServiceFact::parse(&row.fact), "service fact")?;
        match totals.iter_mut().find(|t| t.fact == fact) {
            Some(t) => {
                t.n += row.n;
                t.value_sum += row.value_sum;
                t.met += row.met_sum;
            }
            None => totals.push(FactTotal {
                fact,
                n: row.n,
                value_sum: row.value_sum,
                met: row.met_sum,
            }),
        }
    }
    Ok(FactTotals { totals })
}

fn claim_totals(rows: &[TotalRow]) -> ClaimTotals {
    let sum = |fact: &str, kind: Option<&str>, pick: fn(&TotalRow) -> i64| -> i64 {
        rows.iter()
            .filter(|r| r.fact == fact && kind.is_none_or(|k| r.kind == k))
            .map(pick)
            .sum()
    };
    ClaimTotals {
        reported: sum("claim_reported", None, |r| r.n),
        paid: sum("claim_closed", Some("paid"), |r| r.n),
        refused: sum("claim_closed", Some("refused"), |r| r.n),
        paid_fen: sum("claim_closed", Some("paid"), |r| r.value_sum),
        stages_left: sum("claim_stage_left", None, |r| r.n),
        stages_left_in_time: sum("claim_stage_left", None, |r| r.met_sum),
    }
}

/// The report: the span and the one before, summed; each day of the span; the claims.
pub async fn read(db: &Db, q: &ReportQuery) -> Result<ServiceReport, AppError> {
    let previous = q.span.previous(q.period);
    let current_rows = totals(db, q, q.span, true, true).await?;
    let previous_rows = totals(db, q, previous, true, false).await?;
    let claims = totals(db, q, q.span, false, false).await?;
    let previous_claims = totals(db, q, previous, false, false).await?;
    let mut days = Vec::with_capacity(q.span.days() as usize);
    for day in q.span.each_day() {
        let iso = day.iso();
        days.push(ReportDay {
            totals: fact_totals(current_rows.iter().filter(|r| r.bucket == iso))?,
            day: iso,
        });
    }
    let mut conn = db.pool.acquire().await?;
    Ok(ServiceReport {
        period: q.period,
        from: q.span.from.iso(),
        to: q.span.to.iso(),
        previous_from: previous.from.iso(),
        previous_to: previous.to.iso(),
        current: fact_totals(current_rows.iter())?,
        previous: fact_totals(previous_rows.iter())?,
        claims: claim_totals(&claims),
        previous_claims: claim_totals(&previous_claims),
        days,
        targets: rules::service_targets(&mut conn).await?,
        groups: groups_of(&mut conn, None).await?,
        own_only: q.staff_id.is_some(),
    })
}

/// How many work orders one page behind a number lists.
pub const BEHIND_PAGE: usize = 50;

/// The work orders behind one number of the report (a fact of the span, with its
/// filters), the latest first, a page at a time.
pub async fn work_orders_behind(
    db: &Db,
    q: &ReportQuery,
    fact: ServiceFact,
    before: Option<PageCursor>,
) -> Result<Page<ReportWorkOrder>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        at: i64,
        value: i64,
        met: i64,
        order_no: String,
        subject: String,
        kind: String,
        status: String,
        group_code: Option<String>,
        group_name_zh: Option<String>,
        group_name_en: Option<String>,
    }
    let (before_at, before_id) = paging::before(before);
    let sql = format!(
        "SELECT f.id, f.at, f.value, f.met, w.order_no, w.subject, w.kind, w.status, g.code AS group_code, \
           g.name_zh AS group_name_zh, g.name_en AS group_name_en \
         FROM service_facts f JOIN work_orders w ON w.id = f.work_order_id \
         LEFT JOIN skill_groups g ON g.id = w.skill_group_id \
         WHERE f.fact = $8 AND f.at >= $12 AND f.at < $13 AND f.day >= $1 AND f.day <= $2 AND {} \
           AND (f.at, f.id) < ($9, $10) \
         ORDER BY f.at DESC, f.id DESC LIMIT $11",
        dimensions("f", true)
    );
    // The span as instants, so that `service_facts_at_idx` reads it from its latest end.
    let (start, end) = (
        facts::day_start_ms(q.span.from),
        facts::day_start_ms(q.span.to.plus_days(1)),
    );
    let rows: Vec<Row> = bind_dimensions(sqlx::query_as(&sql), q.span, q)
        .bind(fact.as_str())
        .bind(before_at)
        .bind(before_id)
        .bind(paging::limit(BEHIND_PAGE))
        .bind(start)
        .bind(end)
        .fetch_all(&db.read)
        .await?;
    paging::page(
        rows,
        BEHIND_PAGE,
        |r| PageCursor { at: r.at, id: r.id },
        |r| {
            Ok(ReportWorkOrder {
                group: match (r.group_code, r.group_name_zh, r.group_name_en) {
                    (Some(code), Some(name_zh), Some(name_en)) => Some(SkillGroup { code, name_zh, name_en }),
                    _ => None,
                },
                order_no: r.order_no,
                subject: r.subject,
                kind: stored(WorkOrderKind::parse(&r.kind), "work order kind")?,
                status: stored(WorkOrderStatus::parse(&r.status), "work order status")?,
                at: r.at,
                value: r.value,
                met: r.met != 0,
            })
        },
    )
}

/// The report's days as a CSV file: one row per day and the span's totals, each measure a
/// column (times in whole minutes).
pub fn to_csv(report: &ServiceReport) -> String {
    use crate::backend::platform::export::{Cell, Csv};
    let mut csv = Csv::new(&[
        "day",
        "intake",
        "first_responses",
        "first_response_mean_minutes",
        "first_responses_in_time",
        "resolved",
        "resolution_mean_minutes",
        "resolved_in_time",
        "reopened",
        "transferred",
        "rated",
        "satisfied",
    ]);
    let minutes = |t: &FactTotals, fact| Cell::from(t.mean(fact).map_or(0, |ms| ms / 60_000));
    let mut row = |label: String, t: &FactTotals| {
        csv.row([
            Cell::from(label),
            Cell::from(t.intake()),
            Cell::from(t.get(ServiceFact::FirstResponse).n),
            minutes(t, ServiceFact::FirstResponse),
            Cell::from(t.get(ServiceFact::FirstResponse).met),
            Cell::from(t.get(ServiceFact::Resolved).n),
            minutes(t, ServiceFact::Resolved),
            Cell::from(t.get(ServiceFact::Resolved).met),
            Cell::from(t.get(ServiceFact::Reopened).n),
            Cell::from(t.get(ServiceFact::Transferred).n),
            Cell::from(t.get(ServiceFact::Rated).n),
            Cell::from(t.get(ServiceFact::Rated).met),
        ]);
    };
    for day in &report.days {
        row(day.day.clone(), &day.totals);
    }
    row(format!("{}..{}", report.from, report.to), &report.current);
    csv.finish()
}
