//! Live updates in the browser: one `EventSource` on `/live` per open app, shared by every
//! page that asks (`on_live_change`); a page re-reads what it shows when told of a change.
//! The browser reconnects by itself after a network error; whenever the stream opens every
//! page re-reads, since changes may have passed meanwhile.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::model::live::{LiveChange, LIVE_PATH};

/// News closer together than this reaches a page once (a burst of changes, one re-read).
const SETTLE: Duration = Duration::from_millis(250);
/// How long to wait before opening the stream again after the server refused or ended it.
const REOPEN: Duration = Duration::from_secs(10);

struct Listener {
    id: u64,
    wanted: Box<dyn Fn(&LiveChange) -> bool>,
    reaction: Rc<Reaction>,
}

/// What a page does when told, and whether it is already due to.
struct Reaction {
    on_change: Box<dyn Fn()>,
    due: Cell<bool>,
}

#[derive(Default)]
struct Live {
    source: Option<web_sys::EventSource>,
    listeners: Vec<Listener>,
    next_id: u64,
}

thread_local! {
    static LIVE: RefCell<Live> = RefCell::default();
}

/// Calls `on_change` whenever the server reports a change that `wanted` accepts (or that
/// changes may have been missed), until the calling component is cleaned up.
pub fn on_live_change(wanted: impl Fn(&LiveChange) -> bool + 'static, on_change: impl Fn() + 'static) {
    let id = LIVE.with_borrow_mut(|live| {
        live.next_id += 1;
        live.listeners.push(Listener {
            id: live.next_id,
            wanted: Box::new(wanted),
            reaction: Rc::new(Reaction {
                on_change: Box::new(on_change),
                due: Cell::new(false),
            }),
        });
        live.next_id
    });
    open();
    on_cleanup(move || LIVE.with_borrow_mut(|live| live.listeners.retain(|l| l.id != id)));
}

/// Opens the stream unless it is open.
fn open() {
    if LIVE.with_borrow(|live| live.source.is_some()) {
        return;
    }
    let Ok(source) = web_sys::EventSource::new(LIVE_PATH) else {
        return;
    };
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
        if let Some(change) = event.data().as_string().and_then(|d| serde_json::from_str(&d).ok()) {
            tell(&change);
        }
    });
    // Changes made between a page's first read and the stream opening (or while it was
    // down) were not heard: every page re-reads once the stream is open.
    let on_open = Closure::<dyn FnMut()>::new(|| tell(&LiveChange::Resync));
    let on_error = Closure::<dyn FnMut()>::new(|| {
        // Closed for good (signed out, refused): try again later while pages still listen.
        let closed = LIVE.with_borrow_mut(|live| {
            let closed = live
                .source
                .as_ref()
                .is_some_and(|s| s.ready_state() == web_sys::EventSource::CLOSED);
            if closed {
                live.source = None;
            }
            closed && !live.listeners.is_empty()
        });
        if closed {
            set_timeout(open, REOPEN);
        }
    });
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // The stream lives as long as the app.
    on_message.forget();
    on_open.forget();
    on_error.forget();
    LIVE.with_borrow_mut(|live| live.source = Some(source));
}

/// Tells every page that wants this change, each once per burst.
fn tell(change: &LiveChange) {
    let due: Vec<(u64, Rc<Reaction>)> = LIVE.with_borrow(|live| {
        live.listeners
            .iter()
            .filter(|l| *change == LiveChange::Resync || (l.wanted)(change))
            .filter(|l| !l.reaction.due.replace(true))
            .map(|l| (l.id, l.reaction.clone()))
            .collect()
    });
    for (id, reaction) in due {
        set_timeout(
            move || {
                reaction.due.set(false);
                // The page may have gone meanwhile.
                if LIVE.with_borrow(|live| live.listeners.iter().any(|l| l.id == id)) {
                    (reaction.on_change)();
                }
            },
            SETTLE,
        );
    }
}
