use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::harness::*;
use crate::on_both;

on_both!(
    customer_sees_own_policies_in_every_status_in_force_first,
    customer_opens_a_policy_with_coverages_people_and_schedule,
    customer_reading_another_customers_policy_gets_not_found,
    staff_calling_a_customer_function_is_forbidden,
);

async fn customer_sees_own_policies_in_every_status_in_force_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let answer = app.call("policies/list_mine", &[], Some(&cookie)).await;
    assert_eq!(answer.status, StatusCode::OK);

    let policies = answer.body.as_array().unwrap();
    let statuses: Vec<&str> = policies.iter().map(|p| p["status"].as_str().unwrap()).collect();
    assert_eq!(
        statuses,
        ["in_force", "in_force", "pending", "lapsed", "expired", "surrendered"]
    );
    for policy in policies {
        assert!(
            policy["sum_insured"].as_i64().unwrap() > 0,
            "money is integer fen: {policy}"
        );
        assert!(policy["product_name_zh"].as_str().is_some() && policy["product_name_en"].as_str().is_some());
    }
    let lines: std::collections::BTreeSet<&str> = policies.iter().map(|p| p["line"].as_str().unwrap()).collect();
    assert!(
        lines.len() >= 4,
        "the demo customer's policies span the product lines: {lines:?}"
    );
    // In force and lapsed policies say when the next premium is due; ended ones do not.
    let due = |status: &str| policies.iter().find(|p| p["status"] == status).unwrap()["next_due_date"].clone();
    assert!(due("in_force").is_string() || due("in_force").is_null());
    assert!(due("lapsed").is_string());
    assert_eq!(due("expired"), Value::Null);
    assert_eq!(due("surrendered"), Value::Null);
}

async fn customer_opens_a_policy_with_coverages_people_and_schedule(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let list = app.call("policies/list_mine", &[], Some(&cookie)).await.body;
    let life = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["line"] == "life")
        .expect("a life policy")
        .clone();
    let policy_no = life["policy_no"].as_str().unwrap();

    // Typed in lower case with a dash, as someone might.
    let typed = format!("{}-{}", &policy_no[..6].to_lowercase(), &policy_no[6..]);
    let answer = app
        .call("policies/get_mine", &[("policy_no", &typed)], Some(&cookie))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let detail = answer.body;
    assert_eq!(detail["summary"], life);
    assert_eq!(detail["holder_name"], "陈晓明");
    assert!(!detail["coverages"].as_array().unwrap().is_empty());
    assert!(!detail["insured"].as_array().unwrap().is_empty());
    assert!(!detail["installments"].as_array().unwrap().is_empty());
    let beneficiaries = detail["beneficiaries"].as_array().unwrap();
    assert!(!beneficiaries.is_empty(), "life policies name beneficiaries");
    let shares: i64 = beneficiaries.iter().map(|b| b["share_percent"].as_i64().unwrap()).sum();
    assert_eq!(shares, 100);
    for person in detail["insured"].as_array().unwrap().iter().chain(beneficiaries) {
        let id = person["id_number_masked"].as_str().unwrap();
        assert!(
            id == "—" || (id.contains("***********") && id.len() == 18),
            "ID numbers are masked: {id}"
        );
    }
}

async fn customer_reading_another_customers_policy_gets_not_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other = app.other_customer().await;
    let others_policy = app.call("policies/list_mine", &[], Some(&other)).await.body[0]["policy_no"].clone();
    let others_policy = others_policy.as_str().unwrap();

    let me = app.customer().await;
    let answer = app
        .call("policies/get_mine", &[("policy_no", others_policy)], Some(&me))
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.body, json!({"kind": "not_found"}));
    // The same answer as for a policy number nobody has.
    let nobody = app
        .call("policies/get_mine", &[("policy_no", "AU209900000001")], Some(&me))
        .await;
    assert_eq!(
        (nobody.status, nobody.body),
        (StatusCode::NOT_FOUND, json!({"kind": "not_found"}))
    );
    // And the owner can read it.
    assert_eq!(
        app.call("policies/get_mine", &[("policy_no", others_policy)], Some(&other))
            .await
            .status,
        StatusCode::OK
    );
}

async fn staff_calling_a_customer_function_is_forbidden(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let agent = app.agent().await;
    let answer = app.call("policies/list_mine", &[], Some(&agent)).await;
    assert_eq!(
        (answer.status, answer.body),
        (StatusCode::FORBIDDEN, json!({"kind": "forbidden"}))
    );
}
