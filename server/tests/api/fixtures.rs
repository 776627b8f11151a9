//! Fixtures made through the same inserts the services and the demo seeder write with, so a
//! test states what it needs (a customer with a policy in force) instead of leaning on the
//! demo data's fixed numbers.

use app::backend::customers::{self, NewCustomer};
use app::backend::platform::auth::password::hash_blocking;
use app::backend::policies::catalog::{self, NewCoverage, NewProduct};
use app::backend::policies::{self, NewPolicy, PolicyPerson};
use app::backend::{now_ms, platform::sequences};
use app::domain::calendar::{insurer_date, DAY_MS};
use app::domain::{
    CustomerNumber, MemberLevel, Money, PaymentFrequency, PolicyNumber, PolicyStatus, ProductLine, Relation, VipTier,
};

use crate::client::User;
use crate::harness::TestApp;

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

/// A number no other fixture or demo row uses.
fn unique_number() -> u64 {
    (uuid::Uuid::new_v4().as_u128() % 100_000_000) as u64
}

impl TestApp {
    /// A new customer with one policy, made as the services make them.
    pub async fn new_customer(&self, spec: CustomerSpec) -> CustomerFixture {
        new_customer_in(&self.app_state.db, spec).await
    }
}

/// A new customer with one policy in any database (a separate server process's, too).
pub async fn new_customer_in(db: &app::backend::Db, spec: CustomerSpec) -> CustomerFixture {
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

        let product_code = format!("TEST-{n}");
        let product_id = catalog::insert_product(
            &mut tx,
            &NewProduct {
                code: &product_code,
                line: spec.line,
                name_zh: "测试保险",
                name_en: "Test cover",
                fast_track_limit: spec.fast_track_limit,
            },
            now,
        )
        .await
        .unwrap();
        let coverage_limit = Money::from_yuan(50_000);
        let coverage_code = "main".to_string();
        let coverage_id = catalog::insert_coverage(
            &mut tx,
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
        let (start, end) = (insurer_date(now - 100 * DAY_MS).iso(), today.plus_days(265).iso());
        let policy_no = PolicyNumber::new(spec.line, today.year, n);
        let policy_id = policies::insert(
            &mut tx,
            &NewPolicy {
                policy_no: &policy_no,
                product_id,
                holder_id: customer_id,
                status: spec.status,
                period_start: &start,
                period_end: &end,
                sum_insured: coverage_limit,
                premium: Money::from_yuan(600),
                payment_frequency: PaymentFrequency::Annual,
                next_due_date: None,
                created_at: now,
            },
        )
        .await
        .unwrap();
        policies::insert_coverage(&mut tx, policy_id, coverage_id, coverage_limit, now)
            .await
            .unwrap();
        let insured = PolicyPerson {
            name: &name,
            id_number_masked: "110***********1234",
            relation: Relation::Myself,
        };
        policies::insert_insured(&mut tx, policy_id, &insured, now)
            .await
            .unwrap();
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
