//! Demo data: realistic and deterministic (a fixed-seed generator; dates relative to the
//! day of seeding). All five product lines, customers with policies in every status,
//! Chinese names and mobile numbers, and one login per role. Loaded once, in one
//! transaction, on the first start with `APP_SEED_DEMO=true`.

mod self_service;

use std::collections::HashSet;

use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate, Utc};

use app::backend::accounts::next_customer_number;
use app::backend::auth::password::hash_blocking;
use app::backend::{now_ms, Db};
use app::domain::{mask_middle, PaymentFrequency, PolicyNumber, PolicyStatus, ProductLine};

pub const DEMO_PASSWORD: &str = "demo1234";
/// The demo customer, with a policy in every status.
pub const DEMO_CUSTOMER_PHONE: &str = "13800138000";
/// A second customer, for trying to read someone else's policy.
pub const OTHER_CUSTOMER_PHONE: &str = "13900139000";
pub const DEMO_LOGINS: &[(&str, &str)] = &[
    ("customer", DEMO_CUSTOMER_PHONE),
    ("customer", "demo@example.com"),
    ("agent", "agent"),
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
    let claimed: Option<(String,)> = sqlx::query_as(
        "INSERT INTO app_meta (key, value, created_at, updated_at) VALUES ('demo_seeded', $1, $2, $2) \
         ON CONFLICT (key) DO NOTHING RETURNING key",
    )
    .bind(format!("{size:?}"))
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    if claimed.is_none() {
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
    tx: sqlx::Transaction<'static, sqlx::Any>,
    rng: Rng,
    today: NaiveDate,
    now: i64,
    password_hash: String,
    policy_seq: u64,
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

    async fn seed_staff(&mut self) -> anyhow::Result<()> {
        let groups = [
            ("life_health", "个险咨询组", "Life and health enquiries"),
            ("auto_claims", "车险理赔组", "Motor claims"),
            ("complaints", "投诉处理组", "Complaints"),
            ("vip", "VIP专席", "VIP desk"),
        ];
        let mut group_ids = Vec::new();
        for (code, zh, en) in groups {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO skill_groups (code, name_zh, name_en, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(code)
            .bind(zh)
            .bind(en)
            .bind(self.now)
            .fetch_one(&mut *self.tx)
            .await?;
            group_ids.push(id);
        }
        let staff = [
            ("agent", "李静", "agent", vec![0, 1]),
            ("agent.wang", "王磊", "agent", vec![1, 2]),
            ("supervisor", "赵海燕", "supervisor", vec![0, 1, 2, 3]),
            ("admin", "陈志强", "admin", vec![]),
        ];
        for (username, name, role, groups) in staff {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO staff (username, display_name, role, password_hash, active, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id",
            )
            .bind(username)
            .bind(name)
            .bind(role)
            .bind(&self.password_hash)
            .bind(self.now)
            .fetch_one(&mut *self.tx)
            .await?;
            for g in groups {
                sqlx::query(
                    "INSERT INTO staff_skill_groups (staff_id, skill_group_id, created_at, updated_at) VALUES ($1, $2, $3, $3)",
                )
                .bind(id)
                .bind(group_ids[g])
                .bind(self.now)
                .execute(&mut *self.tx)
                .await?;
            }
        }
        Ok(())
    }

    /// Inserts the products and their coverages; returns (product id, coverage ids) per product.
    async fn seed_products(&mut self) -> anyhow::Result<Vec<(i64, Vec<i64>)>> {
        let mut ids = Vec::new();
        for product in PRODUCTS {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO products (code, line, name_zh, name_en, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
            )
            .bind(product.code)
            .bind(product.line.as_str())
            .bind(product.name_zh)
            .bind(product.name_en)
            .bind(self.now)
            .fetch_one(&mut *self.tx)
            .await?;
            let mut coverage_ids = Vec::new();
            for (code, zh, en, share) in product.coverages {
                let (cid,): (i64,) = sqlx::query_as(
                    "INSERT INTO product_coverages (product_id, code, name_zh, name_en, default_limit_fen, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
                )
                .bind(id)
                .bind(*code)
                .bind(*zh)
                .bind(*en)
                .bind(product.sums[0] * 100 * share / 100)
                .bind(self.now)
                .fetch_one(&mut *self.tx)
                .await?;
                coverage_ids.push(cid);
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
        let customer_no = next_customer_number(&mut self.tx, created_at)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let birth_year = self.today.year() - 22 - self.rng.below(45) as i32;
        let id_masked = self.masked_id(birth_year);
        let level = *self
            .rng
            .pick(&["registered", "verified", "verified", "advanced_verified"]);
        let tier = match self.rng.below(100) {
            0..=69 => "none",
            70..=84 => "silver",
            85..=95 => "gold",
            _ => "platinum",
        };
        let (customer_id,): (i64,) = sqlx::query_as(
            "INSERT INTO customers (customer_no, name, phone, email, id_number_masked, member_level, vip_tier, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(customer_no.as_str())
        .bind(&spec.name)
        .bind(&spec.phone)
        .bind(&spec.email)
        .bind(&id_masked)
        .bind(level)
        .bind(tier)
        .bind(created_at)
        .fetch_one(&mut *self.tx)
        .await?;
        sqlx::query("INSERT INTO customer_credentials (customer_id, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $3)")
            .bind(customer_id)
            .bind(&self.password_hash)
            .bind(created_at)
            .execute(&mut *self.tx)
            .await?;
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
                "due"
            } else if status == PolicyStatus::Lapsed && due >= today - Duration::days(120) {
                if due < today {
                    "overdue"
                } else {
                    break;
                }
            } else if due < today {
                "paid"
            } else {
                "due"
            };
            installments.push((due, state));
            if state == "due" {
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
                .find(|(_, s)| *s == "due" || *s == "overdue")
                .map(|(d, _)| d.to_string()),
            _ => None,
        };

        self.policy_seq += 1;
        let policy_no = PolicyNumber::new(product.line, start.year(), 10_000 + self.policy_seq * 7);
        let created_at = millis(start.min(today)) - 7 * 86_400_000;
        let (policy_id,): (i64,) = sqlx::query_as(
            "INSERT INTO policies (policy_no, product_id, holder_id, status, period_start, period_end, sum_insured_fen, \
             premium_fen, payment_frequency, next_due_date, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
        )
        .bind(policy_no.as_str())
        .bind(*product_id)
        .bind(holder_id)
        .bind(status.as_str())
        .bind(start.to_string())
        .bind(end.to_string())
        .bind(sum_yuan * 100)
        .bind(premium_fen)
        .bind(frequency.as_str())
        .bind(next_due)
        .bind(created_at)
        .fetch_one(&mut *self.tx)
        .await?;

        for ((_, _, _, share), coverage_id) in product.coverages.iter().zip(coverage_ids) {
            sqlx::query(
                "INSERT INTO policy_coverages (policy_id, coverage_id, limit_fen, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
            )
            .bind(policy_id)
            .bind(*coverage_id)
            .bind(sum_yuan * 100 * share / 100)
            .bind(created_at)
            .execute(&mut *self.tx)
            .await?;
        }

        let mut insured = vec![(holder_name.to_string(), holder_id_masked.to_string(), "self")];
        let people_line = matches!(
            product.line,
            ProductLine::Life | ProductLine::Health | ProductLine::Accident
        );
        if people_line && self.rng.chance(30) {
            let relation = *self.rng.pick(&["spouse", "child", "parent"]);
            let surname: String = holder_name.chars().take(1).collect();
            let name = if relation == "spouse" {
                format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN))
            } else {
                format!("{surname}{}", self.rng.pick(GIVEN))
            };
            let birth = match relation {
                "child" => today.year() - 3 - self.rng.below(15) as i32,
                "parent" => today.year() - 60 - self.rng.below(15) as i32,
                _ => today.year() - 25 - self.rng.below(30) as i32,
            };
            insured = vec![(name, self.masked_id(birth), relation)];
        }
        for (name, masked, relation) in &insured {
            sqlx::query(
                "INSERT INTO policy_insured (policy_id, name, id_number_masked, relation, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(policy_id)
            .bind(name)
            .bind(masked)
            .bind(*relation)
            .bind(created_at)
            .execute(&mut *self.tx)
            .await?;
        }

        if matches!(product.line, ProductLine::Life | ProductLine::Accident) {
            let surname: String = holder_name.chars().take(1).collect();
            let beneficiaries: Vec<(String, String, &str, i64)> = if self.rng.chance(25) {
                vec![("法定继承人".into(), "—".into(), "legal_heirs", 100)]
            } else if self.rng.chance(50) {
                let spouse = format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN));
                let child = format!("{surname}{}", self.rng.pick(GIVEN));
                let (a, b) = (self.masked_id(today.year() - 35), self.masked_id(today.year() - 8));
                vec![(spouse, a, "spouse", 60), (child, b, "child", 40)]
            } else {
                let spouse = format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN));
                let a = self.masked_id(today.year() - 40);
                vec![(spouse, a, "spouse", 100)]
            };
            for (name, masked, relation, share) in beneficiaries {
                sqlx::query(
                    "INSERT INTO policy_beneficiaries (policy_id, name, id_number_masked, relation, share_percent, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $6)",
                )
                .bind(policy_id)
                .bind(name)
                .bind(masked)
                .bind(relation)
                .bind(share)
                .bind(created_at)
                .execute(&mut *self.tx)
                .await?;
            }
        }

        for (due, state) in installments {
            let paid_at =
                (state == "paid").then(|| millis(due) - (self.rng.below(10) as i64) * 86_400_000 + 10 * 3_600_000);
            sqlx::query(
                "INSERT INTO premium_installments (policy_id, due_date, amount_fen, status, paid_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6)",
            )
            .bind(policy_id)
            .bind(due.to_string())
            .bind(premium_fen)
            .bind(state)
            .bind(paid_at)
            .bind(created_at)
            .execute(&mut *self.tx)
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
