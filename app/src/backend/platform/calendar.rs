//! The service-level data: the insurer's calendar and the targets per kind and priority,
//! read from the tables admins maintain, for `domain::service_level` to count with.

use sqlx::AnyConnection;

use crate::backend::stored;
use crate::domain::calendar::Date;
use crate::domain::service_level::{ServiceCalendar, SlaTargets, Span};
use crate::domain::{Priority, SlaUnit, WorkOrderKind};
use crate::error::AppError;

/// The calendar as it is now.
pub async fn calendar(conn: &mut AnyConnection) -> Result<ServiceCalendar, AppError> {
    #[derive(sqlx::FromRow)]
    struct HoursRow {
        weekday: i64,
        opens_minute: i64,
        closes_minute: i64,
    }
    #[derive(sqlx::FromRow)]
    struct ExceptionRow {
        day: String,
        working: i64,
    }
    let hours: Vec<HoursRow> = sqlx::query_as("SELECT weekday, opens_minute, closes_minute FROM business_hours")
        .fetch_all(&mut *conn)
        .await?;
    let exceptions: Vec<ExceptionRow> = sqlx::query_as("SELECT day, working FROM calendar_exceptions")
        .fetch_all(&mut *conn)
        .await?;
    let mut calendar = ServiceCalendar::default();
    for h in hours {
        if (1..=7).contains(&h.weekday) {
            calendar.hours[(h.weekday - 1) as usize] = Some((h.opens_minute, h.closes_minute));
        }
    }
    for e in exceptions {
        let day = stored(Date::parse_iso(&e.day), "calendar day")?;
        calendar.exceptions.insert(day.days_since_epoch(), e.working != 0);
    }
    Ok(calendar)
}

/// What the insurer promises when no target is configured for a kind: an answer within a
/// day, resolution within five working days.
const FALLBACK: SlaTargets = SlaTargets {
    first_response: Span::new(24, SlaUnit::Hours),
    next_response: Span::new(24, SlaUnit::Hours),
    resolution: Span::new(5, SlaUnit::WorkingDays),
};

/// The targets for a kind and priority of work order.
pub async fn targets(
    conn: &mut AnyConnection,
    kind: WorkOrderKind,
    priority: Priority,
) -> Result<SlaTargets, AppError> {
    #[derive(sqlx::FromRow)]
    struct TargetRow {
        first_response_amount: i64,
        first_response_unit: String,
        next_response_amount: i64,
        next_response_unit: String,
        resolution_amount: i64,
        resolution_unit: String,
    }
    let row: Option<TargetRow> = sqlx::query_as(
        "SELECT first_response_amount, first_response_unit, next_response_amount, next_response_unit, \
         resolution_amount, resolution_unit FROM sla_targets WHERE kind = $1 AND priority = $2",
    )
    .bind(kind.as_str())
    .bind(priority.as_str())
    .fetch_optional(conn)
    .await?;
    let Some(r) = row else { return Ok(FALLBACK) };
    let span = |amount: i64, unit: &str| -> Result<Span, AppError> {
        Ok(Span::new(amount, stored(SlaUnit::parse(unit), "service-level unit")?))
    };
    Ok(SlaTargets {
        first_response: span(r.first_response_amount, &r.first_response_unit)?,
        next_response: span(r.next_response_amount, &r.next_response_unit)?,
        resolution: span(r.resolution_amount, &r.resolution_unit)?,
    })
}
