use reqwest::StatusCode;
use serde_json::json;

use crate::harness::*;
use crate::on_both;

on_both!(
    agent_finds_a_customer_by_number_phone_or_policy_and_each_look_up_is_audited,
    agent_reads_a_customer_profile_and_policy_and_both_are_audited,
    customer_calling_an_agent_function_is_forbidden_and_not_audited,
    agent_search_explains_unrecognised_input,
);

async fn audit_rows(app: &TestApp, action: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"))
        .await
}

async fn agent_finds_a_customer_by_number_phone_or_policy_and_each_look_up_is_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.customer().await;
    let me = app.call("auth/who_am_i", &[], Some(&customer)).await.body;
    let customer_no = me["customer_no"].as_str().unwrap().to_string();
    let policy_no = app.call("policies/list_mine", &[], Some(&customer)).await.body[0]["policy_no"]
        .as_str()
        .unwrap()
        .to_string();

    let agent = app.agent().await;
    for query in [
        customer_no.to_lowercase(),
        "138 0013 8000".to_string(),
        policy_no.clone(),
    ] {
        let answer = app
            .call("console/find_customers", &[("query", &query)], Some(&agent))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{query}: {}", answer.body);
        let found = answer.body.as_array().unwrap();
        assert_eq!(found.len(), 1, "{query}");
        assert_eq!(found[0]["customer_no"], customer_no.as_str());
        assert_eq!(found[0]["name"], "陈晓明");
        assert_eq!(found[0]["policy_count"], 6);
    }
    assert_eq!(audit_rows(&app, "customer.search").await, 3);
    // The audit log names the agent and the customer, and does not keep the full phone number.
    let (detail, staff): (String, String) = sqlx::query_as(
        "SELECT a.detail, s.username FROM audit_log a JOIN staff s ON s.id = a.staff_id WHERE a.detail LIKE 'phone=%'",
    )
    .fetch_one(&app.app_state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        (detail.as_str(), staff.as_str()),
        ("phone=138****8000 results=1", "agent")
    );

    let none = app
        .call("console/find_customers", &[("query", "13700000000")], Some(&agent))
        .await;
    assert_eq!((none.status, none.body), (StatusCode::OK, json!([])));
    assert_eq!(
        audit_rows(&app, "customer.search").await,
        4,
        "empty searches are audited too"
    );
}

async fn agent_reads_a_customer_profile_and_policy_and_both_are_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.customer().await;
    let customer_no = app.call("auth/who_am_i", &[], Some(&customer)).await.body["customer_no"]
        .as_str()
        .unwrap()
        .to_string();

    let agent = app.agent().await;
    let profile = app
        .call("console/get_customer", &[("customer_no", &customer_no)], Some(&agent))
        .await;
    assert_eq!(profile.status, StatusCode::OK, "{}", profile.body);
    assert_eq!(profile.body["customer"]["phone"], DEMO_CUSTOMER_PHONE);
    assert_eq!(profile.body["policies"].as_array().unwrap().len(), 6);
    assert!(profile.body["id_number_masked"].as_str().unwrap().contains("****"));
    assert_eq!(audit_rows(&app, "customer.view").await, 1);

    let policy_no = profile.body["policies"][0]["policy_no"].as_str().unwrap();
    let policy = app
        .call(
            "console/get_customer_policy",
            &[("customer_no", &customer_no), ("policy_no", policy_no)],
            Some(&agent),
        )
        .await;
    assert_eq!(policy.status, StatusCode::OK);
    assert_eq!(policy.body["holder_name"], "陈晓明");
    assert_eq!(audit_rows(&app, "policy.view").await, 1);

    // A policy asked for under the wrong customer is not found, and nothing is shown.
    let other = app.other_customer().await;
    let other_no = app.call("auth/who_am_i", &[], Some(&other)).await.body["customer_no"]
        .as_str()
        .unwrap()
        .to_string();
    let mismatch = app
        .call(
            "console/get_customer_policy",
            &[("customer_no", &other_no), ("policy_no", policy_no)],
            Some(&agent),
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::NOT_FOUND);

    let missing = app
        .call("console/get_customer", &[("customer_no", "C2099999999")], Some(&agent))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

async fn customer_calling_an_agent_function_is_forbidden_and_not_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.customer().await;
    let answer = app
        .call(
            "console/find_customers",
            &[("query", OTHER_CUSTOMER_PHONE)],
            Some(&customer),
        )
        .await;
    assert_eq!(
        (answer.status, answer.body),
        (StatusCode::FORBIDDEN, json!({"kind": "forbidden"}))
    );
    let profile = app
        .call(
            "console/get_customer",
            &[("customer_no", "C2026000001")],
            Some(&customer),
        )
        .await;
    assert_eq!(profile.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 0);
}

async fn agent_search_explains_unrecognised_input(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let agent = app.agent().await;
    let answer = app
        .call("console/find_customers", &[("query", "张三")], Some(&agent))
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.body["field"], "query");
    assert_eq!(answer.body["code"], "query_unrecognised");
    assert!(answer.body["message"].as_str().unwrap().contains("C2026000123"));
}
