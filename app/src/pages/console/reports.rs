//! `/console/reports`: the service over any period (a day, week, month, quarter, or a span of
//! up to 13 months) against the period before and the published targets, filtered by group,
//! channel, kind and VIP; each number opens the work orders behind it; the days as a table;
//! exported as CSV. An agent sees their own work. The filter lives in the address, so a
//! report can be bookmarked and sent.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::board::{percent, target_text, Definition, StandingBadge};
use super::deadline::span_words;
use super::desk::group_name;
use crate::api::console::reports::{read_service_report, service_report_work_orders};
use crate::components::badge::WorkOrderStatusBadge;
use crate::components::form::{FieldErrors, FormField, SelectField};
use crate::components::format::{format_instant, today_local};
use crate::components::page::Page;
use crate::components::paging::{MorePages, ShowMorePages};
use crate::components::states::{EmptyState, ErrorBanner, Loading};
use crate::domain::service_targets::ServiceTarget;
use crate::domain::{Channel, Money, ReportPeriod, ServiceFact, ServiceMeasure, Standing, WorkOrderKind};
use crate::error::AppError;
use crate::i18n::{t, t_args, t_dyn, use_i18n};
use crate::model::reports::{FactTotals, ReportFilter, ReportWorkOrder, ServiceReport};
use crate::routes::{self, encode_component};

/// The filter in the address, `?period=month&from=2026-12-01&…`.
fn filter_query(f: &ReportFilter) -> String {
    format!(
        "period={}&from={}&to={}&group={}&channel={}&kind={}&vip={}",
        encode_component(&f.period),
        encode_component(&f.from),
        encode_component(&f.to),
        encode_component(&f.group),
        encode_component(&f.channel),
        encode_component(&f.kind),
        encode_component(&f.vip)
    )
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    // What the address asks for; this month until the reader chooses.
    let asked = move || {
        query.with(|q| {
            let get = |k: &str| q.get(k).unwrap_or_default();
            ReportFilter {
                period: Some(get("period"))
                    .filter(|p| !p.is_empty())
                    .unwrap_or_else(|| "month".into()),
                from: Some(get("from")).filter(|p| !p.is_empty()).unwrap_or_else(today_local),
                to: get("to"),
                group: get("group"),
                channel: get("channel"),
                kind: get("kind"),
                vip: get("vip"),
            }
        })
    };
    let first = asked();
    let period = RwSignal::new(first.period.clone());
    let from = RwSignal::new(first.from.clone());
    let to = RwSignal::new(first.to.clone());
    let group = RwSignal::new(first.group.clone());
    let channel = RwSignal::new(first.channel.clone());
    let kind = RwSignal::new(first.kind.clone());
    let vip = RwSignal::new(first.vip.clone());
    let errors = FieldErrors::default();
    let report = LocalResource::new(move || {
        let filter = asked();
        async move { read_service_report(filter).await }
    });
    // A report the server refused puts its reason beside the field.
    let banner = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        if let Some(Err(e)) = report.get() {
            banner.set(errors.absorb(e));
        }
    });
    let drill = RwSignal::new(None::<ServiceFact>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        banner.set(None);
        drill.set(None);
        let f = ReportFilter {
            period: period.get_untracked(),
            from: from.get_untracked(),
            to: to.get_untracked(),
            group: group.get_untracked(),
            channel: channel.get_untracked(),
            kind: kind.get_untracked(),
            vip: vip.get_untracked(),
        };
        navigate(
            &format!("{}?{}", routes::console::reports(), filter_query(&f)),
            Default::default(),
        );
    };
    let i18n = use_i18n();
    let csv_href = move || format!("/api/console/service_report.csv?{}", filter_query(&asked()));
    let choices = |keys: Vec<(String, String)>| {
        Signal::derive(move || {
            keys.iter()
                .map(|(value, key)| (value.clone(), i18n.locale.get().text(key)))
                .collect::<Vec<_>>()
        })
    };
    let periods = choices(
        ReportPeriod::ALL
            .iter()
            .map(|p| (p.as_str().to_string(), p.label_key()))
            .collect(),
    );
    let channels = choices(
        Channel::ALL
            .iter()
            .map(|c| (c.as_str().to_string(), c.label_key()))
            .collect(),
    );
    let kinds = choices(
        WorkOrderKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), k.label_key()))
            .collect(),
    );
    let vips = choices(vec![
        ("vip".into(), "reports.vip_only".into()),
        ("normal".into(), "reports.normal_only".into()),
    ]);
    let groups = Signal::derive(move || {
        report
            .get()
            .and_then(Result::ok)
            .map(|r| {
                r.groups
                    .iter()
                    .map(|g| (g.code.clone(), group_name(g, i18n.locale.get())))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    view! {
        <Page title="reports.title" class="page page-wide">
            <header class="page-head page-head-row">
                <div>
                    <h1>{t("reports.title")}</h1>
                    <p class="muted">{t("reports.lead")}</p>
                </div>
                <a class="button button-secondary" href=csv_href rel="external" download>
                    {t("reports.export_csv")}
                </a>
            </header>
            <form class="card report-filter" on:submit=on_submit novalidate aria-label=t("reports.filter")>
                {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
                <SelectField name="period" label="reports.period" value=period errors options=periods placeholder="reports.period_choose"/>
                <FormField name="from" label="reports.from" value=from errors input_type="date" hint="reports.from_hint"/>
                {move || (period.get() == "custom").then(|| view! {
                    <FormField name="to" label="reports.to" value=to errors input_type="date"/>
                })}
                <SelectField name="group" label="reports.group" value=group errors options=groups placeholder="reports.all_groups"/>
                <SelectField name="channel" label="reports.channel" value=channel errors options=channels placeholder="reports.all_channels"/>
                <SelectField name="kind" label="reports.kind" value=kind errors options=kinds placeholder="reports.all_kinds"/>
                <SelectField name="vip" label="reports.vip" value=vip errors options=vips placeholder="reports.all_customers"/>
                <div class="button-row">
                    <button type="submit" class="button button-primary">{t("reports.show")}</button>
                </div>
            </form>
            {move || match report.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(_)) => view! { <EmptyState title="reports.unavailable" hint="reports.unavailable_hint"/> }.into_any(),
                Some(Ok(r)) => view! { <Report report=r drill filter=asked()/> }.into_any(),
            }}
        </Page>
    }
}

/// A number that opens the work orders behind it.
#[component]
fn DrillNumber(value: i64, fact: ServiceFact, drill: RwSignal<Option<ServiceFact>>) -> impl IntoView {
    if value == 0 {
        return view! { <span>"0"</span> }.into_any();
    }
    view! {
        <button type="button" class="link-button report-drill" aria-pressed=move || (drill.get() == Some(fact)).to_string()
            on:click=move |_| drill.set(Some(fact))>
            {value}
        </button>
    }
    .into_any()
}

/// How this period's count compares with the last: `▲ 12%` / `▼ 3%` / `—`.
fn change(now: i64, before: i64) -> String {
    match (now, before) {
        (_, 0) => "—".into(),
        (n, b) if n == b => "0%".into(),
        (n, b) => {
            let pct = (n - b) * 100 / b;
            format!("{} {}%", if n > b { "▲" } else { "▼" }, pct.abs())
        }
    }
}

fn mean_text(totals: &FactTotals, fact: ServiceFact) -> Box<dyn Fn() -> String + Send + Sync> {
    match totals.mean(fact) {
        Some(ms) => Box::new(span_words(ms)),
        None => Box::new(|| "—".to_string()),
    }
}

#[component]
fn Report(report: ServiceReport, drill: RwSignal<Option<ServiceFact>>, filter: ReportFilter) -> impl IntoView {
    let now = report.current.clone();
    let before = report.previous.clone();
    let first = now.get(ServiceFact::FirstResponse);
    let first_before = before.get(ServiceFact::FirstResponse);
    let resolved = now.get(ServiceFact::Resolved);
    let resolved_before = before.get(ServiceFact::Resolved);
    let rated = now.get(ServiceFact::Rated);
    let rated_before = before.get(ServiceFact::Rated);
    let target = |m: ServiceMeasure| report.target(m);
    let level = target(ServiceMeasure::ServiceLevel);
    let average = target(ServiceMeasure::AverageResponse);
    let resolution = target(ServiceMeasure::ResolutionRate);
    let satisfaction = target(ServiceMeasure::Satisfaction);
    let count_row = |key: &'static str, fact: ServiceFact, value: i64, previous: i64| {
        view! {
            <tr>
                <th scope="row">{t(key)}</th>
                <td class="num"><DrillNumber value fact drill/></td>
                <td class="num muted">{previous}</td>
                <td class="num">{change(value, previous)}</td>
                <td></td>
                <td></td>
            </tr>
        }
    };
    let measured_row = |key: &'static str,
                        value: Box<dyn Fn() -> String + Send + Sync>,
                        previous: Box<dyn Fn() -> String + Send + Sync>,
                        target: ServiceTarget,
                        standing: Option<Standing>| {
        view! {
            <tr>
                <th scope="row">
                    {t(key)}
                    <Definition measure=target.measure/>
                </th>
                <td class="num">{value}</td>
                <td class="num muted">{previous}</td>
                <td></td>
                <td class="num">{target_text(target)}</td>
                <td><StandingBadge standing/></td>
            </tr>
        }
    };
    let share = |part: i64, whole: i64| -> Box<dyn Fn() -> String + Send + Sync> {
        let text = percent(part, whole);
        Box::new(move || text.clone())
    };
    let intake = now.intake();
    let own = report.own_only;
    view! {
        <p class="report-span">
            {t_args("reports.span", vec![
                ("from", report.from.clone()), ("to", report.to.clone()),
                ("previous_from", report.previous_from.clone()), ("previous_to", report.previous_to.clone()),
            ])}
            {own.then(|| view! { " " <span class="badge badge-info">{t("reports.own_only")}</span> })}
        </p>
        <section class="card report-section" aria-labelledby="report-work">
            <h2 id="report-work">{t("reports.work_orders")}</h2>
            <div class="table-scroll">
                <table class="table report-table">
                    <thead>
                        <tr>
                            <th scope="col">{t("reports.col_measure")}</th>
                            <th scope="col" class="num">{t("reports.col_this")}</th>
                            <th scope="col" class="num">{t("reports.col_before")}</th>
                            <th scope="col" class="num">{t("reports.col_change")}</th>
                            <th scope="col" class="num">{t("reports.col_target")}</th>
                            <th scope="col">{t("reports.col_standing")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {count_row("reports.intake", ServiceFact::Created, intake, before.intake())}
                        {count_row("reports.first_responses", ServiceFact::FirstResponse, first.n, first_before.n)}
                        {measured_row("reports.first_response_mean", mean_text(&now, ServiceFact::FirstResponse),
                            mean_text(&before, ServiceFact::FirstResponse), average, average.time_standing(now.mean(ServiceFact::FirstResponse)))}
                        {measured_row("reports.first_response_in_time", share(first.met, first.n), share(first_before.met, first_before.n),
                            level, level.share_standing(first.met, first.n))}
                        {count_row("reports.resolved", ServiceFact::Resolved, resolved.n, resolved_before.n)}
                        <tr>
                            <th scope="row">{t("reports.resolution_mean")}</th>
                            <td class="num">{mean_text(&now, ServiceFact::Resolved)}</td>
                            <td class="num muted">{mean_text(&before, ServiceFact::Resolved)}</td>
                            <td></td><td></td><td></td>
                        </tr>
                        {measured_row("reports.resolution_rate", share(resolved.n, intake), share(resolved_before.n, before.intake()),
                            resolution, resolution.share_standing(resolved.n, intake))}
                        <tr>
                            <th scope="row">
                                {t("reports.first_time")}
                                <details class="measure-definition">
                                    <summary>{t("board.definition")}</summary>
                                    <p>{t("reports.first_time_definition")}</p>
                                </details>
                            </th>
                            <td class="num">{percent(now.resolved_first_time(), resolved.n)}</td>
                            <td class="num muted">{percent(before.resolved_first_time(), resolved_before.n)}</td>
                            <td></td><td></td><td></td>
                        </tr>
                        {count_row("reports.reopened", ServiceFact::Reopened, now.get(ServiceFact::Reopened).n, before.get(ServiceFact::Reopened).n)}
                        {count_row("reports.transferred", ServiceFact::Transferred, now.get(ServiceFact::Transferred).n, before.get(ServiceFact::Transferred).n)}
                        {count_row("reports.rated", ServiceFact::Rated, rated.n, rated_before.n)}
                        {measured_row("reports.satisfaction", share(rated.met, rated.n), share(rated_before.met, rated_before.n),
                            satisfaction, satisfaction.share_standing(rated.met, rated.n))}
                    </tbody>
                </table>
            </div>
            <p class="muted report-note">{t("reports.drill_hint")}</p>
        </section>
        {move || drill.get().map(|fact| view! { <Behind fact filter=filter.clone() drill/> })}
        <ClaimsSection report=report.clone()/>
        <DaysSection report/>
    }
}

#[component]
fn ClaimsSection(report: ServiceReport) -> impl IntoView {
    let c = report.claims.clone();
    let b = report.previous_claims.clone();
    let row = |key: &'static str, now: String, before: String| {
        view! {
            <tr>
                <th scope="row">{t(key)}</th>
                <td class="num">{now}</td>
                <td class="num muted">{before}</td>
            </tr>
        }
    };
    view! {
        <section class="card report-section" aria-labelledby="report-claims">
            <h2 id="report-claims">{t("reports.claims")}</h2>
            <table class="table report-table report-table-narrow">
                <thead>
                    <tr>
                        <th scope="col">{t("reports.col_measure")}</th>
                        <th scope="col" class="num">{t("reports.col_this")}</th>
                        <th scope="col" class="num">{t("reports.col_before")}</th>
                    </tr>
                </thead>
                <tbody>
                    {row("reports.claims_reported", c.reported.to_string(), b.reported.to_string())}
                    {row("reports.claims_paid", c.paid.to_string(), b.paid.to_string())}
                    {row("reports.claims_refused", c.refused.to_string(), b.refused.to_string())}
                    {row("reports.claims_paid_amount", Money::from_fen(c.paid_fen).to_string(), Money::from_fen(b.paid_fen).to_string())}
                    {row("reports.claims_stages_in_time", percent(c.stages_left_in_time, c.stages_left), percent(b.stages_left_in_time, b.stages_left))}
                </tbody>
            </table>
            <p class="muted report-note">{t("reports.claims_note")}</p>
        </section>
    }
}

/// Each day of the span: new work as bars with their numbers, first responses in time,
/// resolutions and satisfaction (the chart and its table in one).
#[component]
fn DaysSection(report: ServiceReport) -> impl IntoView {
    let max = report.days.iter().map(|d| d.totals.intake()).max().unwrap_or(0).max(1);
    let rows = report
        .days
        .into_iter()
        .map(|d| {
            let totals = &d.totals;
            let first = totals.get(ServiceFact::FirstResponse);
            let rated = totals.get(ServiceFact::Rated);
            let resolved = totals.get(ServiceFact::Resolved).n;
            let intake = totals.intake();
            view! {
                <tr>
                    <th scope="row" class="mono">{d.day.clone()}</th>
                    <td class="bar-cell"><span class="bar" style:width=format!("{}%", intake * 100 / max)></span></td>
                    <td class="num">{intake}</td>
                    <td class="num">{first.n}</td>
                    <td class="num">{percent(first.met, first.n)}</td>
                    <td class="num">{resolved}</td>
                    <td class="num">{percent(rated.met, rated.n)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card report-section" aria-labelledby="report-days">
            <h2 id="report-days">{t("reports.days")}</h2>
            // Scrolls on its own when the span is long: focusable, so keys scroll it too.
            <div class="table-scroll report-days" tabindex="0" role="region" aria-labelledby="report-days">
                <table class="table report-table">
                    <thead>
                        <tr>
                            <th scope="col">{t("reports.col_day")}</th>
                            <th scope="col"><span class="visually-hidden">{t("reports.intake")}</span></th>
                            <th scope="col" class="num">{t("reports.intake")}</th>
                            <th scope="col" class="num">{t("reports.first_responses")}</th>
                            <th scope="col" class="num">{t("reports.first_response_in_time")}</th>
                            <th scope="col" class="num">{t("reports.resolved")}</th>
                            <th scope="col" class="num">{t("reports.satisfaction")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The work orders behind a number, a page at a time.
#[component]
fn Behind(fact: ServiceFact, filter: ReportFilter, drill: RwSignal<Option<ServiceFact>>) -> impl IntoView {
    let i18n = use_i18n();
    let first = {
        let filter = filter.clone();
        LocalResource::new(move || service_report_work_orders(filter.clone(), fact, None))
    };
    let more = MorePages::<ReportWorkOrder>::default();
    Effect::new(move |_| {
        if let Some(Ok(page)) = first.get() {
            more.restart(page.next);
        }
    });
    let shown = StoredValue::new(filter);
    let read_more = move || {
        let filter = shown.get_value();
        more.read_next(move |before| service_report_work_orders(filter, fact, before));
    };
    let timed = matches!(
        fact,
        ServiceFact::FirstResponse | ServiceFact::Resolved | ServiceFact::Reopened
    );
    view! {
        <section class="card report-section report-behind" aria-labelledby="report-behind">
            <div class="page-head-row">
                <h2 id="report-behind">{t_args("reports.behind", vec![("measure", i18n.locale.get_untracked().text(&format!("service_fact.{}", fact.as_str())))])}</h2>
                <button type="button" class="button button-secondary button-small" on:click=move |_| drill.set(None)>{t("reports.close")}</button>
            </div>
            {move || match first.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorBanner error/> }.into_any(),
                Some(Ok(page)) if page.items.is_empty() => view! { <p class="muted">{t("reports.behind_empty")}</p> }.into_any(),
                Some(Ok(page)) => {
                    let list = more.after(&page.items);
                    view! {
                        <div class="table-scroll">
                            <table class="table report-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{t("reports.col_order")}</th>
                                        <th scope="col">{t("reports.col_subject")}</th>
                                        <th scope="col">{t("reports.kind")}</th>
                                        <th scope="col">{t("reports.group")}</th>
                                        <th scope="col">{t("reports.col_status")}</th>
                                        <th scope="col">{t("reports.col_when")}</th>
                                        {timed.then(|| view! { <th scope="col" class="num">{t("reports.col_took")}</th> })}
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.into_iter().map(|w| {
                                        let at = w.at;
                                        let group = w.group.clone();
                                        view! {
                                            <tr>
                                                <td class="mono"><a href=routes::console::work_order(&w.order_no)>{w.order_no.clone()}</a></td>
                                                <td>{w.subject.clone()}</td>
                                                <td>{t_dyn(w.kind.label_key())}</td>
                                                <td>{move || group.as_ref().map(|g| group_name(g, i18n.locale.get())).unwrap_or_else(|| "—".into())}</td>
                                                <td><WorkOrderStatusBadge status=w.status staff=true/></td>
                                                <td class="nowrap">{move || format_instant(at, i18n.locale.get())}</td>
                                                {timed.then(|| view! {
                                                    <td class="num" class:count-bad=!w.met>{span_words(w.value)}</td>
                                                })}
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            }}
            <ShowMorePages more on_more=read_more/>
        </section>
    }
}
