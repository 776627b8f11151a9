use leptos::prelude::*;

use crate::api::admin::content::{
    announcement_audience, list_announcement_settings, publish_announcement, save_announcement, withdraw_announcement,
};
use crate::components::form::{FieldErrors, FormField, SelectField};
use crate::components::format::{browser_now_ms, format_instant};
use crate::components::page::Page;
use crate::components::states::{ErrorBanner, Loaded};
use crate::domain::{check_announcement, format_insurer_time, AnnouncementFields, AnnouncementStatus, Segment};
use crate::error::AppError;
use crate::i18n::{fill, t, use_i18n, Locale};
use crate::model::admin::AnnouncementSetting;

/// Who a segment is, in the reader's language.
fn segment_label(segment: &str, locale: Locale) -> String {
    match Segment::parse(segment) {
        Some(Segment::Everyone) | None => locale.text("admin.segment_all"),
        Some(Segment::Level(level)) => fill(
            locale.text("admin.segment_level"),
            &[("level", locale.text(&level.label_key()))],
        ),
        Some(Segment::Tier(tier)) => fill(
            locale.text("admin.segment_tier"),
            &[("tier", locale.text(&tier.label_key()))],
        ),
        Some(Segment::Line(line)) => fill(
            locale.text("admin.segment_line"),
            &[("line", locale.text(&line.label_key()))],
        ),
    }
}

/// `/console/admin/announcements`: write a draft, publish it at once or from a time (and
/// tell a segment of customers, each once), withdraw it.
#[component]
pub fn AnnouncementsPage() -> impl IntoView {
    let list = LocalResource::new(list_announcement_settings);
    let editing = RwSignal::new(None::<Option<AnnouncementSetting>>);
    let error = RwSignal::new(None::<AppError>);
    let refresh = move || list.refetch();
    view! {
        <Page title="admin.announcements_title" class="page page-wide">
            <header class="page-head page-head-row">
                <div>
                    <h1>{t("admin.announcements_title")}</h1>
                    <p class="muted">{t("admin.announcements_lead")}</p>
                </div>
                <button type="button" class="button button-primary" on:click=move |_| editing.set(Some(None))>
                    {t("admin.new_announcement")}
                </button>
            </header>
            {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            {move || editing.get().map(|announcement| {
                let on_done = move |changed: bool| {
                    editing.set(None);
                    if changed {
                        refresh();
                    }
                };
                view! { <AnnouncementEditor announcement on_done/> }
            })}
            <Loaded resource=list let:items>
                <div class="card">
                    <table class="table announcement-table">
                        <thead>
                            <tr>
                                <th scope="col">{t("admin.announcement")}</th>
                                <th scope="col">{t("admin.status")}</th>
                                <th scope="col">{t("admin.publish_time")}</th>
                                <th scope="col">{t("admin.audience")}</th>
                                <th scope="col"><span class="visually-hidden">{t("admin.actions")}</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {items.into_iter().map(|item| view! { <AnnouncementRow item editing error refresh/> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </Loaded>
        </Page>
    }
}

#[component]
fn AnnouncementRow(
    item: AnnouncementSetting,
    editing: RwSignal<Option<Option<AnnouncementSetting>>>,
    error: RwSignal<Option<AppError>>,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.id;
    let publish = Action::new_local(move |_: &()| publish_announcement(id));
    // A notice to many people goes out on the second press, after saying how many.
    let audience = Action::new_local(move |_: &()| announcement_audience(id));
    let confirming = RwSignal::new(false);
    Effect::new(move |_| match audience.value().get() {
        Some(Ok(count)) if count > 0 => confirming.set(true),
        Some(Ok(_)) => {
            publish.dispatch(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let withdraw = Action::new_local(move |_: &()| withdraw_announcement(id));
    for action in [publish, withdraw] {
        Effect::new(move |_| match action.value().get() {
            Some(Ok(_)) => refresh(),
            Some(Err(e)) => error.set(Some(e)),
            None => {}
        });
    }
    let scheduled =
        item.status == AnnouncementStatus::Published && item.publish_at.is_some_and(|at| at > browser_now_ms());
    let (status_class, status_key) = match item.status {
        AnnouncementStatus::Draft => ("badge badge-muted", "admin.draft"),
        AnnouncementStatus::Published if scheduled => ("badge badge-info", "admin.scheduled"),
        AnnouncementStatus::Published => ("badge badge-good", "admin.published"),
        AnnouncementStatus::Withdrawn => ("badge badge-warn", "admin.withdrawn"),
    };
    let (zh, en) = (item.title_zh.clone(), item.title_en.clone());
    let at = item.publish_at;
    let segment = item.segment.clone();
    let notify = item.notify;
    let notified = item.notified;
    let told = item.notified_at.is_some();
    let chosen = item.clone();
    let status = item.status;
    view! {
        <tr data-announcement=id.to_string()>
            <th scope="row"><span class="card-title">{move || i18n.locale.get().pick(&zh, &en).to_string()}</span></th>
            <td><span class=status_class>{t(status_key)}</span></td>
            <td>{move || at.map_or_else(|| i18n.locale.get().text("admin.when_published"), |at| format_instant(at, i18n.locale.get()))}</td>
            <td>
                {move || if notify { segment_label(&segment, i18n.locale.get()) } else { i18n.locale.get().text("admin.not_sent") }}
                {(notify && told).then(|| view! {
                    <span class="muted">" · "{move || fill(i18n.locale.get().text("admin.told_count"), &[("count", notified.to_string())])}</span>
                })}
            </td>
            <td class="row-actions">
                {(status == AnnouncementStatus::Draft).then(|| view! {
                    <button type="button" class="button button-small button-secondary"
                        on:click=move |_| editing.set(Some(Some(chosen.clone())))>{t("admin.edit")}</button>
                    <button type="button" class="button button-small button-primary"
                        disabled=move || publish.pending().get() || audience.pending().get()
                        on:click=move |_| {
                            error.set(None);
                            if confirming.get_untracked() {
                                confirming.set(false);
                                publish.dispatch(());
                            } else {
                                audience.dispatch(());
                            }
                        }>
                        {move || i18n.locale.get().text(if confirming.get() { "admin.publish_confirm_button" } else { "admin.publish" })}
                    </button>
                    {move || confirming.get().then(|| view! {
                        <button type="button" class="button button-small button-ghost" on:click=move |_| confirming.set(false)>{t("work_orders.desk.cancel")}</button>
                    })}
                })}
                {(status == AnnouncementStatus::Published).then(|| view! {
                    <button type="button" class="button button-small button-secondary" disabled=move || withdraw.pending().get()
                        on:click=move |_| { error.set(None); withdraw.dispatch(()); }>{t("admin.withdraw")}</button>
                })}
            </td>
        </tr>
        // What publishing will do, across the whole row, before the second press.
        {move || confirming.get().then(|| view! {
            <tr class="confirm-row">
                <td colspan="5">
                    <p class="banner banner-warn" role="status">
                        {move || fill(
                            i18n.locale.get().text("admin.publish_confirm"),
                            &[("count", audience.value().get().and_then(Result::ok).unwrap_or_default().to_string())],
                        )}
                    </p>
                </td>
            </tr>
        })}
    }
}

/// Writes a draft or changes one; publishing is a separate step from the list.
#[component]
fn AnnouncementEditor(
    announcement: Option<AnnouncementSetting>,
    /// Called with whether anything was saved.
    on_done: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = announcement.as_ref().map(|a| a.id);
    let field =
        |pick: fn(&AnnouncementSetting) -> String| RwSignal::new(announcement.as_ref().map(pick).unwrap_or_default());
    let title_zh = field(|a| a.title_zh.clone());
    let title_en = field(|a| a.title_en.clone());
    let body_zh = field(|a| a.body_zh.clone());
    let body_en = field(|a| a.body_en.clone());
    let publish_at = field(|a| a.publish_at.map(format_insurer_time).unwrap_or_default());
    let segment = RwSignal::new(announcement.as_ref().map_or("all".to_string(), |a| a.segment.clone()));
    let notify = RwSignal::new(announcement.as_ref().is_some_and(|a| a.notify));
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let save = Action::new_local(move |fields: &AnnouncementFields| {
        let fields = fields.clone();
        async move { save_announcement(id, fields).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => on_done(true),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let segments = Signal::derive(move || {
        let locale = i18n.locale.get();
        Segment::all()
            .into_iter()
            .map(|s| (s.as_string(), segment_label(&s.as_string(), locale)))
            .collect::<Vec<_>>()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        banner.set(None);
        let fields = AnnouncementFields {
            title_zh: title_zh.get_untracked(),
            title_en: title_en.get_untracked(),
            body_zh: body_zh.get_untracked(),
            body_en: body_en.get_untracked(),
            publish_at: publish_at.get_untracked(),
            notify: notify.get_untracked(),
            segment: segment.get_untracked(),
        };
        if let Err(list) = check_announcement(&fields, browser_now_ms()) {
            for (field, invalid) in list {
                errors.set(field, invalid.code);
            }
            return;
        }
        save.dispatch(fields);
    };
    view! {
        <form class="card content-form" on:submit=on_submit novalidate>
            <h2>{if id.is_some() { t("admin.edit_announcement")() } else { t("admin.new_announcement")() }}</h2>
            {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
            <FormField name="title_zh" label="admin.title_zh" value=title_zh errors/>
            <FormField name="title_en" label="admin.title_en" value=title_en errors/>
            <FormField name="body_zh" label="admin.body_zh" value=body_zh errors rows=5/>
            <FormField name="body_en" label="admin.body_en" value=body_en errors rows=5/>
            <FormField name="publish_at" label="admin.publish_time" value=publish_at errors input_type="datetime-local" hint="admin.publish_time_hint"/>
            <SelectField name="segment" label="admin.audience" value=segment errors options=segments placeholder="admin.choose"/>
            <label class="choice">
                <input type="checkbox" name="notify" bind:checked=notify/>
                <span>{t("admin.notify_segment")}</span>
            </label>
            <div class="button-row">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t("admin.save_draft")}</button>
                <button type="button" class="button button-ghost" on:click=move |_| on_done(false)>{t("admin.cancel")}</button>
            </div>
        </form>
    }
}
