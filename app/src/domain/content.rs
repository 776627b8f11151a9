//! Rules for what admins write for customers: knowledge-base articles (咨询服务) and
//! announcements, both in Chinese and English, and who an announcement is sent to.

use super::calendar::{Date, HOUR_MS, INSURER_OFFSET_MS, MINUTE_MS};
use super::{ArticleKind, Invalid, MemberLevel, ProductLine, TextRule, VipTier};

/// An article as an admin types it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ArticleFields {
    /// The article's address under `/help/`.
    pub slug: String,
    pub kind: String,
    pub title_zh: String,
    pub title_en: String,
    pub body_zh: String,
    pub body_en: String,
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedArticle {
    pub slug: String,
    pub kind: ArticleKind,
    pub title_zh: String,
    pub title_en: String,
    pub body_zh: String,
    pub body_en: String,
    pub published: bool,
}

const TITLE: TextRule = TextRule {
    min_chars: 2,
    max_chars: 80,
    multiline: false,
    required: Invalid::new("title_required", "Enter a title"),
    too_short: Invalid::new("title_too_short", "At least 2 characters"),
    too_long: Invalid::new("title_too_long", "At most 80 characters"),
};

const ARTICLE_BODY: TextRule = TextRule {
    min_chars: 10,
    max_chars: 8000,
    multiline: true,
    required: Invalid::new("article_body_required", "Write the article"),
    too_short: Invalid::new("article_body_too_short", "At least 10 characters"),
    too_long: Invalid::new("article_body_too_long", "At most 8000 characters"),
};

/// An address segment: 3 to 60 of `a-z 0-9 -`, starting with a letter, kept lower-case.
pub fn parse_slug(input: &str) -> Result<String, Invalid> {
    let slug = input.trim().to_ascii_lowercase();
    let valid = (3..=60).contains(&slug.len())
        && slug.starts_with(|c: char| c.is_ascii_lowercase())
        && !slug.ends_with('-')
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        Ok(slug)
    } else {
        Err(Invalid::new(
            "slug_invalid",
            "3 to 60 lower-case letters, digits and hyphens, starting with a letter",
        ))
    }
}

/// Checks each field with its own rule: every broken rule at once, named by its field.
fn fields<const N: usize>(
    checks: [(&'static str, &str, &TextRule); N],
    errors: &mut Vec<(&'static str, Invalid)>,
) -> [String; N] {
    checks.map(|(field, value, rule)| {
        rule.check(value).unwrap_or_else(|invalid| {
            errors.push((field, invalid));
            String::new()
        })
    })
}

pub fn check_article(input: &ArticleFields) -> Result<CheckedArticle, Vec<(&'static str, Invalid)>> {
    let mut errors = Vec::new();
    let slug = parse_slug(&input.slug).map_err(|e| errors.push(("slug", e))).ok();
    let kind = ArticleKind::parse(input.kind.trim());
    if kind.is_none() {
        errors.push((
            "kind",
            Invalid::new("article_kind_invalid", "Choose what the article is"),
        ));
    }
    let [title_zh, title_en, body_zh, body_en] = fields(
        [
            ("title_zh", &input.title_zh, &TITLE),
            ("title_en", &input.title_en, &TITLE),
            ("body_zh", &input.body_zh, &ARTICLE_BODY),
            ("body_en", &input.body_en, &ARTICLE_BODY),
        ],
        &mut errors,
    );
    match (slug, kind) {
        (Some(slug), Some(kind)) if errors.is_empty() => Ok(CheckedArticle {
            slug,
            kind,
            title_zh,
            title_en,
            body_zh,
            body_en,
            published: input.published,
        }),
        _ => Err(errors),
    }
}

/// What a knowledge-base search is given: at most 40 characters, without hidden characters.
pub fn search_terms(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_control())
        .take(40)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Latin letters and digits make words; anything else that is a letter (Chinese) is read
/// character by character.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The terms the help centre indexes a text by, lower-cased: each Chinese (non-Latin)
/// character and each pair of neighbouring ones, so a word of one or two characters is found
/// by one term; and each Latin word or number with each of its beginnings of two characters
/// or more, so "claim" finds "claims".
pub fn index_terms(text: &str) -> std::collections::BTreeSet<String> {
    let mut terms = std::collections::BTreeSet::new();
    let lower = text.to_lowercase();
    let mut word = String::new();
    let mut previous: Option<char> = None;
    let flush = |word: &mut String, terms: &mut std::collections::BTreeSet<String>| {
        let chars: Vec<char> = word.chars().collect();
        for end in 2..=chars.len().min(MAX_PREFIX) {
            terms.insert(chars[..end].iter().collect());
        }
        word.clear();
    };
    for c in lower.chars() {
        if is_word_char(c) {
            word.push(c);
            previous = None;
            continue;
        }
        flush(&mut word, &mut terms);
        if c.is_alphabetic() {
            terms.insert(c.to_string());
            if let Some(p) = previous {
                terms.insert([p, c].iter().collect());
            }
            previous = Some(c);
        } else {
            previous = None;
        }
    }
    flush(&mut word, &mut terms);
    terms
}

/// The longest beginning of a Latin word the index keeps: longer words are found by it.
const MAX_PREFIX: usize = 12;

/// The terms a searched word must all have, the same way as `index_terms`: a Chinese word's
/// characters in pairs (its one character when alone), a Latin word itself (cut to the
/// longest beginning kept). Empty when the word has nothing the index keeps (one Latin
/// letter, punctuation).
pub fn query_terms(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let mut terms = Vec::new();
    let mut latin = String::new();
    let mut run: Vec<char> = Vec::new();
    let finish_run = |run: &mut Vec<char>, terms: &mut Vec<String>| {
        match run.len() {
            0 => {}
            1 => terms.push(run[0].to_string()),
            _ => terms.extend(run.windows(2).map(|pair| pair.iter().collect::<String>())),
        }
        run.clear();
    };
    let finish_latin = |latin: &mut String, terms: &mut Vec<String>| {
        let chars: Vec<char> = latin.chars().collect();
        if chars.len() >= 2 {
            terms.push(chars[..chars.len().min(MAX_PREFIX)].iter().collect());
        }
        latin.clear();
    };
    for c in lower.chars() {
        if is_word_char(c) {
            finish_run(&mut run, &mut terms);
            latin.push(c);
        } else if c.is_alphabetic() {
            finish_latin(&mut latin, &mut terms);
            run.push(c);
        } else {
            finish_run(&mut run, &mut terms);
            finish_latin(&mut latin, &mut terms);
        }
    }
    finish_run(&mut run, &mut terms);
    finish_latin(&mut latin, &mut terms);
    terms.sort();
    terms.dedup();
    terms
}

/// Who a published announcement is sent to (besides being shown to everyone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    Everyone,
    Level(MemberLevel),
    Tier(VipTier),
    /// Customers holding a policy of this line.
    Line(ProductLine),
}

impl Segment {
    /// `all`, `level:<level>`, `tier:<tier>` or `line:<product line>`.
    pub fn parse(text: &str) -> Option<Segment> {
        match text.trim().split_once(':') {
            None if text.trim() == "all" => Some(Segment::Everyone),
            Some(("level", v)) => MemberLevel::parse(v).map(Segment::Level),
            Some(("tier", v)) => VipTier::parse(v).map(Segment::Tier),
            Some(("line", v)) => ProductLine::parse(v).map(Segment::Line),
            _ => None,
        }
    }

    pub fn as_string(self) -> String {
        match self {
            Segment::Everyone => "all".to_string(),
            Segment::Level(l) => format!("level:{}", l.as_str()),
            Segment::Tier(t) => format!("tier:{}", t.as_str()),
            Segment::Line(l) => format!("line:{}", l.as_str()),
        }
    }

    /// Every segment an admin can choose, in the order the form lists them.
    pub fn all() -> Vec<Segment> {
        let mut list = vec![Segment::Everyone];
        list.extend(MemberLevel::ALL.iter().copied().map(Segment::Level));
        list.extend(VipTier::ALL.iter().copied().map(Segment::Tier));
        list.extend(ProductLine::ALL.iter().copied().map(Segment::Line));
        list
    }
}

/// An announcement as an admin types it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AnnouncementFields {
    pub title_zh: String,
    pub title_en: String,
    pub body_zh: String,
    pub body_en: String,
    /// `YYYY-MM-DDTHH:MM` in the insurer's time (as a `datetime-local` input gives it);
    /// empty: when it is published.
    #[serde(default)]
    pub publish_at: String,
    /// Tell a segment by a notification (and their chosen channels) when it goes out.
    #[serde(default)]
    pub notify: bool,
    /// See [`Segment::parse`]; `all` when empty.
    #[serde(default)]
    pub segment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAnnouncement {
    pub title_zh: String,
    pub title_en: String,
    pub body_zh: String,
    pub body_en: String,
    /// Epoch milliseconds; `None`: when published.
    pub publish_at: Option<i64>,
    pub notify: bool,
    pub segment: Segment,
}

const ANNOUNCEMENT_TITLE: TextRule = TextRule {
    min_chars: 2,
    max_chars: 60,
    multiline: false,
    required: Invalid::new("title_required", "Enter a title"),
    too_short: Invalid::new("title_too_short", "At least 2 characters"),
    too_long: Invalid::new("title_too_long", "At most 60 characters"),
};

const ANNOUNCEMENT_BODY: TextRule = TextRule {
    min_chars: 2,
    max_chars: 2000,
    multiline: true,
    required: Invalid::new("announcement_body_required", "Write the announcement"),
    too_short: Invalid::new("announcement_body_required", "Write the announcement"),
    too_long: Invalid::new("announcement_body_too_long", "At most 2000 characters"),
};

/// `YYYY-MM-DDTHH:MM` (or with a space, or seconds) in the insurer's time, as an instant.
pub fn parse_insurer_time(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once(['T', ' '])?;
    let date = Date::parse_iso(date)?;
    let mut parts = time.split(':');
    let hour: i64 = parts.next()?.parse().ok()?;
    let minute: i64 = parts.next()?.parse().ok()?;
    if !(0..24).contains(&hour) || !(0..60).contains(&minute) {
        return None;
    }
    Some(date.start_ms(INSURER_OFFSET_MS) + hour * HOUR_MS + minute * MINUTE_MS)
}

/// An instant as `YYYY-MM-DDTHH:MM` in the insurer's time, as a `datetime-local` input shows it.
pub fn format_insurer_time(epoch_ms: i64) -> String {
    let date = Date::at(epoch_ms, INSURER_OFFSET_MS);
    let minutes = (epoch_ms + INSURER_OFFSET_MS).rem_euclid(super::calendar::DAY_MS) / MINUTE_MS;
    format!("{}T{:02}:{:02}", date.iso(), minutes / 60, minutes % 60)
}

/// `now`: the instant the form is checked; a publish time must not be in the past.
pub fn check_announcement(
    input: &AnnouncementFields,
    now: i64,
) -> Result<CheckedAnnouncement, Vec<(&'static str, Invalid)>> {
    let mut errors = Vec::new();
    let [title_zh, title_en, body_zh, body_en] = fields(
        [
            ("title_zh", &input.title_zh, &ANNOUNCEMENT_TITLE),
            ("title_en", &input.title_en, &ANNOUNCEMENT_TITLE),
            ("body_zh", &input.body_zh, &ANNOUNCEMENT_BODY),
            ("body_en", &input.body_en, &ANNOUNCEMENT_BODY),
        ],
        &mut errors,
    );
    let publish_at = if input.publish_at.trim().is_empty() {
        None
    } else {
        match parse_insurer_time(&input.publish_at) {
            // A minute's grace: the form was filled a moment ago.
            Some(at) if at >= now - MINUTE_MS => Some(at),
            Some(_) => {
                errors.push((
                    "publish_at",
                    Invalid::new("publish_at_past", "Choose a time from now on, or leave it empty"),
                ));
                None
            }
            None => {
                errors.push(("publish_at", Invalid::new("publish_at_invalid", "A date and time")));
                None
            }
        }
    };
    let segment = if input.segment.trim().is_empty() {
        Some(Segment::Everyone)
    } else {
        Segment::parse(&input.segment)
    };
    if segment.is_none() {
        errors.push(("segment", Invalid::new("segment_invalid", "Choose who receives it")));
    }
    match segment {
        Some(segment) if errors.is_empty() => Ok(CheckedAnnouncement {
            title_zh,
            title_en,
            body_zh,
            body_en,
            publish_at,
            notify: input.notify,
            segment,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> ArticleFields {
        ArticleFields {
            slug: "How-To-Claim".into(),
            kind: "guide".into(),
            title_zh: "如何理赔".into(),
            title_en: "How to claim".into(),
            body_zh: "拍照上传发票和病历即可。".into(),
            body_en: "Upload photos of the invoice and records.".into(),
            published: true,
        }
    }

    #[test]
    fn an_article_needs_both_languages_and_an_address() {
        let checked = check_article(&article()).unwrap();
        assert_eq!(checked.slug, "how-to-claim");
        assert_eq!(checked.kind, ArticleKind::Guide);
        let bad = ArticleFields {
            slug: "1 bad".into(),
            kind: "poem".into(),
            title_en: String::new(),
            body_zh: "短".into(),
            ..article()
        };
        let fields: Vec<&str> = check_article(&bad).unwrap_err().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["slug", "kind", "title_en", "body_zh"]);
    }

    #[test]
    fn segments_read_and_write_the_same() {
        for segment in Segment::all() {
            assert_eq!(Segment::parse(&segment.as_string()), Some(segment));
        }
        assert_eq!(Segment::parse("level:platinum"), None);
        assert_eq!(Segment::parse("everyone"), None);
    }

    #[test]
    fn a_publish_time_is_insurer_time_and_not_past() {
        // 2026-12-06 09:30 in Shanghai is 01:30 UTC.
        let at = parse_insurer_time("2026-12-06T09:30").unwrap();
        assert_eq!(
            at,
            Date::parse_iso("2026-12-06").unwrap().start_ms(0) + HOUR_MS + 30 * MINUTE_MS
        );
        let form = AnnouncementFields {
            title_zh: "服务调整".into(),
            title_en: "Service change".into(),
            body_zh: "正文".into(),
            body_en: "Body".into(),
            publish_at: "2026-12-06T09:30".into(),
            notify: true,
            segment: "tier:gold".into(),
        };
        assert_eq!(format_insurer_time(at), "2026-12-06T09:30");
        let checked = check_announcement(&form, at - HOUR_MS).unwrap();
        assert_eq!(checked.segment, Segment::Tier(VipTier::Gold));
        let late = check_announcement(&form, at + HOUR_MS).unwrap_err();
        assert_eq!(late[0].1.code, "publish_at_past");
        let nonsense = AnnouncementFields {
            publish_at: "tomorrow".into(),
            segment: "vip".into(),
            ..form
        };
        let codes: Vec<&str> = check_announcement(&nonsense, 0)
            .unwrap_err()
            .into_iter()
            .map(|(_, e)| e.code)
            .collect();
        assert_eq!(codes, ["publish_at_invalid", "segment_invalid"]);
    }
}

#[cfg(test)]
mod index_term_tests {
    use super::*;

    #[test]
    fn a_text_is_indexed_by_characters_pairs_and_word_beginnings() {
        let terms = index_terms("理赔指南: Claims, 24h");
        for term in ["理", "赔", "理赔", "赔指", "指南", "cl", "claim", "claims", "24", "24h"] {
            assert!(terms.contains(term), "{term}: {terms:?}");
        }
        assert!(!terms.contains("南c"), "no pair across a Latin word: {terms:?}");
        assert!(!terms.contains("c"), "one Latin letter is not a term");
    }

    #[test]
    fn a_searched_word_needs_each_of_its_terms_and_finds_what_the_index_holds() {
        assert_eq!(query_terms("理赔"), vec!["理赔"]);
        assert_eq!(query_terms("理赔材料"), vec!["材料", "理赔", "赔材"]);
        assert_eq!(query_terms("赔"), vec!["赔"]);
        assert_eq!(query_terms("Claim"), vec!["claim"]);
        assert!(query_terms("a").is_empty());
        let text = index_terms("理赔材料清单 Claim documents");
        for word in ["理赔", "材料", "理赔材料", "claim", "docu", "documents"] {
            assert!(query_terms(word).iter().all(|t| text.contains(t)), "{word}");
        }
        // A long word is cut to the beginning the index keeps, and still found.
        let long = index_terms("internationalisation");
        assert!(query_terms("internationalisation").iter().all(|t| long.contains(t)));
    }
}
