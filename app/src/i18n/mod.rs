//! The UI's translations: the reader's language as a reactive context, and `t` for texts
//! that follow it. The texts themselves come from `crate::locale`. Chinese is the default;
//! the choice is remembered in the browser's local storage.

use leptos::prelude::*;

pub use crate::locale::{fill, format_date, notification_text, Locale};

const STORAGE_KEY: &str = "lang";

#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// Switches once the language's texts are here (English may still be on its way).
    pub fn set(&self, locale: Locale) {
        let this = *self;
        leptos::task::spawn_local(async move {
            locale.load().await;
            this.locale.set(locale);
            if let Some(storage) = window_storage() {
                let _ = storage.set_item(STORAGE_KEY, locale.tag());
            }
            remember_in_cookie(locale);
        });
    }
}

/// The language this browser chose before, Chinese by default.
fn remembered() -> Locale {
    window_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or(Locale::ZhCn)
}

/// Fetches the remembered language's texts if they travel apart (English): the app
/// mounts after this, so it never shows one language and then the other.
pub async fn load_remembered() {
    remembered().load().await;
}

/// The server paints pages before the app loads (the sign-in form) in the language this
/// cookie names; it carries nothing else.
fn remember_in_cookie(locale: Locale) {
    use wasm_bindgen::JsCast;
    if let Some(document) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    {
        let _ = document.set_cookie(&format!(
            "{STORAGE_KEY}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            locale.tag()
        ));
    }
}

fn window_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Provides the translation context, starting from the remembered choice (default Chinese),
/// and keeps `<html lang>` in step.
pub fn provide_i18n() {
    let remembered = remembered();
    let i18n = I18n {
        locale: RwSignal::new(remembered),
    };
    remember_in_cookie(remembered);
    provide_context(i18n);
    Effect::new(move |_| {
        let tag = i18n.locale.get().tag();
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", tag);
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

/// The text for `key` with `{name}` placeholders filled, read reactively.
pub fn t_args(
    key: &'static str,
    args: Vec<(&'static str, String)>,
) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let i18n = use_i18n();
    move || fill(i18n.locale.get().text(key), &args)
}
