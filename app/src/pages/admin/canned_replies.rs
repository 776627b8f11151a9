//! The shared canned replies (快捷回复) every agent has, on the knowledge-base page: both
//! are what agents answer with.

use leptos::prelude::*;

use crate::api::admin::canned_replies::{
    delete_shared_canned_reply, list_shared_canned_replies, save_shared_canned_reply,
};
use crate::components::form::{FieldErrors, FormField, SelectField};
use crate::components::states::{ErrorBanner, Loaded};
use crate::domain::{check_canned_reply_body, WorkOrderStatus, CANNED_REPLY_TITLE};
use crate::error::AppError;
use crate::i18n::{t, t_dyn, use_i18n};
use crate::model::admin::SharedCannedReply;

#[component]
pub fn SharedCannedReplies() -> impl IntoView {
    let list = LocalResource::new(list_shared_canned_replies);
    let editing = RwSignal::new(None::<Option<SharedCannedReply>>);
    let error = RwSignal::new(None::<AppError>);
    let delete = Action::new_local(move |id: &i64| delete_shared_canned_reply(*id));
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => list.refetch(),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <section class="card rules-section" aria-labelledby="canned-replies-title">
            <div class="page-head-row">
                <h2 id="canned-replies-title">{t("admin.canned_replies_title")}</h2>
                <button type="button" class="button button-secondary" on:click=move |_| editing.set(Some(None))>{t("admin.new_canned_reply")}</button>
            </div>
            <p class="muted">{t("admin.canned_replies_lead")}</p>
            {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            {move || editing.get().map(|chosen| {
                let on_done = move |saved: bool| {
                    editing.set(None);
                    if saved {
                        list.refetch();
                    }
                };
                view! { <CannedReplyEditor chosen on_done/> }
            })}
            <Loaded resource=list let:canned_replies>
                <table class="table rules-table canned-reply-table">
                    <tbody>
                        {canned_replies.into_iter().map(|m| {
                            let id = m.id;
                            let chosen = m.clone();
                            view! {
                                <tr data-canned-reply=m.title.clone()>
                                    <th scope="row">{m.title.clone()}</th>
                                    <td class="canned-reply-body">{m.body.clone()}</td>
                                    <td>{m.sets_status.map(|s| view! { <span class="badge badge-info">{t_dyn(s.label_key())}</span> })}</td>
                                    <td class="row-actions">
                                        <button type="button" class="button button-small button-secondary"
                                            on:click=move |_| editing.set(Some(Some(chosen.clone())))>{t("admin.edit")}</button>
                                        <button type="button" class="button button-small button-ghost" disabled=move || delete.pending().get()
                                            on:click=move |_| { error.set(None); delete.dispatch(id); }>{t("admin.remove")}</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </Loaded>
        </section>
    }
}

#[component]
fn CannedReplyEditor(
    chosen: Option<SharedCannedReply>,
    on_done: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = chosen.as_ref().map(|m| m.id);
    let title = RwSignal::new(chosen.as_ref().map(|m| m.title.clone()).unwrap_or_default());
    let body = RwSignal::new(chosen.as_ref().map(|m| m.body.clone()).unwrap_or_default());
    let status = RwSignal::new(
        chosen
            .as_ref()
            .and_then(|m| m.sets_status)
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
    );
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let save = Action::new_local(move |(t, b, s): &(String, String, String)| {
        save_shared_canned_reply(id, t.clone(), b.clone(), s.clone())
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => on_done(true),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let statuses = Signal::derive(move || {
        let locale = i18n.locale.get();
        WorkOrderStatus::ALL
            .iter()
            .filter(|s| **s != WorkOrderStatus::Open)
            .map(|s| (s.as_str().to_string(), locale.text(&s.label_key())))
            .collect::<Vec<_>>()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        banner.set(None);
        if let Err(e) = CANNED_REPLY_TITLE.check(&title.get_untracked()) {
            errors.set("title", e.code);
        }
        if let Err(e) = check_canned_reply_body(&body.get_untracked()) {
            errors.set("body", e.code);
        }
        if !errors.has_any() {
            save.dispatch((title.get_untracked(), body.get_untracked(), status.get_untracked()));
        }
    };
    view! {
        <form class="content-form canned-reply-form" on:submit=on_submit novalidate>
            {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
            <FormField name="title" label="work_orders.desk.canned_reply_title" value=title errors id="shared-canned-reply-title"/>
            <SelectField name="sets_status" label="admin.canned_reply_sets_status" value=status errors options=statuses placeholder="admin.canned_reply_keeps_status"/>
            <FormField name="body" label="admin.canned_reply_body" value=body errors rows=4 hint="work_orders.desk.canned_reply_hint" id="shared-canned-reply-body"/>
            <div class="button-row">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t("admin.save")}</button>
                <button type="button" class="button button-ghost" on:click=move |_| on_done(false)>{t("admin.cancel")}</button>
            </div>
        </form>
    }
}
