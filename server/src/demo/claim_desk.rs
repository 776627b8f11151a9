//! Demo data for the claims desk: other customers' claims in every open stage, some past
//! their stage's committed time, VIP and not, with handlers from the claims groups or none;
//! a payout above an agent's authority waiting for a supervisor; a fast-tracked claim
//! waiting for review; internal notes.

use anyhow::Context;

use app::backend::Tx;
use app::backend::{claims, feedback::follow_ups};
use app::domain::calendar::{Date, DAY_MS, HOUR_MS, INSURER_OFFSET_MS};
use app::domain::{BankAccount, CaseKind, ClaimOutcome, ClaimStage, Money, ProductLine};

use super::self_service::{commitments, insert_claim, ClaimPlan, CommitmentRow};
use super::DEMO_CUSTOMER_PHONE;

/// A desk claim: (stage, outcome, hours in that stage so far, amount in yuan, handler).
/// The stages' committed times are 2 h reported, 24 h dispatched, 72 h surveyed, 24 h
/// registered, 72 h verified, 48 h adjusted, 72 h approved: some of these are past them.
type DeskClaim = (ClaimStage, Option<ClaimOutcome>, i64, i64, Option<&'static str>);

/// The payout that waits for an approval, above an agent's 10,000 yuan.
const ABOVE_AGENT_YUAN: i64 = 15_000;

const DESK_CLAIMS: &[DeskClaim] = &[
    (ClaimStage::Reported, None, 1, 860, None),
    (ClaimStage::Reported, None, 5, 2_300, None),
    (ClaimStage::Dispatched, None, 6, 12_600, Some("agent.wang")),
    (ClaimStage::Dispatched, None, 30, 4_200, Some("agent.sun")),
    (ClaimStage::Surveyed, None, 20, 23_800, Some("agent.xu")),
    (ClaimStage::Registered, None, 10, 5_600, Some("agent.wang")),
    (ClaimStage::Verified, None, 50, 9_800, None),
    (ClaimStage::Adjusted, None, 30, ABOVE_AGENT_YUAN, Some("agent.wang")),
    (ClaimStage::Adjusted, None, 60, 3_200, Some("agent.sun")),
    (ClaimStage::Approved, None, 12, 6_800, Some("agent.wang")),
    (
        ClaimStage::Closed,
        Some(ClaimOutcome::Paid),
        700,
        2_000,
        Some("agent.xu"),
    ),
    (ClaimStage::Reported, None, 0, 1_100, None),
];

/// What happened, as customers of each product line report it.
fn what_happened(line: ProductLine, n: usize) -> &'static str {
    let told: &[&str] = match line {
        ProductLine::Health => &[
            "孩子夜间发热急诊，做了血常规。",
            "腰椎间盘突出住院行微创手术。",
            "甲状腺结节切除手术住院。",
            "急性胃肠炎住院补液治疗。",
        ],
        ProductLine::Accident => &[
            "打羽毛球扭伤脚踝，拍片检查。",
            "骑电动车摔倒锁骨骨折。",
            "宠物咬伤后接种狂犬疫苗。",
        ],
        ProductLine::Auto => &[
            "等红灯时被后车追尾，后保险杠和尾灯损坏。",
            "小区停车被剐蹭，左前门凹陷。",
            "暴雨中车辆涉水熄火，发动机进水。",
        ],
        ProductLine::Property => &[
            "家中厨房水管爆裂，泡坏地板和橱柜。",
            "楼上漏水导致客厅吊顶脱落。",
            "雷击造成家中电器损坏。",
        ],
        ProductLine::Life => &["被保险人确诊重大疾病，申请给付保险金。", "意外住院后申请住院津贴。"],
    };
    told[n % told.len()]
}

#[derive(sqlx::FromRow)]
struct PolicyRow {
    policy_id: i64,
    line: String,
    customer_id: i64,
    coverage_id: i64,
    limit_fen: i64,
}

#[derive(sqlx::FromRow)]
struct IdRow {
    id: i64,
}

/// A member of staff by username.
pub(super) async fn staff_id(tx: &mut Tx, username: &str) -> anyhow::Result<i64> {
    let row: IdRow = sqlx::query_as("SELECT id FROM staff WHERE username = $1")
        .bind(username)
        .fetch_one(&mut **tx)
        .await
        .with_context(|| format!("staff {username}"))?;
    Ok(row.id)
}

/// When to say a claim was reported so that it entered `stage` `in_stage` ms ago, each
/// earlier stage having taken 60% of its committed time (as `insert_claim` plays it).
fn reported_for(stage: ClaimStage, in_stage: i64, commitments: &[CommitmentRow], now: i64) -> i64 {
    let earlier: i64 = ClaimStage::ALL
        .iter()
        .take(stage.index())
        .map(|s| {
            commitments
                .iter()
                .find(|c| c.stage == s.as_str())
                .map_or(24, |c| c.limit_hours)
                * HOUR_MS
                * 6
                / 10
        })
        .sum();
    now - in_stage.max(HOUR_MS) - earlier
}

/// Follow-up calls (回访) for the demo's finished complaints and sampled closed claims.
async fn seed_follow_ups(tx: &mut Tx, now: i64) -> anyhow::Result<()> {
    #[derive(sqlx::FromRow)]
    struct FinishedRow {
        id: i64,
        customer_id: i64,
    }
    let complaints: Vec<FinishedRow> = sqlx::query_as(
        "SELECT id, customer_id FROM work_orders WHERE kind = 'complaint' AND status IN ('resolved', 'closed') \
         ORDER BY id LIMIT 12",
    )
    .fetch_all(&mut **tx)
    .await?;
    for c in complaints {
        follow_ups::schedule(
            tx,
            c.customer_id,
            follow_ups::Subject::Complaint { order_id: c.id },
            now - 3 * HOUR_MS,
        )
        .await?;
    }
    #[derive(sqlx::FromRow)]
    struct ClaimRow {
        id: i64,
        customer_id: i64,
        claim_no: String,
    }
    let claims: Vec<ClaimRow> =
        sqlx::query_as("SELECT id, customer_id, claim_no FROM claims WHERE stage = 'closed' ORDER BY id")
            .fetch_all(&mut **tx)
            .await?;
    for c in claims {
        let subject = follow_ups::Subject::Claim {
            claim_id: c.id,
            claim_no: &c.claim_no,
        };
        follow_ups::schedule(tx, c.customer_id, subject, now - 5 * HOUR_MS).await?;
    }
    Ok(())
}

pub async fn seed(tx: &mut Tx, count: usize, now: i64) -> anyhow::Result<()> {
    let payout = seed_open(tx, count, 910_001, now).await?;
    let began_by = Date::at(now - 45 * DAY_MS, INSURER_OFFSET_MS).iso();
    let policies = policies_for_claims(tx, &began_by, count).await?;
    // A small claim the rules approved at once, waiting for a look before it is paid.
    if let Some(policy) = policies.iter().find(|p| p.line == ProductLine::Health.as_str()) {
        let plan = ClaimPlan {
            claim_no: CaseKind::Claim.number(2026, 919_001),
            customer_id: policy.customer_id,
            policy_id: policy.policy_id,
            coverage_id: policy.coverage_id,
            stage: ClaimStage::Approved,
            outcome: None,
            amount: Money::from_fen(150_000.min(policy.limit_fen)),
            reported_at: now - 3 * HOUR_MS,
            description: what_happened(ProductLine::parse(&policy.line).unwrap_or(ProductLine::Health), 0),
            awaiting: None,
            fast_track: true,
            payout,
            handler: None,
        };
        let commitments = commitments(tx).await?;
        insert_claim(tx, &plan, &commitments, now).await?;
    }
    seed_follow_ups(tx, now).await
}

/// `count` claims of other customers over the desk's stages (`DESK_CLAIMS` in turn),
/// numbered from `first_number`; the bench's small database takes a few hundred, so its
/// desk pages are as full as at scale. Answers the payout account they name.
pub async fn seed_open(tx: &mut Tx, count: usize, first_number: u64, now: i64) -> anyhow::Result<BankAccount> {
    // In-force policies of other customers that began long enough ago for every incident.
    let began_by = Date::at(now - 45 * DAY_MS, INSURER_OFFSET_MS).iso();
    let policies = policies_for_claims(tx, &began_by, count).await?;
    if !policies.iter().any(|p| p.limit_fen >= ABOVE_AGENT_YUAN * 100) {
        anyhow::bail!("no policy covers the payout above an agent's authority");
    }
    let commitments = commitments(tx).await?;
    let supervisor_watch = staff_id(tx, "supervisor").await?;
    let payout = BankAccount {
        bank: "中国建设银行".into(),
        number: "6217000011112222333".into(),
    };
    let plans = DESK_CLAIMS
        .iter()
        .cycle()
        .take(count)
        .enumerate()
        .map(|(n, spec)| {
            // The next policy whose coverage is wide enough for the amount, taken in turn.
            let policy = (0..policies.len())
                .map(|i| &policies[(n + i) % policies.len()])
                .find(|p| p.limit_fen >= spec.3 * 100)
                .or_else(|| policies.get(n % policies.len().max(1)));
            // One payout waits for a supervisor's approval.
            let waits = spec.3 == ABOVE_AGENT_YUAN && n < DESK_CLAIMS.len();
            (n, spec, policy, waits)
        })
        .collect::<Vec<_>>();
    for (n, &(stage, outcome, hours_in_stage, yuan, handler), policy, waits) in plans {
        let Some(policy) = policy else { continue };
        let line = ProductLine::parse(&policy.line).unwrap_or(ProductLine::Health);
        let description = what_happened(line, n);
        let amount = Money::from_fen((yuan * 100).min(policy.limit_fen));
        let handler = match handler {
            Some(username) => Some(staff_id(tx, username).await?),
            None => None,
        };
        let plan = ClaimPlan {
            claim_no: CaseKind::Claim.number(2026, first_number + n as u64),
            customer_id: policy.customer_id,
            policy_id: policy.policy_id,
            coverage_id: policy.coverage_id,
            stage,
            outcome,
            amount,
            reported_at: reported_for(
                stage,
                hours_in_stage * HOUR_MS + (n as i64) * 7 * 60_000,
                &commitments,
                now,
            ),
            description,
            awaiting: None,
            fast_track: false,
            payout: payout.clone(),
            handler,
        };
        let (claim_id, entered) = insert_claim(tx, &plan, &commitments, now).await?;
        if waits {
            if let Some(requested_by) = handler {
                claims::desk::insert_approval_request(tx, claim_id, amount, requested_by, entered + HOUR_MS).await?;
                claims::desk::insert_note(
                    tx,
                    claim_id,
                    requested_by,
                    "发票、病历齐全，手术费用合理，超出本人权限，提交主管审批。",
                    entered + HOUR_MS,
                )
                .await?;
            }
        }
        if stage == ClaimStage::Surveyed {
            claims::desk::insert_note(
                tx,
                claim_id,
                supervisor_watch,
                "住院天数偏长，核实时请调取医院费用明细。",
                entered + 2 * HOUR_MS,
            )
            .await?;
        }
    }
    Ok(payout)
}

/// In-force policies of customers other than the showcase one, VIPs first, for claims.
async fn policies_for_claims(tx: &mut Tx, began_by: &str, count: usize) -> anyhow::Result<Vec<PolicyRow>> {
    let policies: Vec<PolicyRow> = sqlx::query_as(
        "SELECT p.id AS policy_id, pr.line, p.holder_id AS customer_id, pc.coverage_id, pc.limit_fen \
         FROM policies p JOIN customers c ON c.id = p.holder_id JOIN products pr ON pr.id = p.product_id \
         JOIN policy_coverages pc ON pc.id = (SELECT MIN(x.id) FROM policy_coverages x WHERE x.policy_id = p.id) \
         WHERE p.status = 'in_force' AND p.period_start <= $1 AND c.phone <> $2 \
         ORDER BY CASE WHEN c.vip_tier = 'none' THEN 1 ELSE 0 END, p.id LIMIT $3",
    )
    .bind(began_by)
    .bind(DEMO_CUSTOMER_PHONE)
    .bind(count as i64)
    .fetch_all(&mut **tx)
    .await?;
    Ok(policies)
}
