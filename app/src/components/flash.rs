//! A result message that outlives a re-read of the page's data. A form inside a page's
//! `Loaded` is drawn anew when a change it made comes back in the re-read, which would take
//! its "done" message with it; the page keeps the message here instead, above its data.

use leptos::prelude::*;

use crate::i18n::{fill, use_i18n};

/// What to say: a text key and its placeholders (or a text already put together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlashMessage {
    Text {
        key: &'static str,
        args: Vec<(&'static str, String)>,
    },
    Composed(String),
}

impl FlashMessage {
    pub fn text(key: &'static str) -> Self {
        Self::Text { key, args: Vec::new() }
    }
}

/// The page's message, provided by `provide_flash` and shown by `FlashBanner`.
#[derive(Clone, Copy)]
pub struct Flash(RwSignal<Option<FlashMessage>>);

impl Flash {
    pub fn say(&self, message: FlashMessage) {
        self.0.set(Some(message));
    }

    pub fn clear(&self) {
        self.0.set(None);
    }
}

pub fn provide_flash() -> Flash {
    let flash = Flash(RwSignal::new(None));
    provide_context(flash);
    flash
}

/// The page's flash, if it keeps one (a form used outside such a page says nothing).
pub fn use_flash() -> Option<Flash> {
    use_context::<Flash>()
}

#[component]
pub fn FlashBanner(flash: Flash) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        flash.0.get().map(|message| {
            let text = move || match &message {
                FlashMessage::Text { key, args } => fill(i18n.locale.get().text(key), args),
                FlashMessage::Composed(text) => text.clone(),
            };
            view! { <p class="banner banner-success" role="status">{text}</p> }
        })
    }
}
