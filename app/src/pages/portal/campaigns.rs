//! `/my/campaigns`: the service campaigns running today (客服节): join one, then do its
//! activities (a survey, a quiz, signing up for an event), each earning its points once.

use leptos::prelude::*;

use crate::api::portal::campaigns::{complete_activity, join_campaign, list_campaigns};
use crate::components::page::Page;
use crate::components::states::{ErrorBanner, Loaded};
use crate::domain::{check_entry, CampaignActivityKind};
use crate::error::AppError;
use crate::i18n::{fill, t, t_dyn, use_i18n};
use crate::model::campaigns::{Campaign, CampaignActivity};

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let campaigns = LocalResource::new(list_campaigns);
    view! {
        <Page title="campaigns.title">
            <header class="page-head">
                <h1>{t("campaigns.title")}</h1>
                <p class="muted">{t("campaigns.lead")}</p>
            </header>
            <Loaded resource=campaigns let:list
                empty_when=Vec::is_empty
                empty_title="campaigns.none_title" empty_hint="campaigns.none_hint">
                {list.into_iter().map(|campaign| view! { <CampaignCard campaign refresh=move || campaigns.refetch()/> }).collect_view()}
            </Loaded>
        </Page>
    }
}

#[component]
fn CampaignCard(campaign: Campaign, refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let code = StoredValue::new(campaign.code.clone());
    let error = RwSignal::new(None::<AppError>);
    let join = Action::new_local(move |_: &()| join_campaign(code.get_value()));
    Effect::new(move |_| match join.value().get() {
        Some(Ok(())) => refresh(),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let (title_zh, title_en) = (campaign.title_zh.clone(), campaign.title_en.clone());
    let (summary_zh, summary_en) = (campaign.summary_zh.clone(), campaign.summary_en.clone());
    let window = (campaign.starts_on.clone(), campaign.ends_on.clone());
    let total: i64 = campaign.activities.iter().map(|a| a.points).sum();
    let joined = campaign.joined;
    view! {
        <section class="card campaign" data-campaign=campaign.code.clone()>
            <div class="campaign-head">
                <div>
                    <h2>{move || i18n.locale.get().pick(&title_zh, &title_en).to_string()}</h2>
                    <p class="muted">{move || fill(i18n.locale.get().text("campaigns.window"), &[("from", window.0.clone()), ("to", window.1.clone())])}</p>
                </div>
                <span class="campaign-total">{move || fill(i18n.locale.get().text("campaigns.up_to"), &[("points", total.to_string())])}</span>
            </div>
            <p>{move || i18n.locale.get().pick(&summary_zh, &summary_en).to_string()}</p>
            {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            {if joined {
                view! {
                    <ul class="campaign-activities">
                        {campaign.activities.into_iter().map(|activity| view! { <ActivityRow activity refresh/> }).collect_view()}
                    </ul>
                }.into_any()
            } else {
                view! {
                    <ul class="campaign-activities campaign-preview">
                        {campaign.activities.into_iter().map(|a| {
                            let (zh, en) = (a.title_zh.clone(), a.title_en.clone());
                            view! {
                                <li>
                                    <span class="badge badge-muted">{t_dyn(a.kind.label_key())}</span>
                                    <span>{move || i18n.locale.get().pick(&zh, &en).to_string()}</span>
                                    <span class="points-plus">"+"{a.points}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <button type="button" class="button button-primary" disabled=move || join.pending().get()
                        on:click=move |_| { error.set(None); join.dispatch(()); }>{t("campaigns.join")}</button>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ActivityRow(activity: CampaignActivity, refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let id = activity.id;
    let kind = activity.kind;
    let open = RwSignal::new(false);
    let rating = RwSignal::new(0_i64);
    let answer = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let problem = RwSignal::new(None::<String>);
    let send = Action::new_local(move |(rating, answer): &(Option<i64>, String)| {
        complete_activity(id, *rating, answer.clone())
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => refresh(),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        problem.set(None);
        let given = (rating.get_untracked() > 0).then(|| rating.get_untracked());
        match check_entry(kind, given, &answer.get_untracked()) {
            Ok(_) => {
                send.dispatch((given, answer.get_untracked()));
            }
            Err((_, invalid)) => problem.set(Some(invalid.code.to_string())),
        }
    };
    let (zh, en) = (activity.title_zh.clone(), activity.title_en.clone());
    let (action_key, answer_key) = match kind {
        CampaignActivityKind::Survey => ("campaigns.do_survey", "campaigns.survey_comment"),
        CampaignActivityKind::Quiz => ("campaigns.do_quiz", "campaigns.quiz_answer"),
        CampaignActivityKind::Event => ("campaigns.do_event", "campaigns.event_note"),
    };
    let field_id = format!("activity-{id}-answer");
    view! {
        <li class:done=activity.done data-activity=id.to_string()>
            <div class="activity-line">
                <span class="badge badge-muted">{t_dyn(kind.label_key())}</span>
                <span class="activity-title">{move || i18n.locale.get().pick(&zh, &en).to_string()}</span>
                <span class="points-plus">"+"{activity.points}</span>
                {if activity.done {
                    view! { <span class="badge badge-good">{t("campaigns.done")}</span> }.into_any()
                } else {
                    view! {
                        <button type="button" class="button button-small button-secondary" aria-expanded=move || open.get().to_string()
                            on:click=move |_| open.update(|o| *o = !*o)>{t(action_key)}</button>
                    }.into_any()
                }}
            </div>
            <Show when=move || open.get() && !activity.done>
                <form class="activity-form" on:submit=on_submit novalidate>
                    {move || error.get().map(|error| view! { <ErrorBanner error/> })}
                    {(kind == CampaignActivityKind::Survey).then(|| view! {
                        <div class="star-input" role="radiogroup" aria-label=t("rating.score")>
                            {(1..=5).map(|i| view! {
                                <button type="button" role="radio"
                                    aria-checked=move || (rating.get() == i).to_string()
                                    aria-label=move || fill(i18n.locale.get().text("rating.stars"), &[("score", i.to_string())])
                                    class=move || { if rating.get() >= i { "star on" } else { "star" } }
                                    on:click=move |_| rating.set(i)>"★"</button>
                            }).collect_view()}
                        </div>
                    })}
                    <div class="field">
                        <label for=field_id.clone()>{t(answer_key)}</label>
                        <textarea id=field_id.clone() rows=2 maxlength="300" bind:value=answer></textarea>
                    </div>
                    {move || problem.get().map(|code| view! { <p class="field-error" role="alert">{move || i18n.locale.get().text(&format!("error.{code}"))}</p> })}
                    <button type="submit" class="button button-primary" disabled=move || send.pending().get()>{t("campaigns.send")}</button>
                </form>
            </Show>
        </li>
    }
}
