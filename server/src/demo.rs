//! Demo data: realistic and deterministic (a fixed-seed generator; dates relative to the
//! day of seeding). All five product lines, customers with policies in every status,
//! Chinese names and mobile numbers, and one login per role. Loaded once, in one
//! transaction, on the first start with `APP_SEED_DEMO=true`.

mod campaigns;
mod claim_desk;
mod desk;
mod knowledge;
mod self_service;

use std::collections::HashSet;

use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate, Utc};

use app::backend::customers::{self, NewCustomer};
use app::backend::platform::auth::password::hash_blocking;
use app::backend::platform::sequences::next_customer_number;
use app::backend::policies::catalog::{self, NewCoverage, NewProduct};
use app::backend::policies::{self, NewPolicy, PolicyPerson};
use app::backend::{customers::documents, loyalty, now_ms, staff, AppState, Db, Tx};
use app::domain::calendar::DAY_MS;
use app::domain::{
    mask_middle, DocumentPurpose, InstallmentStatus, MemberLevel, Money, PaymentFrequency, PolicyNumber, PolicyStatus,
    ProductLine, Relation, Role, StaffStatus, VipTier,
};

pub const DEMO_PASSWORD: &str = "demo1234";
/// The demo customer, with a policy in every status.
pub const DEMO_CUSTOMER_PHONE: &str = "13800138000";
/// A second customer, for trying to read someone else's policy.
pub const OTHER_CUSTOMER_PHONE: &str = "13900139000";
pub const DEMO_LOGINS: &[(&str, &str)] = &[
    ("customer", DEMO_CUSTOMER_PHONE),
    ("customer", "demo@example.com"),
    ("agent", "agent"),
    ("agent", "agent.wang"),
    ("supervisor", "supervisor"),
    ("admin", "admin"),
];

#[derive(Debug, Clone, Copy)]
pub enum DemoSize {
    /// A few hundred customers, for running the platform.
    Full,
    /// A couple of dozen, for tests.
    Small,
}

impl DemoSize {
    fn customers(self) -> usize {
        match self {
            DemoSize::Full => 300,
            DemoSize::Small => 24,
        }
    }

    /// Claims of customers other than the showcase one, for the claims desk.
    fn claims(self) -> usize {
        match self {
            DemoSize::Full => 24,
            DemoSize::Small => 12,
        }
    }

    fn work_orders(self) -> usize {
        match self {
            DemoSize::Full => 260,
            DemoSize::Small => 30,
        }
    }
}

/// Loads the demo data unless it is already there. Returns whether it loaded it.
pub async fn seed_once(db: &Db, size: DemoSize) -> anyhow::Result<bool> {
    let password_hash = tokio::task::spawn_blocking(|| hash_blocking(DEMO_PASSWORD))
        .await?
        .map_err(|e| anyhow::anyhow!("hashing the demo password: {e}"))?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    // Claims the marker first: a second process starting at the same time waits here, then
    // finds it taken and leaves the data alone.
    if !app::backend::platform::db::claim_meta(&mut tx, "demo_seeded", &format!("{size:?}"), now).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    let mut seeder = Seeder {
        tx,
        rng: Rng(0x5EED_2026),
        today: Utc::now().date_naive(),
        now,
        password_hash,
        policy_seq: 0,
        agents: Vec::new(),
    };
    seeder.seed(size).await.context("loading demo data")?;
    seeder.tx.commit().await?;
    tracing::info!(customers = size.customers(), "demo data loaded");
    Ok(true)
}

/// SplitMix64: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

struct Product {
    code: &'static str,
    line: ProductLine,
    name_zh: &'static str,
    name_en: &'static str,
    /// (code, zh, en, share of the sum insured in percent)
    coverages: &'static [(&'static str, &'static str, &'static str, i64)],
    /// Sums insured to choose from, in yuan.
    sums: &'static [i64],
    /// Premium per year as a per-mille of the sum insured.
    rate_per_mille: i64,
    long_term: bool,
    /// Claims up to this amount with a photo are approved at once.
    fast_track_limit: Option<Money>,
}

const PRODUCTS: &[Product] = &[
    Product {
        code: "LIFE-WHOLE",
        line: ProductLine::Life,
        name_zh: "安心终身寿险",
        name_en: "Anxin Whole Life",
        coverages: &[
            ("death", "身故保险金", "Death benefit", 100),
            ("disability", "全残保险金", "Total disability benefit", 100),
        ],
        sums: &[300_000, 500_000, 1_000_000],
        rate_per_mille: 18,
        long_term: true,
        fast_track_limit: None,
    },
    Product {
        code: "LIFE-TERM20",
        line: ProductLine::Life,
        name_zh: "守护20年定期寿险",
        name_en: "Guardian 20-Year Term Life",
        coverages: &[("death", "身故保险金", "Death benefit", 100)],
        sums: &[500_000, 1_000_000, 2_000_000],
        rate_per_mille: 3,
        long_term: true,
        fast_track_limit: None,
    },
    Product {
        code: "HEALTH-MED",
        line: ProductLine::Health,
        name_zh: "百万医疗保险",
        name_en: "Million Medical Cover",
        coverages: &[
            ("inpatient", "住院医疗", "Inpatient treatment", 100),
            ("outpatient", "特殊门诊", "Specialist outpatient care", 100),
            ("critical_care", "重症监护", "Intensive care", 50),
        ],
        sums: &[2_000_000, 4_000_000],
        rate_per_mille: 1,
        long_term: false,
        fast_track_limit: Some(Money::from_fen(200_000)),
    },
    Product {
        code: "HEALTH-CI",
        line: ProductLine::Health,
        name_zh: "康悦重大疾病保险",
        name_en: "Kangyue Critical Illness",
        coverages: &[
            ("critical", "重大疾病保险金", "Critical illness benefit", 100),
            ("mild", "轻症保险金", "Early-stage illness benefit", 30),
        ],
        sums: &[200_000, 300_000, 500_000],
        rate_per_mille: 25,
        long_term: true,
        fast_track_limit: None,
    },
    Product {
        code: "AUTO-COMP",
        line: ProductLine::Auto,
        name_zh: "机动车商业保险",
        name_en: "Motor Comprehensive",
        coverages: &[
            ("vehicle_damage", "车辆损失险", "Own vehicle damage", 100),
            ("third_party", "第三者责任险", "Third-party liability", 500),
            ("occupants", "车上人员责任险", "Driver and passengers", 20),
        ],
        sums: &[150_000, 250_000, 400_000],
        rate_per_mille: 30,
        long_term: false,
        fast_track_limit: Some(Money::from_fen(500_000)),
    },
    Product {
        code: "AUTO-CTPL",
        line: ProductLine::Auto,
        name_zh: "机动车交通事故责任强制保险",
        name_en: "Compulsory Traffic Accident Liability",
        coverages: &[("liability", "交强险责任", "Compulsory liability", 100)],
        sums: &[200_000],
        rate_per_mille: 5,
        long_term: false,
        fast_track_limit: None,
    },
    Product {
        code: "PROP-HOME",
        line: ProductLine::Property,
        name_zh: "家庭财产综合保险",
        name_en: "Home and Contents",
        coverages: &[
            ("building", "房屋主体", "Building", 100),
            ("contents", "室内财产", "Contents", 30),
            ("water", "管道破裂及水渍", "Burst pipes and water damage", 5),
        ],
        sums: &[500_000, 1_000_000, 2_000_000],
        rate_per_mille: 1,
        long_term: false,
        fast_track_limit: Some(Money::from_fen(300_000)),
    },
    Product {
        code: "ACC-PERSONAL",
        line: ProductLine::Accident,
        name_zh: "综合意外伤害保险",
        name_en: "Personal Accident Plus",
        coverages: &[
            (
                "accidental_death",
                "意外身故及伤残",
                "Accidental death and disability",
                100,
            ),
            ("accident_medical", "意外医疗", "Accident medical expenses", 10),
        ],
        sums: &[100_000, 300_000, 500_000],
        rate_per_mille: 2,
        long_term: false,
        fast_track_limit: Some(Money::from_fen(200_000)),
    },
    Product {
        code: "ACC-TRAVEL",
        line: ProductLine::Accident,
        name_zh: "畅行出行意外险",
        name_en: "Travel Accident Cover",
        coverages: &[(
            "travel_accident",
            "交通意外身故伤残",
            "Travel accident death and disability",
            100,
        )],
        sums: &[500_000, 1_000_000],
        rate_per_mille: 1,
        long_term: false,
        fast_track_limit: None,
    },
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞",
    "平", "刚", "桂英", "建华", "晓东", "雨桐", "子轩", "欣怡", "浩然", "思远", "梓涵", "志强", "海燕",
];
const MOBILE_PREFIXES: &[&str] = &[
    "135", "136", "137", "150", "151", "158", "177", "186", "187", "188", "189", "199",
];
const REGIONS: &[&str] = &[
    "110101", "310104", "440305", "330106", "510107", "420106", "320102", "370202",
];

struct Seeder {
    tx: Tx,
    rng: Rng,
    today: NaiveDate,
    now: i64,
    password_hash: String,
    policy_seq: u64,
    /// The agents and their presence, as `seed_staff` made them.
    agents: Vec<(i64, StaffStatus)>,
}

struct CustomerSpec {
    name: String,
    phone: Option<String>,
    email: Option<String>,
    registered: NaiveDate,
    statuses: Vec<PolicyStatus>,
}

impl Seeder {
    async fn seed(&mut self, size: DemoSize) -> anyhow::Result<()> {
        self.seed_staff().await?;
        let product_ids = self.seed_products().await?;

        let mut phones: HashSet<String> = [DEMO_CUSTOMER_PHONE.to_string(), OTHER_CUSTOMER_PHONE.to_string()].into();
        let mut specs = vec![
            CustomerSpec {
                name: "陈晓明".into(),
                phone: Some(DEMO_CUSTOMER_PHONE.into()),
                email: Some("demo@example.com".into()),
                registered: self.today - Duration::days(6 * 365),
                statuses: vec![
                    PolicyStatus::InForce,
                    PolicyStatus::InForce,
                    PolicyStatus::Pending,
                    PolicyStatus::Lapsed,
                    PolicyStatus::Expired,
                    PolicyStatus::Surrendered,
                ],
            },
            CustomerSpec {
                name: "林雨桐".into(),
                phone: Some(OTHER_CUSTOMER_PHONE.into()),
                email: None,
                registered: self.today - Duration::days(3 * 365),
                statuses: vec![PolicyStatus::InForce, PolicyStatus::Expired],
            },
        ];
        for i in specs.len()..size.customers() {
            let name = format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN));
            let phone = loop {
                let candidate = format!("{}{:08}", self.rng.pick(MOBILE_PREFIXES), self.rng.below(100_000_000));
                if phones.insert(candidate.clone()) {
                    break candidate;
                }
            };
            let email = self.rng.chance(40).then(|| format!("customer{i:04}@example.cn"));
            let registered = self.today - Duration::days(30 + self.rng.below(8 * 365) as i64);
            let count = 1 + self.rng.below(4) as usize;
            let statuses = (0..count).map(|_| self.random_status()).collect();
            specs.push(CustomerSpec {
                name,
                phone: Some(phone),
                email,
                registered,
                statuses,
            });
        }
        for (i, spec) in specs.into_iter().enumerate() {
            self.seed_customer(spec, i == 0, &product_ids).await?;
        }
        self_service::seed(&mut self.tx, self.now).await?;
        knowledge::seed(&mut self.tx, self.now).await?;
        campaigns::seed(&mut self.tx, self.now).await?;
        desk::seed(
            &mut self.tx,
            &mut self.rng,
            desk::Load::demo(size.work_orders()),
            self.now,
        )
        .await?;
        // The desk was filled with agents taking 8 each; they take 12, so each has room to
        // take the next one.
        for (id, status) in std::mem::take(&mut self.agents) {
            staff::set_presence(&mut self.tx, id, status, 12, self.now).await?;
        }
        // What the desk keeps about the showcase customer: tags and a note, by 李静.
        #[derive(sqlx::FromRow)]
        struct IdRow {
            id: i64,
        }
        let showcase: IdRow = sqlx::query_as("SELECT id FROM customers WHERE phone = $1")
            .bind(DEMO_CUSTOMER_PHONE)
            .fetch_one(&mut *self.tx)
            .await?;
        let (showcase, agent) = (showcase.id, claim_desk::staff_id(&mut self.tx, "agent").await?);
        for tag in ["偏好电话联系", "理赔进度关注"] {
            customers::notes::insert_tag(&mut self.tx, showcase, tag, agent, self.now - 3 * DAY_MS).await?;
        }
        customers::notes::insert_note(
            &mut self.tx,
            showcase,
            agent,
            "客户白天上班不便接听，工作日晚上 7 点后电话联系更容易接通。",
            self.now - 3 * DAY_MS,
        )
        .await?;
        claim_desk::seed(&mut self.tx, size.claims(), self.now).await?;
        Ok(())
    }

    fn random_status(&mut self) -> PolicyStatus {
        match self.rng.below(100) {
            0..=54 => PolicyStatus::InForce,
            55..=64 => PolicyStatus::Lapsed,
            65..=72 => PolicyStatus::Surrendered,
            73..=89 => PolicyStatus::Expired,
            _ => PolicyStatus::Pending,
        }
    }

    /// The desk's staff: two agents in different groups (the demo logins), colleagues in
    /// every presence, a supervisor over every group and an admin. The skill groups come with
    /// the migrations.
    async fn seed_staff(&mut self) -> anyhow::Result<()> {
        let members: [(&str, &str, Role, StaffStatus, &[&str]); 9] = [
            (
                "agent",
                "李静",
                Role::Agent,
                StaffStatus::Available,
                &["service", "policy_service"],
            ),
            (
                "agent.wang",
                "王磊",
                Role::Agent,
                StaffStatus::Available,
                &["claims", "motor_claims", "complaints"],
            ),
            ("agent.zhou", "周敏", Role::Agent, StaffStatus::Busy, &["service"]),
            (
                "agent.he",
                "何晴",
                Role::Agent,
                StaffStatus::Available,
                &["service", "complaints"],
            ),
            (
                "agent.sun",
                "孙涛",
                Role::Agent,
                StaffStatus::Away,
                &["claims", "complaints"],
            ),
            (
                "agent.liu",
                "刘洋",
                Role::Agent,
                StaffStatus::Offline,
                &["policy_service", "motor_claims"],
            ),
            (
                "agent.xu",
                "徐丽",
                Role::Agent,
                StaffStatus::Offline,
                &["service", "claims"],
            ),
            (
                "supervisor",
                "赵海燕",
                Role::Supervisor,
                StaffStatus::Available,
                &["service", "policy_service", "claims", "motor_claims", "complaints"],
            ),
            ("admin", "陈志强", Role::Admin, StaffStatus::Offline, &[]),
        ];
        for (username, display_name, role, status, groups) in members {
            let new = staff::NewStaff {
                username,
                display_name,
                role,
                password_hash: &self.password_hash,
                capacity: 8,
                claim_limit: None,
                must_change_password: false,
            };
            let id = staff::insert(&mut self.tx, &new, self.now).await?;
            if role == Role::Agent {
                self.agents.push((id, status));
            }
            staff::set_presence(&mut self.tx, id, status, 8, self.now).await?;
            for code in groups {
                let group = staff::skill_group_id(&mut self.tx, code)
                    .await?
                    .with_context(|| format!("skill group {code}"))?;
                staff::join_skill_group(&mut self.tx, id, group, self.now).await?;
            }
        }
        Ok(())
    }

    /// Inserts the products and their coverages; returns (product id, coverage ids) per product.
    async fn seed_products(&mut self) -> anyhow::Result<Vec<(i64, Vec<i64>)>> {
        let mut ids = Vec::new();
        for product in PRODUCTS {
            let new = NewProduct {
                code: product.code,
                line: product.line,
                name_zh: product.name_zh,
                name_en: product.name_en,
                fast_track_limit: product.fast_track_limit,
            };
            let id = catalog::insert_product(&mut self.tx, &new, self.now).await?;
            let mut coverage_ids = Vec::new();
            for (code, name_zh, name_en, share) in product.coverages {
                let coverage = NewCoverage {
                    code,
                    name_zh,
                    name_en,
                    default_limit: Money::from_fen(product.sums[0] * 100 * share / 100),
                };
                coverage_ids.push(catalog::insert_coverage(&mut self.tx, id, &coverage, self.now).await?);
            }
            ids.push((id, coverage_ids));
        }
        Ok(ids)
    }

    fn masked_id(&mut self, birth_year: i32) -> String {
        let id = format!(
            "{}{birth_year:04}{:02}{:02}{:03}{}",
            self.rng.pick(REGIONS),
            1 + self.rng.below(12),
            1 + self.rng.below(28),
            self.rng.below(1000),
            self.rng.below(10)
        );
        mask_middle(&id, 3, 4)
    }

    async fn seed_customer(
        &mut self,
        spec: CustomerSpec,
        showcase: bool,
        products: &[(i64, Vec<i64>)],
    ) -> anyhow::Result<()> {
        let created_at = millis(spec.registered);
        let customer_no = next_customer_number(&mut self.tx, created_at).await?;
        let birth_year = self.today.year() - 22 - self.rng.below(45) as i32;
        let id_masked = self.masked_id(birth_year);
        let member_level = *self.rng.pick(&[
            MemberLevel::Registered,
            MemberLevel::Verified,
            MemberLevel::Verified,
            MemberLevel::AdvancedVerified,
        ]);
        let vip_tier = match self.rng.below(100) {
            0..=69 => VipTier::None,
            70..=84 => VipTier::Silver,
            85..=95 => VipTier::Gold,
            _ => VipTier::Platinum,
        };
        // The showcase customer: verified but not advanced-verified, so the portal shows the
        // step up; a gold member.
        let (member_level, vip_tier, verified_at) = if showcase {
            (MemberLevel::Verified, VipTier::Gold, Some(self.now - 200 * DAY_MS))
        } else {
            (member_level, vip_tier, None)
        };
        let new = NewCustomer {
            customer_no: &customer_no,
            name: &spec.name,
            phone: spec.phone.as_deref(),
            email: spec.email.as_deref(),
            id_number_masked: Some(&id_masked),
            member_level,
            vip_tier,
            id_number_verified_at: verified_at,
            created_at,
        };
        let customer_id = customers::insert(&mut self.tx, &new).await?;
        customers::insert_credentials(&mut self.tx, customer_id, &self.password_hash, created_at).await?;
        for (i, status) in spec.statuses.iter().enumerate() {
            // The demo customer gets one policy of each line, in order, so every line shows.
            let product_index = if showcase {
                (i * 2) % PRODUCTS.len()
            } else {
                self.rng.below(PRODUCTS.len() as u64) as usize
            };
            self.seed_policy(
                customer_id,
                &spec.name,
                &id_masked,
                *status,
                product_index,
                &products[product_index],
            )
            .await?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn seed_policy(
        &mut self,
        holder_id: i64,
        holder_name: &str,
        holder_id_masked: &str,
        status: PolicyStatus,
        product_index: usize,
        (product_id, coverage_ids): &(i64, Vec<i64>),
    ) -> anyhow::Result<()> {
        let product = &PRODUCTS[product_index];
        let today = self.today;
        let term_years: i64 = if product.long_term {
            *self.rng.pick(&[10, 20, 30])
        } else {
            1
        };
        let start = match status {
            PolicyStatus::InForce if product.long_term => today - Duration::days(30 + self.rng.below(5 * 365) as i64),
            // At least 100 days in, so the showcase customer's claims of the last three
            // months fall inside the period.
            PolicyStatus::InForce => today - Duration::days(100 + self.rng.below(230) as i64),
            PolicyStatus::Pending => today + Duration::days(1 + self.rng.below(30) as i64),
            PolicyStatus::Lapsed if product.long_term => today - Duration::days(400 + self.rng.below(3 * 365) as i64),
            // A one-year policy lapses when its premium is not paid within the grace period.
            PolicyStatus::Lapsed => today - Duration::days(61 + self.rng.below(55) as i64),
            PolicyStatus::Expired => today - Duration::days(term_years * 365 + 30 + self.rng.below(700) as i64),
            PolicyStatus::Surrendered => today - Duration::days(2 * 365 + self.rng.below(4 * 365) as i64),
        };
        let end = add_years(start, term_years) - Duration::days(1);
        let frequency = if !product.long_term {
            PaymentFrequency::Annual
        } else {
            *self.rng.pick(&[
                PaymentFrequency::Annual,
                PaymentFrequency::Annual,
                PaymentFrequency::Monthly,
                PaymentFrequency::Semiannual,
                PaymentFrequency::Quarterly,
            ])
        };
        let sum_yuan = *self.rng.pick(product.sums);
        let yearly_fen = sum_yuan * product.rate_per_mille / 10;
        let months = frequency.months().unwrap_or(12) as i64;
        let premium_fen = round_yuan(yearly_fen * months / 12);

        // The schedule: paid up to today, then one instalment due (or overdue when lapsed).
        let stop = match status {
            PolicyStatus::Surrendered => start + Duration::days(365 + self.rng.below(365) as i64),
            PolicyStatus::Expired => end,
            _ => end.min(today + Duration::days(366)),
        };
        let mut installments = Vec::new();
        let mut due = start;
        let mut n = 0;
        while due <= stop && installments.len() < 400 {
            let state = if status == PolicyStatus::Pending {
                InstallmentStatus::Due
            } else if status == PolicyStatus::Lapsed && due >= today - Duration::days(120) {
                if due < today {
                    InstallmentStatus::Overdue
                } else {
                    break;
                }
            } else if due < today {
                InstallmentStatus::Paid
            } else {
                InstallmentStatus::Due
            };
            installments.push((due, state));
            if state == InstallmentStatus::Due {
                break;
            }
            n += 1;
            due = add_months(start, n * months as i32);
        }
        // Keep the schedule readable: the last year or so of a long history.
        let keep_from = installments.len().saturating_sub(13);
        let installments = installments.split_off(keep_from);
        let next_due = match status {
            PolicyStatus::InForce | PolicyStatus::Pending | PolicyStatus::Lapsed => installments
                .iter()
                .find(|(_, s)| matches!(s, InstallmentStatus::Due | InstallmentStatus::Overdue))
                .map(|(d, _)| d.to_string()),
            _ => None,
        };

        self.policy_seq += 1;
        let policy_no = PolicyNumber::new(product.line, start.year(), 10_000 + self.policy_seq * 7);
        let created_at = millis(start.min(today)) - 7 * 86_400_000;
        let (period_start, period_end) = (start.to_string(), end.to_string());
        let new = NewPolicy {
            policy_no: &policy_no,
            product_id: *product_id,
            holder_id,
            status,
            period_start: &period_start,
            period_end: &period_end,
            sum_insured: Money::from_yuan(sum_yuan),
            premium: Money::from_fen(premium_fen),
            payment_frequency: frequency,
            next_due_date: next_due.as_deref(),
            created_at,
        };
        let policy_id = policies::insert(&mut self.tx, &new).await?;

        for ((_, _, _, share), coverage_id) in product.coverages.iter().zip(coverage_ids) {
            let limit = Money::from_fen(sum_yuan * 100 * share / 100);
            policies::insert_coverage(&mut self.tx, policy_id, *coverage_id, limit, created_at).await?;
        }

        let mut insured = vec![(holder_name.to_string(), holder_id_masked.to_string(), Relation::Myself)];
        let people_line = matches!(
            product.line,
            ProductLine::Life | ProductLine::Health | ProductLine::Accident
        );
        if people_line && self.rng.chance(30) {
            let relation = *self.rng.pick(&[Relation::Spouse, Relation::Child, Relation::Parent]);
            let surname: String = holder_name.chars().take(1).collect();
            let name = if relation == Relation::Spouse {
                format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN))
            } else {
                format!("{surname}{}", self.rng.pick(GIVEN))
            };
            let birth = match relation {
                Relation::Child => today.year() - 3 - self.rng.below(15) as i32,
                Relation::Parent => today.year() - 60 - self.rng.below(15) as i32,
                _ => today.year() - 25 - self.rng.below(30) as i32,
            };
            insured = vec![(name, self.masked_id(birth), relation)];
        }
        for (name, id_number_masked, relation) in &insured {
            let person = PolicyPerson {
                name,
                id_number_masked,
                relation: *relation,
            };
            policies::insert_insured(&mut self.tx, policy_id, &person, created_at).await?;
        }

        if matches!(product.line, ProductLine::Life | ProductLine::Accident) {
            let surname: String = holder_name.chars().take(1).collect();
            let beneficiaries: Vec<(String, String, Relation, i64)> = if self.rng.chance(25) {
                vec![("法定继承人".into(), "—".into(), Relation::LegalHeirs, 100)]
            } else if self.rng.chance(50) {
                let spouse = format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN));
                let child = format!("{surname}{}", self.rng.pick(GIVEN));
                let (a, b) = (self.masked_id(today.year() - 35), self.masked_id(today.year() - 8));
                vec![(spouse, a, Relation::Spouse, 60), (child, b, Relation::Child, 40)]
            } else {
                let spouse = format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN));
                let a = self.masked_id(today.year() - 40);
                vec![(spouse, a, Relation::Spouse, 100)]
            };
            for (name, id_number_masked, relation, share) in beneficiaries {
                let person = PolicyPerson {
                    name: &name,
                    id_number_masked: &id_number_masked,
                    relation,
                };
                policies::insert_beneficiary(&mut self.tx, policy_id, &person, share, created_at).await?;
            }
        }

        for (due, state) in installments {
            let paid_at = (state == InstallmentStatus::Paid)
                .then(|| millis(due) - (self.rng.below(10) as i64) * 86_400_000 + 10 * 3_600_000);
            let amount = Money::from_fen(premium_fen);
            policies::insert_installment(
                &mut self.tx,
                policy_id,
                &due.to_string(),
                amount,
                state,
                paid_at,
                created_at,
            )
            .await?;
        }
        Ok(())
    }
}

fn millis(date: NaiveDate) -> i64 {
    date.and_hms_opt(2, 0, 0)
        .expect("valid time")
        .and_utc()
        .timestamp_millis()
}

fn round_yuan(fen: i64) -> i64 {
    (fen + 50) / 100 * 100
}

fn add_months(date: NaiveDate, months: i32) -> NaiveDate {
    let total = date.year() * 12 + date.month0() as i32 + months;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12) as u32);
    let mut day = date.day();
    loop {
        if let Some(d) = NaiveDate::from_ymd_opt(year, month0 + 1, day) {
            return d;
        }
        day -= 1;
    }
}

fn add_years(date: NaiveDate, years: i64) -> NaiveDate {
    add_months(date, years as i32 * 12)
}

/// Open claims beside the queue load: six pages of the claims desk.
const OPEN_CLAIMS_UNDER_LOAD: usize = 600;

/// A loaded desk for `./x bench`: `agents` more agents (`bench.agent.01`, ...; the demo
/// password), available with room for 20 each, two skill groups each, and `orders` more
/// open work orders from the demo customers, routed and assigned as live ones are. Answers
/// the agents' usernames. Beside them a few pages of open claims for the claims desk.
pub async fn seed_queue_load(db: &Db, orders: usize, agents: usize) -> anyhow::Result<Vec<String>> {
    const GROUPS: [&str; 5] = ["service", "policy_service", "claims", "motor_claims", "complaints"];
    let password_hash = tokio::task::spawn_blocking(|| hash_blocking(DEMO_PASSWORD))
        .await?
        .map_err(|e| anyhow::anyhow!("hashing the demo password: {e}"))?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let mut usernames = Vec::new();
    for i in 0..agents {
        let username = format!("bench.agent.{:02}", i + 1);
        let display_name = format!("压测坐席{:02}", i + 1);
        let new = staff::NewStaff {
            username: &username,
            display_name: &display_name,
            role: Role::Agent,
            password_hash: &password_hash,
            capacity: 20,
            claim_limit: None,
            must_change_password: false,
        };
        let id = staff::insert(&mut tx, &new, now).await?;
        staff::set_presence(&mut tx, id, StaffStatus::Available, 20, now).await?;
        for code in [GROUPS[i % GROUPS.len()], GROUPS[(i + 1) % GROUPS.len()]] {
            let group = staff::skill_group_id(&mut tx, code)
                .await?
                .with_context(|| format!("skill group {code}"))?;
            staff::join_skill_group(&mut tx, id, group, now).await?;
        }
        usernames.push(username);
    }
    let mut rng = Rng(0xBE4C_2026);
    desk::seed(&mut tx, &mut rng, desk::Load::open(orders), now).await?;
    // Enough open claims that the claims desk's pages are full, as at scale.
    claim_desk::seed_open(&mut tx, OPEN_CLAIMS_UNDER_LOAD, 700_001, now).await?;
    tx.commit().await?;
    Ok(usernames)
}

/// ID photos waiting for review (`/console/reviews`), sent by a few verified demo
/// customers through the same upload and request as the portal's, so the reviewer's queue
/// is not empty on a first start. The photo is a drawn stand-in for an ID card.
pub async fn seed_reviews(state: &AppState) -> anyhow::Result<()> {
    #[derive(sqlx::FromRow)]
    struct CustomerRow {
        id: i64,
    }
    let customers: Vec<CustomerRow> = sqlx::query_as(
        "SELECT c.id FROM customers c WHERE c.member_level = 'verified' AND c.phone NOT IN ($1, $2) \
           AND NOT EXISTS (SELECT 1 FROM verification_requests v WHERE v.customer_id = c.id) ORDER BY c.id LIMIT 3",
    )
    // The two showcase customers send their own (the portal's tests do it).
    .bind(DEMO_CUSTOMER_PHONE)
    .bind(OTHER_CUSTOMER_PHONE)
    .fetch_all(&state.db.pool)
    .await?;
    for (i, customer) in customers.iter().enumerate() {
        let photo = id_card_photo(i as u8);
        let mut upload = documents::Upload::start(&state.files).await?;
        upload.write(&photo).await?;
        let document = upload
            .finish(&state.db, customer.id, DocumentPurpose::Identity, "身份证正面.jpg")
            .await?;
        loyalty::membership::request_advanced(state, customer.id, &document.id).await?;
    }
    Ok(())
}

/// A 640×400 JPEG drawn like an ID card: a tinted card, a portrait box and lines of "text".
fn id_card_photo(variant: u8) -> Vec<u8> {
    let tint = [210u8, 225, 240];
    let card = image::RgbImage::from_fn(640, 400, |x, y| {
        let inside = |x0: u32, y0: u32, x1: u32, y1: u32| x >= x0 && x < x1 && y >= y0 && y < y1;
        if inside(430, 70, 590, 280) {
            // The portrait: a head and shoulders on a light ground.
            let (dx, dy) = (x as i32 - 510, y as i32 - 150);
            if dx * dx + dy * dy < 45 * 45 || (y > 210 && (x as i32 - 510).abs() < 70 - (280 - y as i32) / 3) {
                image::Rgb([90, 100, 120])
            } else {
                image::Rgb([235, 240, 245])
            }
        } else if (0..6).any(|line| {
            inside(
                50,
                80 + line * 40,
                330 - line * 20 - u32::from(variant) * 10,
                96 + line * 40,
            )
        }) {
            image::Rgb([120, 130, 145])
        } else if inside(50, 330, 590, 350) {
            image::Rgb([60, 70, 90])
        } else {
            image::Rgb([tint[0], tint[1], tint[2].saturating_sub(variant * 12)])
        }
    });
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
        .encode_image(&card)
        .expect("encoding a drawn picture");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic() {
        let (mut a, mut b) = (Rng(42), Rng(42));
        let first: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let second: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(first, second);
    }

    #[test]
    fn month_arithmetic_clamps_to_the_end_of_short_months() {
        let jan31 = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(add_months(jan31, 1), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        assert_eq!(add_months(jan31, 13), NaiveDate::from_ymd_opt(2027, 2, 28).unwrap());
        assert_eq!(
            add_years(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(), 1),
            NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()
        );
    }
}
