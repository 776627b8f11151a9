//! Merging duplicate customer records (issue 11): everything moves in one transaction, the
//! duplicate is locked, and its old number finds the customer kept.

use app::api::admin::members::{AdjustMemberPoints, MergeMembers, ReadMemberStanding};
use app::api::console::customers::{FindCustomers, GetCustomer};
use app::api::portal::claims::ListMyClaims;
use app::api::portal::points::MyPoints;
use app::api::portal::policies::ListMyPolicies;
use app::api::portal::work_orders::{ListMyWorkOrders, OpenWorkOrder};
use app::domain::VipTier;
use app::error::AppError;
use app::model::work_orders::WorkOrderForm;

use crate::claims::{claim_form, only_claimable, report, request_key};
use crate::fixtures::{CustomerFixture, CustomerSpec};
use crate::harness::*;
use crate::on_both;

on_both!(
    a_merge_moves_everything_and_the_old_number_finds_the_customer,
    a_merge_that_cannot_be_done_is_refused_and_changes_nothing,
    two_merges_of_the_same_pair_at_once_merge_once,
    only_admins_merge_customers,
);

fn merge(duplicate: &CustomerFixture, kept: &CustomerFixture) -> MergeMembers {
    MergeMembers {
        duplicate_no: duplicate.customer_no.as_str().into(),
        kept_no: kept.customer_no.as_str().into(),
        reason: "同一客户重复注册，合并为一个客户号".into(),
    }
}

async fn a_merge_moves_everything_and_the_old_number_finds_the_customer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let kept = app.new_customer(CustomerSpec::default()).await;
    let duplicate = app
        .new_customer(CustomerSpec {
            vip_tier: VipTier::Gold,
            ..CustomerSpec::default()
        })
        .await;
    // The duplicate has a claim, a work order and points of its own.
    let other = duplicate.sign_in(&app).await;
    let policy = only_claimable(&other).await;
    let claim = report(&other, &claim_form(&policy, "800", &[])).await.good();
    let order = other
        .call(OpenWorkOrder {
            form: WorkOrderForm {
                kind: "consultation".into(),
                subject: "保单续保咨询".into(),
                message: "想了解明年续保的价格。".into(),
                request_key: request_key(),
                ..Default::default()
            },
        })
        .await
        .good()
        .summary
        .order_no;
    let admin = app.as_admin().await;
    admin
        .call(AdjustMemberPoints {
            customer_no: duplicate.customer_no.as_str().into(),
            delta: "300".into(),
            reason: "活动补发积分".into(),
            request_key: request_key(),
        })
        .await
        .good();

    let standing = |no: &str| ReadMemberStanding {
        customer_no: no.to_string(),
    };
    // 300 given, and what the claim earned (the first self-service claim's points).
    let duplicate_points = admin
        .call(standing(duplicate.customer_no.as_str()))
        .await
        .good()
        .points_balance;
    assert!(duplicate_points >= 300);

    let done = admin.call(merge(&duplicate, &kept)).await.good();
    let moved = |what: &str| done.moved.iter().find(|m| m.what == what).map_or(0, |m| m.count);
    assert_eq!(moved("policies"), 1);
    assert_eq!(moved("claims"), 1);
    assert_eq!(moved("work_orders"), 1);
    assert!(moved("points_entries") >= 1);
    assert_eq!(done.kept.customer_no, kept.customer_no.as_str());
    assert_eq!(done.kept.vip_tier, VipTier::Gold, "the higher tier is kept");
    assert_eq!(done.kept.points_balance, duplicate_points);

    // The kept customer sees it all as theirs.
    let customer = kept.sign_in(&app).await;
    assert_eq!(customer.call(ListMyPolicies {}).await.good().len(), 2);
    assert!(customer
        .call(ListMyClaims { before: None })
        .await
        .good()
        .items
        .iter()
        .any(|c| c.claim_no == claim.summary.claim_no));
    assert!(customer
        .call(ListMyWorkOrders { before: None })
        .await
        .good()
        .items
        .iter()
        .any(|w| w.order_no == order));
    assert_eq!(customer.call(MyPoints {}).await.good().balance, duplicate_points);

    // The duplicate's session has ended; its number leads to the kept customer.
    assert_eq!(other.call(MyPoints {}).await.error(), AppError::Unauthenticated);
    let agent = app.as_agent().await;
    let profile = agent
        .call(GetCustomer {
            customer_no: duplicate.customer_no.as_str().into(),
        })
        .await
        .good();
    assert_eq!(profile.customer.customer_no, kept.customer_no.as_str());
    let found = agent
        .call(FindCustomers {
            query: duplicate.customer_no.as_str().into(),
        })
        .await
        .good();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].customer_no, kept.customer_no.as_str());
    // By the phone it had, the duplicate is not found beside the kept record.
    let by_phone = agent
        .call(FindCustomers {
            query: duplicate.phone.clone(),
        })
        .await
        .good();
    assert!(
        by_phone.iter().all(|c| c.customer_no != duplicate.customer_no.as_str()),
        "{by_phone:?}"
    );

    // Audited on both records, with the reason and what moved.
    for id in [kept.customer_id, duplicate.customer_id] {
        let detail = app
            .text(&format!(
                "SELECT detail FROM audit_log WHERE action = 'member.merge' AND customer_id = {id}"
            ))
            .await;
        let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
        assert_eq!(detail["duplicate"], duplicate.customer_no.as_str());
        assert_eq!(detail["before"]["duplicate"]["points_balance"], duplicate_points);
    }
}

async fn a_merge_that_cannot_be_done_is_refused_and_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let kept = app.new_customer(CustomerSpec::default()).await;
    let duplicate = app.new_customer(CustomerSpec::default()).await;
    let admin = app.as_admin().await;
    let audits = app.count("SELECT COUNT(*) FROM audit_log").await;
    admin.call(merge(&kept, &kept)).await.conflict("merge_same_customer");
    admin
        .call(MergeMembers {
            reason: " ".into(),
            ..merge(&duplicate, &kept)
        })
        .await
        .invalid("admin_reason_required", "reason");
    admin
        .call(MergeMembers {
            duplicate_no: "C12".into(),
            ..merge(&duplicate, &kept)
        })
        .await
        .invalid("customer_no_invalid", "duplicate_no");
    assert_eq!(
        admin
            .call(MergeMembers {
                duplicate_no: "C2099999999".into(),
                ..merge(&duplicate, &kept)
            })
            .await
            .error(),
        AppError::NotFound
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, audits);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customers WHERE merged_into IS NOT NULL OR locked_at IS NOT NULL")
            .await,
        0
    );
    // Once merged, neither record takes part in another merge.
    admin.call(merge(&duplicate, &kept)).await.good();
    admin.call(merge(&kept, &duplicate)).await.conflict("customer_merged");
    admin.call(merge(&duplicate, &kept)).await.conflict("customer_merged");
}

async fn two_merges_of_the_same_pair_at_once_merge_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let a = app.new_customer(CustomerSpec::default()).await;
    let b = app.new_customer(CustomerSpec::default()).await;
    let (first_admin, second_admin) = (app.as_admin().await, app.as_admin().await);
    let (one, other) = tokio::join!(first_admin.call(merge(&a, &b)), second_admin.call(merge(&b, &a)));
    let statuses = [one.status, other.status];
    assert_eq!(
        statuses.iter().filter(|s| s.is_success()).count(),
        1,
        "{} / {}",
        one.text,
        other.text
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customers WHERE merged_into IS NOT NULL")
            .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM policies WHERE holder_id IN ({}, {})",
            a.customer_id, b.customer_id
        ))
        .await,
        2,
        "no policy lost"
    );
}

async fn only_admins_merge_customers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let kept = app.new_customer(CustomerSpec::default()).await;
    let duplicate = app.new_customer(CustomerSpec::default()).await;
    assert_eq!(
        app.anonymous().call(merge(&duplicate, &kept)).await.error(),
        AppError::Unauthenticated
    );
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    for user in [customer, app.as_agent().await, app.as_supervisor().await] {
        assert_eq!(user.call(merge(&duplicate, &kept)).await.error(), AppError::Forbidden);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customers WHERE merged_into IS NOT NULL")
            .await,
        0
    );
}
