//! Taking over from what was on screen before the app loaded: the inline skeleton, or a
//! form the server painted into it (the sign-in page), where the visitor may have typed
//! already. Their input and focus carry over into the app's form.

use std::cell::RefCell;

use wasm_bindgen::JsCast;

/// What the visitor did on the painted page before the app loaded.
struct Adopted {
    /// (field name, value) of each field typed into.
    values: Vec<(String, String)>,
    /// The field that had the caret.
    focused: Option<String>,
}

thread_local! {
    static ADOPTED: RefCell<Adopted> = const {
        RefCell::new(Adopted {
            values: Vec::new(),
            focused: None,
        })
    };
}

/// Keeps what was typed into the painted page, then removes it. Called once, just before
/// the app mounts.
pub fn adopt() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(boot) = document.get_element_by_id("boot") else {
        return;
    };
    let mut values = Vec::new();
    if let Ok(inputs) = boot.query_selector_all("input[name]") {
        for i in 0..inputs.length() {
            if let Some(input) = inputs
                .get(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                if !input.value().is_empty() {
                    values.push((input.name(), input.value()));
                }
            }
        }
    }
    let focused = document
        .active_element()
        .filter(|active| boot.contains(Some(active)))
        .and_then(|active| active.get_attribute("name"));
    ADOPTED.with(|adopted| *adopted.borrow_mut() = Adopted { values, focused });
    boot.remove();
}

/// What the visitor typed into the painted field `name` before the app loaded, if anything.
pub fn typed(name: &str) -> Option<String> {
    ADOPTED.with(|adopted| {
        adopted
            .borrow()
            .values
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.clone())
    })
}

/// Puts the caret back into the app's field (`field-<name>`, see `FormField`) if the
/// visitor was typing in the painted one. Call once the form is on screen.
pub fn restore_focus() {
    let Some(name) = ADOPTED.with(|adopted| adopted.borrow_mut().focused.take()) else {
        return;
    };
    let field = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("field-{name}")))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(field) = field {
        let _ = field.focus();
    }
}
