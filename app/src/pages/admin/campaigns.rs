use leptos::prelude::*;

use crate::api::admin::campaigns::{list_campaign_settings, save_campaign};
use crate::components::form::{FieldErrors, FormField};
use crate::components::page::Page;
use crate::components::states::{ErrorBanner, Loaded};
use crate::domain::{check_campaign, ActivityFields, CampaignActivityKind, CampaignFields, MAX_ACTIVITIES};
use crate::error::AppError;
use crate::i18n::{fill, t, t_dyn, use_i18n};
use crate::model::campaigns::CampaignSetting;

/// `/console/admin/campaigns`: service campaigns (客服节): a window of dates and the
/// activities that earn points in it; customers see published ones in the portal.
#[component]
pub fn CampaignsAdminPage() -> impl IntoView {
    let list = LocalResource::new(list_campaign_settings);
    let editing = RwSignal::new(None::<Option<CampaignSetting>>);
    view! {
        <Page title="admin.campaigns_title" class="page page-wide">
            <header class="page-head page-head-row">
                <div>
                    <h1>{t("admin.campaigns_title")}</h1>
                    <p class="muted">{t("admin.campaigns_lead")}</p>
                </div>
                <button type="button" class="button button-primary" on:click=move |_| editing.set(Some(None))>
                    {t("admin.new_campaign")}
                </button>
            </header>
            {move || editing.get().map(|campaign| {
                let on_done = move |saved: bool| {
                    editing.set(None);
                    if saved {
                        list.refetch();
                    }
                };
                view! { <CampaignEditor campaign on_done/> }
            })}
            <Loaded resource=list let:items>
                <div class="card">
                    <table class="table campaign-table">
                        <thead>
                            <tr>
                                <th scope="col">{t("admin.campaign")}</th>
                                <th scope="col">{t("admin.campaign_window")}</th>
                                <th scope="col">{t("admin.status")}</th>
                                <th scope="col">{t("admin.campaign_activities")}</th>
                                <th scope="col" class="num">{t("admin.participants")}</th>
                                <th scope="col"><span class="visually-hidden">{t("admin.actions")}</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {items.into_iter().map(|c| {
                                let (zh, en) = (c.title_zh.clone(), c.title_en.clone());
                                let chosen = c.clone();
                                let activities = c.activities.clone();
                                view! {
                                    <tr data-campaign=c.code.clone()>
                                        <th scope="row"><span class="card-title">{move || use_i18n().locale.get().pick(&zh, &en).to_string()}</span></th>
                                        <td class="mono">{c.starts_on.clone()}" – "{c.ends_on.clone()}</td>
                                        <td>{if c.published {
                                            view! { <span class="badge badge-good">{t("admin.published")}</span> }.into_any()
                                        } else {
                                            view! { <span class="badge badge-muted">{t("admin.draft")}</span> }.into_any()
                                        }}</td>
                                        <td>
                                            <ul class="plain-list">
                                                {activities.into_iter().map(|a| {
                                                    let (zh, en) = (a.title_zh.clone(), a.title_en.clone());
                                                    view! {
                                                        <li>{move || use_i18n().locale.get().pick(&zh, &en).to_string()}
                                                            <span class="muted">{move || fill(use_i18n().locale.get().text("admin.activity_summary"), &[("points", a.points.to_string()), ("entries", a.entries.to_string())])}</span>
                                                        </li>
                                                    }
                                                }).collect_view()}
                                            </ul>
                                        </td>
                                        <td class="num">{c.participants}</td>
                                        <td class="row-actions">
                                            <button type="button" class="button button-small button-secondary"
                                                on:click=move |_| editing.set(Some(Some(chosen.clone())))>{t("admin.edit")}</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </Loaded>
        </Page>
    }
}

/// An activity being written: its id when it exists, and its fields.
#[derive(Clone, Copy)]
struct ActivityDraft {
    id: Option<i64>,
    kind: RwSignal<String>,
    title_zh: RwSignal<String>,
    title_en: RwSignal<String>,
    points: RwSignal<String>,
}

impl ActivityDraft {
    fn new(id: Option<i64>, kind: &str, title_zh: &str, title_en: &str, points: String) -> Self {
        Self {
            id,
            kind: RwSignal::new(kind.to_string()),
            title_zh: RwSignal::new(title_zh.to_string()),
            title_en: RwSignal::new(title_en.to_string()),
            points: RwSignal::new(points),
        }
    }

    fn fields(&self) -> ActivityFields {
        ActivityFields {
            id: self.id,
            kind: self.kind.get_untracked(),
            title_zh: self.title_zh.get_untracked(),
            title_en: self.title_en.get_untracked(),
            points: self.points.get_untracked(),
        }
    }
}

#[component]
fn CampaignEditor(
    campaign: Option<CampaignSetting>,
    on_done: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = campaign.as_ref().map(|c| c.id);
    let field = |pick: fn(&CampaignSetting) -> String| RwSignal::new(campaign.as_ref().map(pick).unwrap_or_default());
    let code = field(|c| c.code.clone());
    let title_zh = field(|c| c.title_zh.clone());
    let title_en = field(|c| c.title_en.clone());
    let summary_zh = field(|c| c.summary_zh.clone());
    let summary_en = field(|c| c.summary_en.clone());
    let starts_on = field(|c| c.starts_on.clone());
    let ends_on = field(|c| c.ends_on.clone());
    let published = RwSignal::new(campaign.as_ref().is_some_and(|c| c.published));
    let activities = RwSignal::new(match &campaign {
        Some(c) => c
            .activities
            .iter()
            .map(|a| {
                ActivityDraft::new(
                    Some(a.id),
                    a.kind.as_str(),
                    &a.title_zh,
                    &a.title_en,
                    a.points.to_string(),
                )
            })
            .collect(),
        None => vec![ActivityDraft::new(None, "survey", "", "", "50".into())],
    });
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let save = Action::new_local(move |fields: &CampaignFields| save_campaign(id, fields.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => on_done(true),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        banner.set(None);
        let fields = CampaignFields {
            code: code.get_untracked(),
            title_zh: title_zh.get_untracked(),
            title_en: title_en.get_untracked(),
            summary_zh: summary_zh.get_untracked(),
            summary_en: summary_en.get_untracked(),
            starts_on: starts_on.get_untracked(),
            ends_on: ends_on.get_untracked(),
            published: published.get_untracked(),
            activities: activities.get_untracked().iter().map(ActivityDraft::fields).collect(),
        };
        match check_campaign(&fields) {
            Ok(_) => {
                save.dispatch(fields);
            }
            Err(list) => {
                for (field, invalid) in list {
                    errors.set(&field, invalid.code);
                }
            }
        }
    };
    let error_of = move |field: String| {
        move || {
            errors.code(&field).map(|code| {
                view! { <p class="field-error" role="alert">{move || i18n.locale.get().text(&format!("error.{code}"))}</p> }
            })
        }
    };
    view! {
        <form class="card content-form" on:submit=on_submit novalidate>
            <h2>{if id.is_some() { t("admin.edit_campaign")() } else { t("admin.new_campaign")() }}</h2>
            {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
            <FormField name="title_zh" label="admin.title_zh" value=title_zh errors/>
            <FormField name="title_en" label="admin.title_en" value=title_en errors/>
            <FormField name="summary_zh" label="admin.summary_zh" value=summary_zh errors rows=3/>
            <FormField name="summary_en" label="admin.summary_en" value=summary_en errors rows=3/>
            <FormField name="starts_on" label="admin.campaign_starts" value=starts_on errors input_type="date"/>
            <FormField name="ends_on" label="admin.campaign_ends" value=ends_on errors input_type="date"/>
            <FormField name="code" label="admin.campaign_code" value=code errors hint="admin.campaign_code_hint"/>
            <fieldset class="fieldset campaign-activities-edit">
                <legend>{t("admin.campaign_activities")}</legend>
                {error_of("activities".to_string())}
                {move || activities.get().into_iter().enumerate().map(|(n, draft)| {
                    let kinds = CampaignActivityKind::ALL;
                    let label = |key: &'static str| move || fill(i18n.locale.get().text(key), &[("n", (n + 1).to_string())]);
                    view! {
                        <div class="activity-edit" data-activity-row=n.to_string()>
                            <select aria-label=label("admin.activity_kind") prop:value=move || draft.kind.get()
                                on:change=move |ev| draft.kind.set(event_target_value(&ev))>
                                {kinds.iter().map(|k| {
                                    let k = *k;
                                    view! { <option value=k.as_str() selected=move || draft.kind.get() == k.as_str()>{t_dyn(k.label_key())}</option> }
                                }).collect_view()}
                            </select>
                            <input aria-label=label("admin.activity_title_zh") placeholder=move || i18n.locale.get().text("admin.title_zh") bind:value=draft.title_zh/>
                            <input aria-label=label("admin.activity_title_en") placeholder=move || i18n.locale.get().text("admin.title_en") bind:value=draft.title_en/>
                            <input class="input-small" inputmode="numeric" aria-label=label("admin.activity_points") bind:value=draft.points/>
                            <button type="button" class="button button-small button-ghost"
                                on:click=move |_| activities.update(|list| { list.remove(n); })>{t("admin.remove")}</button>
                            {error_of(format!("activities.{n}.kind"))}
                            {error_of(format!("activities.{n}.title_zh"))}
                            {error_of(format!("activities.{n}.title_en"))}
                            {error_of(format!("activities.{n}.points"))}
                        </div>
                    }
                }).collect_view()}
                <button type="button" class="button button-small button-secondary"
                    disabled=move || activities.with(|l| l.len() >= MAX_ACTIVITIES)
                    on:click=move |_| activities.update(|list| list.push(ActivityDraft::new(None, "survey", "", "", "50".into())))>
                    {t("admin.add_activity")}
                </button>
            </fieldset>
            <label class="choice">
                <input type="checkbox" bind:checked=published/>
                <span>{t("admin.campaign_publish")}</span>
            </label>
            <div class="button-row">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t("admin.save")}</button>
                <button type="button" class="button button-ghost" on:click=move |_| on_done(false)>{t("admin.cancel")}</button>
            </div>
        </form>
    }
}
