//! Reviews at the console: ID photos for advanced verification, and the changes that
//! policy-service requests ask for, applied to the record in the same step as the approval.

use app::api::console::customers::GetCustomer;
use app::api::console::reviews::{DecideIdentityReview, IdentityReviewQueue};
use app::api::console::work_orders::DecideWorkOrderChange;
use app::api::portal::claims::MyPayoutAccounts;
use app::api::portal::members::{MemberStatus, RequestAdvancedVerification};
use app::api::portal::notifications::MyNotifications;
use app::api::portal::policies::GetMyPolicy;
use app::domain::{ChangeStatus, MemberLevel, NotificationKind, WorkOrderStatus};
use app::error::AppError;
use app::model::customers::CustomerSummary;
use app::model::policies::Beneficiary;

use crate::claims::jpeg;
use crate::client::{succeeded, User};
use crate::harness::*;
use crate::on_both;
use crate::work_orders::{open_ok, service_request, verified, ID_NUMBER};

on_both!(
    an_id_photo_is_approved_once_and_the_member_level_rises,
    a_refused_id_photo_tells_the_customer_why,
    only_policy_service_staff_and_supervisors_review,
    an_approved_change_is_applied_with_the_decision,
    a_refused_change_tells_the_customer_why_and_changes_nothing,
    a_change_that_no_longer_fits_is_refused_and_leaves_the_record_as_it_was,
);

/// An account the fixture customer does not have on file yet.
const NEW_ACCOUNT: &str = "6217000099998888777";

/// A verified customer whose ID photo waits for review: the customer, their id and number,
/// and the review's id as the review queue lists it.
async fn photo_waiting(app: &TestApp) -> (User<'_>, i64, String, i64) {
    let fixture = verified(app).await;
    let customer_id = fixture.customer_id;
    let customer_no = fixture.customer_no.as_str().to_string();
    let customer = fixture.sign_in(app).await;
    let photo = customer.upload("identity", "id-card.jpg", jpeg(3000)).await.good().id;
    customer
        .call(RequestAdvancedVerification { document: photo })
        .await
        .good();
    let id = waiting_review(app, &customer_no)
        .await
        .expect("the photo waits for review");
    (customer, customer_id, customer_no, id)
}

/// The id of the customer's review waiting in the queue, if one waits.
async fn waiting_review(app: &TestApp, customer_no: &str) -> Option<i64> {
    let queue = app.as_supervisor().await.call(IdentityReviewQueue {}).await.good();
    queue
        .pending
        .iter()
        .find(|r| r.customer_no == customer_no)
        .map(|r| r.id)
}

/// The customer as staff see them on the customer's file.
async fn on_file(staff: &User<'_>, customer_no: &str) -> CustomerSummary {
    staff
        .call(GetCustomer {
            customer_no: customer_no.into(),
        })
        .await
        .good()
        .customer
}

/// Who the policy names as beneficiaries, as its holder sees it.
async fn beneficiaries(customer: &User<'_>, policy_no: &str) -> Vec<Beneficiary> {
    customer
        .call(GetMyPolicy {
            policy_no: policy_no.into(),
        })
        .await
        .good()
        .beneficiaries
}

fn decide(id: i64, approve: bool, reason: Option<&str>) -> DecideIdentityReview {
    DecideIdentityReview {
        request_id: id,
        approve,
        reason: reason.map(Into::into),
    }
}

async fn an_id_photo_is_approved_once_and_the_member_level_rises(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (customer, customer_id, _, id) = photo_waiting(&app).await;
    // 李静 works in policy services: she reviews ID photos.
    let reviewer = app.as_agent().await;
    let queue = reviewer.call(IdentityReviewQueue {}).await.good();
    let review = queue
        .pending
        .iter()
        .find(|r| r.id == id)
        .expect("the photo waits for review");
    assert_eq!(review.member_level, MemberLevel::Verified);
    assert!(review.due_at > review.submitted_at, "due one working day later");
    assert_eq!(review.approved, None);
    // The photo itself, for the reviewer's eyes.
    let (status, headers, bytes) = reviewer
        .get(&format!("/api/console/customer_file?id={}", review.document_id))
        .await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(bytes.len(), 3000);

    // Two reviewers approve at the same moment: one decision.
    let supervisor = app.as_supervisor().await;
    let (a, b) = tokio::join!(
        reviewer.call(decide(id, true, None)),
        supervisor.call(decide(id, true, None))
    );
    assert_eq!(succeeded([a, b]).len(), 1);
    reviewer
        .call(decide(id, false, Some("照片模糊，请重新拍摄")))
        .await
        .conflict("already_reviewed");
    let membership = customer.call(MemberStatus {}).await.good();
    assert_eq!(membership.level, MemberLevel::AdvancedVerified);
    assert!(!membership.advanced_pending);
    let notifications = customer.call(MyNotifications { before: None }).await.good();
    assert_eq!(notifications.items[0].kind, NotificationKind::Verification);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'member.advanced_verified' AND customer_id = {customer_id}"
        ))
        .await,
        1
    );
    assert!(
        reviewer
            .call(IdentityReviewQueue {})
            .await
            .good()
            .recent
            .iter()
            .any(|r| r.id == id && r.approved == Some(true)),
        "listed among the decisions"
    );
    assert_eq!(
        reviewer.call(decide(id + 1000, true, None)).await.error(),
        AppError::NotFound
    );
}

async fn a_refused_id_photo_tells_the_customer_why(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (customer, _, customer_no, id) = photo_waiting(&app).await;
    let reviewer = app.as_agent().await;
    reviewer
        .call(decide(id, false, None))
        .await
        .invalid("reason_required", "reason");
    reviewer
        .call(decide(id, false, Some("糊")))
        .await
        .invalid("reason_too_short", "reason");
    let reason = "照片反光看不清证件号码，请在光线均匀处重新拍摄";
    reviewer.call(decide(id, false, Some(reason))).await.good();

    let membership = customer.call(MemberStatus {}).await.good();
    assert_eq!(membership.level, MemberLevel::Verified, "the level stays");
    assert!(!membership.advanced_pending, "the customer may send again");
    let notifications = customer.call(MyNotifications { before: None }).await.good();
    let newest = &notifications.items[0];
    assert_eq!(newest.kind, NotificationKind::VerificationRefused);
    assert!(newest.params.contains(&("reason".to_string(), reason.to_string())));
    assert_eq!(newest.link.as_deref(), Some("/my/account#verification"));
    assert_eq!(
        on_file(&reviewer, &customer_no).await.member_level,
        MemberLevel::Verified
    );
}

async fn only_policy_service_staff_and_supervisors_review(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (customer, _, customer_no, id) = photo_waiting(&app).await;
    // 王磊 handles claims and complaints, not policy services.
    let claims_agent = app.as_claims_agent().await;
    for caller in [&claims_agent, &customer] {
        assert_eq!(caller.call(IdentityReviewQueue {}).await.error(), AppError::Forbidden);
        assert_eq!(caller.call(decide(id, true, None)).await.error(), AppError::Forbidden);
    }
    assert_eq!(
        app.anonymous().call(decide(id, true, None)).await.error(),
        AppError::Unauthenticated
    );
    // A customer cannot read files through the staff door, not even their own.
    let document = reviewer_document(&app, id).await;
    let (status, _, _) = customer.get(&format!("/api/console/customer_file?id={document}")).await;
    assert_eq!(status, reqwest::StatusCode::FORBIDDEN);
    // Nor an agent who does not review identities.
    let (status, _, _) = claims_agent
        .get(&format!("/api/console/customer_file?id={document}"))
        .await;
    assert_eq!(status, reqwest::StatusCode::FORBIDDEN);
    assert_eq!(
        waiting_review(&app, &customer_no).await,
        Some(id),
        "nothing was decided"
    );
    app.as_supervisor().await.call(decide(id, true, None)).await.good();
}

/// The public id of a review's photo.
async fn reviewer_document(app: &TestApp, id: i64) -> String {
    let queue = app.as_supervisor().await.call(IdentityReviewQueue {}).await.good();
    queue
        .pending
        .into_iter()
        .find(|r| r.id == id)
        .expect("pending")
        .document_id
}

/// A customer at the advanced level (changes of payee and beneficiary need it) with a
/// policy in force: the customer, their number and the policy's.
async fn advanced(app: &TestApp) -> (User<'_>, String, String) {
    let fixture = verified(app).await;
    let customer_id = fixture.customer_id;
    let customer_no = fixture.customer_no.as_str().to_string();
    let policy_no = fixture.policy_no.as_str().to_string();
    app.execute(&format!(
        "UPDATE customers SET member_level = 'advanced_verified' WHERE id = {customer_id}"
    ))
    .await;
    (fixture.sign_in(app).await, customer_no, policy_no)
}

fn decide_change(order_no: &str, approve: bool, reason: Option<&str>) -> DecideWorkOrderChange {
    DecideWorkOrderChange {
        order_no: order_no.into(),
        approve,
        reason: reason.map(Into::into),
    }
}

async fn an_approved_change_is_applied_with_the_decision(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (customer, customer_no, policy_no) = advanced(&app).await;
    let reviewer = app.as_agent().await;

    // A new payout account: on file once approved, not before.
    let mut form = service_request(&policy_no, "payout_account_change");
    form.payout_bank = "中国工商银行".into();
    form.payout_account = NEW_ACCOUNT.into();
    let order = open_ok(&customer, &form).await;
    let order_no = order.summary.order_no.clone();
    assert_eq!(order.change_status, Some(ChangeStatus::Pending));
    let before = customer.call(MyPayoutAccounts {}).await.good().len();
    let (a, b) = tokio::join!(
        reviewer.call(decide_change(&order_no, true, None)),
        reviewer.call(decide_change(&order_no, true, None))
    );
    assert_eq!(succeeded([a, b]).len(), 1, "applied once");
    assert_eq!(
        customer.call(MyPayoutAccounts {}).await.good().len(),
        before + 1,
        "the new account is on file"
    );
    let after = customer.work_order(&order_no).await;
    assert_eq!(after.change_status, Some(ChangeStatus::Applied));
    assert_eq!(after.summary.status, WorkOrderStatus::Resolved);
    reviewer
        .call(decide_change(&order_no, false, Some("重复申请，无需处理")))
        .await
        .conflict("change_decided");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'work_order.change_applied' AND detail LIKE '%{order_no}%' \
             AND detail LIKE '%8777%' AND detail NOT LIKE '%{NEW_ACCOUNT}%'"
        ))
        .await,
        1,
        "audited with the account masked"
    );

    // A new mobile number replaces the old one.
    let mut form = service_request(&policy_no, "contact_change");
    form.new_phone = "13700137011".into();
    let order = open_ok(&customer, &form).await;
    reviewer
        .call(decide_change(&order.summary.order_no, true, None))
        .await
        .good();
    assert_eq!(
        on_file(&reviewer, &customer_no).await.phone.as_deref(),
        Some("13700137011")
    );
    // As with any change of contacts, the customer's sessions end: they sign in again.
    assert_eq!(customer.call(app::api::public::auth::WhoAmI {}).await.good(), None);
    let customer = app.signed_in("13700137011", crate::fixtures::FIXTURE_PASSWORD).await;

    // A beneficiary for all of it replaces those named.
    let mut form = service_request(&policy_no, "beneficiary_change");
    form.beneficiary_name = "王小明".into();
    form.beneficiary_id_number = ID_NUMBER.into();
    form.beneficiary_relation = "child".into();
    form.beneficiary_share = "100".into();
    let order = open_ok(&customer, &form).await;
    reviewer
        .call(decide_change(&order.summary.order_no, true, None))
        .await
        .good();
    let named = beneficiaries(&customer, &policy_no).await;
    assert_eq!(named.len(), 1, "{named:?}");
    assert_eq!(
        (
            named[0].name.as_str(),
            named[0].share_percent,
            named[0].id_number_masked.as_str()
        ),
        ("王小明", 100, "110***********002X")
    );
}

async fn a_refused_change_tells_the_customer_why_and_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (customer, customer_no, policy_no) = advanced(&app).await;
    let mut form = service_request(&policy_no, "contact_change");
    form.new_email = "new.address@example.cn".into();
    let order = open_ok(&customer, &form).await;
    let order_no = order.summary.order_no.clone();
    let reviewer = app.as_agent().await;
    reviewer
        .call(decide_change(&order_no, false, None))
        .await
        .invalid("reason_required", "reason");
    let reason = "该邮箱无法收信，请确认后重新提交";
    reviewer
        .call(decide_change(&order_no, false, Some(reason)))
        .await
        .good();
    let after = customer.work_order(&order_no).await;
    assert_eq!(after.change_status, Some(ChangeStatus::Refused));
    assert_eq!(after.change_refusal_reason.as_deref(), Some(reason));
    assert_eq!(after.summary.status, WorkOrderStatus::Resolved);
    assert!(after.messages.iter().any(|m| m.from_insurer && m.body == reason));
    assert_ne!(
        on_file(&reviewer, &customer_no).await.email.as_deref(),
        Some("new.address@example.cn")
    );
    // Staff outside policy services cannot decide it; a customer cannot either.
    let claims_agent = app.as_claims_agent().await;
    let error = claims_agent.call(decide_change(&order_no, true, None)).await.error();
    assert!(matches!(error, AppError::NotFound | AppError::Forbidden), "{error:?}");
    assert_eq!(
        customer.call(decide_change(&order_no, true, None)).await.error(),
        AppError::Forbidden
    );
}

async fn a_change_that_no_longer_fits_is_refused_and_leaves_the_record_as_it_was(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (customer, customer_no, policy_no) = advanced(&app).await;
    // Another customer took the number meanwhile.
    let mut form = service_request(&policy_no, "contact_change");
    form.new_phone = "13700137022".into();
    let order = open_ok(&customer, &form).await;
    let other = verified(&app).await;
    app.execute(&format!(
        "UPDATE customers SET phone = '13700137022' WHERE id = {}",
        other.customer_id
    ))
    .await;
    let reviewer = app.as_agent().await;
    let error = reviewer
        .call(decide_change(&order.summary.order_no, true, None))
        .await
        .error();
    assert!(matches!(error, AppError::Conflict { .. }), "{error:?}");
    let still = customer.work_order(&order.summary.order_no).await;
    assert_eq!(still.change_status, Some(ChangeStatus::Pending), "nothing half-written");
    assert_ne!(still.summary.status, WorkOrderStatus::Resolved);
    assert_ne!(
        on_file(&reviewer, &customer_no).await.phone.as_deref(),
        Some("13700137022")
    );

    // A part share joins those named only if the shares then make 100%.
    let policy_id = app
        .count(&format!("SELECT id FROM policies WHERE policy_no = '{policy_no}'"))
        .await;
    app.execute(&format!(
        "DELETE FROM policy_beneficiaries WHERE policy_id = {policy_id}"
    ))
    .await;
    app.execute(&format!(
        "INSERT INTO policy_beneficiaries (policy_id, name, id_number_masked, relation, share_percent, created_at, updated_at) \
         VALUES ({policy_id}, '李芳', '310***********1234', 'spouse', 70, 0, 0)"
    ))
    .await;
    let part = |share: &str| {
        let mut form = service_request(&policy_no, "beneficiary_change");
        form.beneficiary_name = "王小明".into();
        form.beneficiary_id_number = ID_NUMBER.into();
        form.beneficiary_relation = "child".into();
        form.beneficiary_share = share.into();
        form
    };
    let order = open_ok(&customer, &part("40")).await;
    reviewer
        .call(decide_change(&order.summary.order_no, true, None))
        .await
        .conflict("shares_do_not_add_up");
    assert_eq!(beneficiaries(&customer, &policy_no).await.len(), 1, "nothing added");
    assert_eq!(
        customer.work_order(&order.summary.order_no).await.change_status,
        Some(ChangeStatus::Pending)
    );
    let order = open_ok(&customer, &part("30")).await;
    reviewer
        .call(decide_change(&order.summary.order_no, true, None))
        .await
        .good();
    assert_eq!(beneficiaries(&customer, &policy_no).await.len(), 2);
}
