//! The demo's service campaign (客服节), running from a few days ago for a month, with a
//! survey, a quiz and an event; written through the rules and `INSERT`s admins use.

use app::backend::{loyalty::campaigns, Tx};
use app::domain::calendar::{insurer_date, DAY_MS};
use app::domain::{check_campaign, ActivityFields, CampaignFields};

pub async fn seed(tx: &mut Tx, now: i64) -> anyhow::Result<()> {
    let activity = |kind: &str, title_zh: &str, title_en: &str, points: &str| ActivityFields {
        id: None,
        kind: kind.into(),
        title_zh: title_zh.into(),
        title_en: title_en.into(),
        points: points.into(),
    };
    let fields = CampaignFields {
        code: "service-festival".into(),
        title_zh: "客服节 · 感恩有您".into(),
        title_en: "Service Festival: thank you".into(),
        summary_zh: "客服节期间完成以下任务即可获得积分：为我们的服务打分、参加健康知识问答、报名线下健康讲座。".into(),
        summary_en: "During our service festival, earn points by rating our service, answering a health quiz and signing up for a health talk.".into(),
        starts_on: insurer_date(now - 5 * DAY_MS).iso(),
        ends_on: insurer_date(now + 25 * DAY_MS).iso(),
        published: true,
        activities: vec![
            activity("survey", "服务满意度调查", "Rate our service", "50"),
            activity("quiz", "健康知识问答：高血压的三个危险信号？", "Health quiz: three warning signs of high blood pressure?", "30"),
            activity("event", "报名周六线下健康讲座", "Sign up for Saturday's health talk", "80"),
        ],
    };
    let campaign = check_campaign(&fields).map_err(|errors| anyhow::anyhow!("demo campaign: {errors:?}"))?;
    let id = campaigns::insert(tx, &campaign, now).await?;
    for (position, activity) in campaign.activities.iter().enumerate() {
        campaigns::insert_activity(tx, id, activity, position as i64, now).await?;
    }
    Ok(())
}
