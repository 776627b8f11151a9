use leptos::prelude::*;

use crate::api::admin::rules::{
    add_calendar_days, read_service_rules, remove_calendar_day, set_follow_up_settings, set_points_rule,
    set_service_target, set_sla_targets, set_stage_commitment,
};
use crate::components::form::{inline_error, FieldErrors, FormField};
use crate::components::page::Page;
use crate::components::states::{ErrorBanner, Loaded};
use crate::domain::service_level::Span;
use crate::domain::service_targets::{parse_service_target, ServiceTarget, TargetUnit};
use crate::domain::{
    check_calendar_days, check_follow_up_settings, check_sla_targets, parse_commitment_hours, parse_rule_points,
    CalendarDaysFields, SlaTargetFields, SlaUnit, SpanFields,
};
use crate::error::AppError;
use crate::i18n::{t, t_dyn, use_i18n};
use crate::model::admin::{CalendarDay, PointsRuleSetting, ServiceRules, SlaTargetSetting, StageCommitmentSetting};

/// `/console/admin/rules`: the service rules, each changed in place and holding at once:
/// service-level targets, claim stage commitments, the follow-up sample, points earning
/// rules, and the business calendar's holidays.
#[component]
pub fn ServiceRulesPage() -> impl IntoView {
    let rules = LocalResource::new(read_service_rules);
    view! {
        <Page title="admin.rules_title" class="page page-wide">
            <header class="page-head">
                <h1>{t("admin.rules_title")}</h1>
                <p class="muted">{t("admin.rules_lead")}</p>
            </header>
            <Loaded resource=rules let:data>
                <RulesView data refresh=move || rules.refetch()/>
            </Loaded>
        </Page>
    }
}

#[component]
fn RulesView(data: ServiceRules, refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    view! {
        <section class="card rules-section" aria-labelledby="targets-title">
            <h2 id="targets-title">{t("admin.targets_title")}</h2>
            <p class="muted">{t("admin.targets_lead")}</p>
            <table class="table rules-table">
                <tbody>
                    {data.service_targets.into_iter().map(|target| view! { <ServiceTargetRow target/> }).collect_view()}
                </tbody>
            </table>
        </section>
        <section class="card rules-section" aria-labelledby="sla-title">
            <h2 id="sla-title">{t("admin.sla_title")}</h2>
            <p class="muted">{t("admin.sla_lead")}</p>
            <table class="table rules-table">
                <thead>
                    <tr>
                        <th scope="col">{t("admin.sla_kind")}</th>
                        <th scope="col">{t("admin.sla_first_response")}</th>
                        <th scope="col">{t("admin.sla_next_response")}</th>
                        <th scope="col">{t("admin.sla_resolution")}</th>
                        <th scope="col"><span class="visually-hidden">{t("admin.actions")}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {data.sla_targets.into_iter().map(|setting| view! { <SlaRow setting/> }).collect_view()}
                </tbody>
            </table>
        </section>
        <div class="rules-columns">
            <section class="card rules-section" aria-labelledby="stages-title">
                <h2 id="stages-title">{t("admin.stages_title")}</h2>
                <p class="muted">{t("admin.stages_lead")}</p>
                <table class="table rules-table">
                    <tbody>
                        {data.stage_commitments.into_iter().map(|setting| view! { <StageRow setting/> }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="card rules-section" aria-labelledby="points-rules-title">
                <h2 id="points-rules-title">{t("admin.points_rules_title")}</h2>
                <p class="muted">{t("admin.points_rules_lead")}</p>
                <table class="table rules-table">
                    <tbody>
                        {data.points_rules.into_iter().map(|setting| view! { <PointsRuleRow setting/> }).collect_view()}
                    </tbody>
                </table>
                <FollowUpForm sample=data.follow_up_sample_percent attempts=data.follow_up_max_attempts/>
            </section>
        </div>
        <CalendarSection days=data.calendar_days refresh/>
    }
}

/// A row's save button, its outcome and its errors.
#[component]
fn RowStatus(
    saved: RwSignal<bool>,
    banner: RwSignal<Option<AppError>>,
    pending: Signal<bool>,
    on_save: Callback<()>,
) -> impl IntoView {
    view! {
        <td class="row-actions">
            <button type="button" class="button button-small button-primary" disabled=move || pending.get()
                on:click=move |_| on_save.run(())>{t("admin.save")}</button>
            {move || saved.get().then(|| view! { <span class="ok" role="status">{t("admin.saved")}</span> })}
            {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
        </td>
    }
}

#[component]
fn SpanInput(
    field: &'static str,
    label: String,
    amount: RwSignal<String>,
    unit: RwSignal<String>,
    errors: FieldErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <td>
            <div class="span-input">
                <input class="input-small" inputmode="numeric" bind:value=amount aria-label=label.clone()
                    aria-invalid=move || errors.code(field).is_some().to_string()/>
                <select aria-label=format!("{label} unit") prop:value=move || unit.get() on:change=move |ev| unit.set(event_target_value(&ev))>
                    {SlaUnit::ALL.iter().map(|u| {
                        let u = *u;
                        view! { <option value=u.as_str() selected=move || unit.get() == u.as_str()>{move || i18n.locale.get().text(&u.label_key())}</option> }
                    }).collect_view()}
                </select>
            </div>
            {inline_error(errors, field)}
        </td>
    }
}

#[component]
fn SlaRow(setting: SlaTargetSetting) -> impl IntoView {
    let (kind, priority) = (setting.kind, setting.priority);
    let signals = |span: Span| {
        (
            RwSignal::new(span.amount.to_string()),
            RwSignal::new(span.unit.as_str().to_string()),
        )
    };
    let (first_amount, first_unit) = signals(setting.targets.first_response);
    let (next_amount, next_unit) = signals(setting.targets.next_response);
    let (resolution_amount, resolution_unit) = signals(setting.targets.resolution);
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let fields = move || SlaTargetFields {
        first_response: SpanFields {
            amount: first_amount.get_untracked(),
            unit: first_unit.get_untracked(),
        },
        next_response: SpanFields {
            amount: next_amount.get_untracked(),
            unit: next_unit.get_untracked(),
        },
        resolution: SpanFields {
            amount: resolution_amount.get_untracked(),
            unit: resolution_unit.get_untracked(),
        },
    };
    let save = Action::new_local(move |targets: &SlaTargetFields| set_sla_targets(kind, priority, targets.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => saved.set(true),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let on_save = Callback::new(move |_| {
        errors.clear();
        banner.set(None);
        saved.set(false);
        let targets = fields();
        match check_sla_targets(&targets) {
            Ok(_) => {
                save.dispatch(targets);
            }
            Err(list) => {
                for (field, invalid) in list {
                    errors.set(field, invalid.code);
                }
            }
        }
    });
    let name = format!("{}/{}", kind.as_str(), priority.as_str());
    view! {
        <tr data-sla=name.clone()>
            <th scope="row">{t_dyn(kind.label_key())}<span class="muted">" · "{t_dyn(priority.label_key())}</span></th>
            <SpanInput field="first_response" label=format!("{name} first response") amount=first_amount unit=first_unit errors/>
            <SpanInput field="next_response" label=format!("{name} next response") amount=next_amount unit=next_unit errors/>
            <SpanInput field="resolution" label=format!("{name} resolution") amount=resolution_amount unit=resolution_unit errors/>
            <RowStatus saved banner pending=save.pending().into() on_save/>
        </tr>
    }
}

/// One published commitment: its target (at least a share, at most a time) and what it
/// measures.
#[component]
fn ServiceTargetRow(target: ServiceTarget) -> impl IntoView {
    let measure = target.measure;
    let value = RwSignal::new(target.target.to_string());
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |value: &String| set_service_target(measure, value.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => saved.set(true),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let on_save = Callback::new(move |_| {
        errors.clear();
        banner.set(None);
        saved.set(false);
        match parse_service_target(measure, &value.get_untracked()) {
            Ok(_) => {
                save.dispatch(value.get_untracked());
            }
            Err(invalid) => errors.set("target", invalid.code),
        }
    });
    let (bound, unit) = match measure.unit() {
        TargetUnit::PercentAtLeast => ("≥", "admin.target_unit_percent"),
        TargetUnit::MinutesAtMost => ("≤", "admin.target_unit_minutes"),
        TargetUnit::HoursAtMost => ("≤", "admin.target_unit_hours"),
    };
    let input_id = format!("target-{}", measure.as_str());
    view! {
        <tr data-measure=measure.as_str()>
            <th scope="row">
                <label for=input_id.clone()>{t_dyn(measure.label_key())}</label>
                <div class="muted rules-definition">{t_dyn(measure.definition_key())}</div>
            </th>
            <td>
                <span class="span-input">
                    <span aria-hidden="true">{bound}</span>
                    <input id=input_id class="input-small" inputmode="numeric" bind:value=value
                        aria-invalid=move || errors.code("target").is_some().to_string()/>
                    <span class="muted">{t(unit)}</span>
                </span>
                {inline_error(errors, "target")}
            </td>
            <RowStatus saved banner pending=save.pending().into() on_save/>
        </tr>
    }
}

#[component]
fn StageRow(setting: StageCommitmentSetting) -> impl IntoView {
    let stage = setting.stage;
    let hours = RwSignal::new(setting.limit_hours.to_string());
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |hours: &String| set_stage_commitment(stage, hours.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => saved.set(true),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let on_save = Callback::new(move |_| {
        errors.clear();
        banner.set(None);
        saved.set(false);
        match parse_commitment_hours(&hours.get_untracked()) {
            Ok(_) => {
                save.dispatch(hours.get_untracked());
            }
            Err(invalid) => errors.set("limit_hours", invalid.code),
        }
    });
    view! {
        <tr data-stage=stage.as_str()>
            <th scope="row">{t_dyn(stage.label_key())}</th>
            <td>
                <span class="span-input">
                    <input class="input-small" inputmode="numeric" bind:value=hours aria-label=format!("{} hours", stage.as_str())
                        aria-invalid=move || errors.code("limit_hours").is_some().to_string()/>
                    <span class="muted">{t("sla_unit.hours")}</span>
                </span>
                {inline_error(errors, "limit_hours")}
            </td>
            <RowStatus saved banner pending=save.pending().into() on_save/>
        </tr>
    }
}

#[component]
fn PointsRuleRow(setting: PointsRuleSetting) -> impl IntoView {
    let code = setting.code;
    let points = RwSignal::new(setting.points.to_string());
    let active = RwSignal::new(setting.active);
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let save =
        Action::new_local(move |(points, active): &(String, bool)| set_points_rule(code, points.clone(), *active));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => saved.set(true),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let on_save = Callback::new(move |_| {
        errors.clear();
        banner.set(None);
        saved.set(false);
        match parse_rule_points(&points.get_untracked()) {
            Ok(_) => {
                save.dispatch((points.get_untracked(), active.get_untracked()));
            }
            Err(invalid) => errors.set("points", invalid.code),
        }
    });
    view! {
        <tr data-rule=code.as_str()>
            <th scope="row">{t_dyn(code.label_key())}</th>
            <td>
                <input class="input-small" inputmode="numeric" bind:value=points aria-label=format!("{} points", code.as_str())
                    aria-invalid=move || errors.code("points").is_some().to_string()/>
                {inline_error(errors, "points")}
            </td>
            <td>
                <label class="choice choice-compact">
                    <input type="checkbox" bind:checked=active/>
                    <span>{t("admin.rule_active")}</span>
                </label>
            </td>
            <RowStatus saved banner pending=save.pending().into() on_save/>
        </tr>
    }
}

#[component]
fn FollowUpForm(sample: i64, attempts: i64) -> impl IntoView {
    let sample = RwSignal::new(sample.to_string());
    let attempts = RwSignal::new(attempts.to_string());
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |(s, a): &(String, String)| set_follow_up_settings(s.clone(), a.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => saved.set(true),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        banner.set(None);
        saved.set(false);
        match check_follow_up_settings(&sample.get_untracked(), &attempts.get_untracked()) {
            Ok(_) => {
                save.dispatch((sample.get_untracked(), attempts.get_untracked()));
            }
            Err(list) => {
                for (field, invalid) in list {
                    errors.set(field, invalid.code);
                }
            }
        }
    };
    view! {
        <form class="rules-follow-up" on:submit=on_submit novalidate>
            <h3>{t("admin.follow_up_title")}</h3>
            {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
            <FormField name="sample_percent" label="admin.sample_percent" value=sample errors inputmode="numeric" hint="admin.sample_percent_hint"/>
            <FormField name="max_attempts" label="admin.max_attempts" value=attempts errors inputmode="numeric"/>
            <div class="button-row">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t("admin.save")}</button>
                {move || saved.get().then(|| view! { <span class="ok" role="status">{t("admin.saved")}</span> })}
            </div>
        </form>
    }
}

#[component]
fn CalendarSection(days: Vec<CalendarDay>, refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let name_zh = RwSignal::new(String::new());
    let name_en = RwSignal::new(String::new());
    let working = RwSignal::new(false);
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let add = Action::new_local(move |fields: &CalendarDaysFields| add_calendar_days(fields.clone()));
    Effect::new(move |_| match add.value().get() {
        Some(Ok(_)) => refresh(),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let remove = Action::new_local(move |day: &String| remove_calendar_day(day.clone()));
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => refresh(),
        Some(Err(e)) => banner.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        banner.set(None);
        let fields = CalendarDaysFields {
            from: from.get_untracked(),
            to: to.get_untracked(),
            working: working.get_untracked(),
            name_zh: name_zh.get_untracked(),
            name_en: name_en.get_untracked(),
        };
        match check_calendar_days(&fields) {
            Ok(_) => {
                add.dispatch(fields);
            }
            Err(list) => {
                for (field, invalid) in list {
                    errors.set(field, invalid.code);
                }
            }
        }
    };
    view! {
        <section class="card rules-section" aria-labelledby="calendar-title">
            <h2 id="calendar-title">{t("admin.calendar_title")}</h2>
            <p class="muted">{t("admin.calendar_lead")}</p>
            {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
            <div class="rules-columns">
                <ul class="calendar-days" data-testid="calendar-days">
                    {days.into_iter().map(|day| {
                        let (zh, en) = (day.name_zh.clone(), day.name_en.clone());
                        let date = day.day.clone();
                        view! {
                            <li data-day=day.day.clone()>
                                <span class="mono">{day.day.clone()}</span>
                                <span>{move || i18n.locale.get().pick(&zh, &en).to_string()}</span>
                                {if day.working {
                                    view! { <span class="badge badge-info">{t("admin.make_up_day")}</span> }.into_any()
                                } else {
                                    view! { <span class="badge badge-muted">{t("admin.holiday")}</span> }.into_any()
                                }}
                                <button type="button" class="button button-small button-ghost" disabled=move || remove.pending().get()
                                    on:click=move |_| { banner.set(None); remove.dispatch(date.clone()); }>{t("admin.remove")}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <form class="calendar-form" on:submit=on_submit novalidate>
                    <h3>{t("admin.calendar_add")}</h3>
                    <FormField name="from" label="admin.calendar_from" value=from errors input_type="date"/>
                    <FormField name="to" label="admin.calendar_to" value=to errors input_type="date" hint="admin.calendar_to_hint"/>
                    <FormField name="name_zh" label="admin.day_name_zh" value=name_zh errors/>
                    <FormField name="name_en" label="admin.day_name_en" value=name_en errors/>
                    <label class="choice">
                        <input type="checkbox" bind:checked=working/>
                        <span>{t("admin.make_up_day_hint")}</span>
                    </label>
                    <div class="button-row">
                        <button type="submit" class="button button-primary" disabled=move || add.pending().get()>{t("admin.calendar_add")}</button>
                    </div>
                </form>
            </div>
        </section>
    }
}
