//! Service-level deadlines as the desk shows them: time left (or overdue) with a tone, the
//! same states the server counts with (`domain::service_level::DeadlineState`).

use leptos::prelude::*;

use crate::components::format::format_instant;
use crate::domain::calendar::{DAY_MS, HOUR_MS, MINUTE_MS};
use crate::domain::service_level::DeadlineState;
use crate::i18n::{fill, t, t_args, use_i18n};

/// A span short enough to read at a glance, in the reader's language: `2天3小时`, `3小时05分`,
/// `12分钟` / `2d 3h`, `3h 05m`, `12m`.
pub fn span_text(ms: i64) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let ms = ms.abs();
    if ms >= DAY_MS {
        t_args(
            "span.short_days_hours",
            vec![
                ("d", (ms / DAY_MS).to_string()),
                ("h", ((ms % DAY_MS) / HOUR_MS).to_string()),
            ],
        )
    } else if ms >= HOUR_MS {
        t_args(
            "span.short_hours_minutes",
            vec![
                ("h", (ms / HOUR_MS).to_string()),
                ("m", format!("{:02}", (ms % HOUR_MS) / MINUTE_MS)),
            ],
        )
    } else {
        t_args("span.short_minutes", vec![("m", (ms / MINUTE_MS).max(1).to_string())])
    }
}

/// A span's text as the queues keep it beside their lines.
pub type SpanText = std::sync::Arc<dyn Fn() -> String + Send + Sync>;

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
pub fn time_left(due: Option<i64>, now: i64) -> (&'static str, Option<SpanText>) {
    use crate::domain::service_level::DUE_SOON_MS;
    match due {
        None => ("muted", None),
        Some(due) if due <= now => {
            let late = span_text(now - due);
            ("bad", Some(std::sync::Arc::new(move || format!("−{}", late()))))
        }
        Some(due) if due - now <= DUE_SOON_MS => ("warn", Some(std::sync::Arc::new(span_text(due - now)))),
        Some(due) => ("info", Some(std::sync::Arc::new(span_text(due - now)))),
    }
}

/// `key`'s text with the span `ms` in the reader's language as `{name}`, following a switch
/// of language.
pub fn in_words(key: &'static str, name: &'static str, ms: i64) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    let span = span_text(ms);
    move || fill(i18n.locale.get().text(key), &[(name, span())])
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
            Box::new(in_words("work_orders.desk.deadline_in", "left", due - now)),
        ),
        DeadlineState::DueSoon { due } => (
            "warn",
            Box::new(in_words("work_orders.desk.deadline_in", "left", due - now)),
        ),
        DeadlineState::Breached { due } => (
            "bad",
            Box::new(in_words("work_orders.desk.deadline_overdue", "late", now - due)),
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
