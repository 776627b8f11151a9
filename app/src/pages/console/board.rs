//! `/console/board`: the supervisors' live board, their landing page. Today's commitments
//! against their targets (first response, service level, satisfaction, intake), each skill
//! group's waiting, at-risk and breached work, the agents by presence, and the claims desk
//! per stage. It moves by itself: the server tells it over the live stream when its process
//! has aggregated the board again (one aggregation for every viewer of the process).

use leptos::prelude::*;
use leptos_router::components::A;

use super::claims::StageStrip;
use super::deadline::span_words;
use crate::api::console::reports::live_board;
use crate::components::format::{browser_now_ms, format_instant};
use crate::components::live::on_live_change;
use crate::components::page::Page;
use crate::components::states::Loaded;
use crate::components::timer::every;
use crate::domain::service_targets::ServiceTarget;
use crate::domain::{Channel, ServiceMeasure, StaffStatus, Standing, WorkOrderKind};
use crate::i18n::{t, t_args, t_dyn, use_i18n};
use crate::model::board::{AgentOnBoard, GroupLoad, Intake, ServiceBoard};
use crate::model::live::LiveChange;
use crate::routes;

/// The board re-reads itself this often without news (the server aggregates again at
/// least every 15 s while anyone watches); news arrives live.
const REFRESH_MS: u64 = 15_000;
/// Waits and times in a presence count up between reads.
const CLOCK_MS: u64 = 5_000;

#[component]
pub fn BoardPage() -> impl IntoView {
    let tick = RwSignal::new(0u32);
    let board = LocalResource::new(move || {
        tick.track();
        live_board()
    });
    every(std::time::Duration::from_millis(REFRESH_MS), move || {
        tick.update(|n| *n += 1)
    });
    on_live_change(|change| *change == LiveChange::Board, move || tick.update(|n| *n += 1));
    // The server's clock, carried forward by the browser's between reads.
    let clock = RwSignal::new(browser_now_ms());
    every(std::time::Duration::from_millis(CLOCK_MS), move || {
        clock.set(browser_now_ms())
    });
    let i18n = use_i18n();
    let updated = move || {
        board.get().and_then(Result::ok).map(|b| {
            t_args(
                "board.updated",
                vec![("at", format_instant(b.computed_at, i18n.locale.get()))],
            )()
        })
    };
    view! {
        <Page title="board.title" class="page page-wide">
            <header class="desk-head">
                <h1>{t("board.title")}</h1>
                <p class="muted board-updated">
                    <span class="live-dot" aria-hidden="true"></span>
                    {updated}
                </p>
            </header>
            <Loaded resource=board let:board>
                <Board board clock/>
            </Loaded>
        </Page>
    }
}

#[component]
fn Board(board: ServiceBoard, clock: RwSignal<i64>) -> impl IntoView {
    // How far the server's clock is from the browser's, so ages read by the server's.
    let skew = browser_now_ms() - board.computed_at;
    let now = Signal::derive(move || clock.get() - skew);
    view! {
        <section class="board-section" aria-labelledby="board-today">
            <h2 id="board-today" class="board-title">{t("board.today")}</h2>
            <TodayTiles board=board.clone()/>
        </section>
        <section class="board-section" aria-labelledby="board-groups">
            <h2 id="board-groups" class="board-title">{t("board.groups")}</h2>
            <GroupTable groups=board.groups.clone() now/>
        </section>
        <div class="board-columns">
            <section class="board-section" aria-labelledby="board-agents">
                <h2 id="board-agents" class="board-title">{t("board.agents")}</h2>
                <AgentList agents=board.agents.clone() offline=board.offline now/>
            </section>
            <section class="board-section" aria-labelledby="board-intake">
                <h2 id="board-intake" class="board-title">{t("board.intake")}</h2>
                <IntakeBars board=board.clone()/>
            </section>
        </div>
        <section class="board-section" aria-labelledby="board-claims">
            <h2 id="board-claims" class="board-title">
                <A href=routes::console::claims()>{t("board.claims")}</A>
            </h2>
            <StageStrip stages=board.claim_stages.clone()/>
        </section>
    }
}

/// `87.5%`, to one decimal.
pub(super) fn percent(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "—".into();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

/// Met / at risk / missed, in words and colour.
#[component]
pub(super) fn StandingBadge(standing: Option<Standing>) -> impl IntoView {
    standing.map(|s| {
        view! { <span class=format!("badge standing standing-{}", s.as_str())>{t_dyn(s.label_key())}</span> }
    })
}

/// What the measure means, beside it.
#[component]
pub(super) fn Definition(measure: ServiceMeasure) -> impl IntoView {
    view! {
        <details class="measure-definition">
            <summary>{t("board.definition")}</summary>
            <p>{t_dyn(measure.definition_key())}</p>
        </details>
    }
}

/// "Target ≥ 85%" / "Target ≤ 3 min".
pub(super) fn target_text(target: ServiceTarget) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    use crate::domain::service_targets::TargetUnit;
    let key = match target.measure.unit() {
        TargetUnit::PercentAtLeast => "board.target_percent",
        TargetUnit::MinutesAtMost => "board.target_minutes",
        TargetUnit::HoursAtMost => "board.target_hours",
    };
    t_args(key, vec![("target", target.target.to_string())])
}

#[component]
fn TodayTiles(board: ServiceBoard) -> impl IntoView {
    let response = board.first_response;
    let average_target = board.target(ServiceMeasure::AverageResponse);
    let level_target = board.target(ServiceMeasure::ServiceLevel);
    let satisfaction_target = board.target(ServiceMeasure::Satisfaction);
    let span = |ms: Option<i64>| -> Box<dyn Fn() -> String + Send + Sync> {
        match ms {
            Some(ms) => Box::new(span_words(ms)),
            None => Box::new(|| "—".to_string()),
        }
    };
    view! {
        <div class="board-tiles">
            <div class="card board-tile">
                <span class="tile-label">{t("board.intake_today")}</span>
                <span class="tile-value">{board.intake_total()}</span>
                <span class="tile-note">{t_args("board.answered_today", vec![("count", response.count.to_string())])}</span>
            </div>
            <div class="card board-tile">
                <span class="tile-label">{t("board.first_response")}</span>
                <span class="tile-value">{span(response.mean_ms)}</span>
                <span class="tile-note">
                    {t("board.median")} " " {span(response.median_ms)} " · P90 " {span(response.p90_ms)}
                </span>
                <span class="tile-target">
                    {target_text(average_target)}
                    <StandingBadge standing=average_target.time_standing(response.mean_ms)/>
                </span>
                <Definition measure=ServiceMeasure::AverageResponse/>
            </div>
            <div class="card board-tile">
                <span class="tile-label">{t("board.service_level")}</span>
                <span class="tile-value">{percent(board.first_response_met, response.count)}</span>
                <span class="tile-note">{t_args("board.met_of", vec![("met", board.first_response_met.to_string()), ("count", response.count.to_string())])}</span>
                <span class="tile-target">
                    {target_text(level_target)}
                    <StandingBadge standing=level_target.share_standing(board.first_response_met, response.count)/>
                </span>
                <Definition measure=ServiceMeasure::ServiceLevel/>
            </div>
            <div class="card board-tile">
                <span class="tile-label">{t("board.satisfaction")}</span>
                <span class="tile-value">{percent(board.satisfied, board.rated)}</span>
                <span class="tile-note">{t_args("board.satisfied_of", vec![("satisfied", board.satisfied.to_string()), ("rated", board.rated.to_string())])}</span>
                <span class="tile-target">
                    {target_text(satisfaction_target)}
                    <StandingBadge standing=satisfaction_target.share_standing(board.satisfied, board.rated)/>
                </span>
                <Definition measure=ServiceMeasure::Satisfaction/>
            </div>
        </div>
    }
}

#[component]
fn GroupTable(groups: Vec<GroupLoad>, now: Signal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = groups
        .into_iter()
        .map(|g| {
            let name = {
                let (zh, en) = (g.group.name_zh.clone(), g.group.name_en.clone());
                move || i18n.locale.get().pick(&zh, &en).to_string()
            };
            let since = g.longest_waiting_since;
            let longest = move || match since {
                Some(since) => span_words(now.get() - since)(),
                None => "—".to_string(),
            };
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td class="num">{g.waiting + g.waiting_vip}</td>
                    <td class="num">{(g.waiting_vip > 0).then(|| view! { <span class="badge badge-vip">{g.waiting_vip}</span> })}</td>
                    <td class="num">{longest}</td>
                    <td class="num" class:count-warn={g.at_risk > 0}>{g.at_risk}</td>
                    <td class="num" class:count-bad={g.breached > 0}>{g.breached}</td>
                    <td class="num">{g.open}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="table board-table">
                <thead>
                    <tr>
                        <th scope="col">{t("board.col_group")}</th>
                        <th scope="col" class="num">{t("board.col_waiting")}</th>
                        <th scope="col" class="num">{t("board.col_waiting_vip")}</th>
                        <th scope="col" class="num">{t("board.col_longest")}</th>
                        <th scope="col" class="num">{t("board.col_at_risk")}</th>
                        <th scope="col" class="num">{t("board.col_breached")}</th>
                        <th scope="col" class="num">{t("board.col_open")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p class="muted board-legend">
            {t("board.groups_legend")} " "
            <A href=routes::console::queue("breached")>{t("board.open_breached")}</A>
        </p>
    }
}

#[component]
fn AgentList(agents: Vec<AgentOnBoard>, offline: i64, now: Signal<i64>) -> impl IntoView {
    let count = |status: StaffStatus| agents.iter().filter(|a| a.status == status).count() as i64;
    let summary = [
        (StaffStatus::Available, count(StaffStatus::Available)),
        (StaffStatus::Busy, count(StaffStatus::Busy)),
        (StaffStatus::Away, count(StaffStatus::Away)),
        (StaffStatus::Offline, offline),
    ]
    .into_iter()
    .map(|(status, n)| {
        view! {
            <li class="presence-count">
                <span class=format!("presence-dot presence-{}", status.as_str()) aria-hidden="true"></span>
                {t_dyn(status.label_key())} " " <strong>{n}</strong>
            </li>
        }
    })
    .collect_view();
    let empty = agents.is_empty();
    let rows = agents
        .into_iter()
        .map(|a| {
            let since = a.since;
            let in_state = move || since.map(|s| span_words(now.get() - s)()).unwrap_or_else(|| "—".into());
            let full = a.capacity > 0 && a.load >= a.capacity;
            let fill = if a.capacity > 0 { (a.load * 100 / a.capacity).min(100) } else { 100 };
            view! {
                <tr>
                    <th scope="row">{a.name.clone()}</th>
                    <td>
                        <span class="name-with-badge">
                            <span class=format!("presence-dot presence-{}", a.status.as_str()) aria-hidden="true"></span>
                            {t_dyn(a.status.label_key())}
                        </span>
                    </td>
                    <td class="num">{in_state}</td>
                    <td class="num">
                        <span class="load-meter" class:load-full=full aria-hidden="true"><span style:width=format!("{fill}%")></span></span>
                        {format!("{} / {}", a.load, a.capacity)}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ul class="presence-summary">{summary}</ul>
        {if empty {
            view! { <p class="muted">{t("board.no_agents")}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll board-agents">
                    <table class="table board-table">
                        <thead>
                            <tr>
                                <th scope="col">{t("board.col_agent")}</th>
                                <th scope="col">{t("board.col_presence")}</th>
                                <th scope="col" class="num">{t("board.col_in_state")}</th>
                                <th scope="col" class="num">{t("board.col_load")}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

/// Today's count for each of `keys` that had any (a channel, a kind), in the keys' order,
/// by its label key.
fn totals<K: Copy + PartialEq>(
    board: &ServiceBoard,
    keys: &[K],
    key_of: fn(&Intake) -> K,
    label_key: fn(K) -> String,
) -> Vec<(String, i64)> {
    keys.iter()
        .map(|&k| {
            let n = board
                .intake
                .iter()
                .filter(|i| key_of(i) == k)
                .map(|i| i.count)
                .sum::<i64>();
            (label_key(k), n)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Today's intake by channel and by kind, as bars with their numbers (a table in all but
/// looks: each bar is labelled with its count).
#[component]
fn IntakeBars(board: ServiceBoard) -> impl IntoView {
    let total = board.intake_total();
    if total == 0 {
        return view! { <p class="muted">{t("board.no_intake")}</p> }.into_any();
    }
    let by_channel = totals(&board, Channel::ALL, |i| i.channel, Channel::label_key);
    let by_kind = totals(&board, WorkOrderKind::ALL, |i| i.kind, WorkOrderKind::label_key);
    let bars = move |rows: Vec<(String, i64)>, label: &'static str| {
        let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
        view! {
            <table class="bars">
                <caption class="bars-caption">{t(label)}</caption>
                <tbody>
                    {rows.into_iter().map(|(key, n)| view! {
                        <tr>
                            <th scope="row">{t_dyn(key)}</th>
                            <td class="bar-cell"><span class="bar" style:width=format!("{}%", n * 100 / max)></span></td>
                            <td class="num">{n}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    };
    view! {
        <div class="intake-bars">
            {bars(by_channel, "board.by_channel")}
            {bars(by_kind, "board.by_kind")}
        </div>
    }
    .into_any()
}
