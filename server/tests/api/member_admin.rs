//! Admins look after members: lock (sessions end, no sign-in), level and tier, points by
//! ledger entry; each with a reason, audited with before and after.

use reqwest::StatusCode;

use app::api::admin::members::{AdjustMemberPoints, ReadMemberStanding, SetMemberLevel, SetMemberLocked};
use app::api::portal::points::MyPoints;
use app::domain::{MemberLevel, PointsReason, VipTier};
use app::error::AppError;

use crate::claims::request_key;
use crate::client::call_at;
use crate::fixtures::{new_customer_at, CustomerSpec, FIXTURE_PASSWORD};
use crate::harness::*;
use crate::on_both;
use crate::process::{sign_in_at, sign_in_customer_at, ServerProcess};

on_both!(
    an_admin_adjusts_points_and_level_with_a_reason_and_each_is_audited,
    a_locked_member_cannot_sign_in_and_their_session_ends,
    only_admins_manage_members,
);

fn adjust(customer_no: &str, delta: &str, reason: &str, key: &str) -> AdjustMemberPoints {
    AdjustMemberPoints {
        customer_no: customer_no.into(),
        delta: delta.into(),
        reason: reason.into(),
        request_key: key.into(),
    }
}

async fn an_admin_adjusts_points_and_level_with_a_reason_and_each_is_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let member = app.new_customer(CustomerSpec::default()).await;
    let no = member.customer_no.as_str().to_string();
    let admin = app.as_admin().await;
    let standing = admin
        .call(ReadMemberStanding {
            customer_no: no.clone(),
        })
        .await
        .good();
    assert_eq!(standing.points_balance, 0);
    assert!(!standing.locked);
    let customer = member.sign_in(&app).await;

    // Bad values, field by field, write nothing.
    let audits = app.count("SELECT COUNT(*) FROM audit_log").await;
    let key = request_key();
    admin
        .call(adjust(&no, "200", " ", &key))
        .await
        .invalid("admin_reason_required", "reason");
    admin
        .call(adjust(&no, "0", "活动补发积分", &key))
        .await
        .invalid("points_adjustment_invalid", "delta");
    admin
        .call(adjust(&no, "1.5", "活动补发积分", &key))
        .await
        .invalid("points_adjustment_invalid", "delta");
    admin
        .call(adjust(&no, "-1", "扣回误发积分", &key))
        .await
        .conflict("insufficient_points");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, audits);
    let points = customer.points().await;
    assert!(points.history.is_empty(), "{points:?}");

    // A ledger entry, once per key even when sent twice.
    let after = admin
        .call(adjust(&no, "＋２００", "客服节活动补发积分", &key))
        .await
        .good();
    assert_eq!(after.points_balance, 200);
    let again = admin.call(adjust(&no, "+200", "客服节活动补发积分", &key)).await.good();
    assert_eq!(again.points_balance, 200, "the same request key changes nothing");
    assert_eq!(customer.points().await.balance, 200);
    let taken = admin
        .call(adjust(&no, "-50", "扣回误发积分", &request_key()))
        .await
        .good();
    assert_eq!(taken.points_balance, 150);
    let points = customer.points().await;
    assert_eq!(
        points
            .history
            .iter()
            .filter(|entry| entry.reason == PointsReason::Adjust)
            .count(),
        2,
        "{points:?}"
    );

    let changed = admin
        .call(SetMemberLevel {
            customer_no: no.clone(),
            member_level: "advanced_verified".into(),
            vip_tier: "gold".into(),
            reason: "线下核验身份并升级".into(),
        })
        .await
        .good();
    assert_eq!(changed.member_level, MemberLevel::AdvancedVerified);
    assert_eq!(changed.vip_tier, VipTier::Gold);
    admin
        .call(SetMemberLevel {
            customer_no: no.clone(),
            member_level: "emperor".into(),
            vip_tier: "gold".into(),
            reason: "线下核验身份并升级".into(),
        })
        .await
        .invalid("choice_invalid", "member_level");
    let detail = app
        .text(&format!(
            "SELECT detail FROM audit_log WHERE action = 'member.level' AND customer_id = {}",
            member.customer_id
        ))
        .await;
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["reason"], "线下核验身份并升级");
    assert_eq!(detail["before"]["vip_tier"], "none");
    assert_eq!(detail["after"]["vip_tier"], "gold");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'member.points' AND customer_id = {}",
            member.customer_id
        ))
        .await,
        2
    );
}

async fn a_locked_member_cannot_sign_in_and_their_session_ends(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let member = app.new_customer(CustomerSpec::default()).await;
    let no = member.customer_no.as_str().to_string();
    let session = member.sign_in(&app).await;
    session.call(MyPoints {}).await.good();

    let admin = app.as_admin().await;
    let lock = |locked: bool| SetMemberLocked {
        customer_no: no.clone(),
        locked,
        reason: "客户来电称手机丢失，要求冻结".into(),
    };
    assert!(admin.call(lock(true)).await.good().locked);
    assert_eq!(session.call(MyPoints {}).await.error(), AppError::Unauthenticated);
    let answer = app
        .call(
            "auth/sign_in",
            &[("account", member.phone.as_str()), ("password", FIXTURE_PASSWORD)],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert_eq!(answer.body["code"], "account_locked");

    assert!(!admin.call(lock(false)).await.good().locked);
    member.sign_in(&app).await.call(MyPoints {}).await.good();
}

async fn only_admins_manage_members(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let member = app.new_customer(CustomerSpec::default()).await;
    let no = member.customer_no.as_str().to_string();
    let lock = || SetMemberLocked {
        customer_no: no.clone(),
        locked: true,
        reason: "测试越权冻结".into(),
    };
    assert_eq!(app.anonymous().call(lock()).await.error(), AppError::Unauthenticated);
    for user in [
        app.new_customer(CustomerSpec::default()).await.sign_in(&app).await,
        app.as_agent().await,
        app.as_supervisor().await,
    ] {
        assert_eq!(user.call(lock()).await.error(), AppError::Forbidden);
        assert_eq!(
            user.call(adjust(&no, "100", "测试越权加分", &request_key()))
                .await
                .error(),
            AppError::Forbidden
        );
        assert_eq!(
            user.call(ReadMemberStanding {
                customer_no: no.clone()
            })
            .await
            .error(),
            AppError::Forbidden
        );
    }
    let standing = app
        .as_admin()
        .await
        .call(ReadMemberStanding {
            customer_no: no.clone(),
        })
        .await
        .good();
    assert!(!standing.locked, "{standing:?}");
}

/// Locking a member ends their session at its next request on another server process too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locking_a_member_ends_their_session_on_another_process() {
    let database = TestDatabase::create(Backend::Postgres).await;
    let (a, b) = ServerProcess::pair(&database);
    let client = reqwest::Client::new();
    let member = new_customer_at(&database, CustomerSpec::default()).await;
    let customer = sign_in_customer_at(&client, &b.base, &member).await;
    let admin = sign_in_at(&client, &a.base, "admin").await;
    call_at(&client, &b.base, Some(&customer), MyPoints {}).await.good();
    call_at(
        &client,
        &a.base,
        Some(&admin),
        SetMemberLocked {
            customer_no: member.customer_no.as_str().into(),
            locked: true,
            reason: "客户来电称手机丢失，要求冻结".into(),
        },
    )
    .await
    .good();
    assert_eq!(
        call_at(&client, &b.base, Some(&customer), MyPoints {}).await.error(),
        AppError::Unauthenticated
    );
}
