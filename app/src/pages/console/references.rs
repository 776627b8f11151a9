//! What a work order points to, on the desk: related work orders (link one, or merge this
//! duplicate into another so the customer sees one thread) and call recordings (attach the
//! telephony system's reference, open it).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::console::work_orders::{attach_recording, link_work_orders, merge_work_order};
use crate::components::badge::WorkOrderStatusBadge;
use crate::components::form::{FormField, Submit};
use crate::components::format::format_instant;
use crate::i18n::{fill, t, use_i18n};
use crate::model::work_orders::DeskWorkOrder;
use crate::routes;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Idle,
    /// The merge button was pressed once: the second press merges.
    ConfirmMerge,
}

#[component]
pub fn RelatedOrders(order: DeskWorkOrder, tick: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let other = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let step = RwSignal::new(Step::Idle);
    let order_no = order.item.order_no.clone();
    let navigate = use_navigate();
    let link = {
        let order_no = order_no.clone();
        move |_| {
            step.set(Step::Idle);
            form.send(link_work_orders(order_no.clone(), other.get_untracked()), move |()| {
                other.set(String::new());
                tick.update(|n| *n += 1);
            });
        }
    };
    let merge = {
        let order_no = order_no.clone();
        move |_| {
            if form.sending_untracked() {
                return;
            }
            if step.get_untracked() == Step::Idle {
                errors.clear();
                form.banner.set(None);
                step.set(Step::ConfirmMerge);
                return;
            }
            step.set(Step::Idle);
            let into_no = other.get_untracked().trim().to_ascii_uppercase();
            let navigate = navigate.clone();
            let next = routes::console::work_order(&into_no);
            // This one is closed now: carry on in the one that goes on.
            form.send(merge_work_order(order_no.clone(), into_no), move |()| {
                navigate(&next, Default::default())
            });
        }
    };
    let related = order.related.clone();
    let this_no = StoredValue::new(order_no.clone());
    view! {
        <section class="card" aria-labelledby="related-title">
            <h2 id="related-title">{t("work_orders.desk.related")}</h2>
            {if related.is_empty() {
                view! { <p class="muted">{t("work_orders.desk.related_none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {related.into_iter().map(|r| {
                            let at = r.at;
                            view! {
                                <li class="c360-line">
                                    {if r.merged {
                                        view! { <span class="mono">{r.order_no.clone()}</span> }.into_any()
                                    } else {
                                        view! { <A href=routes::console::work_order(&r.order_no) attr:class="mono">{r.order_no.clone()}</A> }.into_any()
                                    }}
                                    <span>{r.subject.clone()}</span>
                                    {if r.merged {
                                        view! { <span class="badge badge-muted">{t("work_orders.desk.merged_here")}</span> }.into_any()
                                    } else {
                                        view! { <WorkOrderStatusBadge status=r.status staff=true/> }.into_any()
                                    }}
                                    <span class="muted">
                                        {r.by.clone().unwrap_or_default()} " " {move || format_instant(at, i18n.locale.get())}
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {order.can_act.then(|| view! {
                <details class="canned-reply-save related-form">
                    <summary>{t("work_orders.desk.link_or_merge")}</summary>
                    <FormField name="other_no" id="related-other" label="work_orders.desk.other_order" value=other errors hint="work_orders.desk.other_order_hint"/>
                    {form.banner_view()}
                    {move || (step.get() == Step::ConfirmMerge).then(|| view! {
                        <p class="banner banner-warn" role="status">
                            {move || fill(i18n.locale.get().text("work_orders.desk.merge_confirm"), &[("order_no", this_no.get_value()), ("other", other.get().trim().to_ascii_uppercase())])}
                        </p>
                    })}
                    <div class="button-row">
                        <button type="button" class="button button-secondary" disabled=move || form.sending() on:click=link>{t("work_orders.desk.link")}</button>
                        <button type="button" class="button button-secondary" disabled=move || form.sending() on:click=merge>
                            {move || if step.get() == Step::ConfirmMerge { i18n.locale.get().text("work_orders.desk.merge_confirm_button") } else { i18n.locale.get().text("work_orders.desk.merge") }}
                        </button>
                        {move || (step.get() == Step::ConfirmMerge).then(|| view! {
                            <button type="button" class="button button-ghost" on:click=move |_| step.set(Step::Idle)>{t("work_orders.desk.cancel")}</button>
                        })}
                    </div>
                </details>
            })}
        </section>
    }
}

#[component]
pub fn CallRecordings(order: DeskWorkOrder, tick: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let call_id = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let order_no = order.item.order_no.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = attach_recording(order_no.clone(), call_id.get_untracked(), url.get_untracked());
        form.send(request, move |()| {
            call_id.set(String::new());
            url.set(String::new());
            tick.update(|n| *n += 1);
        });
    };
    let recordings = order.recordings.clone();
    view! {
        <section class="card" aria-labelledby="recordings-title">
            <h2 id="recordings-title">{t("work_orders.desk.recordings")}</h2>
            {if recordings.is_empty() {
                view! { <p class="muted">{t("work_orders.desk.recordings_none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {recordings.into_iter().map(|r| {
                            let at = r.at;
                            view! {
                                <li class="c360-line">
                                    <a href=r.url.clone() target="_blank" rel="noopener noreferrer" class="button button-secondary button-small">{t("work_orders.desk.play_recording")}</a>
                                    <span class="mono">{r.call_id.clone()}</span>
                                    <span class="muted">{r.by.clone()} " " {move || format_instant(at, i18n.locale.get())}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {order.can_act.then(|| view! {
                <details class="canned-reply-save">
                    <summary>{t("work_orders.desk.attach_recording")}</summary>
                    <form on:submit=on_submit novalidate>
                        <div class="composer-row">
                            <FormField name="call_id" id="recording-call" label="work_orders.desk.call_id" value=call_id errors/>
                            <FormField name="url" id="recording-url" label="work_orders.desk.recording_url" value=url errors input_type="url" hint="work_orders.desk.recording_url_hint"/>
                        </div>
                        {form.banner_view()}
                        <button type="submit" class="button button-secondary" disabled=move || form.sending()>{t("work_orders.desk.attach_recording_submit")}</button>
                    </form>
                </details>
            })}
        </section>
    }
}
