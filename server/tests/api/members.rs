//! Membership (统一会员体系): member level, real-name verification, advanced verification
//! requests, and the VIP services a tier includes.

use reqwest::StatusCode;

use app::api::console::customers::GetCustomer;
use app::api::console::reviews::IdentityReviewQueue;
use app::api::portal::members::{BookVipService, MemberStatus, RequestAdvancedVerification, VerifyIdentity};
use app::domain::{CustomerNumber, MemberLevel, NotificationKind, PointsRule, VipTier};
use app::error::AppError;
use app::model::members::{Membership, VipService};
use app::model::reviews::IdentityReview;

use crate::claims::{jpeg, request_key};
use crate::client::{Reply, User};
use crate::fixtures::{CustomerFixture, CustomerSpec};
use crate::harness::*;
use crate::on_both;

on_both!(
    a_gold_member_sees_level_tier_and_included_services,
    verify_identity_checks_the_number_and_the_record_and_earns_points_once,
    verify_identity_with_no_number_on_record_takes_any_valid_number,
    advanced_verification_needs_verified_and_one_review_at_a_time,
    advanced_verification_sent_twice_at_once_makes_one_review,
    verify_identity_sent_twice_at_once_verifies_and_tells_once,
    vip_services_are_booked_once_per_key_within_the_tier,
);

/// A valid ID number (GB 11643's own example) and its masked form; a typo of it; and
/// another valid number.
const ID_NUMBER: &str = "11010519491231002X";
const ID_MASKED: &str = "110***********002X";
const ID_NUMBER_TYPO: &str = "110105194912310021";
const OTHER_ID_NUMBER: &str = "310104198506121230";
const OTHER_ID_MASKED: &str = "310***********1230";

/// A registered customer whose record holds `ID_NUMBER` (masked), not yet verified.
async fn registered_with_id_on_record(app: &TestApp) -> CustomerFixture {
    app.new_customer(CustomerSpec {
        id_number_masked: Some(ID_MASKED),
        ..CustomerSpec::default()
    })
    .await
}

/// A customer who has passed real-name verification.
async fn verified(app: &TestApp) -> CustomerFixture {
    app.new_customer(CustomerSpec {
        member_level: MemberLevel::Verified,
        ..CustomerSpec::default()
    })
    .await
}

fn service<'a>(membership: &'a Membership, code: &str) -> &'a VipService {
    membership
        .vip_services
        .iter()
        .find(|s| s.code == code)
        .unwrap_or_else(|| panic!("service {code}: {membership:?}"))
}

async fn verify(customer: &User<'_>, name: &str, id_number: &str) -> Reply<Membership> {
    customer
        .call(VerifyIdentity {
            name: name.into(),
            id_number: id_number.into(),
        })
        .await
}

/// A customer's (member level, masked ID number) as staff see them on the customer's file.
async fn record(staff: &User<'_>, customer_no: &CustomerNumber) -> (MemberLevel, Option<String>) {
    let profile = staff
        .call(GetCustomer {
            customer_no: customer_no.as_str().into(),
        })
        .await
        .good();
    (profile.customer.member_level, profile.id_number_masked)
}

/// The points the customer's history shows as earned for real-name verification.
async fn identity_earnings(customer: &User<'_>) -> Vec<i64> {
    customer
        .points()
        .await
        .history
        .iter()
        .filter(|entry| entry.rule == Some(PointsRule::IdentityVerified))
        .map(|entry| entry.delta)
        .collect()
}

async fn balance(customer: &User<'_>) -> i64 {
    customer.points().await.balance
}

/// How many of the customer's notifications messages are of `kind`.
async fn notices(customer: &User<'_>, kind: NotificationKind) -> usize {
    customer
        .notifications()
        .await
        .items
        .iter()
        .filter(|n| n.kind == kind)
        .count()
}

/// The ID photos waiting for a reviewer, as the review queue shows them.
async fn waiting_reviews(reviewer: &User<'_>) -> Vec<IdentityReview> {
    reviewer.call(IdentityReviewQueue {}).await.good().pending
}

async fn a_gold_member_sees_level_tier_and_included_services(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A verified gold member.
    let gold = CustomerSpec {
        member_level: MemberLevel::Verified,
        vip_tier: VipTier::Gold,
        ..CustomerSpec::default()
    };
    let customer = app.new_customer(gold).await.sign_in(&app).await;
    let membership = customer.membership().await;
    assert_eq!(membership.level, MemberLevel::Verified, "{membership:?}");
    assert_eq!(membership.tier, VipTier::Gold);
    assert!(!membership.advanced_pending);
    assert!(membership.bookings.is_empty());
    let dental = service(&membership, "dental_cleaning");
    assert!(dental.included, "{dental:?}");
    assert_eq!(dental.min_tier, VipTier::Silver);
    let check = service(&membership, "health_check");
    assert!(check.included, "{check:?}");
    assert_eq!(check.min_tier, VipTier::Gold);
    assert_eq!(check.name_en, "Annual health check");
    let escort = service(&membership, "hospital_escort");
    assert!(!escort.included, "a platinum service: {escort:?}");
    assert_eq!(escort.min_tier, VipTier::Platinum);
    let tiers: Vec<VipTier> = membership.vip_services.iter().map(|s| s.min_tier).collect();
    assert_eq!(
        tiers,
        [VipTier::Silver, VipTier::Gold, VipTier::Platinum],
        "lowest tier first"
    );

    // A customer without a tier (a fresh one: registered, no tier) sees the services, none included.
    let other = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let theirs = other.membership().await;
    assert_eq!(theirs.level, MemberLevel::Registered);
    assert_eq!(theirs.tier, VipTier::None);
    assert!(!theirs.vip_services.is_empty(), "{theirs:?}");
    assert!(theirs.vip_services.iter().all(|s| !s.included), "{theirs:?}");

    assert_eq!(
        app.anonymous().call(MemberStatus {}).await.error(),
        AppError::Unauthenticated
    );
    let agent = app.as_agent().await;
    assert_eq!(agent.call(MemberStatus {}).await.error(), AppError::Forbidden);
}

async fn verify_identity_checks_the_number_and_the_record_and_earns_points_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = registered_with_id_on_record(&app).await;
    let (customer_id, name) = (fixture.customer_id, fixture.name.as_str());
    let customer = fixture.sign_in(&app).await;
    let agent = app.as_agent().await;
    assert_eq!(customer.membership().await.level, MemberLevel::Registered);
    assert_eq!(balance(&customer).await, 0);
    let notifications_before = customer.notifications().await.items.len();

    // A typo is caught by the check character; a wrong shape or no number at all too.
    verify(&customer, name, ID_NUMBER_TYPO)
        .await
        .invalid("id_number_checksum", "id_number");
    verify(&customer, name, "1101051949123100")
        .await
        .invalid("id_number_invalid", "id_number");
    verify(&customer, name, " ")
        .await
        .invalid("id_number_required", "id_number");
    verify(&customer, "  ", ID_NUMBER)
        .await
        .invalid("name_required", "name");
    // Someone else's name, or someone else's (valid) number, does not match the record.
    verify(&customer, "王小二", ID_NUMBER)
        .await
        .invalid("identity_mismatch", "id_number");
    verify(&customer, name, OTHER_ID_NUMBER)
        .await
        .invalid("identity_mismatch", "id_number");
    assert_eq!(
        record(&agent, &fixture.customer_no).await,
        (MemberLevel::Registered, Some(ID_MASKED.to_string())),
        "nothing changed"
    );
    assert_eq!(customer.membership().await.level, MemberLevel::Registered);
    assert!(identity_earnings(&customer).await.is_empty());
    assert_eq!(balance(&customer).await, 0);

    // The right name and number (typed with a lower-case x and spaces around): verified.
    let answer = verify(&customer, &format!(" {name} "), " 11010519491231002x ").await;
    assert!(!answer.text.contains(ID_NUMBER), "{}", answer.text);
    let membership = answer.good();
    assert_eq!(membership.level, MemberLevel::Verified, "{membership:?}");
    assert_eq!(
        record(&agent, &fixture.customer_no).await,
        (MemberLevel::Verified, Some(ID_MASKED.to_string()))
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM customers WHERE id = {customer_id} AND id_number_verified_at IS NOT NULL"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customers WHERE id_number_masked LIKE '%1949123100%'")
            .await,
        0,
        "the full number is never stored"
    );
    // 200 points, once, and a message saying so.
    assert_eq!(identity_earnings(&customer).await, [200]);
    assert_eq!(balance(&customer).await, 200);
    let kinds = notices(&customer, NotificationKind::Verification).await
        + notices(&customer, NotificationKind::PointsEarned).await;
    assert_eq!(kinds, 2, "told about the new level and the points");
    let notifications_after = customer.notifications().await.items.len();
    assert_eq!(notifications_after, notifications_before + 2);

    // Again: nothing changes, no second earning.
    let again = verify(&customer, name, ID_NUMBER).await.good();
    assert_eq!(again.level, MemberLevel::Verified);
    assert_eq!(identity_earnings(&customer).await, [200]);
    assert_eq!(balance(&customer).await, 200);
    assert_eq!(customer.notifications().await.items.len(), notifications_after);
    assert_eq!(
        record(&agent, &fixture.customer_no).await,
        (MemberLevel::Verified, Some(ID_MASKED.to_string()))
    );
}

async fn verify_identity_with_no_number_on_record_takes_any_valid_number(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A fresh customer: registered, no ID number on record.
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let name = fixture.name.as_str();
    let customer = fixture.sign_in(&app).await;
    let agent = app.as_agent().await;
    assert_eq!(
        record(&agent, &fixture.customer_no).await,
        (MemberLevel::Registered, None)
    );

    // The name must still match; the check character still counts.
    verify(&customer, "王小二", OTHER_ID_NUMBER)
        .await
        .invalid("identity_mismatch", "id_number");
    verify(&customer, name, ID_NUMBER_TYPO)
        .await
        .invalid("id_number_checksum", "id_number");
    assert_eq!(
        record(&agent, &fixture.customer_no).await,
        (MemberLevel::Registered, None)
    );

    let membership = verify(&customer, name, OTHER_ID_NUMBER).await.good();
    assert_eq!(membership.level, MemberLevel::Verified);
    assert_eq!(
        record(&agent, &fixture.customer_no).await,
        (MemberLevel::Verified, Some(OTHER_ID_MASKED.to_string())),
        "the number is kept masked"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customers WHERE id_number_masked = '310104198506121230'")
            .await,
        0
    );
    assert_eq!(identity_earnings(&customer).await, [200]);
    assert_eq!(balance(&customer).await, 200);
}

async fn request_advanced(customer: &User<'_>, document: &str) -> Reply<Membership> {
    customer
        .call(RequestAdvancedVerification {
            document: document.into(),
        })
        .await
}

async fn upload_id(customer: &User<'_>, purpose: &str) -> String {
    customer.upload(purpose, "id-card.jpg", jpeg(3000)).await.good().id
}

async fn advanced_verification_needs_verified_and_one_review_at_a_time(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // What reviewers see waiting (nothing is decided in this test, so every request is there).
    let reviewer = app.as_supervisor().await;
    assert!(waiting_reviews(&reviewer).await.is_empty());

    // A registered member must verify first.
    let registered = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let others_upload = upload_id(&registered, "identity").await;
    let answer = request_advanced(&registered, &others_upload).await;
    assert_eq!(
        answer.error(),
        AppError::LevelRequired {
            required: "verified".into()
        }
    );
    assert!(!registered.membership().await.advanced_pending);
    assert!(waiting_reviews(&reviewer).await.is_empty());

    // A verified member cannot send someone else's file, nor a claim photo.
    let fixture = verified(&app).await;
    let customer_no = fixture.customer_no.as_str().to_string();
    let customer = fixture.sign_in(&app).await;
    request_advanced(&customer, &others_upload)
        .await
        .conflict("document_unavailable");
    let claim_photo = upload_id(&customer, "claim").await;
    request_advanced(&customer, &claim_photo)
        .await
        .conflict("document_unavailable");
    request_advanced(&customer, "0123456789abcdef0123456789abcdef")
        .await
        .conflict("document_unavailable");
    assert!(waiting_reviews(&reviewer).await.is_empty());
    assert!(!customer.membership().await.advanced_pending);

    // Their own ID photo goes to staff review.
    let mine = upload_id(&customer, "identity").await;
    let membership = request_advanced(&customer, &mine).await.good();
    assert!(membership.advanced_pending, "{membership:?}");
    assert_eq!(membership.level, MemberLevel::Verified, "staff decide; the level waits");
    let waiting = waiting_reviews(&reviewer).await;
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert_eq!(
        (waiting[0].customer_no.as_str(), waiting[0].document_id.as_str()),
        (customer_no.as_str(), mine.as_str()),
        "the customer's own photo waits for review"
    );
    assert!(customer.membership().await.advanced_pending);

    // One review at a time: a second photo waits.
    let second = upload_id(&customer, "identity").await;
    request_advanced(&customer, &second)
        .await
        .conflict("verification_pending");
    request_advanced(&customer, &mine)
        .await
        .conflict("verification_pending");
    assert_eq!(waiting_reviews(&reviewer).await.len(), 1);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM documents WHERE public_id = '{second}' AND attached_to IS NULL"
        ))
        .await,
        1,
        "the second photo is still free"
    );
}

/// Runs `work` while another writer holds the rows `lock_sql` updates for half a second, as
/// a slow request arriving at the same moment would: the requests in `work` start together
/// and meet that writer part-way. Makes the timing of "at the same moment" repeatable.
async fn while_rows_are_held<T>(app: &TestApp, lock_sql: &str, work: impl std::future::Future<Output = T>) -> T {
    let mut tx = app.app_state.db.pool.begin().await.unwrap();
    sqlx::query(lock_sql).execute(&mut *tx).await.unwrap();
    let release = async move {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        tx.commit().await.unwrap();
    };
    let (out, ()) = tokio::join!(work, release);
    out
}

/// A double tap (or two tabs) with different photos: still one review waiting.
async fn advanced_verification_sent_twice_at_once_makes_one_review(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = verified(&app).await;
    let customer_id = fixture.customer_id;
    let customer = fixture.sign_in(&app).await;
    let mut photos = Vec::new();
    for _ in 0..3 {
        photos.push(upload_id(&customer, "identity").await);
    }
    let answers = while_rows_are_held(
        &app,
        &format!("UPDATE documents SET updated_at = updated_at WHERE customer_id = {customer_id}"),
        futures::future::join_all(photos.iter().map(|photo| request_advanced(&customer, photo))),
    )
    .await;
    let (ok, refused): (Vec<_>, Vec<_>) = answers.into_iter().partition(|a| a.status == StatusCode::OK);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM verification_requests WHERE status = 'pending'")
            .await,
        1,
        "one review at a time"
    );
    assert_eq!(ok.len(), 1);
    for answer in refused {
        answer.conflict("verification_pending");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM documents WHERE purpose = 'identity' AND attached_to IS NOT NULL")
            .await,
        1
    );
}

/// Two taps on "verify" at once: verified, 200 points and one message about each, once.
async fn verify_identity_sent_twice_at_once_verifies_and_tells_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = registered_with_id_on_record(&app).await;
    let (customer_id, name) = (fixture.customer_id, fixture.name.as_str());
    let customer = fixture.sign_in(&app).await;
    let answers = while_rows_are_held(
        &app,
        &format!("UPDATE customers SET updated_at = updated_at WHERE id = {customer_id}"),
        futures::future::join_all((0..3).map(|_| verify(&customer, name, ID_NUMBER))),
    )
    .await;
    for answer in answers {
        assert_eq!(answer.good().level, MemberLevel::Verified);
    }
    assert_eq!(identity_earnings(&customer).await, [200]);
    assert_eq!(balance(&customer).await, 200);
    assert_eq!(
        notices(&customer, NotificationKind::Verification).await,
        1,
        "one message about the new level"
    );
    assert_eq!(notices(&customer, NotificationKind::PointsEarned).await, 1);
}

fn booking(service: &str, date: &str, city: &str, key: &str) -> BookVipService {
    BookVipService {
        service_code: service.into(),
        preferred_date: date.into(),
        city: city.into(),
        request_key: key.into(),
    }
}

async fn book(customer: &User<'_>, service: &str, date: &str, key: &str) -> Reply<Membership> {
    customer.call(booking(service, date, "上海", key)).await
}

fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

async fn vip_services_are_booked_once_per_key_within_the_tier(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app
        .new_customer(CustomerSpec {
            member_level: MemberLevel::Verified,
            vip_tier: VipTier::Gold,
            ..CustomerSpec::default()
        })
        .await;
    let customer_id = fixture.customer_id;
    let customer = fixture.sign_in(&app).await;
    let in_a_week = day(7);
    let key = request_key();

    // A gold member books the annual health check.
    let membership = book(&customer, "health_check", &in_a_week, &key).await.good();
    let listed = &membership.bookings;
    assert_eq!(listed.len(), 1, "{membership:?}");
    assert_eq!(listed[0].service_code, "health_check");
    assert_eq!(listed[0].preferred_date, in_a_week);
    assert_eq!(listed[0].city, "上海");
    assert_eq!(listed[0].status, "requested");
    assert_eq!(listed[0].name_zh, "年度体检");
    assert_eq!(customer.membership().await.bookings.len(), 1);
    assert_eq!(customer.membership().await.bookings, membership.bookings);

    // The same form again (a retry): still one booking.
    let again = book(&customer, "health_check", &in_a_week, &key).await.good();
    assert_eq!(again.bookings.len(), 1);
    assert_eq!(customer.membership().await.bookings.len(), 1);

    // Refusals, none written: above the tier, not in the future, unknown, no city, bad key.
    let answer = book(&customer, "hospital_escort", &in_a_week, &request_key()).await;
    assert_eq!(
        answer.error(),
        AppError::LevelRequired {
            required: "platinum".into()
        }
    );
    for date in [day(-1), day(0), "2030-02-30".to_string(), "next week".to_string()] {
        book(&customer, "health_check", &date, &request_key())
            .await
            .invalid("date_not_future", "preferred_date");
    }
    let answer = book(&customer, "spa_weekend", &in_a_week, &request_key()).await;
    assert_eq!(answer.error(), AppError::NotFound);
    customer
        .call(booking("health_check", &in_a_week, " ", &request_key()))
        .await
        .invalid("city_required", "city");
    book(&customer, "health_check", &in_a_week, "short")
        .await
        .invalid("idempotency_key_invalid", "request_key");
    assert_eq!(customer.membership().await.bookings.len(), 1);

    // A new key is a new booking, and a platinum member may book the escort.
    book(&customer, "dental_cleaning", &day(10), &request_key())
        .await
        .good();
    assert_eq!(customer.membership().await.bookings.len(), 2);
    app.execute(&format!(
        "UPDATE customers SET vip_tier = 'platinum' WHERE id = {customer_id}"
    ))
    .await;
    let membership = book(&customer, "hospital_escort", &in_a_week, &request_key())
        .await
        .good();
    let codes: Vec<&str> = membership.bookings.iter().map(|b| b.service_code.as_str()).collect();
    assert_eq!(codes.len(), 3, "{codes:?}");
    assert!(codes.contains(&"hospital_escort"), "{codes:?}");
    assert_eq!(customer.membership().await.bookings.len(), 3);

    // Someone else's bookings are their own.
    let other = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    assert!(other.membership().await.bookings.is_empty());
}
