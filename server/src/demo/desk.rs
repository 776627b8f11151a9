//! Demo data for the console: a few hundred work orders from the demo customers, in every
//! status and channel, in both queues of every group, routed and given deadlines as live
//! ones are, some answered, transferred or noted on the way.

use anyhow::Context;

use app::backend::work_orders::history::{record_event, Event};
use app::backend::work_orders::routing::{self, ToRoute};
use app::backend::work_orders::{self, Author, NewWorkOrder, Visibility};
use app::backend::work_orders::{access, desk};
use app::backend::Tx;
use app::domain::calendar::{DAY_MS, HOUR_MS, MINUTE_MS};
use app::domain::service_level::Deadlines;
use app::domain::{
    CaseKind, Channel, ComplaintCategory, Priority, ResolutionCode, WorkOrderEventKind, WorkOrderKind, WorkOrderStatus,
};

use super::Rng;

/// (kind, subject, first message)
const TOPICS: &[(WorkOrderKind, &str, &str)] = &[
    (
        WorkOrderKind::Consultation,
        "重疾险等待期怎么算",
        "我上个月刚买的重疾险，想确认一下等待期从哪天开始算，等待期内确诊怎么处理？",
    ),
    (
        WorkOrderKind::Consultation,
        "保单贷款怎么办理",
        "我的终身寿险有现金价值，听说可以申请保单贷款，请问额度和利率是多少？",
    ),
    (
        WorkOrderKind::Consultation,
        "异地就医能报销吗",
        "我在外地出差生病住院，医疗险能正常报销吗？需要提前备案吗？",
    ),
    (
        WorkOrderKind::Consultation,
        "缴费日期能否调整",
        "每年的扣费日在月底，工资月初才到账，能不能把扣费日改到每月 10 号？",
    ),
    (
        WorkOrderKind::Complaint,
        "理赔进度太慢",
        "车险报案已经一周了，查勘员一直没有联系我，修车厂在催，希望尽快处理。",
    ),
    (
        WorkOrderKind::Complaint,
        "电话客服态度不好",
        "昨天打客服电话咨询退保，接线员语气很不耐烦，还没说完就挂了。",
    ),
    (
        WorkOrderKind::Complaint,
        "扣费金额与合同不符",
        "这个月续期扣费比合同约定多扣了 86 元，请核实并退还。",
    ),
    (
        WorkOrderKind::Complaint,
        "销售时没说清楚免责条款",
        "买的时候业务员说什么都能赔，现在才知道既往症不赔，感觉被误导了。",
    ),
    (
        WorkOrderKind::Suggestion,
        "希望增加微信提醒",
        "续期缴费提醒只有短信，经常被当成垃圾短信，希望能在微信里提醒。",
    ),
    (
        WorkOrderKind::Suggestion,
        "理赔材料清单不清楚",
        "建议在报案页面直接列出每种理赔需要的材料，少跑几趟。",
    ),
    (
        WorkOrderKind::PolicyService,
        "变更联系电话",
        "我换了手机号码，请把保单上的联系电话改成新号码。",
    ),
    (
        WorkOrderKind::PolicyService,
        "变更受益人",
        "孩子已经成年，想把身故受益人从配偶改为配偶和孩子各 50%。",
    ),
    (
        WorkOrderKind::ApplicationAppointment,
        "预约上门讲解保障",
        "想给父母配置一份医疗险，希望周末有顾问上门讲解一下。",
    ),
    (
        WorkOrderKind::ClaimEnquiry,
        "理赔还差什么材料",
        "医院的费用清单已经上传了，系统还显示待补充材料，请问还缺什么？",
    ),
    (
        WorkOrderKind::ClaimEnquiry,
        "车险定损金额有异议",
        "定损只给了 3200 元，修理厂报价 5100 元，差距太大，能否重新定损？",
    ),
];

const REPLIES: &[&str] = &[
    "您好，已收到您的问题，我们正在核实，会尽快给您答复。",
    "您好，请您补充一下保单号和相关凭证的照片，方便我们进一步处理。",
    "您好，经核实情况属实，我们已安排专人跟进，处理结果会第一时间通知您。",
    "您好，相关规定是这样的：等待期自合同生效日起计算，详情请见条款第六条。",
];

const NOTES: &[&str] = &[
    "客户来电两次，情绪较急，优先处理。",
    "已与理赔部确认，材料齐全，等待核赔。",
    "客户为金牌会员，注意回访。",
];

#[derive(sqlx::FromRow)]
struct CustomerRow {
    id: i64,
    vip_tier: String,
}

#[derive(sqlx::FromRow)]
struct IdRow {
    id: i64,
}

/// How many work orders to make, and in what states.
pub struct Load {
    orders: usize,
    /// The first order's number (WO2026nnnnnn).
    first_number: u64,
    /// All open and new, as a desk at its busiest (the benchmark); otherwise every state.
    open_only: bool,
}

impl Load {
    /// A few hundred for the platform, a few dozen for tests, in every state.
    pub fn demo(orders: usize) -> Self {
        Self {
            orders,
            first_number: 800_001,
            open_only: false,
        }
    }

    /// Open work only, numbered apart from the demo's.
    pub fn open(orders: usize) -> Self {
        Self {
            orders,
            first_number: 100_001,
            open_only: true,
        }
    }
}

pub async fn seed(tx: &mut Tx, rng: &mut Rng, load: Load, now: i64) -> anyhow::Result<()> {
    let customers: Vec<CustomerRow> = sqlx::query_as("SELECT id, vip_tier FROM customers ORDER BY id")
        .fetch_all(&mut **tx)
        .await?;
    anyhow::ensure!(customers.len() > 2, "customers first");
    for n in 0..load.orders {
        // The showcase customers keep their own, hand-written work orders.
        let customer = &customers[2 + rng.below(customers.len() as u64 - 2) as usize];
        let (kind, subject, message) = *rng.pick(TOPICS);
        let policy: Option<IdRow> = if matches!(kind, WorkOrderKind::PolicyService | WorkOrderKind::ClaimEnquiry) {
            sqlx::query_as("SELECT id FROM policies WHERE holder_id = $1 ORDER BY id LIMIT 1")
                .bind(customer.id)
                .fetch_optional(&mut **tx)
                .await?
        } else {
            None
        };
        if policy.is_none() && matches!(kind, WorkOrderKind::PolicyService | WorkOrderKind::ClaimEnquiry) {
            continue;
        }
        let status = match rng.below(100) {
            _ if load.open_only => WorkOrderStatus::Open,
            0..=27 => WorkOrderStatus::Open,
            28..=52 => WorkOrderStatus::InProgress,
            53..=64 => WorkOrderStatus::AwaitingCustomer,
            65..=84 => WorkOrderStatus::Resolved,
            _ => WorkOrderStatus::Closed,
        };
        // Finished work goes back three weeks; new work came in today, work in hand this week.
        let age = match status {
            WorkOrderStatus::Resolved | WorkOrderStatus::Closed => 2 * DAY_MS + rng.below(19 * DAY_MS as u64) as i64,
            WorkOrderStatus::Open => rng.below(26 * HOUR_MS as u64) as i64,
            _ => rng.below(3 * DAY_MS as u64) as i64,
        };
        let channel = match rng.below(100) {
            0..=49 => Channel::Portal,
            50..=74 => Channel::Phone,
            75..=84 => Channel::Wechat,
            85..=92 => Channel::Email,
            93..=95 => Channel::Letter,
            _ => Channel::WalkIn,
        };
        let order = DemoOrder {
            order_no: CaseKind::WorkOrder.number(2026, load.first_number + n as u64),
            customer_id: customer.id,
            kind,
            policy_id: policy.map(|p| p.id),
            subject,
            message,
            channel,
            priority: if customer.vip_tier == "none" {
                Priority::Normal
            } else {
                Priority::Vip
            },
            opened: now - age,
        };
        let reply = *rng.pick(REPLIES);
        let note = rng.chance(15).then(|| *rng.pick(NOTES));
        let transfer = rng.chance(10);
        create(tx, &order, status, Some(reply), note, transfer, now).await?;
    }
    Ok(())
}

/// A demo work order as the customer opened it.
pub struct DemoOrder<'a> {
    pub order_no: String,
    pub customer_id: i64,
    pub kind: WorkOrderKind,
    pub policy_id: Option<i64>,
    pub subject: &'a str,
    pub message: &'a str,
    pub channel: Channel,
    pub priority: Priority,
    pub opened: i64,
}

/// Opens the work order as the portal would (routed, deadlines set, given to an available
/// agent with room), then plays it forward to `status`: an agent of its group answers (one
/// with room, unless it is finished; with nobody free it stays open in the queue), may note
/// or pass it on, and resolves or waits for the customer.
pub async fn create(
    tx: &mut Tx,
    order: &DemoOrder<'_>,
    status: WorkOrderStatus,
    reply: Option<&str>,
    note: Option<&str>,
    transfer: bool,
    now: i64,
) -> anyhow::Result<()> {
    let request_key = format!("demo-{}", order.order_no);
    let id = work_orders::insert(
        tx,
        &NewWorkOrder {
            order_no: &order.order_no,
            customer_id: order.customer_id,
            kind: order.kind,
            service_type: None,
            policy_id: order.policy_id,
            subject: order.subject,
            request_data: None,
            status: WorkOrderStatus::Open,
            priority: order.priority,
            channel: order.channel,
            request_key: &request_key,
            request_hash: "",
            created_at: order.opened,
            updated_at: order.opened,
        },
    )
    .await?
    .context("a fresh demo work order")?;
    work_orders::add_message(
        tx,
        id,
        Author::Customer,
        order.customer_id,
        Visibility::Public,
        order.message,
        order.opened,
    )
    .await?;
    let assigned = routing::route_new(
        tx,
        ToRoute {
            id,
            order_no: &order.order_no,
            kind: order.kind,
            policy_id: order.policy_id,
            priority: order.priority,
            at: order.opened,
        },
    )
    .await?;
    if status == WorkOrderStatus::Open {
        return Ok(());
    }
    let agent = match assigned {
        Some(agent) => agent,
        None => match group_member(tx, id, status.is_finished()).await? {
            Some(agent) => agent,
            None => return Ok(()),
        },
    };
    // Answered within a few hours, mostly in time.
    let answered = (order.opened + 20 * MINUTE_MS + (order.opened % 7) * HOUR_MS).min(now - MINUTE_MS);
    if assigned.is_none() {
        let row = read(tx, &order.order_no).await?;
        desk::take(tx, &row, agent, answered - MINUTE_MS).await?;
    }
    if let Some(note) = note {
        work_orders::add_message(
            tx,
            id,
            Author::Staff,
            agent,
            Visibility::Internal,
            note,
            answered - MINUTE_MS,
        )
        .await?;
    }
    if let Some(reply) = reply {
        work_orders::add_message(tx, id, Author::Staff, agent, Visibility::Public, reply, answered).await?;
    }
    if transfer && !status.is_finished() {
        #[derive(sqlx::FromRow)]
        struct GroupRow {
            id: i64,
        }
        let complaints: GroupRow = sqlx::query_as("SELECT id FROM skill_groups WHERE code = 'complaints'")
            .fetch_one(&mut **tx)
            .await?;
        let note = "客户表示要投诉，转投诉处理组跟进，已告知客户会有专人联系。";
        let row = read(tx, &order.order_no).await?;
        desk::move_to(tx, &row, complaints.id, None, agent, note, answered + MINUTE_MS).await?;
    }
    let row = read(tx, &order.order_no).await?;
    let mut deadlines = Deadlines {
        first_response_due: row.first_response_due,
        first_response_at: reply.map(|_| answered),
        next_response_due: None,
        resolution_due: row.resolution_due,
        resolved_at: None,
    };
    let mut paused_at = None;
    let (mut resolution, mut category) = (None, None);
    match status {
        WorkOrderStatus::AwaitingCustomer => paused_at = Some(answered),
        WorkOrderStatus::Resolved | WorkOrderStatus::Closed => {
            deadlines.resolved_at = Some((answered + DAY_MS).min(now - MINUTE_MS));
            resolution = Some(if order.kind == WorkOrderKind::Complaint {
                ResolutionCode::Explained
            } else {
                ResolutionCode::Answered
            });
            category = (order.kind == WorkOrderKind::Complaint).then_some(ComplaintCategory::ClaimSpeed);
        }
        _ => {}
    }
    if status != WorkOrderStatus::InProgress && status != WorkOrderStatus::Open {
        let mut changed = Event::new(id, answered, Some(agent), WorkOrderEventKind::Status);
        changed.status = Some(status);
        record_event(tx, changed).await?;
    }
    let outcome = desk::Outcome {
        status,
        at: deadlines.resolved_at.unwrap_or(answered),
        deadlines,
        paused_at,
        resolution,
        category,
    };
    desk::save(tx, id, &outcome).await?;
    Ok(())
}

/// The work order as the desk's services read it.
async fn read(tx: &mut Tx, order_no: &str) -> anyhow::Result<access::OrderRow> {
    access::order_by_number(tx, order_no)
        .await?
        .context("the demo work order")
}

/// An agent of the work order's group who could have handled it: the least loaded, and for
/// work still open one below capacity, whatever their presence now.
async fn group_member(tx: &mut Tx, order_id: i64, finished: bool) -> anyhow::Result<Option<i64>> {
    let row: Option<IdRow> = sqlx::query_as(
        "SELECT a.id FROM (SELECT s.id, s.capacity, \
           (SELECT COUNT(*) FROM work_orders o WHERE o.assignee_staff_id = s.id \
              AND o.status IN ('open', 'in_progress', 'awaiting_customer')) AS load \
           FROM staff s JOIN staff_skill_groups sg ON sg.staff_id = s.id \
           JOIN work_orders w ON w.skill_group_id = sg.skill_group_id \
           WHERE w.id = $1 AND s.role = 'agent') a \
         WHERE $2 = 1 OR a.load < a.capacity ORDER BY a.load, a.id LIMIT 1",
    )
    .bind(order_id)
    .bind(i64::from(finished))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.id))
}
