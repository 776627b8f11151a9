//! Claims (在线理赔) as the customer reports and follows them, with their documents.

use reqwest::StatusCode;

use app::api::console::claims::{AdvanceClaim, ClaimQueue, RequestClaimDocuments};
use app::api::portal::claims::{
    AddClaimDocuments, ClaimOptions, GetMyClaim, ListMyClaims, MyPayoutAccounts, ReportClaim,
};
use app::api::portal::documents::UploadLimits;
use app::api::portal::home::PortalHome;
use app::api::portal::notifications::MyNotifications;
use app::api::portal::policies::ListMyPolicies;
use app::domain::{ClaimFields, ClaimOutcome, ClaimStage, Money, NotificationKind, PolicyStatus, ProductLine};
use app::error::AppError;
use app::model::claims::{ClaimDetail, ClaimForm, ClaimablePolicy, CoverageChoice};
use app::model::documents::DocumentInfo;

use crate::client::{Reply, User};
use crate::fixtures::{approved_claim, closed_paid_claim, reported_claim, CustomerSpec, PolicySpec};
use crate::harness::*;
use crate::on_both;

on_both!(
    customer_reports_a_claim_and_sees_it_with_a_masked_account,
    small_health_claim_with_a_photo_is_approved_at_once,
    same_request_key_makes_one_claim_even_when_sent_twice_at_once,
    invalid_claims_are_refused_field_by_field_and_nothing_is_written,
    another_customers_policy_or_claim_is_not_found,
    signed_out_and_staff_callers_cannot_report,
    upload_takes_a_photo_by_its_bytes_and_serves_it_to_its_owner_only,
    upload_refuses_a_page_named_like_a_photo,
    upload_refuses_a_file_that_only_starts_like_a_photo,
    uploads_left_unattached_for_a_day_are_deleted,
    demo_claims_happen_inside_their_policy_periods,
    upload_over_the_file_limit_is_refused_and_leaves_nothing,
    claim_over_the_case_limit_is_refused_and_not_written,
    claim_naming_someone_elses_or_a_used_document_is_refused,
    customer_sees_each_stage_staff_move_the_claim_to,
    customer_adds_documents_to_an_open_claim_but_not_a_closed_one,
    a_claim_pays_to_an_account_on_file_chosen_by_id_but_never_to_anothers,
);

/// A payout account number as the customer types it; only its masked form may come back.
pub const ACCOUNT: &str = "6222020200112233445";
pub const ACCOUNT_MASKED: &str = "6222***********3445";

/// A real photo (a small gradient), encoded as `format`, padded after its end marker to
/// `len` bytes when that is longer: decoders stop at the end marker, so it stays a valid
/// picture of the wanted size.
fn photo(format: image::ImageFormat, len: usize) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 160]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut bytes, format).unwrap();
    let mut bytes = bytes.into_inner();
    if bytes.len() < len {
        bytes.resize(len, 0);
    }
    bytes
}

pub fn jpeg(len: usize) -> Vec<u8> {
    photo(image::ImageFormat::Jpeg, len)
}

pub fn png(len: usize) -> Vec<u8> {
    photo(image::ImageFormat::Png, len)
}

pub fn request_key() -> String {
    format!("test-{}", uuid::Uuid::new_v4().simple())
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// A fixture customer's one policy, as `claims/options` offers it.
pub async fn only_claimable(customer: &User<'_>) -> ClaimablePolicy {
    let mut policies = customer.call(ClaimOptions {}).await.good();
    assert_eq!(policies.len(), 1, "one policy in force: {policies:?}");
    policies.remove(0)
}

/// The coverage of `policy` with the highest limit.
pub fn widest_coverage(policy: &ClaimablePolicy) -> &CoverageChoice {
    policy.coverages.iter().max_by_key(|c| c.limit).expect("coverages")
}

/// A date inside the policy's period and not in the future.
fn incident_date(policy: &ClaimablePolicy) -> String {
    today().format("%Y-%m-%d").to_string().max(policy.period_start.clone())
}

/// A complete, valid claim on `policy`, with a new request key.
pub fn claim_form(policy: &ClaimablePolicy, amount: &str, documents: &[String]) -> ClaimForm {
    ClaimForm {
        policy_no: policy.policy_no.clone(),
        coverage_code: widest_coverage(policy).code.clone(),
        fields: ClaimFields {
            incident_date: incident_date(policy),
            incident_place: "上海市徐汇区宛平南路".into(),
            description: "Slipped on the stairs at home and broke a wrist; treated in hospital.".into(),
            amount: amount.into(),
            payout_bank: "中国工商银行".into(),
            payout_account: ACCOUNT.into(),
        },
        documents: documents.to_vec(),
        payout_account_id: None,
        request_key: request_key(),
    }
}

pub async fn report(customer: &User<'_>, form: &ClaimForm) -> Reply<ClaimDetail> {
    customer.call(ReportClaim { form: form.clone() }).await
}

async fn report_ok(customer: &User<'_>, form: &ClaimForm) -> ClaimDetail {
    report(customer, form).await.good()
}

async fn upload_ok(customer: &User<'_>, bytes: Vec<u8>, name: &str) -> DocumentInfo {
    customer.upload("claim", name, bytes).await.good()
}

async fn add_documents(customer: &User<'_>, claim_no: &str, documents: &[String]) -> Reply<ClaimDetail> {
    customer
        .call(AddClaimDocuments {
            claim_no: claim_no.into(),
            documents: documents.to_vec(),
        })
        .await
}

async fn get_claim(customer: &User<'_>, claim_no: &str) -> Reply<ClaimDetail> {
    customer
        .call(GetMyClaim {
            claim_no: claim_no.into(),
        })
        .await
}

/// A claims handler moves a claim on to its next stage, with a note the customer reads.
pub fn advance(claim_no: &str, note: Option<&str>) -> AdvanceClaim {
    AdvanceClaim {
        claim_no: claim_no.into(),
        from_stage: None,
        note: note.map(Into::into),
        survey_notes: None,
        assessed_loss: None,
        payout: None,
    }
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A fresh customer with the default policy (health, fast track up to ¥2,000), signed in.
async fn fresh_customer(app: &TestApp) -> User<'_> {
    app.new_customer(CustomerSpec::default()).await.sign_in(app).await
}

async fn customer_reports_a_claim_and_sees_it_with_a_masked_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer with a claim under way and one paid: the new claim joins them.
    let customer = fresh_customer(&app).await;
    reported_claim(&customer, "800").await;
    closed_paid_claim(&app, &customer).await;
    let health = only_claimable(&customer).await;
    // Over the fast-track limit: the claim goes the normal way.
    let form = claim_form(&health, "3500.50", &[]);
    let before = customer.my_claims().await.len();

    let reply = report(&customer, &form).await;
    let mut texts = vec![reply.text.clone()];
    let detail = reply.good();
    let claim_no = detail.summary.claim_no.clone();
    assert!(claim_no.starts_with("CL") && claim_no.len() == 12, "{claim_no}");
    assert_eq!(detail.summary.stage, ClaimStage::Reported);
    assert!(!detail.summary.fast_track);
    // `Money` decodes from an integer only.
    assert_eq!(detail.summary.amount, Money::from_fen(350_050), "money is integer fen");
    assert_eq!(detail.summary.policy_no, health.policy_no);
    assert_eq!(detail.payout, None);
    assert_eq!(detail.incident_date, form.fields.incident_date);
    let timeline = &detail.timeline;
    let stages: Vec<ClaimStage> = timeline.iter().map(|s| s.stage).collect();
    use ClaimStage::*;
    assert_eq!(
        stages,
        [Reported, Dispatched, Surveyed, Registered, Verified, Adjusted, Approved, Closed]
    );
    let reached_at = timeline[0].reached_at.expect("the first stage is reached");
    assert!(
        timeline[0].due_at.unwrap() > reached_at,
        "the current stage says by when it should be done"
    );
    assert!(timeline[1..].iter().all(|s| s.reached_at.is_none()), "{timeline:?}");
    assert_eq!(customer.my_claims().await.len(), before + 1);

    // The account is only ever shown masked.
    assert_eq!(detail.payout_account_masked, ACCOUNT_MASKED);
    let list = customer.call(ListMyClaims { before: None }).await;
    texts.push(list.text.clone());
    let claims = list.good().items;
    assert_eq!(claims.len(), 3, "the 2 claims before and the new one");
    assert_eq!(claims[0].claim_no, claim_no, "newest first");
    assert_eq!(claims[0].stage, Reported);
    let again = get_claim(&customer, &claim_no.to_lowercase()).await;
    texts.push(again.text.clone());
    assert_eq!(again.good(), detail);
    texts.push(customer.call(PortalHome {}).await.text);
    texts.push(customer.call(MyNotifications { before: None }).await.text);
    for text in texts {
        assert!(!text.contains(ACCOUNT), "the full account number leaked: {text}");
    }
}

async fn small_health_claim_with_a_photo_is_approved_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer = fixture.sign_in(&app).await;
    let health = only_claimable(&customer).await;
    let coverage = widest_coverage(&health);
    assert_eq!(
        (coverage.code.as_str(), coverage.limit),
        (fixture.coverage_code.as_str(), fixture.coverage_limit),
        "the claims go on the policy's one coverage"
    );
    let limit = health.fast_track_limit.expect("a fast-track limit");
    assert_eq!(
        limit,
        Money::from_fen(200_000),
        "the product fast-tracks up to 2000 yuan"
    );

    // Under the limit with a photo: approved now, the payout set.
    let photo = upload_ok(&customer, jpeg(2048), "receipt.jpg").await;
    let detail = report_ok(&customer, &claim_form(&health, "1500", std::slice::from_ref(&photo.id))).await;
    assert_eq!(detail.summary.stage, ClaimStage::Approved, "{detail:?}");
    assert!(detail.summary.fast_track);
    assert_eq!(detail.payout, Some(Money::from_fen(150_000)));
    let approved = &detail.timeline[6];
    assert_eq!(approved.stage, ClaimStage::Approved);
    assert!(approved.reached_at.is_some(), "{approved:?}");
    assert_eq!(detail.documents.len(), 1);
    assert_eq!(detail.documents[0].id, photo.id);

    // The same amount without a photo waits for the normal process.
    let detail = report_ok(&customer, &claim_form(&health, "1500", &[])).await;
    assert_eq!(detail.summary.stage, ClaimStage::Reported);
    assert!(!detail.summary.fast_track);
    assert_eq!(detail.payout, None);

    // A PDF is a document, not a photo: no fast track on it alone.
    let pdf = upload_ok(&customer, b"%PDF-1.7\n1 0 obj\n".to_vec(), "invoice.pdf").await;
    let detail = report_ok(&customer, &claim_form(&health, "1500", &[pdf.id])).await;
    assert_eq!(detail.summary.stage, ClaimStage::Reported);
    assert_eq!(detail.documents[0].content_type, "application/pdf");

    // Exactly at the limit still qualifies; a fen over does not.
    let photo = upload_ok(&customer, jpeg(100), "a.jpg").await;
    let detail = report_ok(&customer, &claim_form(&health, "2000.00", &[photo.id])).await;
    assert_eq!(detail.summary.stage, ClaimStage::Approved);
    let photo = upload_ok(&customer, jpeg(100), "b.jpg").await;
    let detail = report_ok(&customer, &claim_form(&health, "2000.01", &[photo.id])).await;
    assert_eq!(detail.summary.stage, ClaimStage::Reported);

    // A product without fast track: reported, whatever the photos.
    let no_fast_track = CustomerSpec {
        line: ProductLine::Life,
        fast_track_limit: None,
        ..CustomerSpec::default()
    };
    let life_customer = app.new_customer(no_fast_track).await.sign_in(&app).await;
    let life = only_claimable(&life_customer).await;
    assert_eq!(life.fast_track_limit, None);
    let photo = upload_ok(&life_customer, jpeg(100), "c.jpg").await;
    let detail = report_ok(&life_customer, &claim_form(&life, "100", &[photo.id])).await;
    assert_eq!(detail.summary.stage, ClaimStage::Reported);
    assert!(!detail.summary.fast_track);
    assert_eq!(detail.payout, None);
}

async fn same_request_key_makes_one_claim_even_when_sent_twice_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = fresh_customer(&app).await;
    let health = only_claimable(&customer).await;

    // One after the other: a retry of the same form.
    let form = claim_form(&health, "880", &[]);
    let key = form.request_key.clone();
    let first = report_ok(&customer, &form).await;
    let second = report_ok(&customer, &form).await;
    assert_eq!(first.summary.claim_no, second.summary.claim_no);
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM claims WHERE idempotency_key = '{key}'"))
            .await,
        1
    );

    // At the same moment (a double tap): still one claim.
    let before = customer.my_claims().await.len();
    let form = claim_form(&health, "990", &[]);
    let key = form.request_key.clone();
    let (a, b) = tokio::join!(report(&customer, &form), report(&customer, &form));
    let (a, b) = (a.good(), b.good());
    assert_eq!(a.summary.claim_no, b.summary.claim_no);
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM claims WHERE idempotency_key = '{key}'"))
            .await,
        1
    );
    assert_eq!(customer.my_claims().await.len(), before + 1);
    let claim_no = a.summary.claim_no;
    let steps = app.as_claims_agent().await.claim_case(&claim_no).await.steps;
    let stages: Vec<ClaimStage> = steps.iter().map(|s| s.stage).collect();
    assert_eq!(stages, [ClaimStage::Reported], "one 'reported' step: {steps:?}");
}

async fn invalid_claims_are_refused_field_by_field_and_nothing_is_written(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer with a lapsed policy beside the one in force, who has claimed before (so a
    // new claim earns no first-claim points, and tells them of itself alone).
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let lapsed_spec = PolicySpec {
        status: PolicyStatus::Lapsed,
        ..PolicySpec::default()
    };
    app.add_policy(&fixture, lapsed_spec).await;
    let customer = fixture.sign_in(&app).await;
    reported_claim(&customer, "800").await;
    let health = only_claimable(&customer).await;
    let coverage = widest_coverage(&health).clone();
    let limit_fen = coverage.limit.fen();
    let start = chrono::NaiveDate::parse_from_str(&health.period_start, "%Y-%m-%d").unwrap();
    let over_limit = format!("{}.01", limit_fen / 100);
    let day_before = (start - chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    let in_a_week = (today() + chrono::Duration::days(7)).format("%Y-%m-%d").to_string();

    let policies = customer.call(ListMyPolicies {}).await.good();
    let lapsed = policies
        .iter()
        .find(|p| p.status == PolicyStatus::Lapsed)
        .expect("a lapsed policy")
        .policy_no
        .clone();

    // (what is changed, the change, the code, the field named)
    type Change = Box<dyn Fn(&mut ClaimForm)>;
    let set_amount = |amount: &str| -> Change {
        let amount = amount.to_string();
        Box::new(move |f| f.fields.amount = amount.clone())
    };
    let set_date = |date: &str| -> Change {
        let date = date.to_string();
        Box::new(move |f| f.fields.incident_date = date.clone())
    };
    let set_account = |account: &'static str| -> Change { Box::new(move |f| f.fields.payout_account = account.into()) };
    let cases: Vec<(&str, Change, &str, &str)> = vec![
        ("amount=0", set_amount("0"), "amount_not_positive", "amount"),
        (
            "amount over the limit",
            set_amount(&over_limit),
            "amount_over_coverage",
            "amount",
        ),
        (
            "incident_date the day before",
            set_date(&day_before),
            "incident_outside_period",
            "incident_date",
        ),
        (
            "incident_date in a week",
            set_date(&in_a_week),
            "incident_in_future",
            "incident_date",
        ),
        (
            "coverage_code=no_such_cover",
            Box::new(|f| f.coverage_code = "no_such_cover".into()),
            "coverage_required",
            "coverage_code",
        ),
        (
            "payout_account=12345",
            set_account("12345"),
            "payout_account_invalid",
            "payout_account",
        ),
        (
            "payout_account with letters",
            set_account("6222 0202 ABCD 1234"),
            "payout_account_invalid",
            "payout_account",
        ),
        (
            "description=hurt",
            Box::new(|f| f.fields.description = "hurt".into()),
            "description_too_short",
            "description",
        ),
        (
            "policy_no lapsed",
            Box::new(move |f| {
                f.policy_no = lapsed.clone();
                // The coverage must not be what refuses it.
                f.coverage_code = coverage.code.clone();
            }),
            "policy_not_in_force",
            "policy_no",
        ),
    ];
    let before = customer.my_claims().await.len();
    let notifications_before = customer.notifications().await.items.len();
    for (what, change, code, field) in cases {
        let mut form = claim_form(&health, "100", &[]);
        change(&mut form);
        report(&customer, &form).await.invalid(code, field);
        assert_eq!(customer.my_claims().await.len(), before, "{what}: nothing is written");
    }
    // Exactly at the coverage limit is allowed.
    let detail = report_ok(&customer, &claim_form(&health, &format!("{}", limit_fen / 100), &[])).await;
    assert_eq!(detail.summary.amount.fen(), limit_fen);
    assert_eq!(customer.my_claims().await.len(), before + 1);
    let steps = app
        .as_claims_agent()
        .await
        .claim_case(&detail.summary.claim_no)
        .await
        .steps;
    assert_eq!(steps.len(), 1, "one step, the report: {steps:?}");
    assert_eq!(
        customer.notifications().await.items.len(),
        notifications_before + 1,
        "only the valid claim told the customer"
    );
}

async fn another_customers_policy_or_claim_is_not_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let me = fresh_customer(&app).await;
    let owner_fixture = app.new_customer(CustomerSpec::default()).await;
    let owner = owner_fixture.sign_in(&app).await;
    let mine = only_claimable(&me).await;

    let mut form = claim_form(&mine, "100", &[]);
    form.policy_no = owner_fixture.policy_no.as_str().into();
    assert_eq!(report(&me, &form).await.error(), AppError::NotFound);
    assert!(me.my_claims().await.is_empty());
    assert!(owner.my_claims().await.is_empty());

    // The owner's claim is theirs: nobody else can tell it exists.
    let theirs = report_ok(&owner, &claim_form(&only_claimable(&owner).await, "2500", &[]))
        .await
        .summary
        .claim_no;
    assert_eq!(get_claim(&me, &theirs).await.error(), AppError::NotFound);
    assert_eq!(get_claim(&me, "CL2099999999").await.error(), AppError::NotFound);
    let my_claims = me.call(ListMyClaims { before: None }).await.good().items;
    assert!(my_claims.is_empty(), "{my_claims:?}");
    owner.claim(&theirs).await;
    // Adding documents to it is not found either.
    let answer = add_documents(&me, &theirs, &["0123456789abcdef0123456789abcdef".into()]).await;
    assert_eq!(answer.error(), AppError::NotFound);
}

async fn a_claim_pays_to_an_account_on_file_chosen_by_id_but_never_to_anothers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer paid before: the account (`ACCOUNT`) is on their file.
    let customer = fresh_customer(&app).await;
    let reply = customer.call(MyPayoutAccounts {}).await;
    let text = reply.text.clone();
    let accounts = reply.good();
    assert!(!accounts.is_empty(), "the customer has an account on file");
    let on_file = &accounts[0];
    assert!(on_file.number_masked.contains('*'), "{on_file:?}");
    assert!(!text.contains(ACCOUNT), "the full number leaked: {text}");

    // Chosen by id, nothing typed: the claim pays to the account on file.
    let health = only_claimable(&customer).await;
    let mut form = claim_form(&health, "3000", &[]);
    form.fields.payout_bank.clear();
    form.fields.payout_account.clear();
    form.payout_account_id = Some(on_file.id);
    let detail = report_ok(&customer, &form).await;
    assert_eq!(detail.payout_account_masked, on_file.number_masked);
    assert_eq!(detail.payout_bank, on_file.bank);

    // Someone else cannot pay their claim to it, nor learn it exists.
    let other = fresh_customer(&app).await;
    let theirs_on_file = other.call(MyPayoutAccounts {}).await.good();
    assert!(theirs_on_file.iter().all(|a| a.id != on_file.id), "{theirs_on_file:?}");
    let before = customer.my_claims().await.len();
    let mut theirs = claim_form(&only_claimable(&other).await, "100", &[]);
    theirs.payout_account_id = Some(on_file.id);
    report(&other, &theirs)
        .await
        .invalid("payout_account_unknown", "payout_account_id");
    assert!(other.my_claims().await.is_empty());
    assert_eq!(customer.my_claims().await.len(), before);

    // Staff have no accounts on file to offer.
    let agent = app.as_agent().await;
    assert_eq!(agent.call(MyPayoutAccounts {}).await.error(), AppError::Forbidden);
}

async fn signed_out_and_staff_callers_cannot_report(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = fresh_customer(&app).await;
    let health = only_claimable(&customer).await;
    let form = claim_form(&health, "100", &[]);
    let before = app.count("SELECT COUNT(*) FROM claims").await;

    let anonymous = app.anonymous();
    assert_eq!(report(&anonymous, &form).await.error(), AppError::Unauthenticated);
    assert_eq!(
        anonymous.call(ListMyClaims { before: None }).await.error(),
        AppError::Unauthenticated
    );
    let answer = anonymous.upload("claim", "x.jpg", jpeg(100)).await;
    assert_eq!(answer.error(), AppError::Unauthenticated);

    let agent = app.as_agent().await;
    assert_eq!(report(&agent, &form).await.error(), AppError::Forbidden);
    assert_eq!(agent.call(ClaimOptions {}).await.error(), AppError::Forbidden);
    assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, before);
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 0);
}

async fn upload_takes_a_photo_by_its_bytes_and_serves_it_to_its_owner_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = fresh_customer(&app).await;
    let bytes = jpeg(5000);
    let document = upload_ok(&customer, bytes.clone(), "../../x.jpg").await;
    assert_eq!(document.content_type, "image/jpeg");
    assert_eq!(document.name, "x.jpg", "the path the browser sent is dropped");
    assert_eq!(document.size_bytes, 5000);
    assert!(document.id.len() >= 16, "{}", document.id);

    // A PNG named .jpg is a PNG: the bytes decide.
    let png_doc = upload_ok(&customer, png(300), "scan.jpg").await;
    assert_eq!(png_doc.content_type, "image/png");
    let pdf = upload_ok(&customer, b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(), "invoice.pdf").await;
    assert_eq!(pdf.content_type, "application/pdf");
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 3);

    // Nothing was written outside the upload folder, and no stored name is the browser's.
    let uploads = app.database.data_dir.join("uploads");
    let stored = files_in(&uploads);
    // The three files, and a thumbnail for each of the two photos.
    assert_eq!(stored.len(), 5, "{stored:?}");
    assert_eq!(
        stored.iter().filter(|n| n.ends_with(".thumb.jpg")).count(),
        2,
        "{stored:?}"
    );
    assert!(
        stored.iter().all(|n| !n.contains("x.jpg") && !n.starts_with('.')),
        "{stored:?}"
    );
    assert!(!app.database.data_dir.join("x.jpg").exists());

    let (status, headers, body) = customer.get(&document.url()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(body, bytes);

    // The thumbnail is a smaller JPEG of the same picture; a PDF has none.
    let (status, headers, thumb) = customer.get(&document.thumbnail_url()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/jpeg");
    let decoded = image::load_from_memory(&thumb).expect("the thumbnail is a picture");
    assert!(decoded.width() <= 320 && decoded.height() <= 320);
    let (status, _, _) = customer.get(&pdf.thumbnail_url()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let other = fresh_customer(&app).await;
    let (status, _, body) = other.get(&document.url()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{}", String::from_utf8_lossy(&body));
    assert_ne!(body, bytes);
    let (status, _, _) = app.anonymous().get(&document.url()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = customer
        .get("/api/documents/file?id=0123456789abcdef0123456789abcdef")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn upload_refuses_a_file_that_only_starts_like_a_photo(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = fresh_customer(&app).await;
    let mut fake = vec![0xFF, 0xD8, 0xFF, 0xE0];
    fake.extend_from_slice(b"<script>alert(1)</script> not a picture at all");
    let error = customer.upload("claim", "photo.jpg", fake).await.error();
    assert!(matches!(error, AppError::Invalid { .. }), "{error:?}");
    assert_eq!(error.code(), "image_unreadable");
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 0);
    assert!(files_in(&app.database.data_dir.join("uploads")).is_empty());
}

async fn upload_refuses_a_page_named_like_a_photo(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = fresh_customer(&app).await;
    let page = b"<html><body><script>alert(document.cookie)</script></body></html>".to_vec();
    let answer = customer.upload("claim", "photo.jpg", page).await;
    answer.invalid("file_type_unsupported", "file");
    let answer = customer
        .upload("claim", "photo.jpg", b"GIF89a\x01\x00\x01\x00".to_vec())
        .await;
    answer.invalid("file_type_unsupported", "file");
    let error = customer.upload("claim", "empty.jpg", Vec::new()).await.error();
    assert!(matches!(error, AppError::Invalid { .. }), "{error:?}");
    let answer = customer.upload("selfie", "a.jpg", jpeg(100)).await;
    answer.invalid("purpose_invalid", "purpose");

    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 0);
    let left = files_in(&app.database.data_dir.join("uploads"));
    assert!(left.is_empty(), "refused uploads leave no file: {left:?}");
}

async fn upload_over_the_file_limit_is_refused_and_leaves_nothing(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("APP_UPLOAD_MAX_FILE_BYTES", "2048")]).await;
    let customer = fresh_customer(&app).await;
    // The form can tell the customer the limit before they pick a file.
    let limits = customer.call(UploadLimits {}).await.good();
    assert_eq!(limits.max_file_bytes, 2048, "{limits:?}");
    assert_eq!(
        app.anonymous().call(UploadLimits {}).await.error(),
        AppError::Unauthenticated
    );
    let answer = customer.upload("claim", "big.jpg", jpeg(10 * 1024)).await;
    assert_eq!(answer.error(), AppError::PayloadTooLarge { limit_bytes: 2048 });
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 0);
    let uploads = app.database.data_dir.join("uploads");
    let left = files_in(&uploads);
    assert!(left.is_empty(), "no leftover file: {left:?}");

    // Far over the limit: refused too (the body is not even read).
    let answer = customer.upload("claim", "huge.jpg", jpeg(200 * 1024)).await;
    let error = answer.error();
    assert!(matches!(error, AppError::PayloadTooLarge { .. }), "{error:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 0);
    assert!(files_in(&uploads).is_empty());

    // At the limit is fine.
    upload_ok(&customer, jpeg(2048), "ok.jpg").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 1);
    assert_eq!(files_in(&uploads).len(), 2, "the photo and its thumbnail");
}

async fn claim_over_the_case_limit_is_refused_and_not_written(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("APP_UPLOAD_MAX_CASE_BYTES", "3000")]).await;
    let customer = fresh_customer(&app).await;
    let health = only_claimable(&customer).await;
    let a = upload_ok(&customer, jpeg(2000), "a.jpg").await.id;
    let b = upload_ok(&customer, jpeg(2000), "b.jpg").await.id;

    let answer = report(&customer, &claim_form(&health, "500", &[a.clone(), b.clone()])).await;
    let error = answer.error();
    assert!(matches!(error, AppError::PayloadTooLarge { .. }), "{error:?}");
    assert!(customer.my_claims().await.is_empty());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM documents WHERE attached_to IS NOT NULL")
            .await,
        0,
        "the files stay free to use"
    );

    // One of them fits, and the other cannot be added to that claim afterwards.
    let detail = report_ok(&customer, &claim_form(&health, "500", std::slice::from_ref(&a))).await;
    let claim_no = detail.summary.claim_no;
    let error = add_documents(&customer, &claim_no, &[b]).await.error();
    assert!(matches!(error, AppError::PayloadTooLarge { .. }), "{error:?}");
    let detail = customer.claim(&claim_no).await;
    assert_eq!(detail.documents.len(), 1);
}

async fn claim_naming_someone_elses_or_a_used_document_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = fresh_customer(&app).await;
    let other = fresh_customer(&app).await;
    let health = only_claimable(&customer).await;
    let theirs = upload_ok(&other, jpeg(500), "theirs.jpg").await.id;

    let answer = report(&customer, &claim_form(&health, "500", std::slice::from_ref(&theirs))).await;
    answer.conflict("document_unavailable");
    assert!(customer.my_claims().await.is_empty());
    assert!(other.my_claims().await.is_empty());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM documents WHERE attached_to IS NOT NULL")
            .await,
        0
    );
    // Nor can the owner's mine be mixed in, nor the same file twice.
    let mine = upload_ok(&customer, jpeg(500), "mine.jpg").await.id;
    let answer = report(&customer, &claim_form(&health, "500", &[mine.clone(), theirs.clone()])).await;
    answer.conflict("document_unavailable");
    let answer = report(&customer, &claim_form(&health, "500", &[mine.clone(), mine.clone()])).await;
    answer.conflict("document_unavailable");
    assert!(customer.my_claims().await.is_empty());

    // Once used, a file cannot go on a second claim.
    report_ok(&customer, &claim_form(&health, "500", std::slice::from_ref(&mine))).await;
    let answer = report(&customer, &claim_form(&health, "600", std::slice::from_ref(&mine))).await;
    answer.conflict("document_unavailable");
    assert_eq!(customer.my_claims().await.len(), 1);
}

async fn customer_sees_each_stage_staff_move_the_claim_to(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer whose claim of 450 yuan waits in "approved".
    let customer = fresh_customer(&app).await;
    let approved = approved_claim(&app, &customer, "450").await;
    let handler = app.as_claims_agent().await;
    let health = only_claimable(&customer).await;
    let detail = report_ok(&customer, &claim_form(&health, "2600", &[])).await;
    let claim_no = detail.summary.claim_no;

    // A customer cannot move a claim, nor an agent outside the claims groups.
    let answer = customer.call(advance(&claim_no, None)).await;
    assert_eq!(answer.error(), AppError::Forbidden);
    let answer = app.as_agent().await.call(advance(&claim_no, None)).await;
    assert_eq!(answer.error(), AppError::Forbidden);

    let moved = handler.call(advance(&claim_no, Some("已安排查勘员"))).await.good();
    assert_eq!(moved.stage, ClaimStage::Dispatched);
    assert!(!moved.awaiting_approval);

    let now = customer.claim(&claim_no).await;
    assert_eq!(now.summary.stage, ClaimStage::Dispatched);
    let step = &now.timeline[1];
    assert_eq!(step.stage, ClaimStage::Dispatched);
    assert!(step.reached_at.is_some(), "{step:?}");
    assert_eq!(step.note.as_deref(), Some("已安排查勘员"));
    assert!(step.due_at.is_some());
    assert!(
        now.timeline[0].due_at.is_none(),
        "only the current stage has a due time"
    );

    let notifications = customer.call(MyNotifications { before: None }).await.good();
    let newest = &notifications.items[0];
    assert_eq!(newest.kind, NotificationKind::ClaimStage, "{notifications:?}");
    assert!(!newest.read);
    assert_eq!(newest.link.as_deref(), Some(format!("/my/claims/{claim_no}").as_str()));
    assert!(
        newest.params.contains(&("claim_no".to_string(), claim_no.clone())),
        "{newest:?}"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'claim.advance' AND detail LIKE '%{claim_no}%'"
        ))
        .await,
        1
    );

    // The insurer asks for a document by a date; the customer sees what and by when.
    let due = (today() + chrono::Days::new(5)).format("%Y-%m-%d").to_string();
    handler
        .call(RequestClaimDocuments {
            claim_no: claim_no.clone(),
            documents: "请补充发票原件照片".into(),
            due_date: due.clone(),
        })
        .await
        .good();
    let list = customer.call(ListMyClaims { before: None }).await.good().items;
    let mine = list.iter().find(|c| c.claim_no == claim_no).unwrap();
    assert_eq!(mine.awaiting_customer.as_deref(), Some("请补充发票原件照片"));
    let detail = customer.claim(&claim_no).await;
    assert_eq!(detail.awaiting_due.as_deref(), Some(due.as_str()));

    // Closing an approved claim pays it: the claim in "approved" is next to close.
    let moved = handler.call(advance(&approved, None)).await.good();
    assert_eq!(moved.stage, ClaimStage::Closed);
    let closed = customer.claim(&approved).await;
    assert_eq!(closed.summary.stage, ClaimStage::Closed);
    assert_eq!(closed.summary.outcome, Some(ClaimOutcome::Paid));
    assert_eq!(closed.payout, Some(Money::from_fen(45_000)));
    // A closed claim goes no further.
    handler.call(advance(&approved, None)).await.conflict("claim_closed");
}

async fn customer_adds_documents_to_an_open_claim_but_not_a_closed_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // A customer with a claim surveyed that waits for their papers, and one closed.
    let customer = fresh_customer(&app).await;
    let surveyed = reported_claim(&customer, "2600").await;
    let handler = app.as_claims_agent().await;
    handler.call(advance(&surveyed, None)).await.good();
    handler
        .call(AdvanceClaim {
            survey_notes: Some("现场查勘：右腿胫骨骨折，住院手术".into()),
            ..advance(&surveyed, None)
        })
        .await
        .good();
    handler
        .call(RequestClaimDocuments {
            claim_no: surveyed.clone(),
            documents: "请补充住院病历首页和费用明细清单的照片。".into(),
            due_date: (today() + chrono::Days::new(5)).format("%Y-%m-%d").to_string(),
        })
        .await
        .good();
    let closed_no = closed_paid_claim(&app, &customer).await;
    let before = customer.claim(&surveyed).await;
    assert!(before.summary.awaiting_customer.is_some(), "{before:?}");
    let count_before = before.documents.len();

    let photo = upload_ok(&customer, jpeg(1500), "病历首页.jpg").await;
    let added = add_documents(&customer, &surveyed, std::slice::from_ref(&photo.id))
        .await
        .good();
    let documents = &added.documents;
    assert_eq!(documents.len(), count_before + 1);
    assert!(documents.iter().any(|d| d.id == photo.id && d.name == "病历首页.jpg"));
    assert_eq!(added.summary.awaiting_customer, None);
    assert_eq!(added.summary.stage, ClaimStage::Surveyed, "the stage is unchanged");
    let after = customer.claim(&surveyed).await;
    assert_eq!(after, added);

    // A closed claim takes no more; the file stays free.
    let more = upload_ok(&customer, jpeg(1500), "more.jpg").await;
    let answer = add_documents(&customer, &closed_no, std::slice::from_ref(&more.id)).await;
    answer.conflict("claim_closed");
    let closed = customer.claim(&closed_no).await;
    assert!(closed.documents.is_empty());
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM documents WHERE public_id = '{}' AND attached_to IS NULL",
            more.id
        ))
        .await,
        1
    );
    // Nothing to add is refused.
    let error = add_documents(&customer, &surveyed, &[]).await.error();
    assert!(matches!(error, AppError::Invalid { .. }), "{error:?}");
}

async fn uploads_left_unattached_for_a_day_are_deleted(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = fresh_customer(&app).await;
    let health = only_claimable(&customer).await;
    let claim_no = report_ok(&customer, &claim_form(&health, "2500", &[]))
        .await
        .summary
        .claim_no;
    let abandoned = upload_ok(&customer, jpeg(500), "abandoned.jpg").await;
    let fresh = upload_ok(&customer, jpeg(500), "fresh.jpg").await;
    let kept = upload_ok(&customer, jpeg(500), "kept.jpg").await;
    add_documents(&customer, &claim_no, std::slice::from_ref(&kept.id))
        .await
        .good();
    // The abandoned and the attached one were uploaded two days ago.
    let two_days_ago = chrono::Utc::now().timestamp_millis() - 2 * 24 * 60 * 60 * 1000;
    for doc in [&abandoned, &kept] {
        app.execute(&format!(
            "UPDATE documents SET created_at = {two_days_ago} WHERE public_id = '{}'",
            doc.id
        ))
        .await;
    }
    let uploads = app.database.data_dir.join("uploads");
    assert_eq!(files_in(&uploads).len(), 6, "three photos and their thumbnails");

    let now = chrono::Utc::now().timestamp_millis();
    let deleted = app::backend::customers::documents::sweep_unattached(&app.app_state.db, &app.app_state.files, now)
        .await
        .unwrap();
    assert_eq!(deleted, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 2);
    assert_eq!(
        files_in(&uploads).len(),
        4,
        "the abandoned photo and its thumbnail are gone"
    );
    let (status, _, _) = customer.get(&abandoned.url()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for doc in [&fresh, &kept] {
        let (status, _, _) = customer.get(&doc.url()).await;
        assert_eq!(status, StatusCode::OK);
    }
}

async fn demo_claims_happen_inside_their_policy_periods(backend: Backend) {
    // The data `./x run` shows: the random draws differ from the small test data's.
    let app = TestApp::spawn_full(backend).await;
    assert_eq!(
        app.as_customer().await.my_claims().await.len(),
        9,
        "the showcase customer's: one per stage, one paid, one refused"
    );
    // The claims desk has work in every open stage, a payout waiting for a supervisor's
    // approval and a fast-tracked claim to review.
    let desk = app
        .as_supervisor()
        .await
        .call(ClaimQueue { view: "all".into() })
        .await
        .good();
    assert_eq!(desk.stages.len(), 7, "{:?}", desk.stages);
    assert!(desk.stages.iter().all(|s| s.open > 0), "{:?}", desk.stages);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM claim_approvals WHERE status = 'pending' AND amount_fen > 1000000")
            .await,
        1
    );
    assert_eq!(desk.counts.fast_track, 1, "{:?}", desk.counts);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM claims WHERE stage = 'adjusted' AND payout_fen IS NULL")
            .await,
        0,
        "an adjusted claim has its payout"
    );
    let outside = app
        .count(
            "SELECT COUNT(*) FROM claims c JOIN policies p ON p.id = c.policy_id \
             WHERE c.incident_date < p.period_start OR c.incident_date > p.period_end",
        )
        .await;
    assert_eq!(
        outside, 0,
        "a claim before its policy began would make no sense to a customer"
    );
    let stages = app.count("SELECT COUNT(DISTINCT stage) FROM claims").await;
    assert_eq!(stages, 8);
}
