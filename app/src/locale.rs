//! The languages and their texts, without any UI: the tables compiled from
//! `app/locales/<locale>.json` (flat key -> text, see `build.rs`), `{name}` placeholders,
//! the texts of notifications (shared by the app and by SMS and e-mail), and dates as the
//! reader expects them. The UI's reactive translation (`i18n`) and the server's
//! notifications both read from here, so a service never depends on the UI.

#[allow(dead_code)] // The staff's tables are read only by the server and the staff bundle.
mod tables {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

use crate::domain::NotificationKind;

/// In the browser, the English texts travel in a Wasm module of their own
/// (`#[lazy]`), fetched only when a reader picks English (`Locale::load`): most readers
/// read Chinese, and the English table is about 8 KB of a customer's first download.
/// Until it arrives, English falls back to Chinese rather than to bare keys.
#[cfg(target_arch = "wasm32")]
mod english {
    use super::tables;
    use std::sync::OnceLock;

    /// The texts, then the staff's texts (none in the customer's bundle).
    type Tables = (&'static [&'static str], &'static [&'static str]);

    static LOADED: OnceLock<Tables> = OnceLock::new();

    #[cfg_attr(feature = "split", leptos::lazy)]
    fn english_tables() -> Tables {
        #[cfg(feature = "console")]
        return (tables::EN, tables::STAFF_EN);
        #[cfg(not(feature = "console"))]
        (tables::EN, &[])
    }

    pub async fn load() {
        if LOADED.get().is_none() {
            #[cfg(feature = "split")]
            let tables = english_tables().await;
            #[cfg(not(feature = "split"))]
            let tables = english_tables();
            let _ = LOADED.set(tables);
        }
    }

    pub fn texts() -> &'static [&'static str] {
        LOADED.get().map_or(tables::ZH_CN, |t| t.0)
    }

    #[cfg(feature = "console")]
    pub fn staff_texts() -> &'static [&'static str] {
        LOADED.get().map_or(tables::STAFF_ZH_CN, |t| t.1)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod english {
    use super::tables;

    pub async fn load() {}

    pub fn texts() -> &'static [&'static str] {
        tables::EN
    }

    #[cfg(any(feature = "ssr", feature = "console", test))]
    pub fn staff_texts() -> &'static [&'static str] {
        tables::STAFF_EN
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    ZhCn,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.tag().eq_ignore_ascii_case(tag))
    }

    /// The name of the language in that language, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::ZhCn => "中文",
            Locale::En => "English",
        }
    }

    fn texts(self) -> &'static [&'static str] {
        match self {
            Locale::ZhCn => tables::ZH_CN,
            Locale::En => english::texts(),
        }
    }

    #[cfg(any(feature = "ssr", feature = "console", test))]
    fn staff_texts(self) -> &'static [&'static str] {
        match self {
            Locale::ZhCn => tables::STAFF_ZH_CN,
            Locale::En => english::staff_texts(),
        }
    }

    /// Makes sure this language's texts are here: in the browser the English ones arrive
    /// when first needed; everywhere else they always are.
    pub async fn load(self) {
        if self == Locale::En {
            english::load().await;
        }
    }

    /// The text for `key`, if the translation files have it (the console's texts only where
    /// the console is built).
    pub fn lookup(self, key: &str) -> Option<&'static str> {
        if let Ok(index) = tables::KEYS.binary_search(&key) {
            return self.texts().get(index).copied();
        }
        #[cfg(any(feature = "ssr", feature = "console", test))]
        if let Ok(index) = tables::STAFF_KEYS.binary_search(&key) {
            return self.staff_texts().get(index).copied();
        }
        None
    }

    /// The text for `key`; the key itself when missing, so a gap is visible, not blank.
    pub fn text(self, key: &str) -> String {
        self.lookup(key).map_or_else(|| key.to_string(), str::to_string)
    }

    /// Picks the Chinese or English form of a name stored in both.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::ZhCn => zh,
            Locale::En => en,
        }
    }
}

/// Fills `{name}` placeholders in a text.
pub fn fill(template: String, args: &[(&str, String)]) -> String {
    args.iter().fold(template, |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

/// A notification's title and body (`notification_kind.<kind>.title` / `.body`) in
/// `locale`, the same in the app and in SMS and e-mail. A parameter written `t:<key>` is
/// itself translated (a stage name, a rule name).
pub fn notification_text<N: AsRef<str>>(
    locale: Locale,
    kind: NotificationKind,
    params: &[(N, String)],
) -> (String, String) {
    let params: Vec<(&str, String)> = params
        .iter()
        .map(|(name, value)| {
            let value = value
                .strip_prefix("t:")
                .map_or_else(|| value.clone(), |key| locale.text(key));
            (name.as_ref(), value)
        })
        .collect();
    let key = kind.label_key();
    (
        fill(locale.text(&format!("{key}.title")), &params),
        fill(locale.text(&format!("{key}.body")), &params),
    )
}

/// An ISO calendar date (`2026-03-01`) as `2026年3月1日` or `1 Mar 2026`.
pub fn format_date(iso: &str, locale: Locale) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten(), parts.next().flatten()) {
        (Some(y), Some(m @ 1..=12), Some(d)) => match locale {
            Locale::ZhCn => format!("{y}年{m}月{d}日"),
            Locale::En => format!("{d} {} {y}", MONTHS[(m - 1) as usize]),
        },
        _ => iso.to_string(),
    }
}

/// A file size as people read it: `820 KB`, `3.4 MB`, `10 MB`. Integer arithmetic only, so
/// the bundle carries no float formatting.
pub fn format_size(bytes: i64) -> String {
    const KB: i64 = 1024;
    const MB: i64 = KB * KB;
    if bytes < MB {
        format!("{} KB", ((bytes + KB / 2) / KB).max(1))
    } else {
        let tenths = (bytes * 10 + MB / 2) / MB;
        if tenths % 10 == 0 {
            format!("{} MB", tenths / 10)
        } else {
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    }
}

#[cfg(test)]
mod tests;
