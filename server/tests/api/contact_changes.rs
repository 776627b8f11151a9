//! Correcting a customer's mobile number or e-mail (the probe's second finding): an agent
//! could change a number and sign in as the customer by code to it. Now a correction is
//! asked for by the policy-service staff only, applied only with a second person's approval
//! or the customer's code from the old contact; the old contact is told, the customer's
//! sessions end, and for a day codes to the new contact do not sign in or reset, and no new
//! payout account is taken.

use app::api::console::customers::{
    ConfirmContactChange, ContactChangeQueue, Customer360, DecideContactChange, GetCustomer, RequestContactChange,
    SendContactChangeCode,
};
use app::api::portal::work_orders::OpenWorkOrder;
use app::api::public::auth::{SendCode, WhoAmI};
use app::domain::MemberLevel;
use app::error::AppError;
use app::model::work_orders::WorkOrderForm;

use crate::claims::request_key;
use crate::fixtures::{CustomerFixture, CustomerSpec};
use crate::harness::*;
use crate::on_both;

on_both!(
    a_correction_is_asked_for_by_policy_service_and_applied_by_a_second_person,
    the_customer_confirms_a_correction_with_a_code_from_the_old_number,
    for_a_day_after_a_change_codes_do_not_sign_in_and_payout_accounts_wait,
);

fn ask(fixture: &CustomerFixture, phone: &str, email: &str, reason: &str) -> RequestContactChange {
    RequestContactChange {
        customer_no: fixture.customer_no.as_str().to_string(),
        phone: phone.into(),
        email: email.into(),
        reason: reason.into(),
    }
}

fn decide(change_id: i64, approve: bool, reason: Option<&str>) -> DecideContactChange {
    DecideContactChange {
        change_id,
        approve,
        reason: reason.map(str::to_string),
    }
}

/// The latest message the outbox holds for this recipient.
async fn last_message(app: &TestApp, recipient: &str) -> String {
    app.text(&format!(
        "SELECT body FROM outbox WHERE recipient = '{recipient}' ORDER BY id DESC LIMIT 1"
    ))
    .await
}

async fn a_correction_is_asked_for_by_policy_service_and_applied_by_a_second_person(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer = fixture.sign_in(&app).await;
    let agent = app.as_agent().await; // 李静: customer service and policy services
    let claims_agent = app.as_claims_agent().await; // 王磊: claims and complaints only
    let supervisor = app.as_supervisor().await;
    let reason = "客户来电，核实身份后更正";

    agent
        .call(ask(&fixture, "1380013", "", reason))
        .await
        .invalid("phone_invalid", "phone");
    agent
        .call(ask(&fixture, "13700137033", "x@", reason))
        .await
        .invalid("email_invalid", "email");
    agent
        .call(ask(&fixture, "13700137033", "", ""))
        .await
        .invalid("reason_required", "reason");
    agent
        .call(ask(&fixture, &fixture.phone, "", reason))
        .await
        .invalid("contact_unchanged", "phone");
    let someone_else = app.new_customer(CustomerSpec::default()).await;
    agent
        .call(ask(&fixture, &someone_else.phone, "", reason))
        .await
        .conflict("phone_taken");
    // Not every agent, and never the customer.
    assert_eq!(
        claims_agent
            .call(ask(&fixture, "13700137033", "", reason))
            .await
            .error(),
        AppError::Forbidden
    );
    assert_eq!(
        customer.call(ask(&fixture, "13700137033", "", reason)).await.error(),
        AppError::Forbidden
    );

    let change = agent
        .call(ask(&fixture, "137 0013 7033", "New@Example.cn", reason))
        .await
        .good();
    assert!(change.mine);
    assert_eq!(change.phone_before.as_deref(), Some(fixture.phone.as_str()));
    assert_eq!(change.phone_after.as_deref(), Some("13700137033"));
    // Nothing changed yet, and the customer is still signed in.
    let on_file = || GetCustomer {
        customer_no: fixture.customer_no.as_str().to_string(),
    };
    let profile = agent.call(on_file()).await.good();
    assert_eq!(profile.customer.phone.as_deref(), Some(fixture.phone.as_str()));
    assert!(customer.call(WhoAmI {}).await.good().is_some());
    // One waiting correction per customer; the asker cannot approve it; nor can staff
    // outside policy service.
    agent
        .call(ask(&fixture, "13700137044", "", reason))
        .await
        .conflict("contact_change_pending");
    agent
        .call(decide(change.id, true, None))
        .await
        .conflict("second_person_required");
    assert_eq!(
        claims_agent.call(decide(change.id, true, None)).await.error(),
        AppError::Forbidden
    );
    // A second person sees it waiting, with who asked, and refusing needs a reason.
    let queue = supervisor.call(ContactChangeQueue {}).await.good();
    let waiting = queue.iter().find(|c| c.id == change.id).expect("in the queue");
    assert_eq!(waiting.requested_by, "李静");
    assert!(!waiting.mine);
    supervisor
        .call(decide(change.id, false, None))
        .await
        .invalid("reason_required", "reason");

    supervisor.call(decide(change.id, true, None)).await.good();
    let profile = agent.call(on_file()).await.good();
    assert_eq!(profile.customer.phone.as_deref(), Some("13700137033"));
    assert_eq!(profile.customer.email.as_deref(), Some("new@example.cn"));
    // The customer's sessions ended; the old number was told, with how to dispute.
    assert_eq!(customer.call(WhoAmI {}).await.good(), None);
    let told = last_message(&app, &fixture.phone).await;
    assert!(told.contains("137****7033") && told.contains("95500"), "{told}");
    // Decided once only.
    supervisor
        .call(decide(change.id, true, None))
        .await
        .conflict("contact_change_decided");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'customer.contact_corrected' \
             AND customer_id = {} AND detail LIKE '%proof=second_person%' AND detail LIKE '%137****7033%' \
             AND detail NOT LIKE '%13700137033%'",
            fixture.customer_id
        ))
        .await,
        1
    );
    // The 360 shows no waiting correction any more, and says who may ask for one.
    let overview = agent
        .call(Customer360 {
            customer_no: fixture.customer_no.as_str().to_string(),
        })
        .await
        .good();
    assert!(overview.pending_contact_change.is_none() && overview.may_correct_contacts);
    let overview = claims_agent
        .call(Customer360 {
            customer_no: fixture.customer_no.as_str().to_string(),
        })
        .await
        .good();
    assert!(!overview.may_correct_contacts);

    // The asker may withdraw a correction of their own.
    let again = agent.call(ask(&fixture, "13700137055", "", reason)).await.good();
    agent.call(decide(again.id, false, None)).await.good();
    assert!(supervisor
        .call(ContactChangeQueue {})
        .await
        .good()
        .iter()
        .all(|c| c.id != again.id));
}

async fn the_customer_confirms_a_correction_with_a_code_from_the_old_number(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let agent = app.as_agent().await;
    let claims_agent = app.as_claims_agent().await;
    let change = agent
        .call(ask(&fixture, "13700137066", "", "客户到柜面办理，原号码仍可接收短信"))
        .await
        .good();
    let confirm = |code: &str| ConfirmContactChange {
        change_id: change.id,
        code: code.into(),
    };
    // No code was sent yet: nothing to confirm with.
    agent.call(confirm("123456")).await.invalid("code_expired", "code");
    assert_eq!(
        claims_agent
            .call(SendContactChangeCode { change_id: change.id })
            .await
            .error(),
        AppError::Forbidden
    );
    agent.call(SendContactChangeCode { change_id: change.id }).await.good();
    let code = app
        .sent_code(&fixture.phone)
        .await
        .expect("a code went to the old number");
    // One a minute.
    let again = agent.call(SendContactChangeCode { change_id: change.id }).await.error();
    assert!(matches!(again, AppError::TooManyAttempts { .. }), "{again:?}");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    agent.call(confirm(wrong)).await.invalid("code_wrong", "code");
    let on_file = || GetCustomer {
        customer_no: fixture.customer_no.as_str().to_string(),
    };
    assert_eq!(
        agent.call(on_file()).await.good().customer.phone.as_deref(),
        Some(fixture.phone.as_str()),
        "a wrong code changes nothing"
    );
    agent.call(confirm(&code)).await.good();
    assert_eq!(
        agent.call(on_file()).await.good().customer.phone.as_deref(),
        Some("13700137066")
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'customer.contact_corrected' \
             AND detail LIKE '%proof=old_contact_code%'"
        )
        .await,
        1
    );
    agent.call(confirm(&code)).await.conflict("contact_change_decided");
}

async fn for_a_day_after_a_change_codes_do_not_sign_in_and_payout_accounts_wait(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app
        .new_customer(CustomerSpec {
            member_level: MemberLevel::AdvancedVerified,
            ..CustomerSpec::default()
        })
        .await;
    let agent = app.as_agent().await;
    let supervisor = app.as_supervisor().await;
    let change = agent
        .call(ask(&fixture, "13700137077", "", "客户来电，核实身份后更正"))
        .await
        .good();
    supervisor.call(decide(change.id, true, None)).await.good();

    // A code to the new number does not come: the message says why, and the answer to the
    // caller is the same as ever (it does not tell whether an account is there).
    for purpose in ["sign_in", "reset_password"] {
        let sent = app
            .anonymous()
            .call(SendCode {
                purpose: purpose.into(),
                contact: "13700137077".into(),
            })
            .await;
        assert_eq!(sent.status, reqwest::StatusCode::OK, "{}", sent.text);
        assert_eq!(app.sent_code("13700137077").await, None, "{purpose}: no code");
        let told = last_message(&app, "13700137077").await;
        assert!(told.contains("北京时间") && told.contains("95500"), "{told}");
        // The per-destination wait between codes still holds; let the next one through.
        app.execute("UPDATE one_time_codes SET created_at = created_at - 120000")
            .await;
    }

    // The customer signs in with the password and may not name a new payout account yet.
    let customer = app.signed_in("13700137077", crate::fixtures::FIXTURE_PASSWORD).await;
    let form = WorkOrderForm {
        kind: "policy_service".into(),
        service_type: "payout_account_change".into(),
        subject: "更换收款账户".into(),
        message: "请把理赔款收款账户换成新的工资卡。".into(),
        policy_no: fixture.policy_no.as_str().to_string(),
        payout_bank: "招商银行".into(),
        payout_account: "6225880112345678".into(),
        request_key: request_key(),
        ..WorkOrderForm::default()
    };
    let error = customer
        .call(OpenWorkOrder { form: form.clone() })
        .await
        .conflict("contact_recently_changed");
    assert!(error.to_string().contains("95500"), "{error}");

    // A day later it works again.
    app.execute(&format!(
        "UPDATE customers SET contact_changed_at = contact_changed_at - 86400001 WHERE id = {}",
        fixture.customer_id
    ))
    .await;
    customer.call(OpenWorkOrder { form }).await.good();
    app.execute("UPDATE one_time_codes SET created_at = created_at - 120000")
        .await;
    assert!(
        app.code_for(app::domain::CodePurpose::SignIn, "13700137077")
            .await
            .len()
            == 6
    );
}
