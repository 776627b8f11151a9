//! "Who else is on this case": a line on a work order's or claim's page naming colleagues
//! who have it open, and warning when one of them is writing to the customer.

use leptos::prelude::*;

use crate::api::console::work_orders::case_viewers;
use crate::components::timer::every;
use crate::i18n::{fill, use_i18n};
use crate::model::work_orders::CaseViewer;

/// How often the page reports that it is open.
const BEAT_MS: u64 = 8_000;

#[component]
pub fn CaseViewers(case_no: String, #[prop(into)] typing: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let others = RwSignal::new(Vec::<CaseViewer>::new());
    let beat = {
        let case_no = case_no.clone();
        move || {
            let case_no = case_no.clone();
            let typing = typing.get_untracked();
            leptos::task::spawn_local(async move {
                if let Ok(list) = case_viewers(case_no, typing, None).await {
                    others.set(list);
                }
            });
        }
    };
    beat();
    every(std::time::Duration::from_millis(BEAT_MS), beat.clone());
    // Starting or stopping a reply is told at once, not at the next beat.
    Effect::new(move |previous: Option<bool>| {
        let now = typing.get();
        if previous.is_some_and(|p| p != now) {
            beat();
        }
        now
    });
    on_cleanup(move || {
        leptos::task::spawn_local(async move {
            let _ = case_viewers(case_no, false, Some(true)).await;
        });
    });
    view! {
        {move || {
            let list = others.get();
            (!list.is_empty()).then(|| {
                let locale = i18n.locale.get();
                let writing: Vec<String> = list.iter().filter(|v| v.typing).map(|v| v.name.clone()).collect();
                let names = list.iter().map(|v| v.name.clone()).collect::<Vec<_>>().join("、");
                let (class, text) = if writing.is_empty() {
                    ("banner banner-info case-viewers", fill(locale.text("work_orders.desk.also_viewing"), &[("names", names)]))
                } else {
                    ("banner banner-warn case-viewers", fill(locale.text("work_orders.desk.also_replying"), &[("names", writing.join("、"))]))
                };
                view! { <p class=class role="status">{text}</p> }
            })
        }}
    }
}
