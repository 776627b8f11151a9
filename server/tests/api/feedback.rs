//! Satisfaction ratings (满意度评价): once per closed claim or finished work order, with
//! points for taking part.

use reqwest::StatusCode;
use serde_json::json;

use crate::harness::*;
use crate::on_both;

on_both!(
    a_closed_claim_is_rated_once_and_earns_survey_points_once,
    unfinished_cases_and_bad_scores_or_comments_are_refused,
    another_customers_claim_is_not_found,
    a_resolved_work_order_is_rated_and_shows_its_rating,
    rating_sent_several_times_at_once_counts_once,
);

async fn rate(app: &TestApp, subject: &str, number: &str, score: &str, comment: &str, cookie: &str) -> Answer {
    app.call(
        "feedback/rate",
        &[
            ("subject", subject),
            ("number", number),
            ("score", score),
            ("comment", comment),
        ],
        Some(cookie),
    )
    .await
}

fn conflict(answer: &Answer, code: &str) {
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert_eq!(answer.body["kind"], "conflict", "{}", answer.body);
    assert_eq!(answer.body["code"], code, "{}", answer.body);
}

fn invalid(answer: &Answer, code: &str, field: &str) {
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert_eq!(answer.body["kind"], "invalid", "{}", answer.body);
    assert_eq!(answer.body["code"], code, "{}", answer.body);
    assert_eq!(answer.body["field"], field, "{}", answer.body);
}

const RATINGS: &str = "SELECT COUNT(*) FROM ratings";

async fn survey_earnings(app: &TestApp, customer_id: i64) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM points_ledger WHERE customer_id = {customer_id} AND rule_code = 'survey_completed'"
    ))
    .await
}

async fn balance(app: &TestApp, cookie: &str) -> i64 {
    let answer = app.call("points/mine", &[], Some(cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["balance"].as_i64().unwrap()
}

async fn a_closed_claim_is_rated_once_and_earns_survey_points_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let customer_id = app.customer_id(DEMO_CUSTOMER_PHONE).await;
    let ratings_before = app.count(RATINGS).await;
    let earnings_before = survey_earnings(&app, customer_id).await;
    let balance_before = balance(&app, &cookie).await;

    // The paid demo claim was rated when it closed.
    let answer = rate(&app, "claim", "CL2026900008", "4", "", &cookie).await;
    conflict(&answer, "already_rated");
    assert_eq!(app.count(RATINGS).await, ratings_before);
    assert_eq!(
        app.count(
            "SELECT score FROM ratings r JOIN claims c ON c.id = r.subject_id \
             WHERE r.subject_kind = 'claim' AND c.claim_no = 'CL2026900008'"
        )
        .await,
        5,
        "the first rating stands"
    );
    assert_eq!(survey_earnings(&app, customer_id).await, earnings_before);

    // The rejected one is closed too, and not rated yet: 20 points for the survey.
    let answer = rate(&app, "claim", "cl2026900009", "2", "  拒赔理由没有解释清楚。 ", &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body, 20);
    assert_eq!(app.count(RATINGS).await, ratings_before + 1);
    let (score, comment, rater): (i64, String, i64) = sqlx::query_as(
        "SELECT r.score, r.comment, r.customer_id FROM ratings r JOIN claims c ON c.id = r.subject_id \
         WHERE r.subject_kind = 'claim' AND c.claim_no = 'CL2026900009'",
    )
    .fetch_one(&app.app_state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        (score, comment.as_str(), rater),
        (2, "拒赔理由没有解释清楚。", customer_id)
    );
    assert_eq!(survey_earnings(&app, customer_id).await, earnings_before + 1);
    assert_eq!(
        app.count(&format!(
            "SELECT delta FROM points_ledger WHERE customer_id = {customer_id} \
             AND rule_code = 'survey_completed' AND event_key LIKE '%CL2026900009%'"
        ))
        .await,
        20
    );
    assert_eq!(balance(&app, &cookie).await, balance_before + 20);

    // Again (with another score): refused, no second rating, no second earning.
    let answer = rate(&app, "claim", "CL2026900009", "5", "改个好评", &cookie).await;
    conflict(&answer, "already_rated");
    assert_eq!(app.count(RATINGS).await, ratings_before + 1);
    assert_eq!(survey_earnings(&app, customer_id).await, earnings_before + 1);
    assert_eq!(balance(&app, &cookie).await, balance_before + 20);
    assert_eq!(
        app.count(
            "SELECT score FROM ratings r JOIN claims c ON c.id = r.subject_id \
             WHERE r.subject_kind = 'claim' AND c.claim_no = 'CL2026900009'"
        )
        .await,
        2
    );
}

async fn unfinished_cases_and_bad_scores_or_comments_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let customer_id = app.customer_id(DEMO_CUSTOMER_PHONE).await;
    let ratings_before = app.count(RATINGS).await;
    let earnings_before = survey_earnings(&app, customer_id).await;

    // Claims still under way, and a work order still waiting: not yet.
    for claim_no in ["CL2026900001", "CL2026900007"] {
        conflict(&rate(&app, "claim", claim_no, "5", "", &cookie).await, "not_finished");
    }
    conflict(
        &rate(&app, "work_order", "WO2026900001", "5", "", &cookie).await,
        "not_finished",
    );

    // Scores are 1 to 5; comments at most 500 characters; subjects a claim or a request.
    for score in ["0", "6", "-1"] {
        invalid(
            &rate(&app, "claim", "CL2026900009", score, "", &cookie).await,
            "score_invalid",
            "score",
        );
    }
    invalid(
        &rate(&app, "claim", "CL2026900009", "3", &"好".repeat(501), &cookie).await,
        "comment_too_long",
        "comment",
    );
    invalid(
        &rate(&app, "policy", "CL2026900009", "3", "", &cookie).await,
        "subject_invalid",
        "subject",
    );
    invalid(
        &rate(&app, "claim", "WO2026900002", "3", "", &cookie).await,
        "case_no_invalid",
        "number",
    );
    // A score that is not a number is a malformed request.
    let answer = rate(&app, "claim", "CL2026900009", "five", "", &cookie).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(app.count(RATINGS).await, ratings_before, "nothing is written");
    assert_eq!(survey_earnings(&app, customer_id).await, earnings_before);

    // Exactly 500 characters is fine.
    let answer = rate(&app, "claim", "CL2026900009", "3", &"好".repeat(500), &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(app.count(RATINGS).await, ratings_before + 1);

    // Signed out or as staff: nothing to rate.
    let answer = app
        .call(
            "feedback/rate",
            &[
                ("subject", "work_order"),
                ("number", "WO2026900002"),
                ("score", "5"),
                ("comment", ""),
            ],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.body);
    let agent = app.agent().await;
    let answer = rate(&app, "work_order", "WO2026900002", "5", "", &agent).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert_eq!(app.count(RATINGS).await, ratings_before + 1);
}

async fn another_customers_claim_is_not_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other = app.other_customer().await;
    let customer_id = app.customer_id(OTHER_CUSTOMER_PHONE).await;
    let ratings_before = app.count(RATINGS).await;

    for (subject, number) in [
        ("claim", "CL2026900009"),
        ("work_order", "WO2026900002"),
        ("claim", "CL2026999999"),
    ] {
        let answer = rate(&app, subject, number, "1", "", &other).await;
        assert_eq!(
            (answer.status, answer.body),
            (StatusCode::NOT_FOUND, json!({"kind": "not_found"})),
            "{subject} {number}"
        );
    }
    assert_eq!(app.count(RATINGS).await, ratings_before);
    assert_eq!(survey_earnings(&app, customer_id).await, 0);
    assert_eq!(balance(&app, &other).await, 0);

    // Its owner still can.
    let cookie = app.customer().await;
    let answer = rate(&app, "claim", "CL2026900009", "4", "", &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
}

async fn a_resolved_work_order_is_rated_and_shows_its_rating(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let customer_id = app.customer_id(DEMO_CUSTOMER_PHONE).await;
    let earnings_before = survey_earnings(&app, customer_id).await;
    let before = app
        .call("requests/get_mine", &[("order_no", "WO2026900002")], Some(&cookie))
        .await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert_eq!(before.body["rating"], serde_json::Value::Null);

    let answer = rate(&app, "work_order", "WO2026900002", "4", "处理及时。", &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body, 20);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM ratings r JOIN work_orders w ON w.id = r.subject_id \
             WHERE r.subject_kind = 'work_order' AND w.order_no = 'WO2026900002' AND r.score = 4"
        )
        .await,
        1
    );
    assert_eq!(survey_earnings(&app, customer_id).await, earnings_before + 1);
    let after = app
        .call("requests/get_mine", &[("order_no", "WO2026900002")], Some(&cookie))
        .await;
    assert_eq!(after.body["rating"], 4, "{}", after.body);

    // Once only; rating the request leaves the claims still to be rated.
    conflict(
        &rate(&app, "work_order", "WO2026900002", "5", "", &cookie).await,
        "already_rated",
    );
    assert_eq!(survey_earnings(&app, customer_id).await, earnings_before + 1);
    let answer = rate(&app, "claim", "CL2026900009", "5", "", &cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body, 20);
    assert_eq!(survey_earnings(&app, customer_id).await, earnings_before + 2);
}

async fn rating_sent_several_times_at_once_counts_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cookie = app.customer().await;
    let customer_id = app.customer_id(DEMO_CUSTOMER_PHONE).await;
    let ratings_before = app.count(RATINGS).await;
    let earnings_before = survey_earnings(&app, customer_id).await;
    let balance_before = balance(&app, &cookie).await;

    let answers = futures::future::join_all((1..=5).map(|score| {
        let score = score.to_string();
        let cookie = cookie.clone();
        let app = &app;
        async move { rate(app, "claim", "CL2026900009", &score, "", &cookie).await }
    }))
    .await;
    let ok: Vec<&Answer> = answers.iter().filter(|a| a.status == StatusCode::OK).collect();
    assert_eq!(ok.len(), 1, "one rating counts");
    assert_eq!(ok[0].body, 20);
    for answer in answers.iter().filter(|a| a.status != StatusCode::OK) {
        conflict(answer, "already_rated");
    }
    assert_eq!(app.count(RATINGS).await, ratings_before + 1);
    assert_eq!(survey_earnings(&app, customer_id).await, earnings_before + 1);
    assert_eq!(balance(&app, &cookie).await, balance_before + 20);
}
