//! `/console?view=…`: the desk. The queue views with their counts, the agent's presence,
//! "take next", and the queue itself (VIP first, earliest deadline first) with every
//! deadline's time left. Keyboard: j/k move, Enter opens, n takes next, ? shows the keys.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::deadline::time_left;
use super::shortcuts::on_shortcut;
use crate::api::console::work_orders::{
    mark_alerts_read, my_alerts, set_my_status, take_next_work_order, work_order_queue,
};
use crate::components::badge::{TierBadge, VipOrderBadge, WorkOrderStatusBadge};
use crate::components::form::Submit;
use crate::components::format::format_instant;
use crate::components::live::on_live_change;
use crate::components::page::Page;
use crate::components::states::{error_text, Loaded};
use crate::components::timer::every;
use crate::domain::service_level::view_count_label;
use crate::domain::{Priority, QueueView, StaffAlertKind, StaffStatus};
use crate::error::AppError;
use crate::i18n::{t, t_args, t_dyn, use_i18n};
use crate::locale::Locale;
use crate::model::live::LiveChange;
use crate::model::work_orders::{Queue, QueueItem, SkillGroup};
use crate::routes;

/// How often the queue refreshes itself without news: deadlines come due with the clock.
/// Changes themselves (new work, a reply, an assignment, an alert) arrive live.
const REFRESH_MS: u64 = 60_000;

pub fn group_name(group: &SkillGroup, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => group.name_zh.clone(),
        Locale::En => group.name_en.clone(),
    }
}

#[component]
pub fn DeskPage() -> impl IntoView {
    let query = use_query_map();
    let view = move || {
        query
            .read()
            .get("view")
            .and_then(|v| QueueView::parse(&v))
            .unwrap_or(QueueView::Mine)
    };
    // Where a work order just passed out of the caller's reach went (`routes::console::desk_after_transfer`).
    let transferred = move || {
        let query = query.read();
        Some((query.get("transferred")?, query.get("to")?))
    };
    let tick = RwSignal::new(0u32);
    let queue = LocalResource::new(move || {
        tick.track();
        work_order_queue(view().as_str().to_string())
    });
    // Counts and lines stay current while the desk is open.
    every(std::time::Duration::from_millis(REFRESH_MS), move || {
        tick.update(|n| *n += 1)
    });
    on_live_change(
        |change| matches!(change, LiveChange::WorkOrder { .. } | LiveChange::Alerts),
        move || tick.update(|n| *n += 1),
    );
    let help = RwSignal::new(false);
    let selected = RwSignal::new(0usize);
    let taking = Submit::default();
    let navigate = use_navigate();
    let take_next = {
        let navigate = navigate.clone();
        move || {
            let navigate = navigate.clone();
            let request = async move {
                let taken = take_next_work_order().await;
                // Whatever happened, the queue shown is refreshed.
                tick.update(|n| *n += 1);
                taken?.ok_or_else(|| AppError::conflict("work_order", "queue_empty", "The queues are empty"))
            };
            taking.send(request, move |order_no| {
                navigate(&routes::console::work_order(&order_no), Default::default())
            });
        }
    };
    let items = move || queue.get().and_then(Result::ok).map(|q| q.items).unwrap_or_default();
    {
        let take_next = take_next.clone();
        let navigate = navigate.clone();
        on_shortcut(move |key| {
            let count = items().len();
            match key {
                "j" | "ArrowDown" if count > 0 => selected.update(|i| *i = (*i + 1).min(count - 1)),
                "k" | "ArrowUp" => selected.update(|i| *i = i.saturating_sub(1)),
                "Enter" => {
                    if let Some(item) = items().get(selected.get_untracked()) {
                        navigate(&routes::console::work_order(&item.order_no), Default::default());
                    }
                }
                "n" => take_next(),
                "?" => help.update(|h| *h = !*h),
                "Escape" => help.set(false),
                _ => return false,
            }
            true
        });
    }

    view! {
        <Page title="work_orders.desk.title" class="page page-wide">
            <div class="desk">
                <aside class="desk-views" aria-label=t("work_orders.desk.views")>
                    <DeskViews queue view=Signal::derive(view)/>
                    <AlertsPanel tick/>
                </aside>
                <section class="desk-main" aria-labelledby="desk-title">
                    <header class="desk-head">
                        <h1 id="desk-title">{move || t_dyn(view().label_key())()}</h1>
                        <div class="desk-actions">
                            {move || queue.get().and_then(Result::ok).map(|q| view! { <PresenceControl queue=q tick/> })}
                            <button
                                type="button"
                                class="button button-primary"
                                on:click={
                                    let take_next = take_next.clone();
                                    move |_| take_next()
                                }
                                disabled=move || taking.sending()
                                aria-keyshortcuts="n"
                            >
                                {t("work_orders.desk.take_next")}
                                <kbd>"N"</kbd>
                            </button>
                            <button type="button" class="button button-ghost" on:click=move |_| help.set(true) aria-keyshortcuts="?">
                                {t("work_orders.desk.keys")}
                            </button>
                        </div>
                    </header>
                    {move || transferred().map(|(order_no, to)| view! {
                        <div class="banner banner-success" role="status">
                            {t_args("work_orders.desk.transferred_away", vec![("order_no", order_no), ("to", to)])}
                        </div>
                    })}
                    {move || taking.banner.get().map(|error| {
                        let text = error_text(&error);
                        view! { <div class="banner banner-info" role="status">{text}</div> }
                    })}
                    <Loaded
                        resource=queue
                        empty_when=|q: &Queue| q.items.is_empty()
                        empty_title="work_orders.desk.empty_title"
                        empty_hint="work_orders.desk.empty_hint"
                        let:queue
                    >
                        <QueueTable queue selected/>
                    </Loaded>
                </section>
            </div>
            <Show when=move || help.get()>
                <KeyHelp close=Callback::new(move |_| help.set(false))/>
            </Show>
        </Page>
    }
}

#[component]
fn DeskViews(queue: LocalResource<Result<Queue, AppError>>, view: Signal<QueueView>) -> impl IntoView {
    let counts = move || queue.get().and_then(Result::ok).map(|q| q.counts);
    QueueView::ALL
        .iter()
        .map(|v| {
            let v = *v;
            let count = move || counts().and_then(|c| c.of(v));
            let hidden = move || counts().is_some() && count().is_none();
            let tone = match v {
                QueueView::Breached => "count-bad",
                QueueView::DueSoon => "count-warn",
                _ => "",
            };
            view! {
                <A
                    href=routes::console::queue(v.as_str())
                    attr:class="desk-view"
                    attr:aria-current=move || (view.get() == v).then_some("page")
                    attr:hidden=hidden
                >
                    <span>{t_dyn(v.label_key())}</span>
                    <span class=move || format!("desk-count {}", if count().unwrap_or(0) > 0 { tone } else { "" })>{move || count().map(view_count_label).unwrap_or_default()}</span>
                </A>
            }
        })
        .collect_view()
}

/// The caller's unread alerts: deadlines due soon or breached, work assigned, customers'
/// replies; refreshed with the queue.
#[component]
fn AlertsPanel(tick: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let alerts = LocalResource::new(move || {
        tick.track();
        my_alerts()
    });
    let marking = Submit::default();
    let mark_all = move |_| marking.send(mark_alerts_read(None), move |()| tick.update(|n| *n += 1));
    view! {
        {move || alerts.get().and_then(Result::ok).map(|a| {
            let unread: Vec<_> = a.items.into_iter().filter(|x| !x.read).take(6).collect();
            view! {
                <section class="alerts" aria-labelledby="alerts-title">
                    <h2 id="alerts-title" class="alerts-title">
                        {t("work_orders.desk.alerts")}
                        <span class={if a.unread > 0 { "desk-count count-bad" } else { "desk-count" }}>{a.unread}</span>
                    </h2>
                    {if unread.is_empty() {
                        view! { <p class="muted alerts-empty">{t("work_orders.desk.alerts_none")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="alerts-list">
                                {unread.into_iter().map(|alert| {
                                    let id = alert.id;
                                    let at = alert.at;
                                    let tone = match alert.kind {
                                        StaffAlertKind::Breached => "bad",
                                        StaffAlertKind::DueSoon => "warn",
                                        _ => "info",
                                    };
                                    view! {
                                        <li class=format!("alert alert-{tone}")>
                                            <A
                                                href=alert.link.clone().unwrap_or_else(|| routes::console::work_order(&alert.subject))
                                                on:click=move |_| leptos::task::spawn_local(async move { let _ = mark_alerts_read(Some(id)).await; })
                                            >
                                                <span class="alert-kind">{t_dyn(alert.kind.label_key())}</span>
                                                <span class="mono">{alert.subject.clone()}</span>
                                            </A>
                                            <time>{move || format_instant(at, i18n.locale.get())}</time>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {marking.banner_view()}
                            <button type="button" class="button button-small button-secondary" disabled=move || marking.sending() on:click=mark_all>{t("work_orders.desk.alerts_read_all")}</button>
                        }.into_any()
                    }}
                </section>
            }
        })}
    }
}

#[component]
fn PresenceControl(queue: Queue, tick: RwSignal<u32>) -> impl IntoView {
    let presence = queue.presence;
    let form = Submit::default();
    let on_change = move |ev: leptos::ev::Event| {
        form.send(set_my_status(event_target_value(&ev)), move |_| {
            tick.update(|n| *n += 1)
        });
    };
    view! {
        <label class="presence">
            <span class=format!("presence-dot presence-{}", presence.status.as_str()) aria-hidden="true"></span>
            <span class="visually-hidden">{t("work_orders.desk.my_status")}</span>
            <select on:change=on_change disabled=move || form.sending() aria-label=t("work_orders.desk.my_status")>
                {StaffStatus::ALL.iter().map(|s| {
                    let selected = *s == presence.status;
                    view! { <option value=s.as_str() selected=selected>{t_dyn(s.label_key())}</option> }
                }).collect_view()}
            </select>
            <span class="presence-load">
                {t_args("work_orders.desk.load", vec![("load", presence.load.to_string()), ("capacity", presence.capacity.to_string())])}
            </span>
            {form.banner_view()}
        </label>
    }
}

#[component]
fn QueueTable(queue: Queue, selected: RwSignal<usize>) -> impl IntoView {
    let now = queue.now;
    let more = queue.more;
    let rows = queue
        .items
        .into_iter()
        .enumerate()
        .map(|(index, item)| view! { <QueueRow item index now selected/> })
        .collect_view();
    view! {
        <table class="table desk-table">
            <thead>
                <tr>
                    <th scope="col">{t("work_orders.desk.col_order")}</th>
                    <th scope="col">{t("work_orders.desk.col_customer")}</th>
                    <th scope="col">{t("work_orders.desk.col_kind")}</th>
                    <th scope="col">{t("work_orders.desk.col_status")}</th>
                    <th scope="col">{t("work_orders.desk.col_group")}</th>
                    <th scope="col">{t("work_orders.desk.col_assignee")}</th>
                    <th scope="col" class="num">{t("work_orders.desk.col_due")}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {more.then(|| view! { <p class="muted desk-more">{t("work_orders.desk.more")}</p> })}
    }
}

#[component]
fn QueueRow(item: QueueItem, index: usize, now: i64, selected: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let href = routes::console::work_order(&item.order_no);
    let (due_tone, due_text) = time_left(item.next_due, now);
    let due_text = move || match &due_text {
        Some(left) => left(),
        None => i18n.locale.get().text("work_orders.desk.deadline_paused"),
    };
    let group = item.group.clone();
    view! {
        <tr
            class="desk-row"
            class:selected=move || selected.get() == index
            class:vip=item.priority == Priority::Vip
            on:mouseenter=move |_| selected.set(index)
        >
            <td>
                <A href=href.clone() attr:class="desk-subject">
                    <VipOrderBadge priority=item.priority tier=item.vip_tier/>
                    {item.subject.clone()}
                </A>
                <div class="desk-meta mono">
                    {item.order_no.clone()}
                    {item.customer_waiting.then(|| view! { <span class="waiting">{t("work_orders.desk.customer_waiting")}</span> })}
                </div>
            </td>
            <td>
                <span class="name-with-badge">{item.customer_name.clone()} <TierBadge tier=item.vip_tier/></span>
                <div class="desk-meta">{t_dyn(item.channel.label_key())}</div>
            </td>
            <td>{t_dyn(item.kind.label_key())}</td>
            <td><WorkOrderStatusBadge status=item.status staff=true/></td>
            <td>{move || group.as_ref().map(|g| group_name(g, i18n.locale.get())).unwrap_or_else(|| "—".into())}</td>
            <td>{item.assignee.clone().unwrap_or_else(|| "—".into())}</td>
            <td class=format!("num due due-{due_tone}")>{due_text}</td>
        </tr>
    }
}

#[component]
pub fn KeyHelp(close: Callback<()>) -> impl IntoView {
    let keys = [
        ("J / ↓", "work_orders.desk.key_down"),
        ("K / ↑", "work_orders.desk.key_up"),
        ("Enter", "work_orders.desk.key_open"),
        ("N", "work_orders.desk.key_take_next"),
        ("R", "work_orders.desk.key_reply"),
        ("I", "work_orders.desk.key_note"),
        ("?", "work_orders.desk.key_help"),
    ];
    view! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="keys-title" on:click=move |_| close.run(())>
            <div class="card overlay-card" on:click=|ev| ev.stop_propagation()>
                <h2 id="keys-title">{t("work_orders.desk.keys_title")}</h2>
                <dl class="keys">
                    {keys.into_iter().map(|(key, label)| view! {
                        <div><dt><kbd>{key}</kbd></dt><dd>{t(label)}</dd></div>
                    }).collect_view()}
                </dl>
                <button type="button" class="button button-secondary" on:click=move |_| close.run(())>{t("work_orders.desk.close")}</button>
            </div>
        </div>
    }
}
