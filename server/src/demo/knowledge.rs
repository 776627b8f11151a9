//! The demo's knowledge base: a few product pages, service guides and FAQ in both
//! languages, written through the same rules and `INSERT` admins use.

use app::backend::{content::knowledge, Tx};
use app::domain::{check_article, ArticleFields};

/// (address, kind, title zh, title en, body zh, body en)
const ARTICLES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "how-to-report-a-claim",
        "guide",
        "如何报案理赔",
        "How to report a claim",
        "出险后请尽快报案：在“我的理赔”中点击“报案”，选择保单和保障责任，填写出险时间、地点和经过。\n\n\
         小额医疗、车险、家财和意外险理赔上传照片后可当场核赔（快速理赔）。其他理赔会在 2 小时内派人联系您，\
         并在每个环节告诉您下一步和预计完成时间。\n\n也可拨打客服热线 95500 报案，7×24 小时受理。",
        "Report as soon as you can after an incident: in My claims choose Report a claim, pick the policy and \
         the cover, and say when, where and what happened.\n\nSmall medical, motor, home and accident claims with \
         photos are approved on the spot (fast track). For other claims someone contacts you within 2 hours, and \
         every stage tells you what comes next and by when.\n\nYou can also report on the hotline 95500, around the clock.",
    ),
    (
        "claim-documents",
        "guide",
        "理赔需要哪些材料",
        "Which documents a claim needs",
        "医疗理赔：发票、费用清单、病历或出院小结。\n车险理赔：事故认定书、驾驶证、行驶证、维修发票。\n\
         家财理赔：损失照片、购物凭证，盗抢需报警回执。\n意外理赔：诊断证明、发票，身故需死亡证明。\n\n\
         照片清晰、四角完整即可，支持 JPG、PNG 和 PDF。缺少材料时我们会在理赔页面告诉您缺哪一项。",
        "Medical: invoices, the itemised bill, records or the discharge summary.\nMotor: the accident report, \
         driving licence, vehicle licence and repair invoice.\nHome: photos of the loss and receipts; a police \
         report for theft.\nAccident: the diagnosis and invoices; a death certificate for a death claim.\n\n\
         Clear photos with all four corners are enough, as JPG, PNG or PDF. If something is missing, the claim's \
         page says exactly what.",
    ),
    (
        "how-long-does-a-claim-take",
        "faq",
        "理赔多久能到账？",
        "How long until a claim is paid?",
        "快速理赔通过后一般当天到账。普通理赔材料齐全后：查勘 3 天内、核定 3 天内、审批 3 天内完成，\
         审批通过后 1 个工作日内打款。每个环节的承诺时间都显示在理赔页面上。",
        "A fast-track claim is usually paid the same day. Otherwise, once the documents are complete: the \
         survey within 3 days, the assessment within 3 days and the approval within 3 days, then payment within \
         one business day. Each stage's promised time is shown on the claim's page.",
    ),
    (
        "change-payout-account",
        "faq",
        "如何更换收款账户？",
        "How do I change the account a claim pays into?",
        "报案时可以选择已有的收款账户或填写新的银行账户。审批前如需更换，请在理赔页面留言或提交服务工单，\
         我们核实身份后为您更改。",
        "When you report a claim you can pick an account on file or enter a new bank account. To change it \
         before approval, message us on the claim's page or open a service request; we change it after checking \
         it is you.",
    ),
    (
        "million-medical-cover",
        "product",
        "百万医疗保险",
        "Million Medical Cover",
        "保障内容：一般医疗费用最高 200 万元，重大疾病医疗费用最高 400 万元，年免赔额 1 万元。\n\n\
         价格示例：30 岁约 300 元/年，50 岁约 800 元/年。\n\n适合人群：想用较低保费转移大额住院费用风险的家庭，\
         已有社保的人群效果更好。",
        "What it covers: general medical costs up to ¥2,000,000 and critical-illness treatment up to \
         ¥4,000,000, with a ¥10,000 yearly deductible.\n\nPrice examples: about ¥300 a year at 30, about ¥800 \
         a year at 50.\n\nWho it suits: families who want large hospital bills covered for a small premium, \
         best alongside social medical insurance.",
    ),
    (
        "motor-comprehensive",
        "product",
        "机动车商业保险",
        "Motor Comprehensive",
        "保障内容：车辆损失、第三者责任（最高 300 万元）、车上人员责任。出险后可在线报案，小额事故上传照片即可快速理赔。\n\n\
         价格示例：10 万元家用车首年约 3000 元，无出险续保可享优惠。\n\n适合人群：所有私家车主，与交强险搭配投保。",
        "What it covers: damage to your car, third-party liability up to ¥3,000,000 and passengers. Report \
         online; small accidents with photos take the fast track.\n\nPrice examples: about ¥3,000 the first year \
         for a ¥100,000 family car, less on renewal without claims.\n\nWho it suits: every private car owner, \
         together with the compulsory cover.",
    ),
    (
        "points-and-rewards",
        "faq",
        "积分怎么获得和使用？",
        "How do I earn and spend points?",
        "实名认证、首次自助理赔、完成满意度评价和每月签到都可以获得积分。积分可在积分商城兑换话费、\
         电子卡和视频会员，有效期 2 年，到期前会提醒您。",
        "You earn points for verifying your identity, your first self-service claim, rating our service and \
         signing in each month. Spend them in the rewards catalog on phone credit, e-cards and video \
         memberships. Points last 2 years, and we remind you before they expire.",
    ),
];

pub async fn seed(tx: &mut Tx, now: i64) -> anyhow::Result<()> {
    for (slug, kind, title_zh, title_en, body_zh, body_en) in ARTICLES {
        let fields = ArticleFields {
            slug: slug.to_string(),
            kind: kind.to_string(),
            title_zh: title_zh.to_string(),
            title_en: title_en.to_string(),
            body_zh: body_zh.to_string(),
            body_en: body_en.to_string(),
            published: true,
        };
        let article = check_article(&fields).map_err(|errors| anyhow::anyhow!("demo article {slug}: {errors:?}"))?;
        knowledge::insert(tx, &article, None, now).await?;
    }
    Ok(())
}
