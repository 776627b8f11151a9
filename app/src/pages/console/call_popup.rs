//! The screen pop (来电弹屏): when the telephony system puts a call through to the signed-in
//! agent, who is calling shows on every console page, with their page one click away.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::console::work_orders::{mark_alerts_read, my_alerts};
use crate::components::format::browser_now_ms;
use crate::components::live::on_live_change;
use crate::components::timer::every;
use crate::domain::calendar::MINUTE_MS;
use crate::domain::StaffAlertKind;
use crate::i18n::t;
use crate::model::live::LiveChange;
use crate::model::work_orders::StaffAlert;

/// How often the console looks again without news: a call stops ringing after two minutes.
const REFRESH_MS: u64 = 30_000;

#[component]
pub fn CallPopup() -> impl IntoView {
    let call = RwSignal::new(None::<StaffAlert>);
    // Calls answered or dismissed here: a look that was already on its way when the button
    // was pressed still reads them unread, and must not bring them back.
    let handled = RwSignal::new(Vec::<i64>::new());
    let check = move || {
        leptos::task::spawn_local(async move {
            let Ok(alerts) = my_alerts().await else { return };
            // A call still ringing: unread and from the last two minutes.
            let ringing = alerts.items.into_iter().find(|a| {
                a.kind == StaffAlertKind::IncomingCall
                    && !a.read
                    && browser_now_ms() - a.at < 2 * MINUTE_MS
                    && !handled.with_untracked(|ids| ids.contains(&a.id))
            });
            call.set(ringing);
        });
    };
    check();
    every(std::time::Duration::from_millis(REFRESH_MS), check);
    // A call put through to this agent arrives as one of their alerts.
    on_live_change(|change| *change == LiveChange::Alerts, check);
    let navigate = use_navigate();
    view! {
        {move || call.get().map(|alert| {
            let id = alert.id;
            let link = alert.link.clone().unwrap_or_default();
            let navigate = navigate.clone();
            let open = move |_| {
                handled.update(|ids| ids.push(id));
                call.set(None);
                let (link, navigate) = (link.clone(), navigate.clone());
                leptos::task::spawn_local(async move {
                    let _ = mark_alerts_read(Some(id)).await;
                    navigate(&link, Default::default());
                });
            };
            let dismiss = move |_| {
                handled.update(|ids| ids.push(id));
                call.set(None);
                leptos::task::spawn_local(async move {
                    let _ = mark_alerts_read(Some(id)).await;
                });
            };
            view! {
                <aside class="call-popup" role="alert" aria-labelledby="call-title">
                    <p id="call-title" class="call-title">{t("call.incoming")}</p>
                    <p class="call-who">{alert.subject.clone()}</p>
                    <div class="button-row">
                        <button type="button" class="button button-primary" on:click=open>{t("call.open")}</button>
                        <button type="button" class="button button-secondary" on:click=dismiss>{t("call.dismiss")}</button>
                    </div>
                </aside>
            }
        })}
    }
}
