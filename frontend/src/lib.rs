//! The browser entry (client-side rendered), built by frontend/bundle.mjs once per bundle:
//! `portal` for customers (index.html) and `console` for staff (console.html). What was
//! painted before the app loaded (`#boot`) is adopted and removed as the app mounts.

#[cfg(target_arch = "wasm32")]
fn mount<V: leptos::prelude::IntoView + 'static>(app: fn() -> V) {
    console_error_panic_hook::set_once();
    // Not leptos's spawn: its executor starts with the mount.
    wasm_bindgen_futures::spawn_local(async move {
        app::i18n::load_remembered().await;
        app::components::boot::adopt();
        leptos::mount::mount_to_body(app);
    });
}

#[cfg(all(target_arch = "wasm32", feature = "portal", not(feature = "console")))]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    mount(app::PortalApp);
}

#[cfg(all(target_arch = "wasm32", feature = "console"))]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    mount(app::StaffApp);
}
