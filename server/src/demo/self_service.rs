//! Demo data for the self-service portal: the showcase customer's claims in every stage,
//! points history, notifications, and the insurer's announcements.

use anyhow::Context;

use app::backend::claims::{self, ClaimHandling, NewClaim};
use app::backend::content::announcements::{self, NewAnnouncement};
use app::backend::customers;
use app::backend::feedback::ratings::{self, NewRating};
use app::backend::loyalty::points::{self, NewLedgerEntry, NewRewardOrder};
use app::backend::messaging::notify::{self, NotificationInsert};
use app::backend::Tx;
use app::domain::calendar::{Date, DAY_MS, HOUR_MS, INSURER_OFFSET_MS};
use app::domain::{
    mask_account, AnnouncementStatus, BankAccount, CaseKind, Channel, CheckedClaim, ClaimOutcome, ClaimStage, Money,
    NotificationKind, PointsReason, PointsRule, Priority, WorkOrderKind, WorkOrderStatus,
};

use super::claim_desk;
use super::desk::{self, DemoOrder};

use super::DEMO_CUSTOMER_PHONE;

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
        Some(ClaimOutcome::Refused),
        "outpatient",
        120_000,
        90,
        "牙齿美白治疗费用。",
        None,
    ),
];

#[derive(sqlx::FromRow)]
struct IdRow {
    id: i64,
}

pub async fn seed(tx: &mut Tx, now: i64) -> anyhow::Result<()> {
    let customer: IdRow = sqlx::query_as("SELECT id FROM customers WHERE phone = $1")
        .bind(DEMO_CUSTOMER_PHONE)
        .fetch_one(&mut **tx)
        .await
        .context("the showcase customer")?;
    let customer_id = customer.id;
    seed_claims(tx, customer_id, now).await?;
    seed_points(tx, customer_id, now).await?;
    seed_notifications(tx, customer_id, now).await?;
    seed_announcements(tx, now).await?;
    seed_work_orders(tx, customer_id, now).await?;
    Ok(())
}

struct DemoWorkOrder {
    kind: WorkOrderKind,
    status: WorkOrderStatus,
    subject: &'static str,
    message: &'static str,
    reply: Option<&'static str>,
    days_ago: i64,
}

const WORK_ORDERS: &[DemoWorkOrder] = &[
    DemoWorkOrder {
        kind: WorkOrderKind::Consultation,
        status: WorkOrderStatus::AwaitingCustomer,
        subject: "住院押金发票能否用于报销",
        message: "孩子住院交了押金，医院给的是押金收据，出院结算发票还没拿到，可以先报案吗？",
        reply: Some("您好，可以先在线报案，结算发票取得后在理赔页面补充上传即可。请问出院日期是哪天？"),
        days_ago: 1,
    },
    DemoWorkOrder {
        kind: WorkOrderKind::Complaint,
        status: WorkOrderStatus::Resolved,
        subject: "理赔到账时间比承诺晚",
        message: "上个月的理赔承诺 3 天内到账，实际用了 6 天，希望给个说法。",
        reply: Some(
            "非常抱歉给您带来不便。经核查是银行退票后重新支付导致延迟，已对相关环节整改，并为您补偿 200 积分。",
        ),
        days_ago: 40,
    },
];

async fn seed_work_orders(tx: &mut Tx, customer_id: i64, now: i64) -> anyhow::Result<()> {
    for (n, w) in WORK_ORDERS.iter().enumerate() {
        let order = DemoOrder {
            order_no: CaseKind::WorkOrder.number(2026, 900_001 + n as u64),
            customer_id,
            kind: w.kind,
            policy_id: None,
            subject: w.subject,
            message: w.message,
            channel: Channel::Portal,
            // A gold member: the VIP queue.
            priority: Priority::Vip,
            opened: now - w.days_ago * DAY_MS - 3 * HOUR_MS,
        };
        desk::create(tx, &order, w.status, w.reply, None, false, now).await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
pub(super) struct CommitmentRow {
    pub stage: String,
    pub limit_hours: i64,
}

async fn seed_claims(tx: &mut Tx, customer_id: i64, now: i64) -> anyhow::Result<()> {
    let policy: IdRow = sqlx::query_as(
        "SELECT p.id FROM policies p JOIN products pr ON pr.id = p.product_id \
         WHERE p.holder_id = $1 AND pr.code = 'HEALTH-MED' AND p.status = 'in_force'",
    )
    .bind(customer_id)
    .fetch_one(&mut **tx)
    .await
    .context("the showcase customer's medical policy")?;
    let commitments = commitments(tx).await?;
    let payout = BankAccount {
        bank: "招商银行".into(),
        number: "6225881234567890".into(),
    };
    // 王磊 of the claims groups handles the showcase claims once they are dispatched.
    let handler = claim_desk::staff_id(tx, "agent.wang").await?;
    for (n, (stage, outcome, coverage, amount, days_ago, description, awaiting)) in CLAIMS.iter().enumerate() {
        let coverage_row: IdRow = sqlx::query_as(
            "SELECT c.id FROM policy_coverages pc JOIN product_coverages c ON c.id = pc.coverage_id \
             WHERE pc.policy_id = $1 AND c.code = $2",
        )
        .bind(policy.id)
        .bind(*coverage)
        .fetch_one(&mut **tx)
        .await
        .with_context(|| format!("coverage {coverage}"))?;
        let plan = ClaimPlan {
            claim_no: CaseKind::Claim.number(2026, 900_001 + n as u64),
            customer_id,
            policy_id: policy.id,
            coverage_id: coverage_row.id,
            stage: *stage,
            outcome: *outcome,
            amount: Money::from_fen(*amount),
            reported_at: now - days_ago * DAY_MS - (n as i64 + 1) * HOUR_MS,
            description,
            awaiting: *awaiting,
            fast_track: false,
            payout: payout.clone(),
            handler: (*stage != ClaimStage::Reported).then_some(handler),
        };
        let (claim_id, at) = insert_claim(tx, &plan, &commitments, now).await?;
        if *stage == ClaimStage::Closed && *outcome == Some(ClaimOutcome::Paid) {
            let rating = NewRating {
                source: ratings::RatingSource::Portal,
                customer_id,
                subject_kind: "claim",
                subject_id: claim_id,
                score: 5,
                comment: "理赔很快，客服很耐心。",
                at,
            };
            ratings::insert(tx, &rating).await?;
        }
    }
    // The account the paid claim went to is on file.
    customers::insert_payout_account(tx, customer_id, &payout.bank, &payout.number, now).await?;
    debug_assert_eq!(mask_account(&payout.number), "6225********7890");
    Ok(())
}

/// Each stage's committed time, in hours.
pub(super) async fn commitments(tx: &mut Tx) -> anyhow::Result<Vec<CommitmentRow>> {
    Ok(sqlx::query_as("SELECT stage, limit_hours FROM claim_stage_commitments")
        .fetch_all(&mut **tx)
        .await?)
}

/// A demo claim to write as if it had been handled up to its stage.
pub(super) struct ClaimPlan<'a> {
    pub claim_no: String,
    pub customer_id: i64,
    pub policy_id: i64,
    pub coverage_id: i64,
    pub stage: ClaimStage,
    pub outcome: Option<ClaimOutcome>,
    pub amount: Money,
    pub reported_at: i64,
    pub description: &'a str,
    pub awaiting: Option<&'a str>,
    pub fast_track: bool,
    pub payout: BankAccount,
    pub handler: Option<i64>,
}

/// Writes the claim with its stages: each stage reached took part of its committed time
/// and the current one is under way; what each stage recorded comes with it (survey notes,
/// the assessed loss and payout, the refusal reason). Returns its id and when it entered
/// its stage.
pub(super) async fn insert_claim(
    tx: &mut Tx,
    plan: &ClaimPlan<'_>,
    commitments: &[CommitmentRow],
    now: i64,
) -> anyhow::Result<(i64, i64)> {
    let stage = plan.stage;
    let mut at = plan.reported_at;
    let mut events = vec![(ClaimStage::Reported, at)];
    for next in ClaimStage::ALL.iter().skip(1).take(stage.index()) {
        let previous = events.last().map(|(s, _)| *s).unwrap_or(ClaimStage::Reported);
        let hours = commitments
            .iter()
            .find(|c| c.stage == previous.as_str())
            .map_or(24, |c| c.limit_hours);
        at = (at + hours * HOUR_MS * 6 / 10).min(now - HOUR_MS);
        events.push((*next, at));
    }
    let refused = plan.outcome == Some(ClaimOutcome::Refused);
    let payout_amount = match (stage.index() >= ClaimStage::Approved.index(), refused) {
        (_, true) => Some(Money::from_fen(0)),
        (true, _) => Some(plan.amount),
        _ => None,
    };
    let claim = CheckedClaim {
        incident_date: Date::at(plan.reported_at - 2 * DAY_MS, INSURER_OFFSET_MS).iso(),
        incident_place: "上海市徐汇区".into(),
        description: plan.description.to_string(),
        amount: plan.amount,
        payout: plan.payout.clone(),
    };
    let request_key = format!("demo-claim-{}", plan.claim_no);
    // What its handler recorded on the way (a fast-tracked claim had none).
    let handled = plan.handler.is_some() || refused;
    let reached = |s: ClaimStage| handled && stage.index() >= s.index() && !plan.fast_track;
    let survey = reached(ClaimStage::Surveyed).then(|| {
        format!(
            "查勘核实：{}病历、费用清单与报案一致，出险时间在保险期间内。",
            plan.description
        )
    });
    let adjusted = reached(ClaimStage::Adjusted) && !refused;
    let handling = ClaimHandling {
        handler_staff_id: plan.handler,
        survey_notes: survey.as_deref(),
        assessed_loss: adjusted.then_some(plan.amount),
        refusal_reason: refused
            .then_some("该项治疗属于美容类项目，不在本保单保障范围内（保险条款第 5.2 条责任免除）。"),
    };
    let payout_amount = payout_amount.or(adjusted.then_some(plan.amount));
    let new = NewClaim {
        claim_no: &plan.claim_no,
        customer_id: plan.customer_id,
        policy_id: plan.policy_id,
        coverage_id: plan.coverage_id,
        claim: &claim,
        stage,
        outcome: plan.outcome,
        fast_track: plan.fast_track,
        payout: payout_amount,
        awaiting_customer: plan.awaiting,
        stage_entered_at: at,
        request_key: &request_key,
        request_hash: "",
        fast_track_review: None,
        payout_account_to_check: false,
        handling,
        created_at: plan.reported_at,
    };
    let claim_id = claims::insert(tx, &new).await?.context("a fresh demo claim")?;
    for (event_stage, event_at) in events {
        // The rules moved a fast-tracked claim; a handler moved the others on.
        let by = if event_stage == ClaimStage::Reported || plan.fast_track {
            None
        } else {
            plan.handler
        };
        claims::insert_event(tx, claim_id, event_stage, None, event_at, by).await?;
    }
    Ok((claim_id, at))
}

async fn seed_points(tx: &mut Tx, customer_id: i64, now: i64) -> anyhow::Result<()> {
    let year = 365 * DAY_MS;
    // (points, rule, what it was for, days ago); then one redemption.
    let earnings: &[(i64, PointsRule, &str, i64)] = &[
        (200, PointsRule::IdentityVerified, "", 345),
        (100, PointsRule::FirstSelfServiceClaim, "", 90),
        (20, PointsRule::SurveyCompleted, "claim-demo-paid", 58),
        (300, PointsRule::SurveyCompleted, "event-anniversary", 40),
        (10, PointsRule::MonthlySignIn, "demo-1", 62),
        (10, PointsRule::MonthlySignIn, "demo-2", 31),
    ];
    for (delta, rule, occurrence, days_ago) in earnings {
        let at = now - days_ago * DAY_MS;
        let per_period = match rule {
            PointsRule::IdentityVerified | PointsRule::FirstSelfServiceClaim => "once",
            _ => "event",
        };
        let entry = NewLedgerEntry {
            customer_id,
            delta: *delta,
            reason: PointsReason::Earn,
            rule: Some(*rule),
            event_key: &points::earning_key(*rule, per_period, occurrence),
            expires_at: Some(at + year),
            at,
            request_hash: None,
        };
        points::insert_entry(tx, &entry).await?;
    }
    let reward: IdRow = sqlx::query_as("SELECT id FROM rewards WHERE code = 'iqiyi-month'")
        .fetch_one(&mut **tx)
        .await?;
    let (order_no, price, ordered_at) = ("RO2026900001", 150, now - 30 * DAY_MS);
    let order = NewRewardOrder {
        order_no,
        customer_id,
        reward_id: reward.id,
        points: price,
        top_up_phone: None,
        request_key: "demo-order-0000001",
        request_hash: "",
        at: ordered_at,
    };
    points::insert_order(tx, &order).await?;
    let redemption = NewLedgerEntry {
        customer_id,
        delta: -price,
        reason: PointsReason::Redeem,
        rule: None,
        event_key: &points::redemption_key(order_no),
        expires_at: None,
        at: ordered_at,
        request_hash: None,
    };
    points::insert_entry(tx, &redemption).await?;
    Ok(())
}

async fn seed_notifications(tx: &mut Tx, customer_id: i64, now: i64) -> anyhow::Result<()> {
    let items: &[(NotificationKind, &str, i64, bool)] = &[
        (
            NotificationKind::WorkOrderReply,
            r#"{"order_no":"WO2026900001"}"#,
            DAY_MS - 2 * HOUR_MS,
            false,
        ),
        (
            NotificationKind::ClaimStage,
            r#"{"claim_no":"CL2026900003","stage":"t:claim_stage.surveyed"}"#,
            HOUR_MS,
            false,
        ),
        (
            NotificationKind::PointsEarned,
            r#"{"points":"10","rule":"t:points_rule.monthly_sign_in"}"#,
            31 * DAY_MS,
            true,
        ),
        (
            NotificationKind::ClaimStage,
            r#"{"claim_no":"CL2026900008","stage":"t:claim_outcome.paid"}"#,
            50 * DAY_MS,
            true,
        ),
    ];
    for (kind, params_json, ago, read) in items {
        let at = now - ago;
        let notification = NotificationInsert {
            customer_id,
            kind: *kind,
            params_json,
            read_at: read.then_some(at + HOUR_MS),
            at,
            dedup_key: None,
        };
        notify::insert_notification(tx, &notification, None).await?;
    }
    Ok(())
}

async fn seed_announcements(tx: &mut Tx, now: i64) -> anyhow::Result<()> {
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
        let published_at = now - days_ago * DAY_MS;
        let announcement = NewAnnouncement {
            title_zh,
            title_en,
            body_zh,
            body_en,
            published_at,
            publish_at: None,
            notify: false,
            segment: "all",
            status: AnnouncementStatus::Published,
            created_by_staff_id: None,
            at: published_at,
        };
        announcements::insert(tx, &announcement).await?;
    }
    Ok(())
}
