//! Service-level deadlines as the desk shows them: time left (or overdue) with a tone, the
//! same states the server counts with (`domain::service_level::DeadlineState`).

use leptos::prelude::*;

use crate::components::format::format_instant;
use crate::domain::calendar::{DAY_MS, HOUR_MS, MINUTE_MS};
use crate::domain::service_level::DeadlineState;
use crate::i18n::{t, t_args, use_i18n};

/// `2d 3h`, `3h 05m`, `12m`: a span short enough to read at a glance.
pub fn span_text(ms: i64) -> String {
    let ms = ms.abs();
    if ms >= DAY_MS {
        format!("{}d {}h", ms / DAY_MS, (ms % DAY_MS) / HOUR_MS)
    } else if ms >= HOUR_MS {
        format!("{}h {:02}m", ms / HOUR_MS, (ms % HOUR_MS) / MINUTE_MS)
    } else {
        format!("{}m", (ms / MINUTE_MS).max(1))
    }
}

/// A span in the reader's language, to the unit that matters: `2小时50分` / `2 h 50 min`,
/// down to seconds for the short waits the board measures.
pub fn span_words(ms: i64) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    use crate::domain::calendar::SECOND_MS;
    let ms = ms.abs();
    let n = |v: i64| v.to_string();
    if ms >= DAY_MS {
        t_args(
            "span.days_hours",
            vec![("d", n(ms / DAY_MS)), ("h", n((ms % DAY_MS) / HOUR_MS))],
        )
    } else if ms >= HOUR_MS {
        t_args(
            "span.hours_minutes",
            vec![("h", n(ms / HOUR_MS)), ("m", n((ms % HOUR_MS) / MINUTE_MS))],
        )
    } else if ms >= MINUTE_MS {
        t_args(
            "span.minutes_seconds",
            vec![("m", n(ms / MINUTE_MS)), ("s", n((ms % MINUTE_MS) / SECOND_MS))],
        )
    } else {
        t_args("span.seconds", vec![("s", n(ms / SECOND_MS))])
    }
}

/// The time left until `due` with a tone for the queues: overdue (`−3h 05m`), due soon,
/// running, or none.
pub fn time_left(due: Option<i64>, now: i64) -> (&'static str, Option<String>) {
    use crate::domain::service_level::DUE_SOON_MS;
    match due {
        None => ("muted", None),
        Some(due) if due <= now => ("bad", Some(format!("−{}", span_text(now - due)))),
        Some(due) if due - now <= DUE_SOON_MS => ("warn", Some(span_text(due - now))),
        Some(due) => ("info", Some(span_text(due - now))),
    }
}

/// One deadline: a label, then "in 3h 05m" / "overdue 12m" / "met" / "paused", with the
/// due time on hover.
#[component]
pub fn Deadline(label: &'static str, state: DeadlineState, now: i64) -> impl IntoView {
    let i18n = use_i18n();
    let (tone, text): (&str, Box<dyn Fn() -> String + Send + Sync>) = match state {
        DeadlineState::None => ("muted", Box::new(|| "—".to_string())),
        DeadlineState::Met { late: false, .. } => ("good", Box::new(t("work_orders.desk.deadline_met"))),
        DeadlineState::Met { late: true, .. } => ("warn", Box::new(t("work_orders.desk.deadline_met_late"))),
        DeadlineState::Paused => ("muted", Box::new(t("work_orders.desk.deadline_paused"))),
        DeadlineState::Running { due } => (
            "info",
            Box::new(t_args(
                "work_orders.desk.deadline_in",
                vec![("left", span_text(due - now))],
            )),
        ),
        DeadlineState::DueSoon { due } => (
            "warn",
            Box::new(t_args(
                "work_orders.desk.deadline_in",
                vec![("left", span_text(due - now))],
            )),
        ),
        DeadlineState::Breached { due } => (
            "bad",
            Box::new(t_args(
                "work_orders.desk.deadline_overdue",
                vec![("late", span_text(now - due))],
            )),
        ),
    };
    let due = match state {
        DeadlineState::Running { due } | DeadlineState::DueSoon { due } | DeadlineState::Breached { due } => Some(due),
        DeadlineState::Met { at, .. } => Some(at),
        _ => None,
    };
    view! {
        <div class=format!("deadline deadline-{tone}")>
            <span class="deadline-label">{t(label)}</span>
            <span class="deadline-value" title=move || due.map(|d| format_instant(d, i18n.locale.get())).unwrap_or_default()>
                {text}
            </span>
        </div>
    }
}
