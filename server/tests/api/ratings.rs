//! Satisfaction ratings (满意度评价): once per closed claim or finished work order, with
//! points for taking part.

use reqwest::StatusCode;

use app::api::portal::ratings::RateService;
use app::domain::PointsRule;
use app::error::AppError;

use crate::client::{Reply, User};
use crate::fixtures::{
    approved_claim, closed_paid_claim, refused_claim, reported_claim, resolved_work_order,
    work_order_awaiting_customer, CustomerSpec,
};
use crate::harness::*;
use crate::on_both;

on_both!(
    a_closed_claim_is_rated_once_and_earns_survey_points_once,
    unfinished_cases_and_bad_scores_or_comments_are_refused,
    another_customers_claim_is_not_found,
    a_resolved_work_order_is_rated_and_shows_its_rating,
    rating_sent_several_times_at_once_counts_once,
);

async fn rate(customer: &User<'_>, subject: &str, number: &str, score: i64, comment: &str) -> Reply<i64> {
    customer
        .call(RateService {
            subject: subject.into(),
            number: number.into(),
            score,
            comment: comment.into(),
        })
        .await
}

/// Every rating given: never a second one for the same case.
const RATINGS: &str = "SELECT COUNT(*) FROM ratings";

/// How many survey earnings the customer's points history shows.
async fn survey_earnings(customer: &User<'_>) -> usize {
    customer
        .points()
        .await
        .history
        .iter()
        .filter(|entry| entry.rule == Some(PointsRule::SurveyCompleted))
        .count()
}

async fn balance(customer: &User<'_>) -> i64 {
    customer.points().await.balance
}

async fn a_closed_claim_is_rated_once_and_earns_survey_points_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer's closed claims: one paid (and rated when it closed), one refused.
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer_id = fixture.customer_id;
    let customer = fixture.sign_in(&app).await;
    let paid = closed_paid_claim(&app, &customer).await;
    let refused = refused_claim(&app, &customer).await;
    rate(&customer, "claim", &paid, 5, "理赔很快，客服很耐心。")
        .await
        .good();
    let ratings_before = app.count(RATINGS).await;
    let earnings_before = survey_earnings(&customer).await;
    let balance_before = balance(&customer).await;

    // The paid claim was rated when it closed.
    rate(&customer, "claim", &paid, 4, "").await.conflict("already_rated");
    assert_eq!(app.count(RATINGS).await, ratings_before);
    assert_eq!(customer.claim(&paid).await.rating, Some(5), "the first rating stands");
    assert_eq!(survey_earnings(&customer).await, earnings_before);

    // The refused one is closed too, and not rated yet: 20 points for the survey.
    let earned = rate(
        &customer,
        "claim",
        &refused.to_lowercase(),
        2,
        "  拒赔理由没有解释清楚。 ",
    )
    .await
    .good();
    assert_eq!(earned, 20);
    assert_eq!(app.count(RATINGS).await, ratings_before + 1);
    let rating_of_refused = format!(
        "SELECT r.score, r.comment, r.customer_id FROM ratings r JOIN claims c ON c.id = r.subject_id \
         WHERE r.subject_kind = 'claim' AND c.claim_no = '{refused}'"
    );
    let (score, comment, rater): (i64, String, i64) = sqlx::query_as(&rating_of_refused)
        .fetch_one(&app.app_state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        (score, comment.as_str(), rater),
        (2, "拒赔理由没有解释清楚。", customer_id)
    );
    assert_eq!(customer.claim(&refused).await.rating, Some(2));
    assert_eq!(survey_earnings(&customer).await, earnings_before + 1);
    let points = customer.points().await;
    let newest = &points.history[0];
    assert_eq!(
        (newest.rule, newest.delta),
        (Some(PointsRule::SurveyCompleted), 20),
        "the survey earning heads the history: {newest:?}"
    );
    assert_eq!(points.balance, balance_before + 20);

    // Again (with another score): refused, no second rating, no second earning.
    rate(&customer, "claim", &refused, 5, "改个好评")
        .await
        .conflict("already_rated");
    assert_eq!(app.count(RATINGS).await, ratings_before + 1);
    assert_eq!(survey_earnings(&customer).await, earnings_before + 1);
    assert_eq!(balance(&customer).await, balance_before + 20);
    assert_eq!(customer.claim(&refused).await.rating, Some(2));
}

async fn unfinished_cases_and_bad_scores_or_comments_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer's cases, finished and not: claims reported and approved, a question that
    // waits for them; a refused claim and a resolved complaint.
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let reported = reported_claim(&customer, "800").await;
    let approved = approved_claim(&app, &customer, "450").await;
    let waiting = work_order_awaiting_customer(&app, &customer).await;
    let refused = refused_claim(&app, &customer).await;
    let resolved = resolved_work_order(&app, &customer).await;
    let ratings_before = app.count(RATINGS).await;
    let earnings_before = survey_earnings(&customer).await;

    // Claims still under way, and a work order still waiting: not yet.
    for claim_no in [&reported, &approved] {
        rate(&customer, "claim", claim_no, 5, "").await.conflict("not_finished");
    }
    rate(&customer, "work_order", &waiting, 5, "")
        .await
        .conflict("not_finished");

    // Scores are 1 to 5; comments at most 500 characters; subjects a claim or a request.
    for score in [0, 6, -1] {
        rate(&customer, "claim", &refused, score, "")
            .await
            .invalid("score_invalid", "score");
    }
    rate(&customer, "claim", &refused, 3, &"好".repeat(501))
        .await
        .invalid("comment_too_long", "comment");
    rate(&customer, "policy", &refused, 3, "")
        .await
        .invalid("subject_invalid", "subject");
    rate(&customer, "claim", &resolved, 3, "")
        .await
        .invalid("case_no_invalid", "number");
    // A score that is not a number is a malformed request (sent by hand: `score` is a number).
    let answer = customer
        .call_raw(
            "feedback/rate",
            &[
                ("subject", "claim"),
                ("number", refused.as_str()),
                ("score", "five"),
                ("comment", ""),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(app.count(RATINGS).await, ratings_before, "nothing is written");
    assert_eq!(customer.claim(&refused).await.rating, None);
    assert_eq!(survey_earnings(&customer).await, earnings_before);

    // Exactly 500 characters is fine.
    rate(&customer, "claim", &refused, 3, &"好".repeat(500)).await.good();
    assert_eq!(app.count(RATINGS).await, ratings_before + 1);

    // Signed out or as staff: nothing to rate.
    let answer = rate(&app.anonymous(), "work_order", &resolved, 5, "").await;
    assert_eq!(answer.error(), AppError::Unauthenticated);
    let agent = app.as_agent().await;
    let answer = rate(&agent, "work_order", &resolved, 5, "").await;
    assert_eq!(answer.error(), AppError::Forbidden);
    assert_eq!(app.count(RATINGS).await, ratings_before + 1);
}

async fn another_customers_claim_is_not_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer with finished cases, and a fresh customer reaching for them.
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let refused = refused_claim(&app, &customer).await;
    let resolved = resolved_work_order(&app, &customer).await;
    let other_fixture = app.new_customer(CustomerSpec::default()).await;
    let other = other_fixture.sign_in(&app).await;
    let ratings_before = app.count(RATINGS).await;

    for (subject, number) in [
        ("claim", refused.as_str()),
        ("work_order", resolved.as_str()),
        ("claim", "CL2099999999"),
    ] {
        let answer = rate(&other, subject, number, 1, "").await;
        assert_eq!(answer.error(), AppError::NotFound, "{subject} {number}");
    }
    assert_eq!(app.count(RATINGS).await, ratings_before);
    assert_eq!(survey_earnings(&other).await, 0);
    assert_eq!(balance(&other).await, 0);

    // Its owner still can.
    rate(&customer, "claim", &refused, 4, "").await.good();
}

async fn a_resolved_work_order_is_rated_and_shows_its_rating(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer's resolved complaint, and a refused claim of theirs not rated yet.
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let resolved = resolved_work_order(&app, &customer).await;
    let refused = refused_claim(&app, &customer).await;
    let earnings_before = survey_earnings(&customer).await;
    let before = customer.work_order(&resolved).await;
    assert_eq!(before.rating, None);

    let earned = rate(&customer, "work_order", &resolved, 4, "处理及时。").await.good();
    assert_eq!(earned, 20);
    let after = customer.work_order(&resolved).await;
    assert_eq!(after.rating, Some(4), "{after:?}");
    assert_eq!(survey_earnings(&customer).await, earnings_before + 1);

    // Once only; rating the request leaves the claims still to be rated.
    rate(&customer, "work_order", &resolved, 5, "")
        .await
        .conflict("already_rated");
    assert_eq!(customer.work_order(&resolved).await.rating, Some(4));
    assert_eq!(survey_earnings(&customer).await, earnings_before + 1);
    let earned = rate(&customer, "claim", &refused, 5, "").await.good();
    assert_eq!(earned, 20);
    assert_eq!(survey_earnings(&customer).await, earnings_before + 2);
}

async fn rating_sent_several_times_at_once_counts_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer's refused claim, not rated yet.
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let claim_no = refused_claim(&app, &customer).await;
    let ratings_before = app.count(RATINGS).await;
    let earnings_before = survey_earnings(&customer).await;
    let balance_before = balance(&customer).await;

    let answers = futures::future::join_all((1..=5).map(|score| rate(&customer, "claim", &claim_no, score, ""))).await;
    let (ok, refused): (Vec<_>, Vec<_>) = answers.into_iter().partition(|a| a.status == StatusCode::OK);
    assert_eq!(ok.len(), 1, "one rating counts");
    for answer in ok {
        assert_eq!(answer.good(), 20);
    }
    for answer in refused {
        answer.conflict("already_rated");
    }
    assert_eq!(app.count(RATINGS).await, ratings_before + 1);
    assert_eq!(survey_earnings(&customer).await, earnings_before + 1);
    assert_eq!(balance(&customer).await, balance_before + 20);
}
