//! Service rules set by admins (issue 11): targets, claim stage commitments, the follow-up
//! sample, points earning rules and the business calendar; each holds at once, bad values
//! are refused field by field, and only admins change them.

use app::api::admin::catalog::{
    CreateSkillGroup, DeleteSkillGroup, ListVipServices, ReadCatalog, ReadRouting, SetCoverage, SetProduct, SetRoute,
    SetVipService,
};
use app::api::admin::rules::{
    AddCalendarDays, ReadServiceRules, RemoveCalendarDay, SetFollowUpSettings, SetPointsRule, SetSlaTargets,
    SetStageCommitment,
};
use app::api::portal::members::MemberStatus;
use app::api::portal::points::CheckIn;
use app::domain::service_level::Span;
use app::domain::{
    CalendarDaysFields, ClaimStage, Money, PointsRule, Priority, SlaTargetFields, SlaUnit, SpanFields, WorkOrderKind,
};
use app::error::AppError;

use crate::fixtures::CustomerSpec;
use crate::harness::*;
use crate::on_both;

on_both!(
    an_admin_changes_each_rule_and_it_holds_at_once,
    bad_rules_are_refused_field_by_field_and_nothing_changes,
    holidays_cannot_overlap_and_can_be_removed,
    only_admins_change_rules,
    an_admin_edits_products_and_their_coverages,
    routing_follows_the_admin_and_a_group_in_use_stays,
    vip_services_follow_the_admin,
);

fn span(amount: &str, unit: &str) -> SpanFields {
    SpanFields {
        amount: amount.into(),
        unit: unit.into(),
    }
}

fn targets(first: &str) -> SetSlaTargets {
    SetSlaTargets {
        kind: WorkOrderKind::Complaint,
        priority: Priority::Normal,
        targets: SlaTargetFields {
            first_response: span(first, "business_hours"),
            next_response: span("4", "business_hours"),
            resolution: span("3", "working_days"),
        },
    }
}

async fn an_admin_changes_each_rule_and_it_holds_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let before = admin.call(ReadServiceRules {}).await.good();
    assert!(!before.sla_targets.is_empty() && !before.points_rules.is_empty());
    assert_eq!(
        before.stage_commitments[0].stage,
        ClaimStage::Reported,
        "in the order claims go"
    );

    let set = admin.call(targets("２")).await.good();
    assert_eq!(set.targets.first_response, Span::new(2, SlaUnit::BusinessHours));
    let stage = admin
        .call(SetStageCommitment {
            stage: ClaimStage::Surveyed,
            limit_hours: "48".into(),
        })
        .await
        .good();
    assert_eq!(stage.limit_hours, 48);
    assert_eq!(
        admin
            .call(SetFollowUpSettings {
                sample_percent: "50".into(),
                max_attempts: "2".into(),
            })
            .await
            .good(),
        (50, 2)
    );
    // The monthly check-in earns what the rule now says, on the next check-in.
    admin
        .call(SetPointsRule {
            code: PointsRule::MonthlySignIn,
            points: "25".into(),
            active: true,
        })
        .await
        .good();
    let member = app.new_customer(CustomerSpec::default()).await;
    assert_eq!(member.sign_in(&app).await.call(CheckIn {}).await.good(), 25);

    let after = admin.call(ReadServiceRules {}).await.good();
    let complaint = after
        .sla_targets
        .iter()
        .find(|t| t.kind == WorkOrderKind::Complaint && t.priority == Priority::Normal)
        .unwrap();
    assert_eq!(complaint.targets.resolution, Span::new(3, SlaUnit::WorkingDays));
    assert_eq!((after.follow_up_sample_percent, after.follow_up_max_attempts), (50, 2));
    for action in [
        "rules.sla_target",
        "rules.stage_commitment",
        "rules.follow_up",
        "rules.points_rule",
    ] {
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"))
                .await,
            1,
            "{action}"
        );
    }
    let detail = app
        .text("SELECT detail FROM audit_log WHERE action = 'rules.points_rule'")
        .await;
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["before"]["points"], 10);
    assert_eq!(detail["after"]["points"], 25);
}

async fn bad_rules_are_refused_field_by_field_and_nothing_changes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let before = admin.call(ReadServiceRules {}).await.good();
    let audits = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'rules.%'")
        .await;

    // A target of zero would make every new complaint overdue at once.
    admin
        .call(targets("0"))
        .await
        .invalid("sla_target_invalid", "first_response");
    let mut weeks = targets("2");
    weeks.targets.resolution = span("2", "weeks");
    admin.call(weeks).await.invalid("sla_target_invalid", "resolution");
    admin
        .call(SetStageCommitment {
            stage: ClaimStage::Surveyed,
            limit_hours: "0".into(),
        })
        .await
        .invalid("commitment_hours_invalid", "limit_hours");
    admin
        .call(SetFollowUpSettings {
            sample_percent: "101".into(),
            max_attempts: "3".into(),
        })
        .await
        .invalid("sample_percent_invalid", "sample_percent");
    admin
        .call(SetFollowUpSettings {
            sample_percent: "30".into(),
            max_attempts: "0".into(),
        })
        .await
        .invalid("max_attempts_invalid", "max_attempts");
    admin
        .call(SetPointsRule {
            code: PointsRule::SurveyCompleted,
            points: "0".into(),
            active: true,
        })
        .await
        .invalid("rule_points_invalid", "points");
    // A stage with no commitment (closed) is not one to set.
    assert_eq!(
        admin
            .call(SetStageCommitment {
                stage: ClaimStage::Closed,
                limit_hours: "5".into(),
            })
            .await
            .error(),
        AppError::NotFound
    );

    assert_eq!(admin.call(ReadServiceRules {}).await.good(), before);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'rules.%'")
            .await,
        audits
    );
}

fn days(from: &str, to: &str) -> AddCalendarDays {
    AddCalendarDays {
        days: CalendarDaysFields {
            from: from.into(),
            to: to.into(),
            working: false,
            name_zh: "国庆节".into(),
            name_en: "National Day".into(),
        },
    }
}

async fn holidays_cannot_overlap_and_can_be_removed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let added = admin.call(days("2027-10-01", "2027-10-07")).await.good();
    assert_eq!(added.len(), 7);
    let listed = admin.call(ReadServiceRules {}).await.good().calendar_days;
    assert!(listed.iter().any(|d| d.day == "2027-10-07" && !d.working));

    // Overlapping the holiday just added, or New Year's Day the calendar has: refused whole.
    admin
        .call(days("2027-10-05", "2027-10-09"))
        .await
        .conflict("calendar_day_taken");
    admin
        .call(days("2026-12-31", "2027-01-01"))
        .await
        .conflict("calendar_day_taken");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM calendar_exceptions WHERE day IN ('2027-10-08', '2027-10-09', '2026-12-31')")
            .await,
        0,
        "nothing of a refused run is kept"
    );
    admin
        .call(days("2027-10-07", "2027-10-01"))
        .await
        .invalid("calendar_span_invalid", "to");
    admin.call(days("2027-13-01", "")).await.invalid("date_invalid", "from");

    admin
        .call(RemoveCalendarDay {
            day: "2027-10-01".into(),
        })
        .await
        .good();
    assert_eq!(
        admin
            .call(RemoveCalendarDay {
                day: "2027-10-01".into(),
            })
            .await
            .error(),
        AppError::NotFound
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'rules.calendar%'")
            .await,
        2
    );
}

async fn only_admins_change_rules(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let audits = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'rules.%'")
        .await;
    assert_eq!(
        app.anonymous().call(targets("2")).await.error(),
        AppError::Unauthenticated
    );
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    for user in [customer, app.as_agent().await, app.as_supervisor().await] {
        assert_eq!(user.call(ReadServiceRules {}).await.error(), AppError::Forbidden);
        assert_eq!(user.call(targets("2")).await.error(), AppError::Forbidden);
        assert_eq!(user.call(days("2027-10-01", "")).await.error(), AppError::Forbidden);
        assert_eq!(user.call(product("HEALTH-MED", "1")).await.error(), AppError::Forbidden);
        assert_eq!(
            user.call(DeleteSkillGroup { code: "service".into() }).await.error(),
            AppError::Forbidden
        );
        assert_eq!(
            user.call(SetPointsRule {
                code: PointsRule::MonthlySignIn,
                points: "9999".into(),
                active: true,
            })
            .await
            .error(),
            AppError::Forbidden
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'rules.%'")
            .await,
        audits
    );
}

fn product(code: &str, limit: &str) -> SetProduct {
    SetProduct {
        code: code.into(),
        name_zh: "百万医疗保险（2027版）".into(),
        name_en: "Million Medical Cover 2027".into(),
        fast_track_limit: limit.into(),
    }
}

async fn an_admin_edits_products_and_their_coverages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let catalog = admin.call(ReadCatalog {}).await.good();
    let medical = catalog
        .iter()
        .find(|p| p.code == "HEALTH-MED")
        .expect("the demo's medical product");
    let coverage = medical.coverages[0].code.clone();

    let changed = admin.call(product("HEALTH-MED", "2,000")).await.good();
    assert_eq!(changed.fast_track_limit, Some(Money::from_yuan(2000)));
    assert_eq!(changed.name_en, "Million Medical Cover 2027");
    let none = admin.call(product("HEALTH-MED", "")).await.good();
    assert_eq!(none.fast_track_limit, None, "empty: no fast track");
    let covered = admin
        .call(SetCoverage {
            product_code: "HEALTH-MED".into(),
            coverage_code: coverage.clone(),
            name_zh: "住院医疗".into(),
            name_en: "Hospital care".into(),
            default_limit: "1000000".into(),
        })
        .await
        .good();
    assert_eq!(covered.coverages[0].default_limit, Money::from_yuan(1_000_000));

    let audits = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'catalog.%'")
        .await;
    assert_eq!(audits, 3);
    admin
        .call(product("HEALTH-MED", "0"))
        .await
        .invalid("fast_track_limit_invalid", "fast_track_limit");
    admin
        .call(product("HEALTH-MED", "50001"))
        .await
        .invalid("fast_track_limit_invalid", "fast_track_limit");
    let mut unnamed = product("HEALTH-MED", "100");
    unnamed.name_zh = " ".into();
    admin.call(unnamed).await.invalid("catalog_name_required", "name_zh");
    assert_eq!(admin.call(product("NO-SUCH", "100")).await.error(), AppError::NotFound);
    admin
        .call(SetCoverage {
            product_code: "HEALTH-MED".into(),
            coverage_code: coverage,
            name_zh: "住院医疗".into(),
            name_en: "Hospital care".into(),
            default_limit: "0".into(),
        })
        .await
        .invalid("coverage_limit_invalid", "default_limit");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'catalog.%'")
            .await,
        audits,
        "a refused change writes nothing"
    );
}

async fn routing_follows_the_admin_and_a_group_in_use_stays(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let before = admin.call(ReadRouting {}).await.good();
    let busy = before
        .groups
        .iter()
        .find(|g| g.open_work_orders > 0)
        .expect("a group with open work");
    admin
        .call(DeleteSkillGroup {
            code: busy.code.clone(),
        })
        .await
        .conflict("skill_group_has_open_work");

    let group = |code: &str| CreateSkillGroup {
        code: code.into(),
        name_zh: "大客户理赔组".into(),
        name_en: "Key-account claims".into(),
    };
    admin.call(group("9vip")).await.invalid("group_code_invalid", "code");
    let created = admin.call(group("vip_claims")).await.good();
    assert!(created.groups.iter().any(|g| g.code == "vip_claims" && g.members == 0));
    admin.call(group("vip_claims")).await.conflict("group_code_taken");

    let routed = admin
        .call(SetRoute {
            kind: WorkOrderKind::ClaimEnquiry,
            line: "auto".into(),
            group: "vip_claims".into(),
        })
        .await
        .good();
    assert!(routed
        .routes
        .iter()
        .any(|r| r.kind == WorkOrderKind::ClaimEnquiry && r.line == "auto" && r.group == "vip_claims"));
    admin
        .call(SetRoute {
            kind: WorkOrderKind::ClaimEnquiry,
            line: "boats".into(),
            group: "vip_claims".into(),
        })
        .await
        .invalid("choice_invalid", "line");
    admin
        .call(SetRoute {
            kind: WorkOrderKind::ClaimEnquiry,
            line: "auto".into(),
            group: "nobody".into(),
        })
        .await
        .invalid("choice_invalid", "group");
    // A route leads to it: it stays; once the route goes elsewhere it can go.
    admin
        .call(DeleteSkillGroup {
            code: "vip_claims".into(),
        })
        .await
        .conflict("skill_group_in_use");
    let motor = before
        .routes
        .iter()
        .find(|r| r.kind == WorkOrderKind::ClaimEnquiry && r.line == "auto")
        .map_or_else(|| before.groups[0].code.clone(), |r| r.group.clone());
    admin
        .call(SetRoute {
            kind: WorkOrderKind::ClaimEnquiry,
            line: "auto".into(),
            group: motor,
        })
        .await
        .good();
    let after = admin
        .call(DeleteSkillGroup {
            code: "vip_claims".into(),
        })
        .await
        .good();
    assert!(after.groups.iter().all(|g| g.code != "vip_claims"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'routing.%'")
            .await,
        4
    );
}

async fn vip_services_follow_the_admin(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let silver = app
        .new_customer(CustomerSpec {
            vip_tier: app::domain::VipTier::Silver,
            ..CustomerSpec::default()
        })
        .await
        .sign_in(&app)
        .await;
    let included = |status: app::model::members::Membership| {
        status
            .vip_services
            .iter()
            .find(|s| s.code == "health_check")
            .map(|s| s.included)
    };
    assert_eq!(included(silver.call(MemberStatus {}).await.good()), Some(false));
    let service = |tier: &str| SetVipService {
        code: "health_check".into(),
        name_zh: "年度体检（升级版）".into(),
        name_en: "Annual health check plus".into(),
        min_tier: tier.into(),
    };
    let set = admin.call(service("silver")).await.good();
    assert_eq!(set.min_tier, app::domain::VipTier::Silver);
    assert_eq!(
        included(silver.call(MemberStatus {}).await.good()),
        Some(true),
        "holds at once"
    );
    admin.call(service("none")).await.invalid("choice_invalid", "min_tier");
    admin
        .call(service("diamond"))
        .await
        .invalid("choice_invalid", "min_tier");
    let listed = admin.call(ListVipServices {}).await.good();
    assert_eq!(listed[0].code, "dental_cleaning");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.vip_service'")
            .await,
        1
    );
}
