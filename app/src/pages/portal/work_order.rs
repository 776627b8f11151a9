use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::portal::work_orders::{get_my_work_order, reply_to_work_order};
use crate::components::badge::WorkOrderStatusBadge;
use crate::components::format::{browser_now_ms, format_instant};
use crate::components::live::on_live_change;
use crate::components::page::Page;
use crate::components::rating::RatingCard;
use crate::components::states::{ErrorBanner, Loaded};
use crate::domain::{ChangeStatus, MESSAGE};
use crate::error::AppError;
use crate::i18n::{fill, t, t_dyn, use_i18n};
use crate::model::live::LiveChange;
use crate::model::work_orders::WorkOrderDetail;
use crate::routes::{self, seg};

/// `/my/work-orders/:order_no`: a work order's conversation, updated as it changes (a
/// reply, a status change) while the page is open, but never while the customer is typing
/// a reply: sending it shows the news with it.
#[component]
pub fn MyWorkOrderPage() -> impl IntoView {
    let params = use_params_map();
    let detail = LocalResource::new(move || {
        let order_no = params.read().get(seg::ORDER_NO).unwrap_or_default();
        get_my_work_order(order_no)
    });
    let draft = RwSignal::new(String::new());
    on_live_change(
        move |change| match change {
            LiveChange::WorkOrder { order_no } => {
                params.with_untracked(|p| p.get(seg::ORDER_NO).as_ref() == Some(order_no))
                    || matches!(detail.get_untracked(), Some(Ok(shown)) if shown.summary.order_no == *order_no)
            }
            _ => false,
        },
        move || {
            if draft.get_untracked().trim().is_empty() {
                detail.refetch();
            }
        },
    );
    view! {
        <Page title="work_orders.detail_title" narrow=true>
            <A href=routes::portal::work_orders() attr:class="back-link">{t("work_orders.back")}</A>
            <Loaded resource=detail let:d>
                <WorkOrderView d draft on_change=move || detail.refetch()/>
            </Loaded>
        </Page>
    }
}

#[component]
fn WorkOrderView(
    d: WorkOrderDetail,
    draft: RwSignal<String>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = d.summary.clone();
    let kind_key = s
        .service_type
        .map(|x| x.label_key())
        .unwrap_or_else(|| s.kind.label_key());
    let finished = s.status.is_finished();
    view! {
        <header class="page-head">
            <p class="eyebrow mono">{s.order_no.clone()}</p>
            <div class="page-head-row">
                <h1>{s.subject.clone()}</h1>
                <WorkOrderStatusBadge status=s.status/>
            </div>
            <p class="muted">{t_dyn(kind_key)}{s.policy_no.clone().map(|p| view! { " · " <span class="mono">{p}</span> })}</p>
        </header>
        {s.reply_due.map(|due| {
            let overdue = due <= browser_now_ms();
            let key = if overdue { "work_orders.reply_overdue" } else { "work_orders.reply_due" };
            view! {
                <p class=if overdue { "banner banner-error promise" } else { "banner banner-info promise" } role="status">
                    {move || fill(i18n.locale.get().text(key), &[("due", format_instant(due, i18n.locale.get()))])}
                </p>
            }
        })}
        {(!d.change.is_empty()).then(|| view! {
            <section class="card">
                <h2>{t("work_orders.change")}</h2>
                <dl class="facts facts-list">
                    {d.change.clone().into_iter().map(|(k, v)| {
                        let shown = if k == "beneficiary_relation" { t_dyn(format!("relation.{v}"))() } else { v };
                        view! { <div><dt>{t_dyn(format!("work_orders.{k}"))}</dt><dd>{shown}</dd></div> }
                    }).collect_view()}
                </dl>
                {match d.change_status {
                    Some(ChangeStatus::Applied) => view! { <p class="banner banner-success">{t("work_orders.change_applied")}</p> }.into_any(),
                    Some(ChangeStatus::Refused) => view! {
                        <p class="banner banner-info"><strong>{t("work_orders.change_refused")}</strong> " " {d.change_refusal_reason.clone().unwrap_or_default()}</p>
                    }.into_any(),
                    _ => view! { <p class="muted">{t("work_orders.change_pending")}</p> }.into_any(),
                }}
            </section>
        })}
        {finished.then(|| view! { <RatingCard subject="work_order" number=s.order_no.clone() rated=d.rating/> }.into_any())}
        <section class="card" aria-labelledby="thread-title">
            <h2 id="thread-title">{t("work_orders.conversation")}</h2>
            <ol class="thread">
                {d.messages.into_iter().map(|m| view! {
                    <li class="message" class:message-insurer=m.from_insurer>
                        <span class="message-author">{move || if m.from_insurer { t("work_orders.from_insurer")() } else { t("work_orders.from_me")() }}</span>
                        <p>{m.body}</p>
                        <time class="muted">{move || format_instant(m.at, i18n.locale.get())}</time>
                    </li>
                }).collect_view()}
            </ol>
            {(!finished).then(|| view! { <Reply order_no=s.order_no.clone() text=draft on_change/> })}
        </section>
    }
}

#[component]
fn Reply(
    order_no: String,
    text: RwSignal<String>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let order_no = StoredValue::new(order_no);
    let send = Action::new_local(move |message: &String| {
        let message = message.clone();
        async move { reply_to_work_order(order_no.get_value(), message).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => {
            text.set(String::new());
            on_change();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <form class="reply" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            error.set(None);
            match MESSAGE.check(&text.get_untracked()) {
                Ok(message) => { send.dispatch(message); }
                Err(invalid) => error.set(Some(AppError::invalid("message", invalid))),
            }
        }>
            {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            <label for="reply-text" class="field-label">{t("work_orders.reply")}</label>
            <textarea id="reply-text" rows=3 bind:value=text></textarea>
            <button type="submit" class="button button-primary" disabled=move || send.pending().get()>{t("work_orders.send")}</button>
        </form>
    }
}
