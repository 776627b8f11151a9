//! Reports over any period, from the facts' daily rollups: figures counted by hand from a
//! fixture of facts; the period before; filters; the day by day rows summing to the
//! totals; an agent's own work only; the work behind a number; the CSV; bad filters.

use reqwest::StatusCode;

use app::api::console::reports::{ReadServiceReport, ServiceReportWorkOrders};
use app::backend::platform::facts::{self, Dimensions, Fact};
use app::domain::calendar::{HOUR_MS, MINUTE_MS};
use app::domain::ServiceFact;
use app::error::AppError;
use app::model::reports::{ReportFilter, ServiceReport};

use crate::client::User;
use crate::fixtures::{opened_work_order, CustomerSpec};
use crate::harness::*;
use crate::on_both;

on_both!(
    a_month_is_counted_as_by_hand_and_compared_with_the_one_before,
    filters_narrow_every_figure_and_an_agent_sees_their_own_work,
    a_number_opens_the_work_orders_behind_it,
    the_report_exports_day_by_day_as_csv,
    bad_filters_are_refused_on_their_field,
);

/// 2026-01-31 23:50 in Shanghai (15:50 UTC): still January there.
const JANUARY_31_2350: i64 = 1_769_874_600_000;

fn month(from: &str) -> ReportFilter {
    ReportFilter {
        period: "month".into(),
        from: from.into(),
        ..ReportFilter::default()
    }
}

async fn report(user: &User<'_>, filter: ReportFilter) -> ServiceReport {
    user.call(ReadServiceReport { filter }).await.good()
}

/// The facts of a month nobody else touches (January 2026, and one in December 2025 and
/// one just after midnight on 1 February), in the service group, by the agent `staff_id`.
async fn january(app: &TestApp, service_group: i64, agent: i64, other_agent: i64) {
    let db = &app.app_state.db;
    let fact = |fact: ServiceFact, at: i64, channel: &str, vip: bool, staff_id: i64, value: i64, met: bool| Fact {
        fact,
        at,
        work_order_id: None,
        claim_id: None,
        dimensions: Dimensions {
            skill_group_id: service_group,
            staff_id,
            channel: channel.into(),
            kind: "consultation".into(),
            vip,
            ..Dimensions::default()
        },
        value,
        met,
    };
    let jan_10 = JANUARY_31_2350 - 21 * 24 * HOUR_MS;
    let facts = vec![
        // Five came in (one of them at 23:50 on the 31st, China time), one merged away.
        fact(ServiceFact::Created, jan_10, "phone", false, agent, 0, true),
        fact(ServiceFact::Created, jan_10 + HOUR_MS, "phone", true, agent, 0, true),
        fact(
            ServiceFact::Created,
            jan_10 + 2 * HOUR_MS,
            "portal",
            false,
            other_agent,
            0,
            true,
        ),
        fact(
            ServiceFact::Created,
            jan_10 + 3 * HOUR_MS,
            "portal",
            false,
            other_agent,
            0,
            true,
        ),
        fact(ServiceFact::Created, JANUARY_31_2350, "phone", false, agent, 0, true),
        fact(
            ServiceFact::Merged,
            jan_10 + 4 * HOUR_MS,
            "portal",
            false,
            other_agent,
            0,
            true,
        ),
        // Three first responses: 2, 4 and 12 minutes; the last one late.
        fact(
            ServiceFact::FirstResponse,
            jan_10 + 2 * MINUTE_MS,
            "phone",
            false,
            agent,
            2 * MINUTE_MS,
            true,
        ),
        fact(
            ServiceFact::FirstResponse,
            jan_10 + HOUR_MS + 4 * MINUTE_MS,
            "phone",
            true,
            agent,
            4 * MINUTE_MS,
            true,
        ),
        fact(
            ServiceFact::FirstResponse,
            jan_10 + 3 * HOUR_MS,
            "portal",
            false,
            other_agent,
            12 * MINUTE_MS,
            false,
        ),
        // Two resolved (one reopened later), three ratings: 5, 4 and 2 stars.
        fact(
            ServiceFact::Resolved,
            jan_10 + 5 * HOUR_MS,
            "phone",
            false,
            agent,
            5 * HOUR_MS,
            true,
        ),
        fact(
            ServiceFact::Resolved,
            jan_10 + 6 * HOUR_MS,
            "portal",
            false,
            other_agent,
            3 * HOUR_MS,
            true,
        ),
        fact(
            ServiceFact::Reopened,
            jan_10 + 30 * HOUR_MS,
            "portal",
            false,
            other_agent,
            24 * HOUR_MS,
            true,
        ),
        fact(ServiceFact::Rated, jan_10 + 7 * HOUR_MS, "phone", false, agent, 5, true),
        fact(ServiceFact::Rated, jan_10 + 8 * HOUR_MS, "phone", true, agent, 4, true),
        fact(
            ServiceFact::Rated,
            jan_10 + 9 * HOUR_MS,
            "portal",
            false,
            other_agent,
            2,
            false,
        ),
        // December: two came in, one first response of 6 minutes.
        fact(
            ServiceFact::Created,
            jan_10 - 20 * 24 * HOUR_MS,
            "phone",
            false,
            agent,
            0,
            true,
        ),
        fact(
            ServiceFact::Created,
            jan_10 - 19 * 24 * HOUR_MS,
            "phone",
            false,
            agent,
            0,
            true,
        ),
        fact(
            ServiceFact::FirstResponse,
            jan_10 - 19 * 24 * HOUR_MS,
            "phone",
            false,
            agent,
            6 * MINUTE_MS,
            true,
        ),
        // Ten minutes after midnight on 1 February, China time: February's.
        fact(
            ServiceFact::Created,
            JANUARY_31_2350 + 20 * MINUTE_MS,
            "phone",
            false,
            agent,
            0,
            true,
        ),
    ];
    let mut tx = db.begin_write().await.unwrap();
    for f in &facts {
        facts::record(&mut tx, f).await.unwrap();
    }
    tx.commit().await.unwrap();
    facts::roll_up(db).await.unwrap();
}

async fn group_id(app: &TestApp, code: &str) -> i64 {
    app.count(&format!("SELECT id FROM skill_groups WHERE code = '{code}'"))
        .await
}

async fn staff_id(app: &TestApp, username: &str) -> i64 {
    app.count(&format!("SELECT id FROM staff WHERE username = '{username}'"))
        .await
}

async fn a_month_is_counted_as_by_hand_and_compared_with_the_one_before(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (service, agent, other) = (
        group_id(&app, "service").await,
        staff_id(&app, "agent").await,
        staff_id(&app, "agent.wang").await,
    );
    january(&app, service, agent, other).await;
    let supervisor = app.as_supervisor().await;
    let r = report(&supervisor, month("2026-01-15")).await;
    assert_eq!((r.from.as_str(), r.to.as_str()), ("2026-01-01", "2026-01-31"));
    assert_eq!(
        (r.previous_from.as_str(), r.previous_to.as_str()),
        ("2025-12-01", "2025-12-31")
    );
    // Five came in, one was a duplicate: four. The one at 23:50 on the 31st is January's.
    assert_eq!(r.current.intake(), 4);
    let first = r.current.get(ServiceFact::FirstResponse);
    assert_eq!((first.n, first.met), (3, 2));
    assert_eq!(
        r.current.mean(ServiceFact::FirstResponse),
        Some(6 * MINUTE_MS),
        "(2 + 4 + 12) / 3"
    );
    assert_eq!(r.current.get(ServiceFact::Resolved).n, 2);
    assert_eq!(r.current.mean(ServiceFact::Resolved), Some(4 * HOUR_MS));
    assert_eq!(
        r.current.resolved_first_time(),
        1,
        "a reopening undoes a first-time resolution"
    );
    let rated = r.current.get(ServiceFact::Rated);
    assert_eq!((rated.n, rated.met), (3, 2), "4 and 5 stars are satisfied");
    // December, compared.
    assert_eq!(r.previous.intake(), 2);
    assert_eq!(r.previous.mean(ServiceFact::FirstResponse), Some(6 * MINUTE_MS));
    // Every day of January is a row, and the rows sum to the month.
    assert_eq!(r.days.len(), 31);
    assert_eq!(
        r.days.iter().map(|d| d.totals.intake()).sum::<i64>(),
        r.current.intake()
    );
    assert_eq!(
        r.days
            .iter()
            .map(|d| d.totals.get(ServiceFact::FirstResponse).n)
            .sum::<i64>(),
        first.n
    );
    assert_eq!(r.days[30].day, "2026-01-31");
    assert_eq!(r.days[30].totals.intake(), 1, "23:50 China time counts on the 31st");
    // February has the one ten minutes after midnight.
    assert_eq!(report(&supervisor, month("2026-02-01")).await.current.intake(), 1);
    // A week, a day and a quarter cover their own spans.
    let day = report(
        &supervisor,
        ReportFilter {
            period: "day".into(),
            from: "2026-01-31".into(),
            ..ReportFilter::default()
        },
    )
    .await;
    assert_eq!((day.current.intake(), day.previous_from.as_str()), (1, "2026-01-30"));
    let quarter = report(
        &supervisor,
        ReportFilter {
            period: "quarter".into(),
            from: "2026-02-20".into(),
            ..ReportFilter::default()
        },
    )
    .await;
    assert_eq!(
        (quarter.from.as_str(), quarter.to.as_str()),
        ("2026-01-01", "2026-03-31")
    );
    assert_eq!(quarter.current.intake(), 5);
    assert!(!r.own_only);
}

async fn filters_narrow_every_figure_and_an_agent_sees_their_own_work(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (service, agent, other) = (
        group_id(&app, "service").await,
        staff_id(&app, "agent").await,
        staff_id(&app, "agent.wang").await,
    );
    january(&app, service, agent, other).await;
    let supervisor = app.as_supervisor().await;
    let phone = report(
        &supervisor,
        ReportFilter {
            channel: "phone".into(),
            ..month("2026-01-15")
        },
    )
    .await;
    assert_eq!(phone.current.intake(), 3);
    assert_eq!(phone.current.get(ServiceFact::FirstResponse).n, 2);
    let vip = report(
        &supervisor,
        ReportFilter {
            vip: "vip".into(),
            ..month("2026-01-15")
        },
    )
    .await;
    assert_eq!((vip.current.intake(), vip.current.get(ServiceFact::Rated).n), (1, 1));
    let complaints = report(
        &supervisor,
        ReportFilter {
            group: "complaints".into(),
            ..month("2026-01-15")
        },
    )
    .await;
    assert_eq!(
        complaints.current.intake(),
        0,
        "the service group's work is not the complaints group's"
    );
    // 李静 (agent) sees her own work only, whatever she asks for.
    let own = report(&app.as_agent().await, month("2026-01-15")).await;
    assert!(own.own_only);
    assert_eq!(own.current.intake(), 3);
    assert_eq!(own.current.get(ServiceFact::Rated).n, 2);
    // Customers have no reports; nobody signed out has.
    assert_eq!(
        app.as_customer()
            .await
            .call(ReadServiceReport {
                filter: month("2026-01-15")
            })
            .await
            .error(),
        AppError::Forbidden
    );
    assert!(matches!(
        app.anonymous()
            .call(ReadServiceReport {
                filter: month("2026-01-15")
            })
            .await
            .error(),
        AppError::Unauthenticated
    ));
}

async fn a_number_opens_the_work_orders_behind_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let order_no = opened_work_order(&customer).await;
    facts::roll_up(&app.app_state.db).await.unwrap();
    let today = app::domain::calendar::insurer_date(app::backend::now_ms()).iso();
    let filter = ReportFilter {
        period: "day".into(),
        from: today.clone(),
        channel: "portal".into(),
        ..ReportFilter::default()
    };
    let supervisor = app.as_supervisor().await;
    let today_report = report(&supervisor, filter.clone()).await;
    assert!(today_report.current.intake() >= 1);
    let behind = supervisor
        .call(ServiceReportWorkOrders {
            filter: filter.clone(),
            fact: ServiceFact::Created,
            before: None,
        })
        .await
        .good();
    assert!(
        behind.items.iter().any(|w| w.order_no == order_no),
        "{:?}",
        behind.items
    );
    let page = app::backend::reports::service_report::BEHIND_PAGE as i64;
    assert_eq!(
        behind.items.len() as i64,
        today_report.current.get(ServiceFact::Created).n.min(page),
        "the list behind the number is the number"
    );
    // A claim fact has no work orders behind it; a cursor not handed out is refused.
    supervisor
        .call(ServiceReportWorkOrders {
            filter: filter.clone(),
            fact: ServiceFact::ClaimReported,
            before: None,
        })
        .await
        .invalid("fact_not_work_orders", "fact");
    supervisor
        .call(ServiceReportWorkOrders {
            filter,
            fact: ServiceFact::Created,
            before: Some("yesterday".into()),
        })
        .await
        .invalid("cursor_malformed", "before");
}

async fn the_report_exports_day_by_day_as_csv(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (service, agent, other) = (
        group_id(&app, "service").await,
        staff_id(&app, "agent").await,
        staff_id(&app, "agent.wang").await,
    );
    january(&app, service, agent, other).await;
    let (status, headers, body) = app
        .as_supervisor()
        .await
        .get("/api/console/service_report.csv?period=month&from=2026-01-15&channel=phone")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = String::from_utf8(body).unwrap();
    assert!(text.starts_with("\u{feff}day,intake,first_responses"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 31 + 1, "the header, each day, the month: {text}");
    assert!(
        lines[32].starts_with("\"2026-01-01..2026-01-31\",3,2,3,2"),
        "{}",
        lines[32]
    );
    let (status, _, _) = app
        .as_customer()
        .await
        .get("/api/console/service_report.csv?period=month&from=2026-01-15")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn bad_filters_are_refused_on_their_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let supervisor = app.as_supervisor().await;
    let refused = |filter: ReportFilter| supervisor.call(ReadServiceReport { filter });
    refused(ReportFilter {
        period: "year".into(),
        ..month("2026-01-15")
    })
    .await
    .invalid("report_period_invalid", "period");
    refused(month("2026/01/15")).await.invalid("date_invalid", "from");
    refused(ReportFilter {
        period: "custom".into(),
        from: "2026-01-15".into(),
        to: "2026-01-01".into(),
        ..ReportFilter::default()
    })
    .await
    .invalid("date_range_invalid", "to");
    refused(ReportFilter {
        period: "custom".into(),
        from: "2024-01-01".into(),
        to: "2026-01-01".into(),
        ..ReportFilter::default()
    })
    .await
    .invalid("report_period_too_long", "to");
    refused(ReportFilter {
        group: "nobody".into(),
        ..month("2026-01-15")
    })
    .await
    .invalid("group_unknown", "group");
    refused(ReportFilter {
        channel: "pigeon".into(),
        ..month("2026-01-15")
    })
    .await
    .invalid("channel_invalid", "channel");
    refused(ReportFilter {
        vip: "gold".into(),
        ..month("2026-01-15")
    })
    .await
    .invalid("vip_invalid", "vip");
}
