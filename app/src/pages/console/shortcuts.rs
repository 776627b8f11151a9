//! Single-key shortcuts of the console: ignored while typing in a field or with a modifier
//! held, so they never get in the way of writing.

use leptos::prelude::*;

/// Listens for single keys while the calling component lives. `handle` answers whether it
/// used the key (then the browser's default action is prevented).
pub fn on_shortcut(handle: impl Fn(&str) -> bool + 'static) {
    let listener = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        if handle(&ev.key()) {
            ev.prevent_default();
        }
    });
    on_cleanup(move || listener.remove());
}
