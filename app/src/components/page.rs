//! A page's frame: its own title in the browser tab (in the reader's language), and the
//! width it reads best at.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The document title for a page: `<page> · 安心保险`.
pub fn document_title(page: &str, brand: &str) -> String {
    format!("{page} · {brand}")
}

#[component]
pub fn Page(
    /// The translation key of the page's title.
    title: &'static str,
    /// A narrower column for reading and forms.
    #[prop(optional)]
    narrow: bool,
    /// The layout class of the page's frame (`page` unless said otherwise).
    #[prop(default = "page")]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let locale = i18n.locale.get();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&document_title(&locale.text(title), &locale.text("app.brand")));
        }
    });
    view! { <div class=class class:page-narrow=narrow>{children()}</div> }
}
