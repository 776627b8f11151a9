//! Service campaigns (客服节): a time window and the activities that earn points in it (a
//! satisfaction survey, a health quiz, attending an event). Rules for what an admin writes
//! and for what a customer sends to complete an activity.

use super::calendar::Date;
use super::{parse_slug, CampaignActivityKind, Invalid, TextRule};

/// A campaign as an admin types it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CampaignFields {
    /// The campaign's address under `/my/campaigns`.
    pub code: String,
    pub title_zh: String,
    pub title_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    /// `YYYY-MM-DD`, the insurer's dates, both included.
    pub starts_on: String,
    pub ends_on: String,
    pub published: bool,
    pub activities: Vec<ActivityFields>,
}

/// One activity as typed; `id` set for one that exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ActivityFields {
    #[serde(default)]
    pub id: Option<i64>,
    pub kind: String,
    pub title_zh: String,
    pub title_en: String,
    pub points: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedActivity {
    pub id: Option<i64>,
    pub kind: CampaignActivityKind,
    pub title_zh: String,
    pub title_en: String,
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedCampaign {
    pub code: String,
    pub title_zh: String,
    pub title_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub published: bool,
    pub activities: Vec<CheckedActivity>,
}

/// The most activities one campaign has.
pub const MAX_ACTIVITIES: usize = 6;

const TITLE: TextRule = TextRule {
    min_chars: 2,
    max_chars: 60,
    multiline: false,
    required: Invalid::new("title_required", "Enter a title"),
    too_short: Invalid::new("title_too_short", "At least 2 characters"),
    too_long: Invalid::new("title_too_long", "At most 60 characters"),
};

const SUMMARY: TextRule = TextRule {
    min_chars: 2,
    max_chars: 500,
    multiline: true,
    required: Invalid::new("summary_required", "Say what the campaign is"),
    too_short: Invalid::new("summary_required", "Say what the campaign is"),
    too_long: Invalid::new("summary_too_long", "At most 500 characters"),
};

/// Every broken rule at once; an activity's field is named `activities.<n>.<field>`.
pub fn check_campaign(input: &CampaignFields) -> Result<CheckedCampaign, Vec<(String, Invalid)>> {
    let mut errors: Vec<(String, Invalid)> = Vec::new();
    let mut text = |field: &str, value: &str, rule: &TextRule| {
        rule.check(value).map_err(|e| errors.push((field.to_string(), e))).ok()
    };
    let title_zh = text("title_zh", &input.title_zh, &TITLE);
    let title_en = text("title_en", &input.title_en, &TITLE);
    let summary_zh = text("summary_zh", &input.summary_zh, &SUMMARY);
    let summary_en = text("summary_en", &input.summary_en, &SUMMARY);
    let code = parse_slug(&input.code)
        .map_err(|e| errors.push(("code".into(), e)))
        .ok();
    let date = |field: &str, value: &str, errors: &mut Vec<(String, Invalid)>| {
        let parsed = Date::parse_iso(value.trim());
        if parsed.is_none() {
            errors.push((field.into(), Invalid::new("date_invalid", "A date as YYYY-MM-DD")));
        }
        parsed
    };
    let starts_on = date("starts_on", &input.starts_on, &mut errors);
    let ends_on = date("ends_on", &input.ends_on, &mut errors);
    if let (Some(start), Some(end)) = (starts_on, ends_on) {
        if end < start {
            errors.push((
                "ends_on".into(),
                Invalid::new("campaign_window_invalid", "The last day on or after the first"),
            ));
        }
    }
    if input.activities.is_empty() || input.activities.len() > MAX_ACTIVITIES {
        errors.push((
            "activities".into(),
            Invalid::new("activities_count_invalid", "One to six activities"),
        ));
    }
    let mut activities = Vec::new();
    for (n, activity) in input.activities.iter().enumerate() {
        let field = |name: &str| format!("activities.{n}.{name}");
        let kind = CampaignActivityKind::parse(activity.kind.trim());
        if kind.is_none() {
            errors.push((
                field("kind"),
                Invalid::new("activity_kind_invalid", "Choose what the activity is"),
            ));
        }
        let title_zh = TITLE
            .check(&activity.title_zh)
            .map_err(|e| errors.push((field("title_zh"), e)))
            .ok();
        let title_en = TITLE
            .check(&activity.title_en)
            .map_err(|e| errors.push((field("title_en"), e)))
            .ok();
        let points = super::half_width(&activity.points)
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=10_000).contains(p));
        if points.is_none() {
            errors.push((
                field("points"),
                Invalid::new("rule_points_invalid", "A whole number of points from 1 to 10000"),
            ));
        }
        if let (Some(kind), Some(title_zh), Some(title_en), Some(points)) = (kind, title_zh, title_en, points) {
            activities.push(CheckedActivity {
                id: activity.id,
                kind,
                title_zh,
                title_en,
                points,
            });
        }
    }
    match (code, title_zh, title_en, summary_zh, summary_en, starts_on, ends_on) {
        (
            Some(code),
            Some(title_zh),
            Some(title_en),
            Some(summary_zh),
            Some(summary_en),
            Some(starts_on),
            Some(ends_on),
        ) if errors.is_empty() => Ok(CheckedCampaign {
            code,
            title_zh,
            title_en,
            summary_zh,
            summary_en,
            starts_on,
            ends_on,
            published: input.published,
            activities,
        }),
        _ => Err(errors),
    }
}

/// What a customer sends to complete an activity: a survey's 1-5 rating (and a comment),
/// a quiz's answer, an event's note (which session, who comes); at most 300 characters.
pub const ENTRY_TEXT: TextRule = TextRule {
    min_chars: 0,
    max_chars: 300,
    multiline: true,
    required: Invalid::new("answer_required", "Write your answer"),
    too_short: Invalid::new("answer_required", "Write your answer"),
    too_long: Invalid::new("answer_too_long", "At most 300 characters"),
};

/// Checks a completion: a survey needs its rating, a quiz its answer.
pub fn check_entry(
    kind: CampaignActivityKind,
    rating: Option<i64>,
    text: &str,
) -> Result<(Option<i64>, String), (&'static str, Invalid)> {
    let text = ENTRY_TEXT.check(text).map_err(|e| ("answer", e))?;
    match kind {
        CampaignActivityKind::Survey => match rating {
            Some(r) if (1..=5).contains(&r) => Ok((Some(r), text)),
            _ => Err(("rating", Invalid::new("score_invalid", "Choose 1 to 5 stars"))),
        },
        CampaignActivityKind::Quiz if text.is_empty() => {
            Err(("answer", Invalid::new("answer_required", "Write your answer")))
        }
        _ => Ok((None, text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn campaign() -> CampaignFields {
        CampaignFields {
            code: "service-festival-2026".into(),
            title_zh: "2026 客服节".into(),
            title_en: "Service Festival 2026".into(),
            summary_zh: "参与活动赢积分".into(),
            summary_en: "Take part and earn points".into(),
            starts_on: "2026-12-01".into(),
            ends_on: "2026-12-31".into(),
            published: true,
            activities: vec![ActivityFields {
                id: None,
                kind: "survey".into(),
                title_zh: "满意度调查".into(),
                title_en: "Satisfaction survey".into(),
                points: "５０".into(),
            }],
        }
    }

    #[test]
    fn a_campaign_has_a_window_and_activities() {
        let checked = check_campaign(&campaign()).unwrap();
        assert_eq!(checked.activities[0].points, 50);
        let bad = CampaignFields {
            ends_on: "2026-11-30".into(),
            activities: vec![ActivityFields {
                kind: "lottery".into(),
                points: "0".into(),
                ..campaign().activities[0].clone()
            }],
            ..campaign()
        };
        let fields: Vec<String> = check_campaign(&bad).unwrap_err().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["ends_on", "activities.0.kind", "activities.0.points"]);
        let none = CampaignFields {
            activities: Vec::new(),
            ..campaign()
        };
        assert_eq!(check_campaign(&none).unwrap_err()[0].0, "activities");
    }

    #[test]
    fn an_entry_carries_what_its_kind_needs() {
        assert_eq!(
            check_entry(CampaignActivityKind::Survey, Some(5), " 很好 ").unwrap(),
            (Some(5), "很好".into())
        );
        assert_eq!(
            check_entry(CampaignActivityKind::Survey, Some(6), "").unwrap_err().0,
            "rating"
        );
        assert_eq!(
            check_entry(CampaignActivityKind::Quiz, None, " ").unwrap_err().1.code,
            "answer_required"
        );
        assert!(check_entry(CampaignActivityKind::Event, None, "").is_ok());
    }
}
