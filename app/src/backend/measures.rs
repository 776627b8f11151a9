//! One definition per measure. What "open", "active", "overdue", "due soon", "a handler's
//! load", "first response", "resolved", "reopened" and "satisfied" mean is written here
//! once, as SQL over the columns that record them, and used by every screen and sweep that
//! shows or acts on them: the desk and its counts, the staff alerts, the claims desk, the
//! assignment of new work, and the reports. Each is a fragment for a `WHERE` or a column
//! list, on the table alias the caller names; the tests below pin each down.
//!
//! This area imports nothing: it stands right on the platform so that every area may use it.

/// A work order is *active* (someone's work) while open, in progress or awaiting the
/// customer: it counts toward its handler's load and is listed on the desk.
pub fn work_order_active(w: &str) -> String {
    format!("{w}.status IN ('open', 'in_progress', 'awaiting_customer')")
}

/// A work order is *open* (waiting on the service centre, its deadline running) while open
/// or in progress; awaiting the customer pauses it.
pub fn work_order_open(w: &str) -> String {
    format!("{w}.status IN ('open', 'in_progress')")
}

/// A work order is *finished* once resolved or closed.
pub fn work_order_finished(w: &str) -> String {
    format!("{w}.status IN ('resolved', 'closed')")
}

/// *Overdue* (breached): open, and its earliest running deadline (`next_due`) is at or
/// before `now` (the SQL parameter or expression given).
pub fn work_order_overdue(w: &str, now: &str) -> String {
    format!(
        "({} AND {w}.next_due IS NOT NULL AND {w}.next_due <= {now})",
        work_order_open(w)
    )
}

/// *Due soon*: open, and its earliest running deadline falls after `now` and at or before
/// `soon` (now plus `domain::service_level::DUE_SOON_MS`).
pub fn work_order_due_soon(w: &str, now: &str, soon: &str) -> String {
    format!(
        "({} AND {w}.next_due > {now} AND {w}.next_due <= {soon})",
        work_order_open(w)
    )
}

/// *Waiting*: open and nobody has taken it yet (merged duplicates are not work).
pub fn work_order_waiting(w: &str) -> String {
    format!(
        "({} AND {w}.assignee_staff_id IS NULL AND {w}.merged_into_id IS NULL)",
        work_order_open(w)
    )
}

/// *Due soon*, as `work_order_due_soon`, written on `next_due + 0`: the expression
/// `work_orders_unassigned_due_idx` holds, so a count reads that index by the range of the
/// window (and the queue's ordered pages, which write `next_due`, never do).
pub fn work_order_due_soon_by_range(w: &str, now: &str, soon: &str) -> String {
    format!(
        "({} AND {w}.next_due + 0 > {now} AND {w}.next_due + 0 <= {soon})",
        work_order_open(w)
    )
}

/// A handler's *load*: the active work orders assigned to the member of staff `staff_id`
/// (an SQL expression), as a subquery.
pub fn handler_load(staff_id: &str) -> String {
    format!(
        "(SELECT COUNT(*) FROM work_orders l WHERE l.assignee_staff_id = {staff_id} AND {})",
        work_order_active("l")
    )
}

/// *First response*: the first reply to the customer (`first_response_at`), *met* when it
/// came by its deadline.
pub fn first_response_met(w: &str) -> String {
    format!("({w}.first_response_at IS NOT NULL AND {w}.first_response_at <= {w}.first_response_due)")
}

/// *Resolved*: the work order has a resolution time (resolved, or closed after it).
pub fn work_order_resolved(w: &str) -> String {
    format!("{w}.resolved_at IS NOT NULL")
}

/// *Reopened*: the customer took a resolved work order up again (a `reopened` event).
pub fn work_order_reopened(w: &str) -> String {
    format!("EXISTS (SELECT 1 FROM work_order_events e WHERE e.work_order_id = {w}.id AND e.kind = 'reopened')")
}

/// *Satisfied*: a rating of four or five stars (out of five).
pub fn satisfied(score: &str) -> String {
    format!("{score} >= {}", crate::domain::service_targets::SATISFIED_FROM_STARS)
}

/// A claim is *open* until closed (paid or refused).
pub fn claim_open(c: &str) -> String {
    format!("{c}.stage <> 'closed'")
}

/// A claim is *overdue in its stage* when it has been there longer than the stage's
/// commitment (`claim_stage_commitments`, joined as `k`; a stage without one never is).
pub fn claim_stage_overdue(c: &str, k: &str, now: &str) -> String {
    format!("({k}.limit_hours IS NOT NULL AND {c}.stage_entered_at + {k}.limit_hours * 3600000 < {now})")
}

/// The same for the claims of one stage whose commitment is `limit_ms`, written on
/// `stage_entered_at` alone so that an index on it answers without reading each claim.
pub fn claim_in_stage_overdue(c: &str, limit_ms: i64, now: &str) -> String {
    format!("{c}.stage_entered_at < {now} - {limit_ms}")
}

/// A claims handler's *load*: the open claims they handle.
pub fn claims_handler_load(staff_id: &str) -> String {
    format!(
        "(SELECT COUNT(*) FROM claims l WHERE l.handler_staff_id = {staff_id} AND {})",
        claim_open("l")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_measure_reads_as_its_definition() {
        assert_eq!(
            work_order_active("w"),
            "w.status IN ('open', 'in_progress', 'awaiting_customer')"
        );
        assert_eq!(
            work_order_overdue("w", "$2"),
            "(w.status IN ('open', 'in_progress') AND w.next_due IS NOT NULL AND w.next_due <= $2)"
        );
        assert_eq!(
            work_order_due_soon("w", "$2", "$3"),
            "(w.status IN ('open', 'in_progress') AND w.next_due > $2 AND w.next_due <= $3)"
        );
        assert!(handler_load("s.id").contains("l.assignee_staff_id = s.id AND l.status IN"));
        assert_eq!(claim_open("cl"), "cl.stage <> 'closed'");
        assert_eq!(satisfied("r.score"), "r.score >= 4");
        assert!(work_order_reopened("w").contains("e.work_order_id = w.id AND e.kind = 'reopened'"));
        assert_eq!(
            claim_stage_overdue("cl", "k", "$1"),
            "(k.limit_hours IS NOT NULL AND cl.stage_entered_at + k.limit_hours * 3600000 < $1)"
        );
        // The same bound for one stage, on `stage_entered_at` alone.
        assert_eq!(
            claim_in_stage_overdue("cl", 86_400_000, "$1"),
            "cl.stage_entered_at < $1 - 86400000"
        );
    }
}
