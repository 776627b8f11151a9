//! Demo data for the self-service portal: the showcase customer's claims in every stage,
//! points history, inbox messages, and the insurer's announcements.

use anyhow::Context;

use app::domain::{mask_account, CaseKind, ClaimOutcome, ClaimStage};

use super::DEMO_CUSTOMER_PHONE;

const HOUR_MS: i64 = 60 * 60 * 1000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Products that allow fast-track claims, with the limit in fen.
const FAST_TRACK: &[(&str, i64)] = &[
    ("HEALTH-MED", 200_000),
    ("AUTO-COMP", 500_000),
    ("PROP-HOME", 300_000),
    ("ACC-PERSONAL", 200_000),
];

/// (stage reached, outcome, coverage code, amount in fen, days ago reported, what happened,
/// what the insurer waits for)
type DemoClaim = (
    ClaimStage,
    Option<ClaimOutcome>,
    &'static str,
    i64,
    i64,
    &'static str,
    Option<&'static str>,
);

const CLAIMS: &[DemoClaim] = &[
    (
        ClaimStage::Reported,
        None,
        "outpatient",
        86_000,
        0,
        "儿子高烧到儿童医院特需门诊就诊，做了血常规和胸片。",
        None,
    ),
    (
        ClaimStage::Dispatched,
        None,
        "inpatient",
        1_260_000,
        2,
        "急性阑尾炎住院手术，住院5天。",
        None,
    ),
    (
        ClaimStage::Surveyed,
        None,
        "inpatient",
        2_380_000,
        6,
        "骑车摔伤导致右腿胫骨骨折，住院内固定手术。",
        Some("请补充住院病历首页和费用明细清单的照片。"),
    ),
    (
        ClaimStage::Registered,
        None,
        "critical_care",
        5_600_000,
        10,
        "肺炎转重症监护治疗3天。",
        None,
    ),
    (
        ClaimStage::Verified,
        None,
        "inpatient",
        980_000,
        15,
        "胆囊结石住院行腹腔镜手术。",
        None,
    ),
    (
        ClaimStage::Adjusted,
        None,
        "outpatient",
        320_000,
        20,
        "化疗期间的特殊门诊治疗费用。",
        None,
    ),
    (
        ClaimStage::Approved,
        None,
        "outpatient",
        45_000,
        25,
        "急诊清创缝合及破伤风注射。",
        None,
    ),
    (
        ClaimStage::Closed,
        Some(ClaimOutcome::Paid),
        "inpatient",
        1_540_000,
        60,
        "肾结石住院碎石治疗。",
        None,
    ),
    (
        ClaimStage::Closed,
        Some(ClaimOutcome::Rejected),
        "outpatient",
        120_000,
        90,
        "牙齿美白治疗费用。",
        None,
    ),
];

pub async fn seed(tx: &mut sqlx::Transaction<'static, sqlx::Any>, now: i64) -> anyhow::Result<()> {
    for (code, limit) in FAST_TRACK {
        sqlx::query("UPDATE products SET fast_track_limit_fen = $1 WHERE code = $2")
            .bind(limit)
            .bind(*code)
            .execute(&mut **tx)
            .await?;
    }
    let (customer_id,): (i64,) = sqlx::query_as("SELECT id FROM customers WHERE phone = $1")
        .bind(DEMO_CUSTOMER_PHONE)
        .fetch_one(&mut **tx)
        .await
        .context("the showcase customer")?;
    // Verified but not advanced-verified, so the portal shows the step up; a gold member.
    sqlx::query(
        "UPDATE customers SET member_level = 'verified', vip_tier = 'gold', id_number_verified_at = $1 WHERE id = $2",
    )
    .bind(now - 200 * DAY_MS)
    .bind(customer_id)
    .execute(&mut **tx)
    .await?;
    seed_claims(tx, customer_id, now).await?;
    seed_points(tx, customer_id, now).await?;
    seed_inbox(tx, customer_id, now).await?;
    seed_announcements(tx, now).await?;
    seed_requests(tx, customer_id, now).await?;
    Ok(())
}

/// (kind, status, subject, customer's message, insurer's reply, days ago)
type DemoRequest = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    i64,
);

const REQUESTS: &[DemoRequest] = &[
    (
        "consultation",
        "awaiting_customer",
        "住院押金发票能否用于报销",
        "孩子住院交了押金，医院给的是押金收据，出院结算发票还没拿到，可以先报案吗？",
        Some("您好，可以先在线报案，结算发票取得后在理赔页面补充上传即可。请问出院日期是哪天？"),
        1,
    ),
    (
        "complaint",
        "resolved",
        "理赔到账时间比承诺晚",
        "上个月的理赔承诺 3 天内到账，实际用了 6 天，希望给个说法。",
        Some("非常抱歉给您带来不便。经核查是银行退票后重新支付导致延迟，已对相关环节整改，并为您补偿 200 积分。"),
        40,
    ),
];

async fn seed_requests(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    customer_id: i64,
    now: i64,
) -> anyhow::Result<()> {
    let (staff_id,): (i64,) = sqlx::query_as("SELECT id FROM staff WHERE username = 'agent'")
        .fetch_one(&mut **tx)
        .await?;
    for (n, (kind, status, subject, message, reply, days_ago)) in REQUESTS.iter().enumerate() {
        let opened = now - days_ago * DAY_MS - 3 * HOUR_MS;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO work_orders (order_no, customer_id, kind, service_type, policy_id, subject, request_data, status, \
             priority, idempotency_key, created_at, updated_at) \
             VALUES ($1, $2, $3, NULL, NULL, $4, NULL, $5, 'vip', $6, $7, $8) RETURNING id",
        )
        .bind(CaseKind::WorkOrder.number(2026, 900_001 + n as u64))
        .bind(customer_id)
        .bind(*kind)
        .bind(*subject)
        .bind(*status)
        .bind(format!("demo-request-{n:08}"))
        .bind(opened)
        .bind(opened + HOUR_MS)
        .fetch_one(&mut **tx)
        .await?;
        let mut messages = vec![("customer", customer_id, *message, opened)];
        if let Some(reply) = reply {
            messages.push(("staff", staff_id, *reply, opened + HOUR_MS));
        }
        for (author_kind, author_id, body, at) in messages {
            sqlx::query(
                "INSERT INTO work_order_messages (work_order_id, author_kind, author_id, body, at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $5, $5)",
            )
            .bind(id)
            .bind(author_kind)
            .bind(author_id)
            .bind(body)
            .bind(at)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

async fn seed_claims(tx: &mut sqlx::Transaction<'static, sqlx::Any>, customer_id: i64, now: i64) -> anyhow::Result<()> {
    let (policy_id,): (i64,) = sqlx::query_as(
        "SELECT p.id FROM policies p JOIN products pr ON pr.id = p.product_id \
         WHERE p.holder_id = $1 AND pr.code = 'HEALTH-MED' AND p.status = 'in_force'",
    )
    .bind(customer_id)
    .fetch_one(&mut **tx)
    .await
    .context("the showcase customer's medical policy")?;
    let commitments: Vec<(String, i64)> = sqlx::query_as("SELECT stage, limit_hours FROM claim_stage_commitments")
        .fetch_all(&mut **tx)
        .await?;
    let account = "6225881234567890";
    for (n, (stage, outcome, coverage, amount, days_ago, description, awaiting)) in CLAIMS.iter().enumerate() {
        let (coverage_id,): (i64,) = sqlx::query_as(
            "SELECT c.id FROM policy_coverages pc JOIN product_coverages c ON c.id = pc.coverage_id \
             WHERE pc.policy_id = $1 AND c.code = $2",
        )
        .bind(policy_id)
        .bind(*coverage)
        .fetch_one(&mut **tx)
        .await
        .with_context(|| format!("coverage {coverage}"))?;
        let reported_at = now - days_ago * DAY_MS - (n as i64 + 1) * HOUR_MS;
        let incident = chrono::DateTime::from_timestamp_millis(reported_at - 2 * DAY_MS)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        // Each stage reached took part of its committed time; the current one is under way.
        let mut at = reported_at;
        let mut events = vec![(ClaimStage::Reported, at)];
        for next in ClaimStage::ALL.iter().skip(1).take(stage.index()) {
            let previous = events.last().map(|(s, _)| *s).unwrap_or(ClaimStage::Reported);
            let hours = commitments
                .iter()
                .find(|(s, _)| s == previous.as_str())
                .map_or(24, |(_, h)| *h);
            at = (at + hours * HOUR_MS * 6 / 10).min(now - HOUR_MS);
            events.push((*next, at));
        }
        let payout = match (stage.index() >= ClaimStage::Approved.index(), outcome) {
            (_, Some(ClaimOutcome::Rejected)) => Some(0),
            (true, _) => Some(*amount),
            _ => None,
        };
        let claim_no = CaseKind::Claim.number(2026, 900_001 + n as u64);
        let (claim_id,): (i64,) = sqlx::query_as(
            "INSERT INTO claims (claim_no, customer_id, policy_id, coverage_id, incident_date, incident_place, description, \
             amount_fen, payout_bank, payout_account, stage, outcome, fast_track, payout_fen, awaiting_customer, \
             stage_entered_at, idempotency_key, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '招商银行', $9, $10, $11, 0, $12, $13, $14, $15, $16, $14) RETURNING id",
        )
        .bind(&claim_no)
        .bind(customer_id)
        .bind(policy_id)
        .bind(coverage_id)
        .bind(&incident)
        .bind("上海市徐汇区")
        .bind(*description)
        .bind(*amount)
        .bind(account)
        .bind(stage.as_str())
        .bind(outcome.map(|o| o.as_str()))
        .bind(payout)
        .bind(*awaiting)
        .bind(at)
        .bind(format!("demo-claim-{n:08}"))
        .bind(reported_at)
        .fetch_one(&mut **tx)
        .await?;
        for (event_stage, event_at) in events {
            sqlx::query(
                "INSERT INTO claim_events (claim_id, stage, note, at, created_at, updated_at) VALUES ($1, $2, NULL, $3, $3, $3)",
            )
            .bind(claim_id)
            .bind(event_stage.as_str())
            .bind(event_at)
            .execute(&mut **tx)
            .await?;
        }
        if *stage == ClaimStage::Closed && *outcome == Some(ClaimOutcome::Paid) {
            sqlx::query(
                "INSERT INTO ratings (customer_id, subject_kind, subject_id, score, comment, created_at, updated_at) \
                 VALUES ($1, 'claim', $2, 5, '理赔很快，客服很耐心。', $3, $3)",
            )
            .bind(customer_id)
            .bind(claim_id)
            .bind(at)
            .execute(&mut **tx)
            .await?;
        }
    }
    debug_assert_eq!(mask_account(account), "6225********7890");
    Ok(())
}

async fn seed_points(tx: &mut sqlx::Transaction<'static, sqlx::Any>, customer_id: i64, now: i64) -> anyhow::Result<()> {
    let year = 365 * DAY_MS;
    // (delta, reason, rule, event key, days ago)
    let entries: &[(i64, &str, Option<&str>, &str, i64)] = &[
        (200, "earn", Some("identity_verified"), "earn:identity_verified", 345),
        (
            100,
            "earn",
            Some("first_self_service_claim"),
            "earn:first_self_service_claim",
            90,
        ),
        (
            20,
            "earn",
            Some("survey_completed"),
            "earn:survey_completed:claim-demo-paid",
            58,
        ),
        (
            300,
            "earn",
            Some("survey_completed"),
            "earn:survey_completed:event-anniversary",
            40,
        ),
        (10, "earn", Some("monthly_sign_in"), "earn:monthly_sign_in:demo-1", 62),
        (10, "earn", Some("monthly_sign_in"), "earn:monthly_sign_in:demo-2", 31),
        (-150, "redeem", None, "redeem:RO2026900001", 30),
    ];
    for (delta, reason, rule, key, days_ago) in entries {
        let at = now - days_ago * DAY_MS;
        sqlx::query(
            "INSERT INTO points_ledger (customer_id, delta, reason, rule_code, event_key, expires_at, at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7)",
        )
        .bind(customer_id)
        .bind(delta)
        .bind(*reason)
        .bind(*rule)
        .bind(*key)
        .bind((*delta > 0).then_some(at + year))
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    let (reward_id,): (i64,) = sqlx::query_as("SELECT id FROM rewards WHERE code = 'iqiyi-month'")
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO reward_orders (order_no, customer_id, reward_id, points, idempotency_key, created_at, updated_at) \
         VALUES ('RO2026900001', $1, $2, 150, 'demo-order-0000001', $3, $3)",
    )
    .bind(customer_id)
    .bind(reward_id)
    .bind(now - 30 * DAY_MS)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn seed_inbox(tx: &mut sqlx::Transaction<'static, sqlx::Any>, customer_id: i64, now: i64) -> anyhow::Result<()> {
    let items: &[(&str, &str, Option<&str>, i64, bool)] = &[
        (
            "work_order_reply",
            r#"{"order_no":"WO2026900001"}"#,
            Some("/my/requests/WO2026900001"),
            DAY_MS - 2 * HOUR_MS,
            false,
        ),
        (
            "claim_stage",
            r#"{"claim_no":"CL2026900003","stage":"t:claim_stage.surveyed"}"#,
            Some("/my/claims/CL2026900003"),
            HOUR_MS,
            false,
        ),
        (
            "points_earned",
            r#"{"points":"10","rule":"t:points_rule.monthly_sign_in"}"#,
            Some("/my/points"),
            31 * DAY_MS,
            true,
        ),
        (
            "claim_stage",
            r#"{"claim_no":"CL2026900008","stage":"t:claim_outcome.paid"}"#,
            Some("/my/claims/CL2026900008"),
            50 * DAY_MS,
            true,
        ),
    ];
    for (kind, params, link, ago, read) in items {
        let at = now - ago;
        sqlx::query(
            "INSERT INTO notifications (customer_id, kind, params, link, read_at, at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6, $6)",
        )
        .bind(customer_id)
        .bind(*kind)
        .bind(*params)
        .bind(*link)
        .bind(read.then_some(at + HOUR_MS))
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn seed_announcements(tx: &mut sqlx::Transaction<'static, sqlx::Any>, now: i64) -> anyhow::Result<()> {
    let items: &[(&str, &str, &str, &str, i64)] = &[
        (
            "小额理赔极速赔付上线",
            "Fast-track payment for small claims",
            "医疗、车险、家财及意外险的小额理赔，上传照片即可当场核赔，无需等待查勘。",
            "Small medical, motor, home and accident claims with photos are now approved on the spot, with no survey to wait for.",
            2,
        ),
        (
            "积分商城新增视频会员",
            "Video memberships in the rewards catalog",
            "爱奇艺、腾讯视频会员现已上架，积分即可兑换。",
            "iQIYI and Tencent Video memberships can now be redeemed with points.",
            9,
        ),
        (
            "春节期间服务安排",
            "Service during the Spring Festival",
            "春节期间理赔报案和在线客服照常服务，7×24 小时受理。",
            "Claim reporting and online service stay open around the clock through the Spring Festival.",
            20,
        ),
    ];
    for (title_zh, title_en, body_zh, body_en, days_ago) in items {
        sqlx::query(
            "INSERT INTO announcements (title_zh, title_en, body_zh, body_en, published_at, expires_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, NULL, $5, $5)",
        )
        .bind(*title_zh)
        .bind(*title_en)
        .bind(*body_zh)
        .bind(*body_en)
        .bind(now - days_ago * DAY_MS)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
