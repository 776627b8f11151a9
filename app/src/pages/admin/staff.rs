use leptos::prelude::*;

use crate::api::admin::staff::{
    create_staff_account, list_staff_accounts, reset_staff_password, set_staff_active, update_staff_account,
};
use crate::components::form::{FieldErrors, FormField, SelectField};
use crate::components::page::Page;
use crate::components::paging::{MorePages, ShowMorePages};
use crate::components::states::{ErrorBanner, Loaded};
use crate::domain::{check_staff, Role, StaffFields};
use crate::error::AppError;
use crate::i18n::{fill, t, t_dyn, use_i18n};
use crate::model::admin::{IssuedPassword, SkillGroupChoice, StaffAccount, StaffDirectory, StaffForm};
use crate::model::paging::Page as ListPage;

/// `/console/admin/staff`: staff accounts: create with a one-time password, edit role,
/// skill groups, capacity and claim authority, deactivate, reset the password.
#[component]
pub fn StaffAccountsPage() -> impl IntoView {
    let directory = LocalResource::new(|| list_staff_accounts(None));
    // The pages after the first. A change to an account reads the list again from the
    // start: the changed account may have moved (active first) or sit on a later page.
    let more = MorePages::<StaffAccount>::default();
    // What the last action said (a one-time password to hand over), kept across re-reads.
    let issued = RwSignal::new(None::<IssuedPassword>);
    let editing = RwSignal::new(None::<i64>);
    let creating = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let refresh = move || {
        more.forget();
        directory.refetch();
    };
    // Every answer, also one the same as before (which `Loaded` does not redraw).
    Effect::new(move |_| {
        if let Some(Ok(data)) = directory.get() {
            more.follow(data.next);
        }
    });
    view! {
        <Page title="admin.staff_title" class="page page-wide">
            <header class="page-head page-head-row">
                <div>
                    <h1>{t("admin.staff_title")}</h1>
                    <p class="muted">{t("admin.staff_lead")}</p>
                </div>
                <button type="button" class="button button-primary" on:click=move |_| { creating.set(true); editing.set(None); }>
                    {t("admin.new_staff")}
                </button>
            </header>
            {move || issued.get().map(|issued| view! { <IssuedNotice issued/> })}
            {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            <Loaded resource=directory let:data>
                <StaffDirectoryView data more issued editing creating error refresh/>
            </Loaded>
        </Page>
    }
}

/// The one-time password, once: to be handed to the person, who must replace it.
#[component]
fn IssuedNotice(issued: IssuedPassword) -> impl IntoView {
    let i18n = use_i18n();
    let name = issued.account.display_name.clone();
    let username = issued.account.username.clone();
    view! {
        <section class="banner banner-success issued" role="status" aria-labelledby="issued-title">
            <h2 id="issued-title">{move || fill(i18n.locale.get().text("admin.issued_title"), &[("name", name.clone()), ("username", username.clone())])}</h2>
            <p>{t("admin.issued_hint")}</p>
            <p class="one-time-password mono" data-testid="one-time-password">{issued.one_time_password}</p>
        </section>
    }
}

#[component]
fn StaffDirectoryView(
    data: StaffDirectory,
    more: MorePages<StaffAccount>,
    issued: RwSignal<Option<IssuedPassword>>,
    editing: RwSignal<Option<i64>>,
    creating: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let groups = StoredValue::new(data.skill_groups.clone());
    let accounts = StoredValue::new(data.accounts.clone());
    let read_more = move || {
        more.read_next(|before| async move {
            list_staff_accounts(before).await.map(|directory| ListPage {
                items: directory.accounts,
                next: directory.next,
            })
        })
    };
    let created = move |result: Option<IssuedPassword>| {
        creating.set(false);
        if let Some(done) = result {
            issued.set(Some(done));
            refresh();
        }
    };
    view! {
        {move || creating.get().then(|| view! {
            <StaffFormCard account=None groups=groups.get_value() on_done=created/>
        })}
        <div class="card">
            <table class="table staff-table">
                <thead>
                    <tr>
                        <th scope="col">{t("admin.username")}</th>
                        <th scope="col">{t("admin.display_name")}</th>
                        <th scope="col">{t("admin.role")}</th>
                        <th scope="col">{t("admin.skill_groups")}</th>
                        <th scope="col" class="num">{t("admin.capacity")}</th>
                        <th scope="col" class="num">{t("admin.claim_limit")}</th>
                        <th scope="col">{t("admin.status")}</th>
                        <th scope="col"><span class="visually-hidden">{t("admin.actions")}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {move || accounts.with_value(|first| more.after(first)).into_iter().map(|account| view! {
                        <StaffRow account groups issued editing creating error refresh/>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <ShowMorePages more on_more=read_more/>
    }
}

#[component]
fn StaffRow(
    account: StaffAccount,
    groups: StoredValue<Vec<SkillGroupChoice>>,
    issued: RwSignal<Option<IssuedPassword>>,
    editing: RwSignal<Option<i64>>,
    creating: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = account.id;
    let active = account.active;
    let toggle = Action::new_local(move |_: &()| set_staff_active(id, !active));
    let reset = Action::new_local(move |_: &()| reset_staff_password(id));
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(_)) => refresh(),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match reset.value().get() {
        Some(Ok(done)) => {
            issued.set(Some(done));
            refresh();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let group_names = {
        let codes = account.skill_groups.clone();
        move || {
            let locale = i18n.locale.get();
            groups.with_value(|all| {
                codes
                    .iter()
                    .map(|code| {
                        all.iter()
                            .find(|g| &g.code == code)
                            .map_or(code.clone(), |g| locale.pick(&g.name_zh, &g.name_en).to_string())
                    })
                    .collect::<Vec<_>>()
                    .join("、")
            })
        }
    };
    let edit_account = account.clone();
    let saved = move |result: Option<IssuedPassword>| {
        editing.set(None);
        if result.is_some() {
            refresh();
        }
    };
    let limit = account.claim_limit.map(|m| m.to_string());
    view! {
        <tr class:inactive=!active data-username=account.username.clone()>
            <td class="mono">{account.username.clone()}</td>
            <td>{account.display_name.clone()}
                {account.must_change_password.then(|| view! { " " <span class="badge badge-warn">{t("admin.one_time_password")}</span> })}
            </td>
            <td><span class="badge badge-info">{t_dyn(account.role.label_key())}</span></td>
            <td>{group_names}</td>
            <td class="num">{account.capacity}</td>
            <td class="num">{move || limit.clone().unwrap_or_else(|| i18n.locale.get().text("admin.role_limit"))}</td>
            <td>{if active { view! { <span class="badge badge-good">{t("admin.active")}</span> }.into_any() } else { view! { <span class="badge badge-muted">{t("admin.inactive")}</span> }.into_any() }}</td>
            <td class="row-actions">
                <button type="button" class="button button-small button-secondary"
                    on:click=move |_| { creating.set(false); editing.set(Some(id)); }>{t("admin.edit")}</button>
                <button type="button" class="button button-small button-secondary" disabled=move || reset.pending().get()
                    on:click=move |_| { error.set(None); reset.dispatch(()); }>{t("admin.reset_password")}</button>
                <button type="button" class="button button-small button-secondary" disabled=move || toggle.pending().get()
                    on:click=move |_| { error.set(None); toggle.dispatch(()); }>
                    {if active { t("admin.deactivate")() } else { t("admin.activate")() }}
                </button>
            </td>
        </tr>
        {move || (editing.get() == Some(id)).then(|| {
            let account = edit_account.clone();
            view! {
                <tr class="edit-row">
                    <td colspan="8">
                        <StaffFormCard account=Some(account) groups=groups.get_value() on_done=saved/>
                    </td>
                </tr>
            }
        })}
    }
}

/// Create (no account) or edit (an account): every field's message at once, by the same
/// rules the server checks.
#[component]
fn StaffFormCard(
    account: Option<StaffAccount>,
    groups: Vec<SkillGroupChoice>,
    /// Called with the result (`None`: cancelled; an edit answers its account without a password).
    on_done: impl Fn(Option<IssuedPassword>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = account.clone();
    let username = RwSignal::new(account.as_ref().map(|a| a.username.clone()).unwrap_or_default());
    let display_name = RwSignal::new(account.as_ref().map(|a| a.display_name.clone()).unwrap_or_default());
    let role = RwSignal::new(account.as_ref().map_or(Role::Agent, |a| a.role).as_str().to_string());
    let capacity = RwSignal::new(account.as_ref().map_or("8".to_string(), |a| a.capacity.to_string()));
    let claim_limit = RwSignal::new(
        account
            .as_ref()
            .and_then(|a| a.claim_limit)
            .map(|m| (m.fen() / 100).to_string())
            .unwrap_or_default(),
    );
    let chosen = RwSignal::new(account.as_ref().map(|a| a.skill_groups.clone()).unwrap_or_default());
    let errors = FieldErrors::default();
    let form_error = RwSignal::new(None::<AppError>);
    let staff_id = editing.as_ref().map(|a| a.id);
    let save = Action::new_local(move |form: &StaffForm| {
        let form = form.clone();
        async move {
            match staff_id {
                Some(id) => update_staff_account(id, form).await.map(|account| IssuedPassword {
                    account,
                    one_time_password: String::new(),
                }),
                None => create_staff_account(form).await,
            }
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(done)) => on_done((!done.one_time_password.is_empty() || staff_id.is_some()).then_some(done)),
        Some(Err(e)) => form_error.set(errors.absorb(e)),
        None => {}
    });
    let role_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        Role::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), locale.text(&r.label_key())))
            .collect::<Vec<_>>()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        form_error.set(None);
        let fields = StaffFields {
            username: username.get_untracked(),
            display_name: display_name.get_untracked(),
            capacity: capacity.get_untracked(),
            claim_limit: claim_limit.get_untracked(),
        };
        if let Err(list) = check_staff(&fields) {
            for (field, invalid) in list {
                errors.set(field, invalid.code);
            }
        }
        let Some(role) = Role::parse(&role.get_untracked()) else {
            errors.set("role", "role_required");
            return;
        };
        if errors.has_any() {
            return;
        }
        save.dispatch(StaffForm {
            fields,
            role,
            skill_groups: chosen.get_untracked(),
        });
    };
    let title = if editing.is_some() {
        "admin.edit_staff"
    } else {
        "admin.new_staff"
    };
    view! {
        <form class="card form-grid staff-form" on:submit=on_submit novalidate aria-label=t(title)>
            <h2>{t(title)}</h2>
            {move || form_error.get().map(|error| view! { <ErrorBanner error/> })}
            {if editing.is_some() {
                view! { <p class="muted">{t("admin.username")}": "<span class="mono">{username.get_untracked()}</span></p> }.into_any()
            } else {
                view! { <FormField name="username" label="admin.username" value=username errors=errors autocomplete="off" hint="admin.username_hint"/> }.into_any()
            }}
            <FormField name="display_name" label="admin.display_name" value=display_name errors=errors autocomplete="off"/>
            <SelectField name="role" label="admin.role" value=role errors=errors options=role_options placeholder="admin.choose_role"/>
            <FormField name="capacity" label="admin.capacity" value=capacity errors=errors inputmode="numeric" hint="admin.capacity_hint"/>
            <FormField name="claim_limit" label="admin.claim_limit_input" value=claim_limit errors=errors inputmode="decimal" hint="admin.claim_limit_hint"/>
            <fieldset class="fieldset">
                <legend>{t("admin.skill_groups")}</legend>
                <div class="check-list">
                    {groups.into_iter().map(|g| {
                        let code = g.code.clone();
                        let code_for_check = code.clone();
                        view! {
                            <label class="choice">
                                <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&code_for_check))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let code = code.clone();
                                        chosen.update(|c| {
                                            c.retain(|x| *x != code);
                                            if on { c.push(code); }
                                        });
                                    }/>
                                <span>{move || i18n.locale.get().pick(&g.name_zh, &g.name_en).to_string()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="button-row">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t("admin.save")}</button>
                <button type="button" class="button button-secondary" on:click=move |_| on_done(None)>{t("admin.cancel")}</button>
            </div>
        </form>
    }
}
