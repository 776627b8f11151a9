//! The staff console: finding customers, reading their profiles and policies, each read
//! audited; customers cannot use it.

use app::api::console::customers::{Customer360, FindCustomers, GetCustomer, GetCustomerPolicy};
use app::api::portal::policies::ListMyPolicies;
use app::api::portal::ratings::RateService;
use app::api::public::auth::WhoAmI;
use app::domain::PolicyStatus;
use app::error::AppError;
use app::model::auth::Me;

use crate::client::User;
use crate::fixtures::{
    closed_paid_claim, opened_work_order, refused_claim, reported_claim, resolved_work_order,
    work_order_awaiting_customer, CustomerFixture, CustomerSpec, PolicySpec,
};
use crate::harness::*;
use crate::on_both;

on_both!(
    the_customer_360_gathers_claims_work_orders_points_and_every_contact_newest_first,
    agent_finds_a_customer_by_name_email_number_or_part_of_one,
    agent_finds_a_customer_by_number_phone_or_policy_and_each_look_up_is_audited,
    agent_reads_a_customer_profile_and_policy_and_both_are_audited,
    customer_calling_an_agent_function_is_forbidden_and_not_audited,
    agent_search_explains_unrecognised_input,
);

/// The customer these tests look up: a name, an e-mail address and an ID number on record,
/// and policies lapsed and expired beside the one in force.
async fn customer_on_file(app: &TestApp) -> CustomerFixture {
    let fixture = app
        .new_customer(CustomerSpec {
            name: Some("林书桐"),
            email: Some("lin.shutong@example.com"),
            id_number_masked: Some("110***********002X"),
            ..CustomerSpec::default()
        })
        .await;
    for status in [PolicyStatus::Lapsed, PolicyStatus::Expired] {
        let spec = PolicySpec {
            status,
            ..PolicySpec::default()
        };
        app.add_policy(&fixture, spec).await;
    }
    fixture
}

async fn audit_rows(app: &TestApp, action: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"))
        .await
}

/// The signed-in customer's own customer number.
async fn customer_no_of(customer: &User<'_>) -> String {
    match customer.call(WhoAmI {}).await.good() {
        Some(Me::Customer { customer_no, .. }) => customer_no,
        other => panic!("not a signed-in customer: {other:?}"),
    }
}

async fn agent_finds_a_customer_by_number_phone_or_policy_and_each_look_up_is_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer with several policies to count.
    let fixture = customer_on_file(&app).await;
    let phone = fixture.phone.clone();
    let customer = fixture.sign_in(&app).await;
    let customer_no = customer_no_of(&customer).await;
    let policy_no = customer.call(ListMyPolicies {}).await.good()[0].policy_no.clone();

    let agent = app.as_agent().await;
    for query in [
        customer_no.to_lowercase(),
        // Typed with spaces, as it is read out.
        format!("{} {} {}", &phone[..3], &phone[3..7], &phone[7..]),
        policy_no.clone(),
    ] {
        let found = agent.call(FindCustomers { query: query.clone() }).await.good();
        assert_eq!(found.len(), 1, "{query}");
        assert_eq!(found[0].customer_no, customer_no);
        assert_eq!(found[0].name, fixture.name);
        assert_eq!(found[0].policy_count, 3);
    }
    assert_eq!(audit_rows(&app, "customer.search").await, 3);
    // The audit log names the agent and the customer, and does not keep the full phone number.
    let (detail, staff): (String, String) = sqlx::query_as(
        "SELECT a.detail, s.username FROM audit_log a JOIN staff s ON s.id = a.staff_id WHERE a.detail LIKE 'phone=%'",
    )
    .fetch_one(&app.app_state.db.pool)
    .await
    .unwrap();
    let masked = format!("phone={}****{} results=1", &phone[..3], &phone[7..]);
    assert_eq!((detail.as_str(), staff.as_str()), (masked.as_str(), "agent"));

    let none = agent
        .call(FindCustomers {
            query: "13700000000".into(),
        })
        .await
        .good();
    assert!(none.is_empty(), "{none:?}");
    assert_eq!(
        audit_rows(&app, "customer.search").await,
        4,
        "empty searches are audited too"
    );
}

async fn agent_finds_a_customer_by_name_email_number_or_part_of_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // 林书桐: lin.shutong@example.com, a claim and a work order of hers.
    let fixture = customer_on_file(&app).await;
    let phone = fixture.phone.clone();
    let customer = fixture.sign_in(&app).await;
    let customer_no = customer_no_of(&customer).await;
    let claim_no = reported_claim(&customer, "800").await;
    let order_no = opened_work_order(&customer).await;
    let agent = app.as_agent().await;
    let profile = agent
        .call(GetCustomer {
            customer_no: customer_no.clone(),
        })
        .await
        .good();
    let policy_no = profile.policies[0].policy_no.clone();
    let masked = profile.id_number_masked.expect("an ID number on record");
    let last_four: String = masked.chars().skip(masked.chars().count() - 4).collect();
    for query in [
        "书桐".to_string(),
        "LIN.SHUTONG@example.com".to_string(),
        claim_no.to_lowercase(),
        order_no.clone(),
        last_four.to_lowercase(),
        // Parts of what a caller reads out: the surname and given name, digits from the
        // middle and the end of the mobile, the start of a policy or claim number.
        "林书桐".to_string(),
        phone[3..9].to_string(),
        phone[7..].to_string(),
        policy_no[..policy_no.len() - 3].to_string(),
        claim_no[..claim_no.len() - 2].to_lowercase(),
    ] {
        let found = agent.call(FindCustomers { query: query.clone() }).await.good();
        assert!(found.iter().any(|c| c.customer_no == customer_no), "{query}: {found:?}");
        assert!(found.len() <= 20);
    }
    // A name nobody has finds nobody; every search is audited without the name in full.
    let none = agent
        .call(FindCustomers {
            query: "欧阳不存在".into(),
        })
        .await
        .good();
    assert!(none.is_empty());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.search' AND detail LIKE 'name=欧****%'")
            .await,
        1
    );
}

async fn agent_reads_a_customer_profile_and_policy_and_both_are_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer with several policies and an ID number on record.
    let fixture = customer_on_file(&app).await;
    let customer_no = fixture.customer_no.as_str().to_string();

    let agent = app.as_agent().await;
    let profile = agent
        .call(GetCustomer {
            customer_no: customer_no.clone(),
        })
        .await
        .good();
    assert_eq!(profile.customer.phone.as_deref(), Some(fixture.phone.as_str()));
    assert_eq!(profile.policies.len(), 3);
    assert!(profile.id_number_masked.as_deref().unwrap().contains("****"));
    assert_eq!(audit_rows(&app, "customer.view").await, 1);

    let policy_no = profile.policies[0].policy_no.clone();
    let policy = agent
        .call(GetCustomerPolicy {
            customer_no: customer_no.clone(),
            policy_no: policy_no.clone(),
        })
        .await
        .good();
    assert_eq!(policy.holder_name, fixture.name);
    assert_eq!(audit_rows(&app, "policy.view").await, 1);

    // A policy asked for under the wrong customer is not found, and nothing is shown.
    let other = app.new_customer(CustomerSpec::default()).await;
    let mismatch = agent
        .call(GetCustomerPolicy {
            customer_no: other.customer_no.as_str().into(),
            policy_no,
        })
        .await;
    assert_eq!(mismatch.error(), AppError::NotFound);

    let missing = agent
        .call(GetCustomer {
            customer_no: "C2099999999".into(),
        })
        .await;
    assert_eq!(missing.error(), AppError::NotFound);
}

async fn customer_calling_an_agent_function_is_forbidden_and_not_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let someone = app.new_customer(CustomerSpec::default()).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let answer = customer
        .call(FindCustomers {
            query: someone.phone.clone(),
        })
        .await;
    assert_eq!(answer.error(), AppError::Forbidden);
    let profile = customer
        .call(GetCustomer {
            customer_no: someone.customer_no.as_str().into(),
        })
        .await;
    assert_eq!(profile.error(), AppError::Forbidden);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 0);
}

async fn agent_search_explains_unrecognised_input(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let agent = app.as_agent().await;
    let error = agent
        .call(FindCustomers { query: "123".into() })
        .await
        .invalid("query_unrecognised", "query");
    // Five digits are part of a mobile (a search, not an error); fifteen are nothing we know.
    agent.call(FindCustomers { query: "12345".into() }).await.good();
    agent
        .call(FindCustomers {
            query: "123456789012345".into(),
        })
        .await
        .invalid("query_unrecognised", "query");
    // Wildcards are not a way to list everyone.
    agent
        .call(FindCustomers { query: "%%".into() })
        .await
        .invalid("query_unrecognised", "query");
    agent
        .call(FindCustomers { query: "陈".into() })
        .await
        .invalid("query_too_short", "query");
    let AppError::Invalid { message, .. } = error else {
        unreachable!()
    };
    assert!(message.contains("C2026000123"), "{message}");
}

async fn the_customer_360_gathers_claims_work_orders_points_and_every_contact_newest_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer with claims paid (and rated), refused and under way, a complaint staff
    // resolved and a question that waits for them.
    let fixture = customer_on_file(&app).await;
    let customer = fixture.sign_in(&app).await;
    let paid = closed_paid_claim(&app, &customer).await;
    customer
        .call(RateService {
            subject: "claim".into(),
            number: paid,
            score: 5,
            comment: "理赔很快，客服很耐心。".into(),
        })
        .await
        .good();
    refused_claim(&app, &customer).await;
    reported_claim(&customer, "800").await;
    resolved_work_order(&app, &customer).await;
    work_order_awaiting_customer(&app, &customer).await;
    let customer_no = customer_no_of(&customer).await;
    let agent = app.as_agent().await;
    let ask = || Customer360 {
        customer_no: customer_no.clone(),
    };
    let overview = agent.call(ask()).await.good();
    assert_eq!(overview.profile.customer.name, fixture.name);
    assert_eq!(overview.claims.len(), 3, "one paid, one refused, one under way");
    assert!(overview.work_orders.len() >= 2);
    assert_eq!(
        overview.points_balance,
        100 + 20,
        "the first claim's points and the rating's"
    );
    let history = &overview.history;
    assert!(!history.is_empty());
    assert!(history.windows(2).all(|w| w[0].at >= w[1].at), "newest first");
    use app::domain::ContactKind;
    for kind in [
        ContactKind::ClaimReported,
        ContactKind::WorkOrderOpened,
        ContactKind::Rating,
        ContactKind::Notification,
    ] {
        assert!(history.iter().any(|e| e.kind == kind), "{kind:?} in the history");
    }
    let reported = history.iter().find(|e| e.kind == ContactKind::ClaimReported).unwrap();
    assert!(reported.reference.as_deref().is_some_and(|r| r.starts_with("CL")));

    // A staff reply shows with who wrote it, newest first.
    let order_no = overview.work_orders[0].order_no.clone();
    agent
        .call(app::api::console::work_orders::AddInternalNote {
            order_no: order_no.clone(),
            note: "客户来电询问进度，已安抚".into(),
        })
        .await
        .good();
    let newest = agent.call(ask()).await.good().history.remove(0);
    assert_eq!(newest.kind, ContactKind::InternalNote);
    assert_eq!(newest.staff.as_deref(), Some("李静"));
    assert_eq!(newest.reference.as_deref(), Some(order_no.as_str()));

    assert_eq!(customer.call(ask()).await.error(), AppError::Forbidden);
    assert!(audit_rows(&app, "customer.view").await >= 2, "each look is audited");
}
