//! Policies as customers and staff read them.

use std::collections::HashSet;

use app::api::console::customers::GetCustomerPolicy;
use app::api::portal::policies::{GetMyPolicy, ListMyPolicies};
use app::domain::{InstallmentStatus, PolicyStatus, ProductLine};
use app::error::AppError;

use crate::fixtures::{CustomerFixture, CustomerSpec, PolicySpec};
use crate::harness::*;
use crate::on_both;

on_both!(
    customer_sees_own_policies_in_every_status_in_force_first,
    customer_opens_a_policy_with_coverages_people_and_schedule,
    customer_reading_another_customers_policy_gets_not_found,
    staff_calling_a_customer_function_is_forbidden,
    staff_read_a_customers_policy_by_its_customer_number_only,
    the_electronic_policy_is_a_pdf_for_its_holder_only,
);

/// A customer with a policy in every status, across the product lines, recorded in no
/// particular order: those still paid for say when the next premium is due.
async fn customer_with_every_status(app: &TestApp) -> CustomerFixture {
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let policies = [
        (ProductLine::Property, PolicyStatus::Surrendered, None),
        (ProductLine::Life, PolicyStatus::Lapsed, Some("2026-03-01")),
        (ProductLine::Auto, PolicyStatus::Expired, None),
        (ProductLine::Accident, PolicyStatus::Pending, Some("2026-12-01")),
        (ProductLine::Life, PolicyStatus::InForce, Some("2026-12-15")),
    ];
    for (line, status, next_due_date) in policies {
        let spec = PolicySpec {
            line,
            status,
            next_due_date,
            ..PolicySpec::default()
        };
        app.add_policy(&fixture, spec).await;
    }
    fixture
}

async fn customer_sees_own_policies_in_every_status_in_force_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = customer_with_every_status(&app).await.sign_in(&app).await;
    let policies = customer.call(ListMyPolicies {}).await.good();

    let statuses: Vec<PolicyStatus> = policies.iter().map(|p| p.status).collect();
    use PolicyStatus::*;
    assert_eq!(statuses, [InForce, InForce, Pending, Lapsed, Expired, Surrendered]);
    for policy in &policies {
        assert!(policy.sum_insured.fen() > 0, "money is integer fen: {policy:?}");
        assert!(!policy.product_name_zh.is_empty() && !policy.product_name_en.is_empty());
    }
    let lines: HashSet<ProductLine> = policies.iter().map(|p| p.line).collect();
    assert!(
        lines.len() >= 4,
        "the customer's policies span the product lines: {lines:?}"
    );
    // In force and lapsed policies say when the next premium is due; ended ones do not.
    let due = |status: PolicyStatus| {
        policies
            .iter()
            .find(|p| p.status == status)
            .unwrap()
            .next_due_date
            .clone()
    };
    assert!(due(Lapsed).is_some());
    assert_eq!(due(Expired), None);
    assert_eq!(due(Surrendered), None);
}

async fn customer_opens_a_policy_with_coverages_people_and_schedule(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer with a life policy naming two beneficiaries, its premiums paid yearly.
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let life_policy = PolicySpec {
        line: ProductLine::Life,
        next_due_date: Some("2026-12-15"),
        installments: &[
            ("2024-12-15", InstallmentStatus::Paid),
            ("2025-12-15", InstallmentStatus::Paid),
            ("2026-12-15", InstallmentStatus::Due),
        ],
        beneficiaries: &[("陈小雨", 60), ("陈小雷", 40)],
        ..PolicySpec::default()
    };
    app.add_policy(&fixture, life_policy).await;
    let customer = fixture.sign_in(&app).await;
    let list = customer.call(ListMyPolicies {}).await.good();
    let life = list
        .iter()
        .find(|p| p.line == ProductLine::Life)
        .expect("a life policy")
        .clone();
    let policy_no = &life.policy_no;

    // Typed in lower case with a dash, as someone might.
    let typed = format!("{}-{}", &policy_no[..6].to_lowercase(), &policy_no[6..]);
    let detail = customer.call(GetMyPolicy { policy_no: typed }).await.good();
    assert_eq!(detail.summary, life);
    assert_eq!(detail.holder_name, fixture.name);
    assert!(!detail.coverages.is_empty());
    assert!(!detail.insured.is_empty());
    assert!(!detail.installments.is_empty());
    assert!(!detail.beneficiaries.is_empty(), "life policies name beneficiaries");
    let shares: i64 = detail.beneficiaries.iter().map(|b| b.share_percent).sum();
    assert_eq!(shares, 100);
    let masked_ids = detail
        .insured
        .iter()
        .map(|p| &p.id_number_masked)
        .chain(detail.beneficiaries.iter().map(|b| &b.id_number_masked));
    for id in masked_ids {
        assert!(
            id == "—" || (id.contains("***********") && id.len() == 18),
            "ID numbers are masked: {id}"
        );
    }
}

async fn customer_reading_another_customers_policy_gets_not_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = app.new_customer(CustomerSpec::default()).await;
    let others_policy = owner.policy_no.as_str().to_string();

    let me = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let answer = me
        .call(GetMyPolicy {
            policy_no: others_policy.clone(),
        })
        .await;
    assert_eq!(answer.error(), AppError::NotFound);
    // The same answer as for a policy number nobody has.
    let nobody = me
        .call(GetMyPolicy {
            policy_no: "AU209900000001".into(),
        })
        .await;
    assert_eq!(nobody.error(), AppError::NotFound);
    // And the owner can read it.
    let read = owner
        .sign_in(&app)
        .await
        .call(GetMyPolicy {
            policy_no: others_policy,
        })
        .await
        .good();
    assert_eq!(read.summary.policy_no, owner.policy_no.as_str());
}

async fn staff_calling_a_customer_function_is_forbidden(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for staff in [app.as_agent().await, app.as_supervisor().await, app.as_admin().await] {
        assert_eq!(staff.call(ListMyPolicies {}).await.error(), AppError::Forbidden);
    }
    assert_eq!(
        app.anonymous().call(ListMyPolicies {}).await.error(),
        AppError::Unauthenticated
    );
}

async fn staff_read_a_customers_policy_by_its_customer_number_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let holder = app.new_customer(CustomerSpec::default()).await;
    let someone_else = app.new_customer(CustomerSpec::default()).await;
    let agent = app.as_agent().await;

    let detail = agent
        .call(GetCustomerPolicy {
            customer_no: holder.customer_no.as_str().into(),
            policy_no: holder.policy_no.as_str().into(),
        })
        .await
        .good();
    assert_eq!(detail.summary.policy_no, holder.policy_no.as_str());
    assert_eq!(detail.holder_name, holder.name);
    // A policy number paired with another customer's number is not found.
    let mismatched = agent
        .call(GetCustomerPolicy {
            customer_no: someone_else.customer_no.as_str().into(),
            policy_no: holder.policy_no.as_str().into(),
        })
        .await;
    assert_eq!(mismatched.error(), AppError::NotFound);
    // Customers cannot use the console's function, even for their own policy.
    let as_holder = holder.sign_in(&app).await;
    let refused = as_holder
        .call(GetCustomerPolicy {
            customer_no: holder.customer_no.as_str().into(),
            policy_no: holder.policy_no.as_str().into(),
        })
        .await;
    assert_eq!(refused.error(), AppError::Forbidden);
}

async fn the_electronic_policy_is_a_pdf_for_its_holder_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = app.new_customer(CustomerSpec::default()).await;
    let policy_no = owner.policy_no.as_str().to_string();
    let path = format!("/api/policies/pdf?policy_no={policy_no}");

    let holder = owner.sign_in(&app).await;
    let (status, headers, pdf) = holder.get(&path).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let text = String::from_utf8_lossy(&pdf);
    // The Chinese text is set in an embedded font, cut down to the glyphs used, with a map
    // back to the characters so it can be searched and copied.
    assert!(
        text.contains("/FontFile3") || text.contains("/FontFile2"),
        "an embedded font"
    );
    assert!(text.contains("/ToUnicode"), "text that copies as text");
    assert!(
        pdf.len() < 100_000,
        "a subset, not the whole CJK font: {} bytes",
        pdf.len()
    );

    // Someone else's policy, or a number nobody has: not found, as for every other read.
    let me = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let (status, _, _) = me.get(&path).await;
    assert_eq!(status, reqwest::StatusCode::NOT_FOUND);
    let (status, _, _) = me.get("/api/policies/pdf?policy_no=AU209900000001").await;
    assert_eq!(status, reqwest::StatusCode::NOT_FOUND);
    let (status, _, _) = app.anonymous().get(&path).await;
    assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED);
    let (status, _, _) = app.as_agent().await.get(&path).await;
    assert_eq!(status, reqwest::StatusCode::FORBIDDEN);
}
