//! A repeating timer that lives as long as the component that starts it.

use std::time::Duration;

use leptos::prelude::*;

/// Calls `tick` every `period` until the calling component is cleaned up.
pub fn every(period: Duration, tick: impl Fn() + 'static) {
    let handle = set_interval_with_handle(tick, period).ok();
    on_cleanup(move || {
        if let Some(handle) = handle {
            handle.clear();
        }
    });
}
