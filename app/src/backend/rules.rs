//! The service rules as admins set them: service-level targets per kind and priority, the
//! hours each claim stage may take, the follow-up sample, points per earning rule, and the
//! business calendar's holidays and make-up working days. Every process reads these tables
//! when it counts, so a change holds at once everywhere; each change is audited with before
//! and after in its transaction.

use crate::backend::platform::audit;
use crate::backend::platform::clock::insurer_today;
use crate::backend::{now_ms, stored, Db, Tx};
use crate::domain::service_level::{SlaTargets, Span};
use crate::domain::service_targets::{parse_service_target, targets_in_force, ServiceTarget};
use crate::domain::{
    check_calendar_days, check_follow_up_settings, check_sla_targets, parse_commitment_hours, parse_rule_points,
    CalendarDaysFields, ClaimStage, PointsRule, Priority, ServiceMeasure, SlaTargetFields, SlaUnit, WorkOrderKind,
};
use crate::error::AppError;
use crate::model::admin::{CalendarDay, PointsRuleSetting, ServiceRules, SlaTargetSetting, StageCommitmentSetting};

#[derive(sqlx::FromRow)]
struct TargetRow {
    kind: String,
    priority: String,
    first_response_amount: i64,
    first_response_unit: String,
    next_response_amount: i64,
    next_response_unit: String,
    resolution_amount: i64,
    resolution_unit: String,
}

impl TargetRow {
    fn into_setting(self) -> Result<SlaTargetSetting, AppError> {
        let span = |amount: i64, unit: &str| -> Result<Span, AppError> {
            Ok(Span::new(amount, stored(SlaUnit::parse(unit), "service-level unit")?))
        };
        Ok(SlaTargetSetting {
            kind: stored(WorkOrderKind::parse(&self.kind), "work-order kind")?,
            priority: stored(Priority::parse(&self.priority), "priority")?,
            targets: SlaTargets {
                first_response: span(self.first_response_amount, &self.first_response_unit)?,
                next_response: span(self.next_response_amount, &self.next_response_unit)?,
                resolution: span(self.resolution_amount, &self.resolution_unit)?,
            },
        })
    }
}

const TARGETS: &str = "SELECT kind, priority, first_response_amount, first_response_unit, next_response_amount, \
                       next_response_unit, resolution_amount, resolution_unit FROM sla_targets";

#[derive(sqlx::FromRow)]
struct FollowUpRow {
    sample_percent: i64,
    max_attempts: i64,
}

#[derive(sqlx::FromRow)]
struct RuleRow {
    code: String,
    points: i64,
    per_period: String,
    active: i64,
}

#[derive(sqlx::FromRow)]
struct DayRow {
    day: String,
    working: i64,
    name_zh: String,
    name_en: String,
}

/// Every rule, for the admin page.
pub async fn read(db: &Db) -> Result<ServiceRules, AppError> {
    let targets: Vec<TargetRow> = sqlx::query_as(&format!("{TARGETS} ORDER BY kind, priority"))
        .fetch_all(&db.pool)
        .await?;
    let follow_up: FollowUpRow =
        sqlx::query_as("SELECT sample_percent, max_attempts FROM follow_up_settings WHERE id = 1")
            .fetch_one(&db.pool)
            .await?;
    let rules: Vec<RuleRow> = sqlx::query_as("SELECT code, points, per_period, active FROM points_rules ORDER BY code")
        .fetch_all(&db.pool)
        .await?;
    let days: Vec<DayRow> =
        sqlx::query_as("SELECT day, working, name_zh, name_en FROM calendar_exceptions WHERE day >= $1 ORDER BY day")
            .bind(insurer_today())
            .fetch_all(&db.pool)
            .await?;
    let mut conn = db.pool.acquire().await?;
    let stages = crate::backend::claims::StageLimits::read(&mut conn).await?;
    let mut stage_commitments: Vec<StageCommitmentSetting> = stages
        .0
        .into_iter()
        .map(|(stage, limit_hours)| StageCommitmentSetting { stage, limit_hours })
        .collect();
    // In the order a claim goes through them.
    stage_commitments.sort_by_key(|s| ClaimStage::ALL.iter().position(|x| *x == s.stage));
    let service_targets = service_targets(&mut conn).await?;
    drop(conn);
    Ok(ServiceRules {
        service_targets,
        sla_targets: targets
            .into_iter()
            .map(TargetRow::into_setting)
            .collect::<Result<_, _>>()?,
        stage_commitments,
        follow_up_sample_percent: follow_up.sample_percent,
        follow_up_max_attempts: follow_up.max_attempts,
        points_rules: rules
            .into_iter()
            .map(|r| {
                Ok(PointsRuleSetting {
                    code: stored(PointsRule::parse(&r.code), "points rule")?,
                    points: r.points,
                    per_period: r.per_period,
                    active: r.active != 0,
                })
            })
            .collect::<Result<_, AppError>>()?,
        calendar_days: days
            .into_iter()
            .map(|r| CalendarDay {
                day: r.day,
                working: r.working != 0,
                name_zh: r.name_zh,
                name_en: r.name_en,
            })
            .collect(),
    })
}

async fn target_in(tx: &mut Tx, kind: WorkOrderKind, priority: Priority) -> Result<SlaTargetSetting, AppError> {
    let row: Option<TargetRow> = sqlx::query_as(&format!("{TARGETS} WHERE kind = $1 AND priority = $2"))
        .bind(kind.as_str())
        .bind(priority.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    row.ok_or(AppError::NotFound)?.into_setting()
}

/// Sets the three targets of a kind and priority; new work orders are counted by them.
pub async fn set_sla_targets(
    db: &Db,
    staff_id: i64,
    kind: WorkOrderKind,
    priority: Priority,
    fields: &SlaTargetFields,
) -> Result<SlaTargetSetting, AppError> {
    let targets = check_sla_targets(fields).map_err(AppError::first_invalid)?;
    let mut tx = db.begin_write().await?;
    let before = target_in(&mut tx, kind, priority).await?;
    sqlx::query(
        "UPDATE sla_targets SET first_response_amount = $1, first_response_unit = $2, next_response_amount = $3, \
         next_response_unit = $4, resolution_amount = $5, resolution_unit = $6, updated_at = $7 \
         WHERE kind = $8 AND priority = $9",
    )
    .bind(targets.first_response.amount)
    .bind(targets.first_response.unit.as_str())
    .bind(targets.next_response.amount)
    .bind(targets.next_response.unit.as_str())
    .bind(targets.resolution.amount)
    .bind(targets.resolution.unit.as_str())
    .bind(now_ms())
    .bind(kind.as_str())
    .bind(priority.as_str())
    .execute(&mut *tx)
    .await?;
    let after = target_in(&mut tx, kind, priority).await?;
    audit::record_change(
        &mut tx,
        staff_id,
        "rules.sla_target",
        serde_json::json!({ "before": before, "after": after }),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Sets the hours a claim stage may take.
pub async fn set_stage_commitment(
    db: &Db,
    staff_id: i64,
    stage: ClaimStage,
    hours: &str,
) -> Result<StageCommitmentSetting, AppError> {
    let hours = parse_commitment_hours(hours).map_err(|e| AppError::invalid("limit_hours", e))?;
    let mut tx = db.begin_write().await?;
    let before: Option<i64> = sqlx::query_scalar("SELECT limit_hours FROM claim_stage_commitments WHERE stage = $1")
        .bind(stage.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let before = before.ok_or(AppError::NotFound)?;
    sqlx::query("UPDATE claim_stage_commitments SET limit_hours = $1, updated_at = $2 WHERE stage = $3")
        .bind(hours)
        .bind(now_ms())
        .bind(stage.as_str())
        .execute(&mut *tx)
        .await?;
    let detail = serde_json::json!({ "stage": stage.as_str(), "before": { "limit_hours": before }, "after": { "limit_hours": hours } });
    audit::record_change(&mut tx, staff_id, "rules.stage_commitment", detail).await?;
    tx.commit().await?;
    Ok(StageCommitmentSetting {
        stage,
        limit_hours: hours,
    })
}

/// Sets the share of closed claims followed up and the calls before giving up.
pub async fn set_follow_up(db: &Db, staff_id: i64, sample: &str, attempts: &str) -> Result<(i64, i64), AppError> {
    let (sample, attempts) = check_follow_up_settings(sample, attempts).map_err(AppError::first_invalid)?;
    let mut tx = db.begin_write().await?;
    let before: FollowUpRow =
        sqlx::query_as("SELECT sample_percent, max_attempts FROM follow_up_settings WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query("UPDATE follow_up_settings SET sample_percent = $1, max_attempts = $2, updated_at = $3 WHERE id = 1")
        .bind(sample)
        .bind(attempts)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    let detail = serde_json::json!({
        "before": { "sample_percent": before.sample_percent, "max_attempts": before.max_attempts },
        "after": { "sample_percent": sample, "max_attempts": attempts },
    });
    audit::record_change(&mut tx, staff_id, "rules.follow_up", detail).await?;
    tx.commit().await?;
    Ok((sample, attempts))
}

async fn rule_in(tx: &mut Tx, code: PointsRule) -> Result<PointsRuleSetting, AppError> {
    let row: Option<RuleRow> =
        sqlx::query_as("SELECT code, points, per_period, active FROM points_rules WHERE code = $1")
            .bind(code.as_str())
            .fetch_optional(&mut **tx)
            .await?;
    let row = row.ok_or(AppError::NotFound)?;
    Ok(PointsRuleSetting {
        code: stored(PointsRule::parse(&row.code), "points rule")?,
        points: row.points,
        per_period: row.per_period,
        active: row.active != 0,
    })
}

/// Sets the points a rule earns and whether it earns at all.
pub async fn set_points_rule(
    db: &Db,
    staff_id: i64,
    code: PointsRule,
    points: &str,
    active: bool,
) -> Result<PointsRuleSetting, AppError> {
    let points = parse_rule_points(points).map_err(|e| AppError::invalid("points", e))?;
    let mut tx = db.begin_write().await?;
    let before = rule_in(&mut tx, code).await?;
    sqlx::query("UPDATE points_rules SET points = $1, active = $2, updated_at = $3 WHERE code = $4")
        .bind(points)
        .bind(i64::from(active))
        .bind(now_ms())
        .bind(code.as_str())
        .execute(&mut *tx)
        .await?;
    let after = rule_in(&mut tx, code).await?;
    audit::record_change(
        &mut tx,
        staff_id,
        "rules.points_rule",
        serde_json::json!({ "before": before, "after": after }),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Adds holidays (or make-up working days) for a run of days; a day the calendar already
/// names is refused (409 `calendar_day_taken`), so two overlapping holidays cannot both stand.
pub async fn add_calendar_days(
    db: &Db,
    staff_id: i64,
    fields: &CalendarDaysFields,
) -> Result<Vec<CalendarDay>, AppError> {
    let checked = check_calendar_days(fields).map_err(AppError::first_invalid)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let mut added = Vec::new();
    for day in &checked.days {
        let day = day.iso();
        let inserted = sqlx::query(
            "INSERT INTO calendar_exceptions (day, working, name_zh, name_en, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (day) DO NOTHING",
        )
        .bind(&day)
        .bind(i64::from(checked.working))
        .bind(&checked.name_zh)
        .bind(&checked.name_en)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            // Nothing of the run is kept: the transaction ends unfinished.
            return Err(AppError::conflict(
                "from",
                "calendar_day_taken",
                "One of these days is already in the calendar; remove it first",
            ));
        }
        added.push(CalendarDay {
            day,
            working: checked.working,
            name_zh: checked.name_zh.clone(),
            name_en: checked.name_en.clone(),
        });
    }
    audit::record_change(
        &mut tx,
        staff_id,
        "rules.calendar_add",
        serde_json::json!({ "before": null, "after": added }),
    )
    .await?;
    tx.commit().await?;
    Ok(added)
}

/// Takes a day out of the calendar (it follows its weekday again).
pub async fn remove_calendar_day(db: &Db, staff_id: i64, day: &str) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let before: Option<DayRow> =
        sqlx::query_as("SELECT day, working, name_zh, name_en FROM calendar_exceptions WHERE day = $1")
            .bind(day)
            .fetch_optional(&mut *tx)
            .await?;
    let before = before.ok_or(AppError::NotFound)?;
    sqlx::query("DELETE FROM calendar_exceptions WHERE day = $1")
        .bind(day)
        .execute(&mut *tx)
        .await?;
    let before = CalendarDay {
        day: before.day,
        working: before.working != 0,
        name_zh: before.name_zh,
        name_en: before.name_en,
    };
    audit::record_change(
        &mut tx,
        staff_id,
        "rules.calendar_remove",
        serde_json::json!({ "before": before, "after": null }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The targets of the published commitments in force: the admin's, or the published ones.
pub async fn service_targets(conn: &mut sqlx::AnyConnection) -> Result<Vec<ServiceTarget>, AppError> {
    #[derive(sqlx::FromRow)]
    struct ServiceTargetRow {
        measure: String,
        target: i64,
    }
    let rows: Vec<ServiceTargetRow> = sqlx::query_as("SELECT measure, target FROM service_targets")
        .fetch_all(conn)
        .await?;
    let set = rows
        .into_iter()
        .map(|r| {
            Ok(ServiceTarget {
                measure: stored(ServiceMeasure::parse(&r.measure), "service measure")?,
                target: r.target,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(targets_in_force(&set))
}

/// Sets the target of a published commitment; the board and the reports measure against
/// it from now on.
pub async fn set_service_target(
    db: &Db,
    staff_id: i64,
    measure: ServiceMeasure,
    input: &str,
) -> Result<ServiceTarget, AppError> {
    let target = parse_service_target(measure, input).map_err(|e| AppError::invalid("target", e))?;
    let mut tx = db.begin_write().await?;
    let before = service_targets(&mut tx)
        .await?
        .into_iter()
        .find(|t| t.measure == measure)
        .map(|t| t.target);
    let now = now_ms();
    sqlx::query(
        "INSERT INTO service_targets (measure, target, created_at, updated_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (measure) DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at",
    )
    .bind(measure.as_str())
    .bind(target)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let detail = serde_json::json!({
        "measure": measure.as_str(),
        "before": { "target": before },
        "after": { "target": target },
    });
    audit::record_change(&mut tx, staff_id, "rules.service_target", detail).await?;
    tx.commit().await?;
    Ok(ServiceTarget { measure, target })
}
