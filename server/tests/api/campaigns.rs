//! Service campaigns (客服节, issue 11): admins set the window and the activities;
//! customers join and earn each activity's points once.

use app::api::admin::campaigns::{ListCampaignSettings, SaveCampaign};
use app::api::portal::campaigns::{CompleteActivity, JoinCampaign, ListCampaigns};
use app::api::portal::points::MyPoints;
use app::domain::{ActivityFields, CampaignActivityKind, CampaignFields, NotificationKind};
use app::error::AppError;
use app::model::campaigns::Campaign;
use chrono::{Duration, Utc};

use crate::fixtures::CustomerSpec;
use crate::harness::*;
use crate::on_both;

on_both!(
    a_customer_joins_and_each_activity_earns_once,
    an_admin_runs_a_campaign_and_bad_values_are_refused,
    a_campaign_not_running_cannot_be_joined_or_done,
    only_admins_run_campaigns_and_only_customers_join,
);

fn festival(list: &[Campaign]) -> &Campaign {
    list.iter()
        .find(|c| c.code == "service-festival")
        .expect("the demo campaign runs")
}

fn activity_of(campaign: &Campaign, kind: CampaignActivityKind) -> i64 {
    campaign.activities.iter().find(|a| a.kind == kind).unwrap().id
}

fn complete(activity_id: i64, rating: Option<i64>, answer: &str) -> CompleteActivity {
    CompleteActivity {
        activity_id,
        rating,
        answer: answer.into(),
    }
}

async fn a_customer_joins_and_each_activity_earns_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let member = app.new_customer(CustomerSpec::default()).await;
    let customer = member.sign_in(&app).await;
    let list = customer.call(ListCampaigns {}).await.good();
    let campaign = festival(&list);
    assert!(!campaign.joined);
    let survey = activity_of(campaign, CampaignActivityKind::Survey);
    let quiz = activity_of(campaign, CampaignActivityKind::Quiz);
    let event = activity_of(campaign, CampaignActivityKind::Event);

    customer
        .call(complete(survey, Some(5), ""))
        .await
        .conflict("campaign_not_joined");
    customer
        .call(JoinCampaign {
            code: "service-festival".into(),
        })
        .await
        .good();
    // Joining twice changes nothing.
    customer
        .call(JoinCampaign {
            code: "service-festival".into(),
        })
        .await
        .good();
    customer
        .call(complete(survey, Some(0), "很好"))
        .await
        .invalid("score_invalid", "rating");
    customer
        .call(complete(quiz, None, "  "))
        .await
        .invalid("answer_required", "answer");
    assert_eq!(
        customer.call(MyPoints {}).await.good().balance,
        0,
        "nothing earned by a refusal"
    );

    assert_eq!(customer.call(complete(survey, Some(5), "理赔很快")).await.good(), 50);
    customer
        .call(complete(survey, Some(4), "再评一次"))
        .await
        .conflict("activity_done");
    assert_eq!(customer.call(complete(quiz, None, "头痛、头晕、心悸")).await.good(), 30);
    // The same sign-up sent twice at once (a double tap): one earns, the other is told.
    let (one, other) = tokio::join!(
        customer.call(complete(event, None, "周六上午场")),
        customer.call(complete(event, None, "周六上午场")),
    );
    let statuses = [one.status, other.status];
    assert_eq!(
        statuses.iter().filter(|s| s.is_success()).count(),
        1,
        "{} / {}",
        one.text,
        other.text
    );
    assert_eq!(customer.call(MyPoints {}).await.good().balance, 160);
    let after = customer.call(ListCampaigns {}).await.good();
    assert!(festival(&after).joined && festival(&after).activities.iter().all(|a| a.done));
    let told = customer.notifications().await.items;
    assert_eq!(
        told.iter().filter(|n| n.kind == NotificationKind::PointsEarned).count(),
        3,
        "{told:?}"
    );
}

fn new_campaign(code: &str, starts: i64, ends: i64) -> CampaignFields {
    let day = |offset: i64| {
        (Utc::now() + Duration::hours(8) + Duration::days(offset))
            .format("%Y-%m-%d")
            .to_string()
    };
    CampaignFields {
        code: code.into(),
        title_zh: "健康月".into(),
        title_en: "Health month".into(),
        summary_zh: "完成健康问答赢积分".into(),
        summary_en: "Answer the health quiz and earn points".into(),
        starts_on: day(starts),
        ends_on: day(ends),
        published: true,
        activities: vec![
            ActivityFields {
                id: None,
                kind: "quiz".into(),
                title_zh: "健康问答".into(),
                title_en: "Health quiz".into(),
                points: "20".into(),
            },
            ActivityFields {
                id: None,
                kind: "event".into(),
                title_zh: "义诊报名".into(),
                title_en: "Free check-up sign-up".into(),
                points: "40".into(),
            },
        ],
    }
}

async fn an_admin_runs_a_campaign_and_bad_values_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let campaigns = app.count("SELECT COUNT(*) FROM campaigns").await;
    let save = |id, campaign| SaveCampaign { id, campaign };

    let mut backwards = new_campaign("health-month", 0, 30);
    backwards.ends_on = backwards.starts_on.clone();
    backwards.starts_on = new_campaign("x", 5, 5).starts_on;
    admin
        .call(save(None, backwards))
        .await
        .invalid("campaign_window_invalid", "ends_on");
    let mut free = new_campaign("health-month", 0, 30);
    free.activities[1].points = "0".into();
    admin
        .call(save(None, free))
        .await
        .invalid("rule_points_invalid", "activities.1.points");
    let mut empty = new_campaign("health-month", 0, 30);
    empty.activities.clear();
    admin
        .call(save(None, empty))
        .await
        .invalid("activities_count_invalid", "activities");
    admin
        .call(save(None, new_campaign("service-festival", 0, 30)))
        .await
        .conflict("campaign_code_taken");
    assert_eq!(app.count("SELECT COUNT(*) FROM campaigns").await, campaigns);

    let created = admin.call(save(None, new_campaign("health-month", 0, 30))).await.good();
    assert_eq!(created.activities.len(), 2);
    // A customer sees it at once and does the quiz.
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    assert!(customer
        .call(ListCampaigns {})
        .await
        .good()
        .iter()
        .any(|c| c.code == "health-month"));
    customer
        .call(JoinCampaign {
            code: "health-month".into(),
        })
        .await
        .good();
    let quiz = created.activities[0].id;
    assert_eq!(customer.call(complete(quiz, None, "多喝水")).await.good(), 20);

    // The quiz customers did stays; its points may change, the untouched event may go.
    let mut edit = new_campaign("health-month", 0, 30);
    edit.activities[0].id = Some(quiz);
    edit.activities[0].points = "25".into();
    edit.activities.truncate(1);
    let edited = admin.call(save(Some(created.id), edit.clone())).await.good();
    assert_eq!(edited.activities.len(), 1);
    assert_eq!((edited.activities[0].points, edited.activities[0].entries), (25, 1));
    let mut dropped = edit.clone();
    dropped.activities[0].id = None;
    admin
        .call(save(Some(created.id), dropped))
        .await
        .conflict("activity_has_entries");
    let mut retyped = edit;
    retyped.activities[0].kind = "survey".into();
    admin
        .call(save(Some(created.id), retyped))
        .await
        .conflict("activity_has_entries");
    let listed = admin.call(ListCampaignSettings {}).await.good();
    let row = listed.iter().find(|c| c.code == "health-month").unwrap();
    assert_eq!(row.participants, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('campaign.create', 'campaign.update')")
            .await,
        2
    );
}

async fn a_campaign_not_running_cannot_be_joined_or_done(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let later = admin
        .call(SaveCampaign {
            id: None,
            campaign: new_campaign("next-month", 10, 40),
        })
        .await
        .good();
    let mut draft = new_campaign("unpublished", 0, 10);
    draft.published = false;
    let hidden = admin
        .call(SaveCampaign {
            id: None,
            campaign: draft,
        })
        .await
        .good();
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let list = customer.call(ListCampaigns {}).await.good();
    assert!(
        list.iter().all(|c| c.code != "next-month" && c.code != "unpublished"),
        "{list:?}"
    );
    for code in ["next-month", "unpublished", "no-such-campaign"] {
        assert_eq!(
            customer.call(JoinCampaign { code: code.into() }).await.error(),
            AppError::NotFound
        );
    }
    for campaign in [later, hidden] {
        assert_eq!(
            customer
                .call(complete(campaign.activities[0].id, None, "答案"))
                .await
                .error(),
            AppError::NotFound
        );
    }
}

async fn only_admins_run_campaigns_and_only_customers_join(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let campaigns = app.count("SELECT COUNT(*) FROM campaigns").await;
    assert_eq!(
        app.anonymous().call(ListCampaigns {}).await.error(),
        AppError::Unauthenticated
    );
    for user in [
        app.new_customer(CustomerSpec::default()).await.sign_in(&app).await,
        app.as_agent().await,
        app.as_supervisor().await,
    ] {
        assert_eq!(
            user.call(SaveCampaign {
                id: None,
                campaign: new_campaign("stolen", 0, 5)
            })
            .await
            .error(),
            AppError::Forbidden
        );
        assert_eq!(user.call(ListCampaignSettings {}).await.error(), AppError::Forbidden);
    }
    let admin = app.as_admin().await;
    assert_eq!(
        admin
            .call(JoinCampaign {
                code: "service-festival".into()
            })
            .await
            .error(),
        AppError::Forbidden
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM campaigns").await, campaigns);
}
