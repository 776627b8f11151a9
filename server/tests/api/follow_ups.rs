//! Outbound follow-up (回访): a task per resolved complaint and per sampled closed claim;
//! calls recorded once each; unreached after the configured attempts.

use app::api::console::follow_ups::{FollowUpQueue, RecordFollowUp};
use app::domain::{FollowUpOutcome, FollowUpStatus};
use app::error::AppError;
use app::model::follow_ups::FollowUp;

use crate::client::User;
use crate::fixtures::{approved_claim, reported_claim, CustomerSpec};
use crate::harness::*;
use crate::on_both;

on_both!(
    a_resolved_complaint_is_followed_up_and_the_answer_recorded_once,
    a_customer_not_reached_after_the_attempts_closes_as_unreached,
    closed_claims_are_followed_up_by_sample,
);

fn call(id: i64, attempts_seen: i64, outcome: &str, satisfaction: Option<i64>) -> RecordFollowUp {
    RecordFollowUp {
        id,
        attempts_seen,
        outcome: outcome.into(),
        satisfaction,
        comment: Some("客户表示处理及时，态度很好".into()),
    }
}

/// A fresh customer's complaint, resolved by an agent: answers the follow-up's id.
async fn resolved_complaint(app: &TestApp) -> i64 {
    app.execute("UPDATE staff SET status = 'available' WHERE username = 'agent.wang'")
        .await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(app).await;
    let order_no = customer
        .call(app::api::portal::work_orders::OpenWorkOrder {
            form: app::model::work_orders::WorkOrderForm {
                kind: "complaint".into(),
                subject: "理赔员态度不好".into(),
                message: "电话里理赔员很不耐烦，希望改进。".into(),
                request_key: crate::claims::request_key(),
                ..Default::default()
            },
        })
        .await
        .good()
        .summary
        .order_no;
    let agent = app.as_claims_agent().await;
    agent
        .call(app::api::console::work_orders::ReplyWorkOrder {
            reply: app::model::work_orders::DeskReply {
                order_no: order_no.clone(),
                message: "非常抱歉，已对理赔员进行培训。".into(),
                status: "resolved".into(),
                resolution_code: "explained".into(),
                complaint_category: "service_attitude".into(),
            },
        })
        .await
        .good();
    let found = follow_ups_on(&agent, &order_no).await;
    found.first().expect("a follow-up on the complaint").id
}

/// The follow-ups (open or done) the console's queue lists on this claim or work order.
async fn follow_ups_on(staff: &User<'_>, reference: &str) -> Vec<FollowUp> {
    let queue = staff.call(FollowUpQueue {}).await.good();
    queue
        .open
        .into_iter()
        .chain(queue.done)
        .filter(|f| f.reference == reference)
        .collect()
}

async fn a_resolved_complaint_is_followed_up_and_the_answer_recorded_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = resolved_complaint(&app).await;
    let agent = app.as_agent().await;
    let queue = agent.call(FollowUpQueue {}).await.good();
    let task = queue
        .open
        .iter()
        .find(|f| f.id == id)
        .expect("the complaint's follow-up");
    assert!(task.complaint);
    assert_eq!(task.attempts, 0);
    // The card says what the case was and how it ended, so the caller knows before dialling.
    assert_eq!(task.case_subject, "理赔员态度不好");
    assert_eq!(task.resolution_code, Some(app::domain::ResolutionCode::Explained));
    assert_eq!(task.claim_outcome, None);
    assert!(queue.open[0].complaint, "complaints first");

    // Reached needs the satisfaction answer.
    agent
        .call(call(id, 0, "reached", None))
        .await
        .invalid("satisfaction_required", "satisfaction");
    agent
        .call(call(id, 0, "reached", Some(6)))
        .await
        .invalid("satisfaction_required", "satisfaction");
    // Sent twice at once: recorded once.
    let (a, b) = tokio::join!(
        agent.call(call(id, 0, "reached", Some(4))),
        agent.call(call(id, 0, "reached", Some(4)))
    );
    let statuses = [a.status, b.status];
    assert!(
        statuses.contains(&reqwest::StatusCode::OK) && statuses.contains(&reqwest::StatusCode::CONFLICT),
        "{statuses:?}"
    );
    let queue = agent.call(FollowUpQueue {}).await.good();
    assert!(queue.open.iter().all(|f| f.id != id));
    let done = queue.done.iter().find(|f| f.id == id).expect("among the results");
    assert_eq!(done.status, FollowUpStatus::Done);
    assert_eq!(done.outcome, Some(FollowUpOutcome::Reached));
    assert_eq!(done.satisfaction, Some(4));
    assert_eq!(done.attempts, 1);
    assert_eq!(done.agent.as_deref(), Some("李静"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'follow_up.call' AND detail LIKE 'follow_up={id} %'"
        ))
        .await,
        1
    );
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    assert_eq!(customer.call(FollowUpQueue {}).await.error(), AppError::Forbidden);
    assert_eq!(
        agent.call(call(id + 1000, 0, "no_answer", None)).await.error(),
        AppError::NotFound
    );
}

async fn a_customer_not_reached_after_the_attempts_closes_as_unreached(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = resolved_complaint(&app).await;
    let agent = app.as_agent().await;
    // Three tries by default: two unanswered keep it open, the third closes it.
    for seen in 0..2 {
        let after = agent.call(call(id, seen, "no_answer", None)).await.good();
        assert_eq!((after.status, after.attempts), (FollowUpStatus::Open, seen + 1));
    }
    // A stale page (it saw one attempt fewer) is refused.
    agent
        .call(call(id, 1, "no_answer", None))
        .await
        .conflict("follow_up_changed");
    let last = agent.call(call(id, 2, "no_answer", None)).await.good();
    assert_eq!((last.status, last.attempts), (FollowUpStatus::Unreached, 3));

    // A wrong number closes at once.
    let other = resolved_complaint(&app).await;
    let closed = agent.call(call(other, 0, "wrong_number", None)).await.good();
    assert_eq!(closed.status, FollowUpStatus::Unreached);
    agent
        .call(call(other, 1, "reached", Some(5)))
        .await
        .conflict("follow_up_changed");
}

async fn closed_claims_are_followed_up_by_sample(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer with a claim approved and one just reported.
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let approved = approved_claim(&app, &customer, "450").await;
    let reported = reported_claim(&customer, "800").await;
    app.execute("UPDATE follow_up_settings SET sample_percent = 100").await;
    let handler = app.as_claims_agent().await;
    // The approved claim closes (paid): at 100% it is followed up.
    handler.call(crate::claims::advance(&approved, None)).await.good();
    let found = follow_ups_on(&handler, &approved).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].claim_outcome, Some(app::domain::ClaimOutcome::Paid));
    assert!(found[0].payout.is_some_and(|paid| paid.fen() > 0), "what was paid");
    assert!(!found[0].case_subject.is_empty(), "what the customer told");
    // At 0% none is.
    app.execute("UPDATE follow_up_settings SET sample_percent = 0").await;
    handler
        .call(app::api::console::claims::RefuseClaim {
            claim_no: reported.clone(),
            reason: "就诊项目不在保险责任范围内，详见条款".into(),
        })
        .await
        .good();
    assert!(follow_ups_on(&handler, &reported).await.is_empty());
}
