//! `/console/work-orders/:order_no`: one work order, the whole case on one screen. The
//! conversation with internal notes set apart, the reply box (public reply or internal
//! note, with the next status), the three deadlines, transfer with a note, the history,
//! and the customer's profile and policies beside it. Keyboard: r replies, i notes.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::case_viewers::CaseViewers;
use super::customer::CustomerCard;
use super::deadline::Deadline;
use super::desk::{group_name, KeyHelp};
use super::knowledge::KnowledgeLinker;
use super::references::{CallRecordings, RelatedOrders};
use super::shortcuts::on_shortcut;
use crate::api::console::work_orders::{
    add_internal_note, decide_work_order_change, delete_canned_reply, get_work_order, reply_work_order,
    save_canned_reply, transfer_work_order,
};
use crate::components::badge::{VipOrderBadge, WorkOrderStatusBadge};
use crate::components::form::{FormField, SelectField, Submit};
use crate::components::format::format_instant;
use crate::components::live::on_live_change;
use crate::components::page::Page;
use crate::components::states::Loaded;
use crate::domain::service_level::DeadlineState;
use crate::domain::{
    ChangeStatus, ComplaintCategory, ResolutionCode, WorkOrderEventKind, WorkOrderKind, WorkOrderStatus,
};
use crate::i18n::{t, t_dyn, use_i18n};
use crate::model::live::LiveChange;
use crate::model::work_orders::{CannedReplyChoice, DeskEvent, DeskReply, DeskWorkOrder, Transfer, Transferred};
use crate::routes::{self, seg};

#[component]
pub fn DeskWorkOrderPage() -> impl IntoView {
    let params = use_params_map();
    let tick = RwSignal::new(0u32);
    let order = LocalResource::new(move || {
        tick.track();
        let order_no = params.read().get(seg::ORDER_NO).unwrap_or_default();
        get_work_order(order_no)
    });
    // The reply being written outlives a refresh of the page around it.
    let text = RwSignal::new(String::new());
    // News while the agent writes waits for them to ask for it, so the page never moves
    // under their cursor.
    let news = RwSignal::new(false);
    // What the agent just did, said above the case: it outlives the refresh it causes.
    let flash = RwSignal::new(None::<&'static str>);
    Effect::new(move |_| {
        tick.track();
        news.set(false);
    });
    on_live_change(
        move |change| match change {
            LiveChange::WorkOrder { order_no } => {
                params.with_untracked(|p| p.get(seg::ORDER_NO).as_ref() == Some(order_no))
            }
            _ => false,
        },
        move || {
            if !text.get_untracked().trim().is_empty() {
                news.set(true);
                return;
            }
            // Only real news redraws the page (the echo of the agent's own step does not),
            // so a form being filled in beside it is left alone.
            let Some(Ok(shown)) = order.get_untracked() else {
                tick.update(|n| *n += 1);
                return;
            };
            leptos::task::spawn_local(async move {
                if let Ok(latest) = get_work_order(shown.item.order_no.clone()).await {
                    let now = shown.now;
                    let latest = DeskWorkOrder { now, ..latest };
                    if latest != shown {
                        tick.update(|n| *n += 1);
                    }
                }
            });
        },
    );
    view! {
        <Page title="work_orders.desk.work_order_title" class="page page-wide">
            <A href=routes::console::home() attr:class="back-link">{t("work_orders.desk.back_to_queue")}</A>
            {move || news.get().then(|| view! {
                <p class="banner banner-info news-banner" role="status">
                    {t("work_orders.desk.news")} " "
                    <button type="button" class="button button-secondary button-small" on:click=move |_| tick.update(|n| *n += 1)>
                        {t("work_orders.desk.news_show")}
                    </button>
                </p>
            })}
            {move || flash.get().map(|key| view! { <p class="banner banner-success" role="status">{t_dyn(key.to_string())}</p> })}
            <Loaded resource=order let:order>
                <WorkOrderDesk order tick text flash/>
            </Loaded>
        </Page>
    }
}

#[component]
fn WorkOrderDesk(
    order: DeskWorkOrder,
    tick: RwSignal<u32>,
    text: RwSignal<String>,
    flash: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let item = order.item.clone();
    let now = order.now;
    let d = item.deadlines;
    let paused = item.status == WorkOrderStatus::AwaitingCustomer;
    let first = DeadlineState::of(d.first_response_due, d.first_response_at, paused, now);
    let next = DeadlineState::of(d.next_response_due, None, paused, now);
    let resolution = DeadlineState::of(d.resolution_due, d.resolved_at, paused, now);
    let group = item.group.clone();
    let help = RwSignal::new(false);
    let drafting = RwSignal::new(false);
    // A reply kept through a refresh is still being written.
    drafting.set(!text.get_untracked().trim().is_empty());
    view! {
        <CaseViewers case_no=item.order_no.clone() typing=drafting/>
        <header class="wo-head">
            <div>
                <p class="eyebrow mono">{item.order_no.clone()} " · " {t_dyn(item.kind.label_key())} " · " {t_dyn(item.channel.label_key())}</p>
                <h1>
                    <VipOrderBadge priority=item.priority tier=item.vip_tier/>
                    {item.subject.clone()}
                </h1>
                <p class="wo-owner">
                    <WorkOrderStatusBadge status=item.status staff=true/>
                    " "
                    <span>{move || group.as_ref().map(|g| group_name(g, i18n.locale.get())).unwrap_or_else(|| "—".into())}</span>
                    " · "
                    <span>{item.assignee.clone().map(|a| a.to_string()).unwrap_or_default()}</span>
                    {item.assignee.is_none().then(|| view! { <span class="muted">{t("work_orders.desk.unassigned")}</span> })}
                </p>
            </div>
            <div class="deadlines" aria-label=t("work_orders.desk.deadlines")>
                <Deadline label="work_orders.desk.first_response" state=first now/>
                <Deadline label="work_orders.desk.next_response" state=next now/>
                <Deadline label="work_orders.desk.resolution" state=resolution now/>
            </div>
        </header>
        <div class="wo-layout">
            <div class="wo-main">
                {(!order.change.is_empty()).then(|| view! { <ChangeReview order=order.clone() tick/> })}
                <section class="card" aria-labelledby="thread-title">
                    <h2 id="thread-title">{t("work_orders.desk.conversation")}</h2>
                    <ol class="thread desk-thread">
                        {order.messages.iter().cloned().map(|m| {
                            let class = if m.internal { "message message-note" } else if m.from_customer { "message" } else { "message message-insurer" };
                            view! {
                                <li class=class>
                                    <p class="message-author">
                                        {m.author.clone()}
                                        {m.internal.then(|| view! { " " <span class="badge badge-warn">{t("work_orders.desk.internal_note")}</span> })}
                                    </p>
                                    <p>{m.body.clone()}</p>
                                    <time>{move || format_instant(m.at, i18n.locale.get())}</time>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    {(!order.documents.is_empty()).then(|| view! {
                        <p class="muted">{t("work_orders.desk.attachments")} ": " {order.documents.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join(", ")}</p>
                    })}
                </section>
                {if order.can_act {
                    view! { <Composer order=order.clone() tick help drafting text/> }.into_any()
                } else {
                    view! { <p class="banner banner-info">{t("work_orders.desk.read_only")}</p> }.into_any()
                }}
                {order.can_act.then(|| view! { <TransferForm order=order.clone() tick flash/> })}
                <section class="card" aria-labelledby="history-title">
                    <h2 id="history-title">{t("work_orders.desk.history")}</h2>
                    <ol class="history">
                        {order.events.iter().cloned().map(|e| view! { <HistoryLine event=e/> }).collect_view()}
                    </ol>
                </section>
            </div>
            <aside class="wo-side" aria-label=t("work_orders.desk.customer_360")>
                <CustomerCard customer=order.customer.clone() policy_no=order.policy_no.clone() rating=order.rating/>
                <RelatedOrders order=order.clone() tick/>
                <CallRecordings order=order.clone() tick/>
            </aside>
        </div>
        <Show when=move || help.get()>
            <KeyHelp close=Callback::new(move |_| help.set(false))/>
        </Show>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Reply,
    Note,
}

#[component]
fn Composer(
    order: DeskWorkOrder,
    tick: RwSignal<u32>,
    help: RwSignal<bool>,
    drafting: RwSignal<bool>,
    text: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let mode = RwSignal::new(Mode::Reply);
    let next_status = match order.item.status {
        WorkOrderStatus::Open => WorkOrderStatus::InProgress,
        other => other,
    };
    let status = RwSignal::new(next_status.as_str().to_string());
    let resolution = RwSignal::new(
        order
            .resolution_code
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
    );
    let category = RwSignal::new(
        order
            .complaint_category
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
    );
    let form = Submit::default();
    let errors = form.errors;
    let is_complaint = order.item.kind == WorkOrderKind::Complaint;
    let order_no = order.item.order_no.clone();
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let canned_replies = order.canned_replies.clone();

    on_shortcut(move |key| {
        let chosen = match key {
            "r" => Mode::Reply,
            "i" => Mode::Note,
            "?" => {
                help.update(|h| *h = !*h);
                return true;
            }
            _ => return false,
        };
        mode.set(chosen);
        if let Some(area) = textarea.get_untracked() {
            let _ = area.focus();
        }
        true
    });

    let finishing = move || WorkOrderStatus::parse(&status.get()).is_some_and(WorkOrderStatus::is_finished);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let order_no = order_no.clone();
        let body = text.get_untracked();
        let m = mode.get_untracked();
        let reply = DeskReply {
            order_no: order_no.clone(),
            message: body.clone(),
            status: status.get_untracked(),
            resolution_code: resolution.get_untracked(),
            complaint_category: category.get_untracked(),
        };
        let request = async move {
            match m {
                Mode::Reply => reply_work_order(reply).await,
                // A note's problems show under the one text box.
                Mode::Note => add_internal_note(order_no, body)
                    .await
                    .map_err(|e| e.shown_beside("note", "message")),
            }
        };
        form.send(request, move |()| {
            text.set(String::new());
            drafting.set(false);
            tick.update(|n| *n += 1);
        });
    };
    let status_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        [
            WorkOrderStatus::InProgress,
            WorkOrderStatus::AwaitingCustomer,
            WorkOrderStatus::Resolved,
            WorkOrderStatus::Closed,
        ]
        .iter()
        .map(|s| (s.as_str().to_string(), locale.text(&s.label_key())))
        .collect::<Vec<_>>()
    });
    let resolution_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        ResolutionCode::ALL
            .iter()
            .map(|c| (c.as_str().to_string(), locale.text(&c.label_key())))
            .collect::<Vec<_>>()
    });
    let category_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        ComplaintCategory::ALL
            .iter()
            .map(|c| (c.as_str().to_string(), locale.text(&c.label_key())))
            .collect::<Vec<_>>()
    });
    let message_error = move || {
        errors
            .code("message")
            .map(|code| i18n.locale.get().text(&format!("error.{code}")))
    };
    view! {
        <form class="card composer" on:submit=on_submit novalidate class:composer-note=move || mode.get() == Mode::Note>
            <div class="composer-tabs" role="tablist">
                <button type="button" role="tab" aria-selected=move || (mode.get() == Mode::Reply).to_string()
                    on:click=move |_| mode.set(Mode::Reply)>{t("work_orders.desk.public_reply")} <kbd>"R"</kbd></button>
                <button type="button" role="tab" aria-selected=move || (mode.get() == Mode::Note).to_string()
                    on:click=move |_| mode.set(Mode::Note)>{t("work_orders.desk.internal_note")} <kbd>"I"</kbd></button>
            </div>
            <Show when=move || mode.get() == Mode::Reply>
                <CannedReplyPicker canned_replies=canned_replies.clone() text status tick/>
                <KnowledgeLinker text/>
            </Show>
            <div class="field" class:field-invalid=move || errors.code("message").is_some()>
                <label for="composer-text" class="visually-hidden">{move || if mode.get() == Mode::Reply { i18n.locale.get().text("work_orders.desk.public_reply") } else { i18n.locale.get().text("work_orders.desk.internal_note") }}</label>
                <textarea
                    id="composer-text"
                    name="message"
                    rows="5"
                    node_ref=textarea
                    placeholder=move || if mode.get() == Mode::Reply { i18n.locale.get().text("work_orders.desk.reply_placeholder") } else { i18n.locale.get().text("work_orders.desk.note_placeholder") }
                    aria-invalid=move || errors.code("message").is_some().to_string()
                    aria-describedby="composer-error"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        drafting.set(mode.get_untracked() == Mode::Reply && !value.trim().is_empty());
                        text.set(value);
                        errors.forget("message");
                    }
                ></textarea>
                {move || message_error().map(|e| view! { <p class="field-error" id="composer-error">{e}</p> })}
            </div>
            <Show when=move || mode.get() == Mode::Reply>
                <div class="composer-row">
                    <SelectField name="status" label="work_orders.desk.then_status" value=status errors options=status_options placeholder="work_orders.desk.choose"/>
                    <Show when=finishing>
                        <SelectField name="resolution_code" label="work_orders.desk.resolution_code" value=resolution errors options=resolution_options placeholder="work_orders.desk.choose"/>
                        {is_complaint.then(|| view! {
                            <SelectField name="complaint_category" label="work_orders.desk.complaint_category" value=category errors options=category_options placeholder="work_orders.desk.choose"/>
                        })}
                    </Show>
                </div>
            </Show>
            <p class="muted composer-hint">{move || if mode.get() == Mode::Reply { i18n.locale.get().text("work_orders.desk.reply_hint") } else { i18n.locale.get().text("work_orders.desk.note_hint") }}</p>
            {form.banner_view()}
            <button type="submit" class="button button-primary" disabled=move || form.sending()>
                {move || if mode.get() == Mode::Reply { i18n.locale.get().text("work_orders.desk.send_reply") } else { i18n.locale.get().text("work_orders.desk.add_note") }}
            </button>
        </form>
    }
}

/// Canned replies: choosing one fills the reply (and the status it sets); the agent's own
/// can be deleted, and the reply being written saved as a new one.
#[component]
fn CannedReplyPicker(
    canned_replies: Vec<CannedReplyChoice>,
    text: RwSignal<String>,
    status: RwSignal<String>,
    tick: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let saved = RwSignal::new(false);
    let list = StoredValue::new(canned_replies);
    let pick = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        chosen.set(id.clone());
        if let Some(m) = list.with_value(|l| l.iter().find(|m| m.id.to_string() == id).cloned()) {
            text.set(m.body.clone());
            if let Some(next) = m.sets_status {
                status.set(next.as_str().to_string());
            }
        }
    };
    let own_chosen = move || {
        let id = chosen.get();
        list.with_value(|l| l.iter().any(|m| !m.shared && m.id.to_string() == id))
    };
    let delete = move |_| {
        let Ok(id) = chosen.get_untracked().parse::<i64>() else {
            return;
        };
        form.send(delete_canned_reply(id), move |()| tick.update(|n| *n += 1));
    };
    let save = move |_| {
        saved.set(false);
        let (t, b, s) = (title.get_untracked(), text.get_untracked(), status.get_untracked());
        // The body is the reply being written: its problems show beside the title.
        let request = async move {
            save_canned_reply(t, b, Some(s))
                .await
                .map_err(|e| e.shown_beside("body", "title"))
        };
        form.send(request, move |_| {
            saved.set(true);
            title.set(String::new());
            tick.update(|n| *n += 1);
        });
    };
    view! {
        <div class="canned-reply-row">
            <label for="canned-reply-pick">{t("work_orders.desk.canned_replies")}</label>
            <select id="canned-reply-pick" on:change=pick prop:value=move || chosen.get()>
                <option value="">{t("work_orders.desk.canned_reply_choose")}</option>
                <optgroup label=move || i18n.locale.get().text("work_orders.desk.canned_replies_shared")>
                    {list.get_value().into_iter().filter(|m| m.shared).map(|m| view! { <option value=m.id.to_string()>{m.title}</option> }).collect_view()}
                </optgroup>
                <optgroup label=move || i18n.locale.get().text("work_orders.desk.canned_replies_mine")>
                    {list.get_value().into_iter().filter(|m| !m.shared).map(|m| view! { <option value=m.id.to_string()>{m.title}</option> }).collect_view()}
                </optgroup>
            </select>
            <Show when=own_chosen>
                <button type="button" class="button button-small button-secondary" disabled=move || form.sending() on:click=delete>{t("work_orders.desk.canned_reply_delete")}</button>
            </Show>
            <details class="canned-reply-save">
                <summary>{t("work_orders.desk.canned_reply_save")}</summary>
                <FormField name="title" id="canned-reply-title" label="work_orders.desk.canned_reply_title" value=title errors hint="work_orders.desk.canned_reply_hint"/>
                {form.banner_view()}
                {move || saved.get().then(|| view! { <p class="banner banner-success" role="status">{t("work_orders.desk.canned_reply_saved")}</p> })}
                <button type="button" class="button button-small button-secondary" disabled=move || form.sending() on:click=save>{t("work_orders.desk.canned_reply_save_submit")}</button>
            </details>
        </div>
    }
}

#[component]
fn TransferForm(order: DeskWorkOrder, tick: RwSignal<u32>, flash: RwSignal<Option<&'static str>>) -> impl IntoView {
    let i18n = use_i18n();
    let group = RwSignal::new(String::new());
    let staff = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let groups = order.groups.clone();
    let colleagues = order.colleagues.clone();
    let order_no = order.item.order_no.clone();
    let navigate = use_navigate();
    let group_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        groups
            .iter()
            .map(|g| (g.code.clone(), group_name(g, locale)))
            .collect::<Vec<_>>()
    });
    let staff_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        let chosen = group.get();
        colleagues
            .iter()
            .filter(|c| c.groups.contains(&chosen))
            .map(|c| {
                let status = locale.text(&c.status.label_key());
                (
                    c.id.to_string(),
                    format!("{} · {status} · {}/{}", c.name, c.load, c.capacity),
                )
            })
            .collect::<Vec<_>>()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let transfer = Transfer {
            order_no: order_no.clone(),
            group: group.get_untracked(),
            staff_id: staff.get_untracked().parse().unwrap_or(0),
            note: note.get_untracked(),
        };
        let navigate = navigate.clone();
        form.send(transfer_work_order(transfer), move |went: Transferred| {
            if went.still_visible {
                flash.set(Some("work_orders.desk.transferred"));
                tick.update(|n| *n += 1);
            } else {
                // Out of the caller's reach now: back to the desk, which says where it went.
                let to = match &went.colleague {
                    Some(colleague) => {
                        format!("{} · {colleague}", group_name(&went.group, i18n.locale.get_untracked()))
                    }
                    None => group_name(&went.group, i18n.locale.get_untracked()),
                };
                navigate(
                    &routes::console::desk_after_transfer(&went.order_no, &to),
                    Default::default(),
                );
            }
        });
    };
    let note_error = move || {
        errors
            .code("note")
            .map(|code| i18n.locale.get().text(&format!("error.{code}")))
    };
    view! {
        <details class="card transfer">
            <summary><h2>{t("work_orders.desk.transfer")}</h2></summary>
            <form on:submit=on_submit novalidate>
                <div class="composer-row">
                    <SelectField name="group" label="work_orders.desk.transfer_group" value=group errors options=group_options placeholder="work_orders.desk.choose"/>
                    <SelectField name="staff_id" label="work_orders.desk.transfer_colleague" value=staff errors options=staff_options placeholder="work_orders.desk.transfer_to_queue"/>
                </div>
                <div class="field" class:field-invalid=move || errors.code("note").is_some()>
                    <label for="transfer-note">{t("work_orders.desk.transfer_note")}</label>
                    <textarea id="transfer-note" name="note" rows="3"
                        aria-invalid=move || errors.code("note").is_some().to_string()
                        aria-describedby="transfer-note-error"
                        prop:value=move || note.get()
                        on:input=move |ev| { note.set(event_target_value(&ev)); errors.forget("note"); }
                    ></textarea>
                    <p class="field-hint">{t("work_orders.desk.transfer_note_hint")}</p>
                    {move || note_error().map(|e| view! { <p class="field-error" id="transfer-note-error">{e}</p> })}
                </div>
                {form.banner_view()}
                <button type="submit" class="button button-secondary" disabled=move || form.sending()>{t("work_orders.desk.transfer_submit")}</button>
            </form>
        </details>
    }
}

#[component]
fn HistoryLine(event: DeskEvent) -> impl IntoView {
    let i18n = use_i18n();
    let e = event.clone();
    let text = move || {
        let locale = i18n.locale.get();
        let who = e
            .actor
            .clone()
            .unwrap_or_else(|| locale.text("work_orders.desk.system"));
        let to_group = e.to_group.as_ref().map(|g| group_name(g, locale));
        let from_group = e.from_group.as_ref().map(|g| group_name(g, locale));
        let mut parts = vec![who, locale.text(&e.kind.label_key())];
        match e.kind {
            WorkOrderEventKind::Transferred => {
                parts.push(format!(
                    "{} → {}",
                    [from_group.clone(), e.from_staff.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" / "),
                    [to_group.clone(), e.to_staff.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" / "),
                ));
            }
            WorkOrderEventKind::Status | WorkOrderEventKind::Reopened => {
                if let Some(s) = e.status {
                    parts.push(locale.text(&s.label_key()));
                }
            }
            _ => parts.extend([to_group, e.to_staff.clone()].into_iter().flatten()),
        }
        parts.join(" · ")
    };
    let at = event.at;
    view! {
        <li>
            <time>{move || format_instant(at, i18n.locale.get())}</time>
            <span>{text}</span>
            {(!event.note.is_empty()).then(|| view! { <blockquote>{event.note.clone()}</blockquote> })}
        </li>
    }
}

/// What a policy-service request asks to change, and its review: approving applies it to
/// the record at once; refusing needs the reason the customer reads.
#[component]
fn ChangeReview(order: DeskWorkOrder, tick: RwSignal<u32>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let order_no = order.item.order_no.clone();
    let pending = order.change_status == Some(ChangeStatus::Pending) && order.can_act;
    let decide = move |approve: bool| {
        let request = decide_work_order_change(order_no.clone(), approve, (!approve).then_some(reason.get_untracked()));
        form.send(request, move |()| tick.update(|n| *n += 1));
    };
    let approve = decide.clone();
    let status = order.change_status;
    view! {
        <section class="card change-review" class:approval-pending=pending aria-labelledby="change-title">
            <h2 id="change-title">{t_dyn(order.item.service_type.map(|s| s.label_key()).unwrap_or_default())}</h2>
            <dl class="facts">
                {order.change.into_iter().map(|(k, v)| {
                    let shown = if k == "beneficiary_relation" { t_dyn(format!("relation.{v}"))() } else { v };
                    view! { <div><dt>{t_dyn(format!("work_orders.{k}"))}</dt><dd class="mono">{shown}</dd></div> }
                }).collect_view()}
            </dl>
            {status.map(|s| view! { <p><span class=format!("badge badge-{}", match s { ChangeStatus::Applied => "good", ChangeStatus::Refused => "bad", ChangeStatus::Pending => "warn" })>{t_dyn(s.label_key())}</span> " " {order.change_refusal_reason.clone().unwrap_or_default()}</p> })}
            {pending.then(|| view! {
                <p class="muted">{t("work_orders.desk.change_review_hint")}</p>
                <FormField name="reason" id="change-reason" label="work_orders.desk.change_refusal_reason" value=reason errors rows=2 hint="work_orders.desk.change_refusal_hint"/>
                {form.banner_view()}
                <div class="button-row">
                    <button type="button" class="button button-primary" disabled=move || form.sending() on:click=move |_| approve(true)>{t("work_orders.desk.change_apply")}</button>
                    <button type="button" class="button button-secondary" disabled=move || form.sending() on:click=move |_| decide(false)>{t("work_orders.desk.change_refuse")}</button>
                </div>
            })}
        </section>
    }
}
