use leptos::prelude::*;

use crate::api::admin::rewards::{list_reward_settings, update_reward};
use crate::components::form::{inline_error, FieldErrors};
use crate::components::page::Page;
use crate::components::states::{ErrorBanner, Loaded};
use crate::domain::check_reward;
use crate::error::AppError;
use crate::i18n::{t, t_dyn, use_i18n};
use crate::model::admin::RewardSetting;

/// `/console/admin/rewards`: the points mall: each reward's price, stock and whether it is
/// offered, changed in place; customers see a change at once.
#[component]
pub fn RewardsPage() -> impl IntoView {
    let rewards = LocalResource::new(list_reward_settings);
    view! {
        <Page title="admin.rewards_title" class="page page-wide">
            <header class="page-head">
                <h1>{t("admin.rewards_title")}</h1>
                <p class="muted">{t("admin.rewards_lead")}</p>
            </header>
            <Loaded resource=rewards let:list>
                <div class="card">
                    <table class="table reward-table">
                        <thead>
                            <tr>
                                <th scope="col">{t("admin.reward")}</th>
                                <th scope="col">{t("admin.reward_price")}</th>
                                <th scope="col">{t("admin.reward_stock")}</th>
                                <th scope="col">{t("admin.reward_offered")}</th>
                                <th scope="col"><span class="visually-hidden">{t("admin.actions")}</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|reward| view! { <RewardRow reward/> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </Loaded>
        </Page>
    }
}

#[component]
fn RewardRow(reward: RewardSetting) -> impl IntoView {
    let i18n = use_i18n();
    let code = StoredValue::new(reward.code.clone());
    let price = RwSignal::new(reward.points_price.to_string());
    let stock = RwSignal::new(reward.stock.to_string());
    let active = RwSignal::new(reward.active);
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |_: &()| {
        let (code, price, stock, active) = (
            code.get_value(),
            price.get_untracked(),
            stock.get_untracked(),
            active.get_untracked(),
        );
        async move { update_reward(code, price, stock, active).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(now)) => {
            price.set(now.points_price.to_string());
            stock.set(now.stock.to_string());
            active.set(now.active);
            saved.set(true);
        }
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let on_save = move |_| {
        errors.clear();
        banner.set(None);
        saved.set(false);
        if let Err(list) = check_reward(&price.get_untracked(), &stock.get_untracked()) {
            for (field, invalid) in list {
                errors.set(field, invalid.code);
            }
            return;
        }
        save.dispatch(());
    };
    let (zh, en) = (reward.name_zh.clone(), reward.name_en.clone());
    let label = reward.code.clone();
    view! {
        <tr data-reward=reward.code.clone()>
            <th scope="row">
                <span class="card-title">{move || i18n.locale.get().pick(&zh, &en).to_string()}</span>
                <span class="muted">" · "{t_dyn(reward.kind.label_key())}</span>
            </th>
            <td>
                <input class="input-small" inputmode="numeric" bind:value=price aria-label=format!("{label} price")
                    aria-invalid=move || errors.code("points_price").is_some().to_string()/>
                {inline_error(errors, "points_price")}
            </td>
            <td>
                <input class="input-small" inputmode="numeric" bind:value=stock aria-label=format!("{label} stock")
                    aria-invalid=move || errors.code("stock").is_some().to_string()/>
                {inline_error(errors, "stock")}
            </td>
            <td>
                <label class="choice">
                    <input type="checkbox" bind:checked=active/>
                    <span>{t("admin.reward_offered")}</span>
                </label>
            </td>
            <td class="row-actions">
                <button type="button" class="button button-small button-primary" disabled=move || save.pending().get()
                    on:click=on_save>{t("admin.save")}</button>
                {move || saved.get().then(|| view! { <span class="ok" role="status">{t("admin.saved")}</span> })}
                {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
            </td>
        </tr>
    }
}
