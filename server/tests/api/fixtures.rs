//! Fixtures made through the same inserts the services and the demo seeder write with, so a
//! test states what it needs (a customer with a policy in force) instead of leaning on the
//! demo data's fixed numbers; and the cases a test needs (a claim closed and paid, a work
//! order staff answered), built through the API as customers and staff build them.

use app::api::console::claims::RefuseClaim;
use app::api::console::work_orders::{ReplyWorkOrder, TransferWorkOrder};
use app::api::portal::work_orders::OpenWorkOrder;
use app::backend::customers::{self, NewCustomer};
use app::backend::platform::auth::password::hash_blocking;
use app::backend::policies::catalog::{self, NewCoverage, NewProduct};
use app::backend::policies::{self, NewPolicy, PolicyPerson};
use app::backend::{now_ms, platform::sequences, Db, Tx};
use app::domain::calendar::{insurer_date, DAY_MS};
use app::domain::{
    ClaimStage, CustomerNumber, InstallmentStatus, MemberLevel, Money, PaymentFrequency, PolicyNumber, PolicyStatus,
    ProductLine, Relation, VipTier,
};
use app::model::work_orders::{DeskReply, Transfer, WorkOrderForm};

use crate::claim_desk::{adjust, bring_to_verified, move_on};
use crate::claims::{claim_form, only_claimable, report, request_key};
use crate::client::User;
use crate::harness::{TestApp, TestDatabase};

/// The password every fixture customer signs in with.
pub const FIXTURE_PASSWORD: &str = "fixture-pass-1";

/// A customer made for one test, with one policy.
pub struct CustomerFixture {
    pub customer_id: i64,
    pub customer_no: CustomerNumber,
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub policy_no: PolicyNumber,
    /// The policy's one coverage, by code, and its limit.
    pub coverage_code: String,
    pub coverage_limit: Money,
}

/// What the fixture customer looks like.
pub struct CustomerSpec {
    /// The name on the record (`测试客户` when not given).
    pub name: Option<&'static str>,
    /// An e-mail address on the record (none when not given); it must be unique.
    pub email: Option<&'static str>,
    pub line: ProductLine,
    pub status: PolicyStatus,
    pub member_level: MemberLevel,
    pub vip_tier: VipTier,
    /// The product's fast-track limit (claims up to it with a photo are approved at once).
    pub fast_track_limit: Option<Money>,
    /// The ID number on the customer's record, masked as stored (`110***********002X`);
    /// real-name verification checks the number typed against it.
    pub id_number_masked: Option<&'static str>,
    /// A payout account on the customer's file (paid to before): claims to it may be
    /// fast-tracked; a claim naming any other account waits for a person's check.
    pub payout_account_on_file: Option<&'static str>,
}

impl Default for CustomerSpec {
    fn default() -> Self {
        Self {
            name: None,
            email: None,
            line: ProductLine::Health,
            status: PolicyStatus::InForce,
            member_level: MemberLevel::Registered,
            vip_tier: VipTier::None,
            fast_track_limit: Some(Money::from_yuan(2_000)),
            id_number_masked: None,
            payout_account_on_file: Some(crate::claims::ACCOUNT),
        }
    }
}

/// A policy for a fixture customer, each on a product of its own with one coverage (`main`,
/// limit 50,000 yuan): the first one `new_customer` makes, or more (`TestApp::add_policy`).
pub struct PolicySpec {
    pub line: ProductLine,
    pub status: PolicyStatus,
    /// When the next premium is due (an ISO date), as the policy feed records it.
    pub next_due_date: Option<&'static str>,
    /// The premium instalments (ISO due date, status); paid ones are paid on the day of
    /// the fixture.
    pub installments: &'static [(&'static str, InstallmentStatus)],
    /// The beneficiaries named (name, share in percent), as life policies name them.
    pub beneficiaries: &'static [(&'static str, i64)],
}

impl Default for PolicySpec {
    fn default() -> Self {
        Self {
            line: ProductLine::Health,
            status: PolicyStatus::InForce,
            next_due_date: None,
            installments: &[],
            beneficiaries: &[],
        }
    }
}

/// A number no other fixture or demo row uses.
fn unique_number() -> u64 {
    (uuid::Uuid::new_v4().as_u128() % 100_000_000) as u64
}

impl TestApp {
    /// A new customer with one policy, made as the services make them.
    pub async fn new_customer(&self, spec: CustomerSpec) -> CustomerFixture {
        new_customer_in(&self.app_state.db, spec).await
    }

    /// Another policy for a fixture customer, on a product without fast track: its number.
    pub async fn add_policy(&self, customer: &CustomerFixture, spec: PolicySpec) -> String {
        let mut tx = self.app_state.db.begin_write().await.unwrap();
        let (policy_no, _, _) =
            insert_policy(&mut tx, customer.customer_id, &customer.name, &spec, None, now_ms()).await;
        tx.commit().await.unwrap();
        policy_no.as_str().to_string()
    }
}

/// A new customer in the database that server processes run on (`process::ServerProcess`,
/// started, so the database is migrated and seeded).
pub async fn new_customer_at(database: &TestDatabase, spec: CustomerSpec) -> CustomerFixture {
    let db = Db::connect(&database.url, 2).await.unwrap();
    let fixture = new_customer_in(&db, spec).await;
    db.pool.close().await;
    fixture
}

/// A new customer with one policy in any database (a separate server process's, too).
pub async fn new_customer_in(db: &Db, spec: CustomerSpec) -> CustomerFixture {
    {
        let now = now_ms();
        let n = unique_number();
        let phone = format!("166{n:08}");
        let name = spec.name.unwrap_or("测试客户").to_string();
        let email = spec.email.map(str::to_string);
        let password_hash = hash_blocking(FIXTURE_PASSWORD).unwrap();
        let mut tx = db.begin_write().await.unwrap();

        let customer_no = sequences::next_customer_number(&mut tx, now).await.unwrap();
        let customer_id = customers::insert(
            &mut tx,
            &NewCustomer {
                customer_no: &customer_no,
                name: &name,
                phone: Some(&phone),
                email: email.as_deref(),
                id_number_masked: spec.id_number_masked,
                member_level: spec.member_level,
                vip_tier: spec.vip_tier,
                id_number_verified_at: None,
                created_at: now,
            },
        )
        .await
        .unwrap();
        customers::insert_credentials(&mut tx, customer_id, &password_hash, now)
            .await
            .unwrap();
        if let Some(number) = spec.payout_account_on_file {
            customers::insert_payout_account(&mut tx, customer_id, "招商银行", number, now)
                .await
                .unwrap();
        }

        let first = PolicySpec {
            line: spec.line,
            status: spec.status,
            ..PolicySpec::default()
        };
        let (policy_no, coverage_code, coverage_limit) =
            insert_policy(&mut tx, customer_id, &name, &first, spec.fast_track_limit, now).await;
        tx.commit().await.unwrap();

        CustomerFixture {
            customer_id,
            customer_no,
            name,
            phone,
            email,
            policy_no,
            coverage_code,
            coverage_limit,
        }
    }
}

impl CustomerFixture {
    /// Signs the fixture customer in.
    pub async fn sign_in<'a>(&self, app: &'a TestApp) -> User<'a> {
        app.signed_in(&self.phone, FIXTURE_PASSWORD).await
    }
}

/// Records a policy held by `holder_id` (the insured person too), on a product of its own:
/// its number, its coverage's code and limit.
async fn insert_policy(
    tx: &mut Tx,
    holder_id: i64,
    holder_name: &str,
    spec: &PolicySpec,
    fast_track_limit: Option<Money>,
    now: i64,
) -> (PolicyNumber, String, Money) {
    let n = unique_number();
    let product_code = format!("TEST-{n}");
    let product_id = catalog::insert_product(
        tx,
        &NewProduct {
            code: &product_code,
            line: spec.line,
            name_zh: "测试保险",
            name_en: "Test cover",
            fast_track_limit,
        },
        now,
    )
    .await
    .unwrap();
    let coverage_limit = Money::from_yuan(50_000);
    let coverage_code = "main".to_string();
    let coverage_id = catalog::insert_coverage(
        tx,
        product_id,
        &NewCoverage {
            code: &coverage_code,
            name_zh: "主险",
            name_en: "Main cover",
            default_limit: coverage_limit,
        },
        now,
    )
    .await
    .unwrap();

    let today = insurer_date(now);
    // An expired policy's year is over; every other runs from 100 days ago.
    let (start, end) = if spec.status == PolicyStatus::Expired {
        (insurer_date(now - 465 * DAY_MS).iso(), today.plus_days(-100).iso())
    } else {
        (insurer_date(now - 100 * DAY_MS).iso(), today.plus_days(265).iso())
    };
    let policy_no = PolicyNumber::new(spec.line, today.year, n);
    let premium = Money::from_yuan(600);
    let policy_id = policies::insert(
        tx,
        &NewPolicy {
            policy_no: &policy_no,
            product_id,
            holder_id,
            status: spec.status,
            period_start: &start,
            period_end: &end,
            sum_insured: coverage_limit,
            premium,
            payment_frequency: PaymentFrequency::Annual,
            next_due_date: spec.next_due_date,
            created_at: now,
        },
    )
    .await
    .unwrap();
    policies::insert_coverage(tx, policy_id, coverage_id, coverage_limit, now)
        .await
        .unwrap();
    let insured = PolicyPerson {
        name: holder_name,
        id_number_masked: "110***********1234",
        relation: Relation::Myself,
    };
    policies::insert_insured(tx, policy_id, &insured, now).await.unwrap();
    for &(name, share) in spec.beneficiaries {
        let beneficiary = PolicyPerson {
            name,
            id_number_masked: "310***********1230",
            relation: Relation::Child,
        };
        policies::insert_beneficiary(tx, policy_id, &beneficiary, share, now)
            .await
            .unwrap();
    }
    for &(due_date, status) in spec.installments {
        let paid_at = (status == InstallmentStatus::Paid).then_some(now);
        policies::insert_installment(tx, policy_id, due_date, premium, status, paid_at, now)
            .await
            .unwrap();
    }
    (policy_no, coverage_code, coverage_limit)
}

// The cases tests need, built through the API: what customers and staff do to make them.

/// The customer's new claim of `amount` yuan on their one policy in force, without a photo:
/// it waits in `reported` for staff. Its number.
pub async fn reported_claim(customer: &User<'_>, amount: &str) -> String {
    let policy = only_claimable(customer).await;
    report(customer, &claim_form(&policy, amount, &[]))
        .await
        .good()
        .summary
        .claim_no
}

/// The customer's new claim of `amount` yuan (within an agent's authority), taken by the
/// claims agent 王磊 (`as_claims_agent`) through every stage to `approved` with the whole
/// amount as its payout: the next step closes it, paid. Its number.
pub async fn approved_claim(app: &TestApp, customer: &User<'_>, amount: &str) -> String {
    let claim_no = reported_claim(customer, amount).await;
    let handler = app.as_claims_agent().await;
    bring_to_verified(&handler, &claim_no).await;
    handler.call(adjust(&claim_no, amount, amount)).await.good();
    let moved = handler.call(move_on(&claim_no, ClaimStage::Adjusted)).await.good();
    assert_eq!(moved.stage, ClaimStage::Approved, "{claim_no} is approved: {moved:?}");
    claim_no
}

/// The customer's new claim, approved and closed by 王磊: paid 450 yuan. Its number.
pub async fn closed_paid_claim(app: &TestApp, customer: &User<'_>) -> String {
    let claim_no = approved_claim(app, customer, "450").await;
    let moved = app
        .as_claims_agent()
        .await
        .call(move_on(&claim_no, ClaimStage::Approved))
        .await
        .good();
    assert_eq!(moved.stage, ClaimStage::Closed, "{claim_no} is closed: {moved:?}");
    claim_no
}

/// The customer's new claim, refused by 王磊 with a reason: closed, unpaid. Its number.
pub async fn refused_claim(app: &TestApp, customer: &User<'_>) -> String {
    let claim_no = reported_claim(customer, "1200").await;
    app.as_claims_agent()
        .await
        .call(RefuseClaim {
            claim_no: claim_no.clone(),
            reason: "该项治疗属于美容类项目，不在本保单保障范围内。".into(),
        })
        .await
        .good();
    claim_no
}

/// A question the customer asks in the portal (a consultation, which goes to the service
/// group 李静 (`as_agent`) works in), not yet answered. Its number.
pub async fn opened_work_order(customer: &User<'_>) -> String {
    let form = WorkOrderForm {
        kind: "consultation".into(),
        subject: "住院押金发票能否用于报销".into(),
        message: "孩子住院交了押金，医院给的是押金收据，出院结算发票还没拿到，可以先报案吗？".into(),
        request_key: request_key(),
        ..WorkOrderForm::default()
    };
    customer.call(OpenWorkOrder { form }).await.good().summary.order_no
}

/// The customer's question, answered by 李静 (`as_agent`, its assignee, passed it by the
/// supervisor if it went to a colleague) with a question back: it waits for the customer,
/// two messages, the insurer's last. Its number.
pub async fn work_order_awaiting_customer(app: &TestApp, customer: &User<'_>) -> String {
    let order_no = opened_work_order(customer).await;
    let agent = app.as_agent().await;
    if !agent.desk_work_order(&order_no).await.can_act {
        let agent_id = app.as_admin().await.staff_id("agent").await;
        app.as_supervisor()
            .await
            .call(TransferWorkOrder {
                transfer: Transfer {
                    order_no: order_no.clone(),
                    group: "service".into(),
                    staff_id: agent_id,
                    note: "请李静跟进这位客户的咨询。".into(),
                },
            })
            .await
            .good();
    }
    agent
        .call(ReplyWorkOrder {
            reply: DeskReply {
                order_no: order_no.clone(),
                message: "您好，可以先在线报案，结算发票取得后在理赔页面补充上传即可。请问出院日期是哪天？".into(),
                status: "awaiting_customer".into(),
                resolution_code: String::new(),
                complaint_category: String::new(),
            },
        })
        .await
        .good();
    order_no
}

/// A complaint the customer opened, answered and resolved by the supervisor: two messages,
/// finished. Its number.
pub async fn resolved_work_order(app: &TestApp, customer: &User<'_>) -> String {
    let form = WorkOrderForm {
        kind: "complaint".into(),
        subject: "理赔到账时间比承诺晚".into(),
        message: "上个月的理赔承诺 3 天内到账，实际用了 6 天，希望给个说法。".into(),
        request_key: request_key(),
        ..WorkOrderForm::default()
    };
    let order_no = customer.call(OpenWorkOrder { form }).await.good().summary.order_no;
    app.as_supervisor()
        .await
        .call(ReplyWorkOrder {
            reply: DeskReply {
                order_no: order_no.clone(),
                message: "非常抱歉给您带来不便。经核查是银行退票后重新支付导致延迟，已对相关环节整改。".into(),
                status: "resolved".into(),
                resolution_code: "explained".into(),
                complaint_category: "claim_speed".into(),
            },
        })
        .await
        .good();
    order_no
}
