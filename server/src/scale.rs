//! A database at an insurer's size, for `./x bench --scale N` (PostgreSQL, or SQLite to
//! state what the embedded default holds): N customers
//! with Chinese names, mobile numbers and masked ID numbers; three policies each over the
//! five lines (issued back to 2016, in force, lapsed, surrendered, expired); one claim per
//! customer with its stage (5 % still open, spread over the stages); two work orders per
//! customer with a message each (10 % still open: unassigned, in progress or awaiting the
//! customer, with running deadlines); three notifications and ten points-ledger rows per
//! customer; an audit trail; 500 agents in 20 skill groups; 10,000 help-centre articles.
//! Set by set (`INSERT … SELECT` over a series of row numbers: `generate_series` on
//! PostgreSQL, the fastest bulk path it has short of `COPY`, a recursive CTE on SQLite), and
//! the same rows every time: each value is a function of its row number. The SQL is written
//! once; `Dialect` spells the few things the two databases say differently.
//!
//! It writes the tables directly, not through the services: at a million customers one
//! service call per row would take hours. The demo seeder stays the reference for what a
//! row looks like; this copies its shapes.

use std::time::Instant;

use app::backend::platform::db::DbKind;
use app::backend::Db;

/// Row counts of one generated database, for the bench's printout.
pub struct Generated {
    pub customers: i64,
    pub policies: i64,
    pub claims: i64,
    pub open_claims: i64,
    pub work_orders: i64,
    pub open_work_orders: i64,
    pub notifications: i64,
    pub points_ledger: i64,
    pub audit_log: i64,
    pub agents: Vec<String>,
    pub seconds: f64,
}

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

/// The agents' usernames: `scale.agent.001` ... (the demo password).
pub fn agent_username(n: usize) -> String {
    format!("scale.agent.{n:03}")
}

const AGENTS: usize = 500;

/// The few things PostgreSQL and SQLite spell differently, for the generator's SQL.
#[derive(Clone, Copy)]
struct Dialect(DbKind);

impl Dialect {
    /// Rows numbered 1 to `count` (an SQL expression), each as the column `name`.
    fn series(self, count: &str, name: &str) -> String {
        match self.0 {
            DbKind::Postgres => format!("generate_series(1, {count}) AS {name}"),
            DbKind::Sqlite => format!(
                "(WITH RECURSIVE numbers(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM numbers WHERE k < {count}) \
                 SELECT k AS {name} FROM numbers) AS series_{name}"
            ),
        }
    }

    /// `value` (an integer expression) as text of `width` digits, zeros in front.
    fn pad(self, value: &str, width: usize) -> String {
        match self.0 {
            DbKind::Postgres => format!("lpad(CAST({value} AS TEXT), {width}, '0')"),
            DbKind::Sqlite => format!("substr('{}' || ({value}), -{width}, {width})", "0".repeat(width)),
        }
    }

    /// The date `days` (an integer expression) after `start` (YYYY-MM-DD), as YYYY-MM-DD.
    fn date(self, start: &str, days: &str) -> String {
        match self.0 {
            DbKind::Postgres => format!("to_char(DATE '{start}' + CAST({days} AS INTEGER), 'YYYY-MM-DD')"),
            DbKind::Sqlite => format!("date('{start}', '+' || ({days}) || ' days')"),
        }
    }
}

/// The `index`-th (an SQL expression counting from 0) of `choices`, as an SQL expression.
fn pick(choices: &[&str], index: &str) -> String {
    let arms: String = choices
        .iter()
        .enumerate()
        .map(|(k, choice)| format!(" WHEN {k} THEN '{choice}'"))
        .collect();
    format!("CASE ({index}){arms} END")
}

async fn run(db: &Db, step: &str, sql: &str, n: i64, now: i64) -> anyhow::Result<()> {
    let began = Instant::now();
    sqlx::query(sql)
        .bind(n)
        .bind(now)
        .execute(&db.pool)
        .await
        .map_err(|e| anyhow::anyhow!("{step}: {e}"))?;
    println!("    {step:<28} {:>6.1} s", began.elapsed().as_secs_f64());
    Ok(())
}

/// Brings the database to where a running one stands: dead rows cleared, the visibility
/// map set (index-only reads) and statistics current. In service autovacuum does this as it
/// goes; PostgreSQL on the CI machines runs without it, so whoever measures calls this
/// first (and a bulk load leaves every page to be visited once anyway).
/// SQLite is left as the platform runs it: without statistics (it never runs ANALYZE, and
/// with them SQLite chose worse plans for the audit log).
pub async fn settle(db: &Db) -> anyhow::Result<()> {
    if db.kind == app::backend::DbKind::Postgres {
        sqlx::query("VACUUM (ANALYZE)").execute(&db.pool).await?;
    }
    Ok(())
}

async fn scalar(db: &Db, sql: &str) -> anyhow::Result<i64> {
    let (value,): (i64,) = sqlx::query_as(sql).fetch_one(&db.pool).await?;
    Ok(value)
}

/// Fills the database (already migrated, with the demo data) with `customers` more
/// customers and everything that comes with them.
pub async fn generate(db: &Db, customers: i64, now: i64) -> anyhow::Result<Generated> {
    let began = Instant::now();
    let n = customers;
    let sql = Dialect(db.kind);

    // 15 regional teams beside the five groups of the migrations: 20 in all.
    let teams = sql.series("15", "g");
    let team_no = sql.pad("g", 2);
    run(
        db,
        "skill groups",
        &format!(
            "INSERT INTO skill_groups (code, name_zh, name_en, created_at, updated_at) \
         SELECT 'region_' || {team_no}, '区域服务组' || {team_no}, \
           'Regional team ' || {team_no}, $2, $2 \
         FROM {teams} WHERE $1 > 0"
        ),
        n,
        now,
    )
    .await?;
    // 500 agents with the demo agent's password, available, two groups each.
    let agents = sql.series("500", "a");
    let agent_no = sql.pad("a", 3);
    run(
        db,
        "agents",
        &format!(
            "INSERT INTO staff (username, display_name, role, password_hash, active, status, capacity, \
           must_change_password, created_at, updated_at) \
         SELECT 'scale.agent.' || {agent_no}, '坐席' || {agent_no}, 'agent', \
           (SELECT password_hash FROM staff WHERE username = 'agent'), 1, 'available', 20, 0, $2, $2 \
         FROM {agents} WHERE $1 > 0"
        ),
        n,
        now,
    )
    .await?;
    run(
        db,
        "agents' groups",
        "WITH grp AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM skill_groups), \
              ag AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS j FROM staff WHERE username LIKE 'scale.agent.%') \
         INSERT INTO staff_skill_groups (staff_id, skill_group_id, created_at, updated_at) \
         SELECT ag.id, grp.id, $2, $2 FROM ag JOIN grp ON grp.k = ag.j % 20 OR grp.k = (ag.j + 1) % 20 \
         WHERE $1 > 0",
        n,
        now,
    )
    .await?;

    let customer_rows = sql.series("$1", "i");
    let customer_no = sql.pad("i", 7);
    let mobile = sql.pad("i", 9);
    let id_last_four = sql.pad("(i % 10000)", 4);
    let surname = pick(
        &[
            "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
            "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
        ],
        "(i * 7) % 30",
    );
    let given_name = pick(
        &[
            "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
            "秀英", "华", "慧", "建华", "晓东", "雨桐", "子涵", "浩然", "欣怡", "俊杰", "思远", "婷", "鹏",
        ],
        "(i / 30) % 30",
    );
    let id_region = pick(&["110101", "310104", "440305", "330106", "510107"], "i % 5");
    run(
        db,
        "customers",
        &format!(
            "INSERT INTO customers (customer_no, name, phone, id_number_masked, member_level, vip_tier, \
           created_at, updated_at) \
         SELECT 'C2016' || {customer_no}, \
           {surname} || \
           {given_name}, \
           '17' || {mobile}, \
           {id_region} || '********' || {id_last_four}, \
           CASE WHEN i % 10 < 6 THEN 'verified' ELSE 'registered' END, \
           CASE WHEN i % 100 = 0 THEN 'platinum' WHEN i % 100 < 4 THEN 'gold' WHEN i % 100 < 12 THEN 'silver' ELSE 'none' END, \
           $2 - (i % 3650) * 86400000, $2 - (i % 3650) * 86400000 \
         FROM {customer_rows}"
        ),
        n,
        now,
    )
    .await?;
    let first_customer = scalar(db, "SELECT MIN(id) FROM customers WHERE customer_no LIKE 'C2016%'").await?;
    let last_customer = scalar(db, "SELECT MAX(id) FROM customers WHERE customer_no LIKE 'C2016%'").await?;
    // Later steps address the i-th customer as first_customer + i - 1.
    anyhow::ensure!(
        last_customer - first_customer + 1 == n,
        "customer ids are not consecutive"
    );
    let c0 = first_customer - 1;

    // Three policies each (ids in row order: the claims below find a customer's first
    // policy by it): line by row, issued between 2016 and last year, and a status
    // with the mix a persistency analysis needs.
    let policy_rows = sql.series("$1 * 3", "i");
    let period_start = sql.date("2016-01-01", "(i % 3650)");
    let period_end = sql.date("2016-01-01", "(i % 3650) + (365 * (1 + i % 20))");
    let next_due = sql.date("2027-01-01", "(i % 365)");
    let policy_serial = sql.pad("(50000000 + i)", 8);
    let payment_frequency = pick(&["annual", "monthly", "single", "semiannual", "quarterly"], "i % 5");
    run(
        db,
        "policies",
        &format!(
            "WITH p AS (SELECT id, line, row_number() OVER (ORDER BY id) - 1 AS k FROM products), \
                  np AS (SELECT COUNT(*) AS c FROM products) \
             INSERT INTO policies (policy_no, product_id, holder_id, status, period_start, period_end, sum_insured_fen, \
               premium_fen, payment_frequency, next_due_date, created_at, updated_at) \
             SELECT (CASE p.line WHEN 'life' THEN 'LF' WHEN 'health' THEN 'HL' WHEN 'auto' THEN 'AU' \
                       WHEN 'property' THEN 'PR' ELSE 'AC' END) || CAST(2016 + i % 10 AS TEXT) || {policy_serial}, \
               p.id, {c0} + 1 + (i - 1) / 3, \
               CASE WHEN i % 20 < 13 THEN 'in_force' WHEN i % 20 < 16 THEN 'lapsed' WHEN i % 20 < 18 THEN 'expired' \
                    ELSE 'surrendered' END, \
               {period_start}, \
               {period_end}, \
               (10 + i % 90) * 1000000, (500 + i % 5000) * 100, \
               {payment_frequency}, \
               CASE WHEN i % 20 < 13 THEN {next_due} END, \
               $2 - (i % 3650) * 86400000, $2 - (i % 3650) * 86400000 \
             FROM {policy_rows} CROSS JOIN np JOIN p ON p.k = i % np.c \
             ORDER BY i"
        ),
        n,
        now,
    )
    .await?;

    let first_policy = scalar(
        db,
        &format!("SELECT MIN(id) FROM policies WHERE holder_id = {first_customer}"),
    )
    .await?;
    let policies_made = scalar(db, &format!("SELECT COUNT(*) FROM policies WHERE holder_id > {c0}")).await?;
    anyhow::ensure!(
        scalar(db, "SELECT MAX(id) FROM policies").await? - first_policy + 1 == policies_made,
        "policy ids are not consecutive"
    );
    // One claim per customer, on one of their policies; 5 % open across the stages, each
    // open one past reporting with a handler.
    let claim_rows = sql.series("$1", "i");
    let incident_date = sql.date("2025-01-01", "(i % 700)");
    let payout_account = sql.pad("i", 12);
    let incident_place = pick(
        &[
            "北京市朝阳区",
            "上海市浦东新区",
            "广州市天河区",
            "杭州市西湖区",
            "成都市武侯区",
        ],
        "i % 5",
    );
    let open_stage = pick(
        &[
            "reported",
            "dispatched",
            "surveyed",
            "registered",
            "verified",
            "adjusted",
            "approved",
        ],
        "(i / 20) % 7",
    );
    run(
        db,
        "claims",
        &format!(
            "WITH ag AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS j FROM staff WHERE username LIKE 'scale.agent.%'), \
                  cov AS (SELECT product_id, MIN(id) AS coverage_id FROM product_coverages GROUP BY product_id) \
             INSERT INTO claims (claim_no, customer_id, policy_id, coverage_id, incident_date, incident_place, description, \
               amount_fen, payout_bank, payout_account, stage, outcome, fast_track, payout_fen, stage_entered_at, \
               idempotency_key, created_at, updated_at, handler_staff_id, priority) \
             SELECT 'CL2025' || CAST(5000000 + i AS TEXT), pol.holder_id, pol.id, cov.coverage_id, \
               {incident_date}, \
               {incident_place}, \
               '门诊就医，费用自付部分申请理赔', (200 + i % 20000) * 100, '招商银行', '6225' || {payout_account}, \
               CASE WHEN i % 20 <> 0 THEN 'closed' \
                    ELSE {open_stage} END, \
               CASE WHEN i % 20 = 0 THEN NULL WHEN i % 10 = 3 THEN 'refused' ELSE 'paid' END, \
               CASE WHEN i % 7 = 0 THEN 1 ELSE 0 END, \
               CASE WHEN i % 20 <> 0 AND i % 10 <> 3 THEN (150 + i % 20000) * 100 END, \
               CASE WHEN i % 20 = 0 THEN $2 - (i % 72) * 3600000 ELSE $2 - (30 + i % 600) * 86400000 END, \
               'scale-' || i, \
               CASE WHEN i % 20 = 0 THEN $2 - (1 + i % 20) * 86400000 ELSE $2 - (40 + i % 600) * 86400000 END, \
               $2, \
               CASE WHEN i % 20 = 0 AND (i / 20) % 7 = 0 THEN NULL ELSE ag.id END, \
               CASE WHEN i % 100 < 12 THEN 'vip' ELSE 'normal' END \
             FROM {claim_rows} \
             JOIN policies pol ON pol.id = {first_policy} + (i - 1) * 3 \
             JOIN cov ON cov.product_id = pol.product_id \
             JOIN ag ON ag.j = i % 500"
        ),
        n,
        now,
    )
    .await?;
    run(
        db,
        "claims' timelines",
        "INSERT INTO claim_events (claim_id, stage, note, at, created_at, updated_at, staff_id) \
         SELECT c.id, 'reported', NULL, c.created_at, c.created_at, c.created_at, NULL \
         FROM claims c WHERE c.idempotency_key LIKE 'scale-%' AND $1 > 0 AND $2 > 0 \
         UNION ALL \
         SELECT c.id, c.stage, NULL, c.stage_entered_at, c.stage_entered_at, c.stage_entered_at, c.handler_staff_id \
         FROM claims c WHERE c.idempotency_key LIKE 'scale-%' AND c.stage <> 'reported'",
        n,
        now,
    )
    .await?;

    // Two work orders per customer, 10 % open: a third unassigned in one of the 20 groups,
    // a third in progress with an agent of that group, a third awaiting the customer.
    let order_rows = sql.series("$1 * 2", "i");
    let order_kind = pick(
        &[
            "consultation",
            "complaint",
            "suggestion",
            "application_appointment",
            "claim_enquiry",
        ],
        "(i / 10) % 5",
    );
    let order_subject = pick(
        &["保单变更咨询", "理赔进度查询", "续期缴费问题", "服务投诉", "预约投保"],
        "i % 5",
    );
    let open_status = pick(&["open", "in_progress", "awaiting_customer"], "(i / 10) % 3");
    let channel = pick(&["portal", "phone", "wechat", "email"], "i % 4");
    run(
        db,
        "work orders",
        &format!(
            "WITH grp AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM skill_groups), \
                  ag AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS j FROM staff WHERE username LIKE 'scale.agent.%') \
             INSERT INTO work_orders (order_no, customer_id, kind, subject, status, priority, idempotency_key, channel, \
               skill_group_id, assignee_staff_id, first_response_due, first_response_at, next_response_due, resolution_due, \
               resolved_at, next_due, resolution_code, last_public_author_kind, created_at, updated_at) \
             SELECT 'WO2025' || CAST(5000000 + i AS TEXT), {c0} + 1 + i % $1, \
               {order_kind}, \
               {order_subject}, \
               CASE WHEN i % 10 <> 0 THEN (CASE WHEN i % 3 = 0 THEN 'resolved' ELSE 'closed' END) \
                    ELSE {open_status} END, \
               CASE WHEN (i % $1 + 1) % 100 < 12 THEN 'vip' ELSE 'normal' END, \
               'scale-' || i, {channel}, \
               grp.id, \
               CASE WHEN i % 10 = 0 AND (i / 10) % 3 = 0 THEN NULL ELSE ag.id END, \
               t.created + 2 * {HOUR_MS}, \
               CASE WHEN i % 10 <> 0 OR (i / 10) % 3 <> 0 THEN t.created + {HOUR_MS} END, \
               CASE WHEN i % 10 = 0 AND (i / 10) % 3 = 1 THEN $2 + ((i / 30) % 96 - 24) * {HOUR_MS} END, \
               t.created + 5 * {DAY_MS}, \
               CASE WHEN i % 10 <> 0 THEN t.created + {DAY_MS} END, \
               CASE WHEN i % 10 <> 0 THEN NULL \
                    WHEN (i / 10) % 3 = 0 THEN t.created + 2 * {HOUR_MS} \
                    WHEN (i / 10) % 3 = 1 THEN $2 + ((i / 30) % 96 - 24) * {HOUR_MS} \
                    ELSE NULL END, \
               CASE WHEN i % 10 <> 0 THEN 'answered' END, \
               'customer', \
               t.created, t.created \
             FROM (SELECT i, CASE WHEN i % 10 = 0 THEN $2 - ((i / 10) % 120) * {HOUR_MS} \
                                  ELSE $2 - (10 + i % 2000) * {DAY_MS} END AS created FROM {order_rows}) t \
             JOIN grp ON grp.k = (i / 10) % 20 \
             JOIN ag ON ag.j = grp.k + 20 * ((i / 30) % 25)"
        ),
        n,
        now,
    )
    .await?;
    // A running centre has already told its staff of what came due and what was breached:
    // the sweep finds only what changes from now on.
    run(
        db,
        "deadline alerts already raised",
        &format!(
            "UPDATE work_orders SET breach_alerted_for = CASE WHEN next_due <= $2 THEN next_due END, \
               due_soon_alerted_for = CASE WHEN next_due <= $2 + 2 * {HOUR_MS} THEN next_due END \
             WHERE idempotency_key LIKE 'scale-%' AND next_due IS NOT NULL AND $1 > 0"
        ),
        n,
        now,
    )
    .await?;
    // Each one's first message, the customer's (as `last_public_author_kind` says).
    run(
        db,
        "work-order messages",
        "INSERT INTO work_order_messages (work_order_id, author_kind, author_id, body, at, created_at, updated_at, visibility) \
         SELECT w.id, 'customer', w.customer_id, '您好，' || w.subject || '，请尽快处理。', w.created_at, w.created_at, \
           w.created_at, 'public' \
         FROM work_orders w WHERE w.idempotency_key LIKE 'scale-%' AND $1 > 0 AND $2 > 0",
        n,
        now,
    )
    .await?;
    let notification_rows = sql.series("$1 * 3", "i");
    run(
        db,
        "notifications",
        &format!(
            "INSERT INTO notifications (customer_id, kind, params, link, read_at, at, created_at, updated_at) \
             SELECT {c0} + 1 + (i - 1) / 3, 'claim_stage', \
               '{{\"claim_no\":\"CL2025' || CAST(5000000 + (i - 1) / 3 + 1 AS TEXT) || '\",\"stage\":\"t:claim_stage.closed\"}}', \
               NULL, CASE WHEN i % 3 <> 0 THEN $2 - (i % 300) * {DAY_MS} END, \
               $2 - (i % 300) * {DAY_MS} - {HOUR_MS}, $2 - (i % 300) * {DAY_MS} - {HOUR_MS}, $2 - (i % 300) * {DAY_MS} \
             FROM {notification_rows}"
        ),
        n,
        now,
    )
    .await?;
    let ledger_rows = sql.series("$1 * 10", "i");
    run(
        db,
        "points ledger",
        &format!(
            "INSERT INTO points_ledger (customer_id, delta, reason, rule_code, event_key, expires_at, at, created_at, updated_at) \
             SELECT {c0} + 1 + (i - 1) / 10, \
               CASE WHEN i % 10 = 9 THEN -50 ELSE 20 END, \
               CASE WHEN i % 10 = 9 THEN 'redeem' ELSE 'earn' END, \
               CASE WHEN i % 10 = 9 THEN NULL ELSE 'monthly_sign_in' END, \
               'scale:' || i, NULL, $2 - (i % 700) * {DAY_MS}, $2 - (i % 700) * {DAY_MS}, $2 - (i % 700) * {DAY_MS} \
             FROM {ledger_rows}"
        ),
        n,
        now,
    )
    .await?;
    let audit_rows = sql.series("$1 * 2", "i");
    let audit_action = pick(
        &[
            "customer.viewed",
            "work_order.replied",
            "work_order.transferred",
            "claim.moved",
        ],
        "i % 4",
    );
    run(
        db,
        "audit trail",
        &format!(
            "WITH ag AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS j FROM staff WHERE username LIKE 'scale.agent.%') \
             INSERT INTO audit_log (at, staff_id, action, customer_id, detail, request_id, created_at, updated_at) \
             SELECT $2 - (i % 700) * {DAY_MS} - (i % 1000) * 1000, ag.id, \
               {audit_action}, \
               {c0} + 1 + i % $1, 'scale', NULL, $2 - (i % 700) * {DAY_MS}, $2 - (i % 700) * {DAY_MS} \
             FROM {audit_rows} JOIN ag ON ag.j = i % 500"
        ),
        n,
        now,
    )
    .await?;
    // The help centre at 10,000 articles: each a product, guide or answer of a line, in both
    // languages, about as long as the demo's.
    let article_rows = sql.series("10000", "a");
    let body_zh = "报案后请在七日内提交材料，我们会在承诺时限内完成审核并通知您结果。".repeat(8);
    let body_en =
        "After reporting, send the documents within seven days; we review them within the promised time and tell you. "
            .repeat(6);
    let article_kind = pick(&["product", "guide", "faq"], "a % 3");
    let line_zh = pick(&["车险", "健康险", "寿险", "意外险", "财产险"], "a % 5");
    let topic_zh = pick(
        &["理赔指南", "常见问题", "产品说明", "保全变更", "续保须知"],
        "(a / 5) % 5",
    );
    let line_en = pick(&["Motor", "Health", "Life", "Accident", "Property"], "a % 5");
    let topic_en = pick(
        &[
            "claims guide",
            "questions",
            "product notes",
            "policy changes",
            "renewal notes",
        ],
        "(a / 5) % 5",
    );
    run(
        db,
        "knowledge articles",
        &format!(
            "INSERT INTO knowledge_articles (slug, kind, title_zh, title_en, body_zh, body_en, published, created_at, updated_at) \
         SELECT 'scale-article-' || a, {article_kind}, \
           {line_zh} || {topic_zh} || ' 第' || a || '篇', \
           {line_en} || ' ' || {topic_en} || ' no. ' || a, \
           '{body_zh}' || '编号' || a, \
           '{body_en}' || 'Ref ' || a, \
           CASE WHEN a % 10 = 0 THEN 0 ELSE 1 END, $2, $2 \
         FROM {article_rows} WHERE $1 > 0"
        ),
        n,
        now,
    )
    .await?;
    let indexed = Instant::now();
    app::backend::content::knowledge::index_unindexed(db)
        .await
        .map_err(|e| anyhow::anyhow!("help-centre index: {e}"))?;
    println!(
        "    {:<28} {:>6.1} s",
        "help-centre index",
        indexed.elapsed().as_secs_f64()
    );
    let settled = Instant::now();
    settle(db).await?;
    println!(
        "    {:<28} {:>6.1} s",
        "VACUUM (ANALYZE)",
        settled.elapsed().as_secs_f64()
    );

    Ok(Generated {
        customers: n,
        policies: scalar(db, "SELECT COUNT(*) FROM policies").await?,
        claims: scalar(db, "SELECT COUNT(*) FROM claims").await?,
        open_claims: scalar(db, "SELECT COUNT(*) FROM claims WHERE stage <> 'closed'").await?,
        work_orders: scalar(db, "SELECT COUNT(*) FROM work_orders").await?,
        open_work_orders: scalar(
            db,
            "SELECT COUNT(*) FROM work_orders WHERE status IN ('open', 'in_progress', 'awaiting_customer')",
        )
        .await?,
        notifications: scalar(db, "SELECT COUNT(*) FROM notifications").await?,
        points_ledger: scalar(db, "SELECT COUNT(*) FROM points_ledger").await?,
        audit_log: scalar(db, "SELECT COUNT(*) FROM audit_log").await?,
        agents: (1..=AGENTS).map(agent_username).collect(),
        seconds: began.elapsed().as_secs_f64(),
    })
}
