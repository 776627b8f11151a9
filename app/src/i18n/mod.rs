//! Translations. All UI text comes from `app/locales/<locale>.json` (flat key → text),
//! compiled into the bundle. Chinese is the default; the choice is remembered in the
//! browser's local storage. `{name}` in a text is filled by `t_args`.

use std::collections::HashMap;
use std::sync::OnceLock;

use leptos::prelude::*;

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

    fn source(self) -> &'static str {
        match self {
            Locale::ZhCn => include_str!("../../locales/zh-CN.json"),
            Locale::En => include_str!("../../locales/en.json"),
        }
    }

    fn table(self) -> &'static HashMap<String, String> {
        static ZH: OnceLock<HashMap<String, String>> = OnceLock::new();
        static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
        let cell = match self {
            Locale::ZhCn => &ZH,
            Locale::En => &EN,
        };
        cell.get_or_init(|| serde_json::from_str(self.source()).expect("locale files are valid JSON (tested)"))
    }

    /// The text for `key`; the key itself when missing, so a gap is visible, not blank.
    pub fn text(self, key: &str) -> String {
        self.table().get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// Picks the Chinese or English form of a name stored in both.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::ZhCn => zh,
            Locale::En => en,
        }
    }
}

const STORAGE_KEY: &str = "lang";

#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    pub fn set(&self, locale: Locale) {
        self.locale.set(locale);
        if let Some(storage) = window_storage() {
            let _ = storage.set_item(STORAGE_KEY, locale.tag());
        }
    }
}

fn window_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Provides the translation context, starting from the remembered choice (default Chinese),
/// and keeps `<html lang>` in step.
pub fn provide_i18n() {
    let remembered = window_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or(Locale::ZhCn);
    let i18n = I18n {
        locale: RwSignal::new(remembered),
    };
    provide_context(i18n);
    Effect::new(move |_| {
        let tag = i18n.locale.get().tag();
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", tag);
        }
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&i18n.locale.get().text("app.title"));
        }
    });
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A reactive text for `key`: use it directly in a view or an attribute.
pub fn t(key: &'static str) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.locale.get().text(key)
}

/// The text for a key built at run time (an enum label, an error code), read reactively.
pub fn t_dyn(key: String) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.locale.get().text(&key)
}

/// The text for `key` with `{name}` placeholders filled.
/// A notice's title and body (`notification_kind.<kind>.title` / `.body`) in `locale`, the
/// same for the inbox and for SMS. A parameter written `t:<key>` is itself translated (a
/// stage name, a rule name).
pub fn notice_text<N: AsRef<str>>(
    locale: Locale,
    kind: crate::domain::NotificationKind,
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

pub fn fill(template: String, args: &[(&str, String)]) -> String {
    args.iter().fold(template, |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

#[cfg(test)]
mod tests;
