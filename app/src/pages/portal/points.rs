use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::portal::points::{check_in, my_points, my_points_history, my_reward_orders, redeem_reward};
use crate::components::form::{FieldErrors, FormField};
use crate::components::format::{format_day, format_instant};
use crate::components::page::Page;
use crate::components::paging::{MorePages, ShowMorePages};
use crate::components::states::{ErrorBanner, Loaded};
use crate::domain::{IdempotencyKey, Phone, PointsReason, RewardKind};
use crate::error::AppError;
use crate::i18n::{fill, t, t_dyn, use_i18n};
use crate::model::points::{PointsEntry, PointsOverview, RewardItem, RewardOrder};

/// `/my/points`: balance, earning, rewards, history.
#[component]
pub fn MyPointsPage() -> impl IntoView {
    let overview = LocalResource::new(my_points);
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    // The history's and the orders' pages after the first, kept across a re-read that
    // leaves the first as it ends.
    let history_more = MorePages::<PointsEntry>::default();
    let orders_more = MorePages::<RewardOrder>::default();
    view! {
        <Page title="points.title">
            <header class="page-head">
                <h1>{t("points.title")}</h1>
            </header>
            {move || notice.get().map(|text| view! { <div class="banner banner-success" role="status">{text}</div> })}
            {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            <Loaded resource=overview let:data>
                <PointsView data refresh=move || overview.refetch() notice error history_more orders_more/>
            </Loaded>
        </Page>
    }
}

#[component]
fn PointsView(
    data: PointsOverview,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
    notice: RwSignal<Option<String>>,
    error: RwSignal<Option<AppError>>,
    history_more: MorePages<PointsEntry>,
    orders_more: MorePages<RewardOrder>,
) -> impl IntoView {
    let i18n = use_i18n();
    let checked_in = data.checked_in_this_month;
    let sign_in = Action::new_local(|_: &()| check_in());
    Effect::new(move |_| match sign_in.value().get() {
        Some(Ok(points)) => {
            let text = fill(
                i18n.locale.get_untracked().text("points.checked_in"),
                &[("points", points.to_string())],
            );
            notice.set(Some(text));
            refresh();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let expiring = data.expiring_soon;
    let next_expiry = data.next_expiry;
    let balance = data.balance;
    let own_phone = data.own_phone_masked.clone();
    // The history and the orders a page at a time, newest first.
    history_more.follow(data.history_next.clone());
    orders_more.follow(data.orders_next.clone());
    let history = StoredValue::new(data.history);
    let orders = StoredValue::new(data.orders);
    view! {
        <section class="card points-hero" aria-labelledby="balance-title">
            <div>
                <h2 id="balance-title" class="muted">{t("points.balance")}</h2>
                <p class="points-balance" data-testid="points-balance">{balance}</p>
                {(expiring > 0).then(|| view! {
                    <p class="points-expiring">{move || fill(
                        i18n.locale.get().text("points.expiring_soon"),
                        &[("points", expiring.to_string()),
                          ("date", next_expiry.map(|at| format_day(at, i18n.locale.get())).unwrap_or_default())],
                    )}</p>
                })}
            </div>
            <button type="button" class="button button-primary" disabled=move || checked_in || sign_in.pending().get()
                on:click=move |_| { notice.set(None); error.set(None); sign_in.dispatch(()); }>
                {move || if checked_in { t("points.checked_in_already")() } else { t("points.check_in")() }}
            </button>
        </section>

        <section aria-labelledby="rewards-title">
            <h2 id="rewards-title" class="section-title">{t("points.rewards")}</h2>
            <ul class="reward-grid">
                {data.rewards.into_iter().map(|reward| view! {
                    <RewardCard reward balance own_phone=own_phone.clone() refresh notice error/>
                }).collect_view()}
            </ul>
        </section>

        <div class="split">
            <section class="card" aria-labelledby="earn-title">
                <h2 id="earn-title">{t("points.how_to_earn")}</h2>
                <ul class="rule-list">
                    {data.rules.into_iter().map(|rule| view! {
                        <li class:done=rule.done>
                            <span>{t_dyn(rule.rule.label_key())}</span>
                            <span class="muted">{t_dyn(format!("points.period.{}", rule.per_period))}</span>
                            <span class="points-plus">"+"{rule.points}</span>
                            {rule.done.then(|| view! { <span class="badge badge-good">{t("points.earned")}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
                <p class="campaign-link">
                    <A href=crate::routes::portal::campaigns()>{t("campaigns.more_ways")}</A>
                </p>
            </section>
            <section class="card" aria-labelledby="orders-title">
                <h2 id="orders-title">{t("points.orders")}</h2>
                {if orders.with_value(Vec::is_empty) {
                    view! { <p class="muted">{t("points.no_orders")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list">
                            {move || orders.with_value(|first| orders_more.after(first)).into_iter().map(|o| {
                                let (zh, en) = (o.name_zh.clone(), o.name_en.clone());
                                view! {
                                    <li>
                                        <span>{move || i18n.locale.get().pick(&zh, &en).to_string()}</span>
                                        <span class="mono muted">{o.order_no.clone()}</span>
                                        {o.top_up_phone_masked.clone().map(|phone| view! { <span class="mono muted">{phone}</span> })}
                                        <span class="points-minus">"-"{o.points}</span>
                                        <span class="muted">{move || format_instant(o.ordered_at, i18n.locale.get())}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <ShowMorePages more=orders_more on_more=move || orders_more.read_next(my_reward_orders)/>
                    }.into_any()
                }}
            </section>
        </div>

        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{t("points.history")}</h2>
            <ul class="plain-list points-history">
                {move || history.with_value(|first| history_more.after(first))
                    .into_iter()
                    .map(|entry| view! { <HistoryRow entry/> })
                    .collect_view()}
            </ul>
            <ShowMorePages more=history_more on_more=move || history_more.read_next(my_points_history)/>
        </section>
    }
}

#[component]
fn HistoryRow(entry: PointsEntry) -> impl IntoView {
    let i18n = use_i18n();
    let reason = match (entry.reason, entry.rule) {
        (PointsReason::Earn, Some(rule)) => rule.label_key(),
        (reason, _) => reason.label_key(),
    };
    let class = if entry.delta > 0 { "points-plus" } else { "points-minus" };
    let delta = if entry.delta > 0 {
        format!("+{}", entry.delta)
    } else {
        entry.delta.to_string()
    };
    view! {
        <li>
            <span>{t_dyn(reason)}{entry.reference.map(|r| view! { " " <span class="mono muted">{r}</span> })}</span>
            <span class="muted">{move || format_instant(entry.at, i18n.locale.get())}</span>
            <span class=class>{delta}</span>
        </li>
    }
}

#[component]
fn RewardCard(
    reward: RewardItem,
    balance: i64,
    own_phone: Option<String>,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
    notice: RwSignal<Option<String>>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // A key per attempt: retries of one click redeem once; the next click is a new order.
    let key = StoredValue::new(IdempotencyKey::fresh());
    let code = StoredValue::new(reward.code.clone());
    let phone_credit = reward.kind == RewardKind::PhoneCredit;
    // Redeeming spends points: it asks first, and for phone credit, which number.
    let confirming = RwSignal::new(false);
    let phone = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let redeem = Action::new_local(move |phone: &Option<String>| {
        let (code, key, phone) = (code.get_value(), key.get_value(), phone.clone());
        async move { redeem_reward(code, key, phone).await }
    });
    let (zh, en) = (reward.name_zh.clone(), reward.name_en.clone());
    let name = move || i18n.locale.get().pick(&zh, &en).to_string();
    let name_for_notice = name.clone();
    Effect::new(move |_| match redeem.value().get() {
        Some(Ok(order)) => {
            key.set_value(IdempotencyKey::fresh());
            confirming.set(false);
            let text = match &order.top_up_phone_masked {
                Some(number) => fill(
                    i18n.locale.get_untracked().text("points.redeemed_phone"),
                    &[
                        ("reward", name_for_notice()),
                        ("order_no", order.order_no.clone()),
                        ("phone", number.clone()),
                    ],
                ),
                None => fill(
                    i18n.locale.get_untracked().text("points.redeemed"),
                    &[("reward", name_for_notice()), ("order_no", order.order_no.clone())],
                ),
            };
            notice.set(Some(text));
            refresh();
        }
        Some(Err(e)) => {
            if let Some(e) = errors.absorb(e) {
                error.set(Some(e));
            }
        }
        None => {}
    });
    let affordable = balance >= reward.points;
    let in_stock = reward.in_stock;
    let price = reward.points;
    let name_for_question = name.clone();
    let on_confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        error.set(None);
        let typed = phone.get_untracked();
        let top_up = (phone_credit && !typed.trim().is_empty()).then_some(typed);
        if let Some(number) = &top_up {
            if let Err(e) = Phone::parse(number) {
                errors.set("top_up_phone", e.code);
                return;
            }
        }
        redeem.dispatch(top_up);
    };
    let own_hint = own_phone.clone();
    view! {
        <li class="card reward-card" data-reward=reward.code.clone()>
            <span class=format!("reward-kind reward-{}", reward.kind.as_str())>{t_dyn(reward.kind.label_key())}</span>
            <p class="card-title">{name}</p>
            <p class="reward-price">{reward.points}" "{t("points.unit")}</p>
            {move || if confirming.get() {
                let own_hint = own_hint.clone();
                let name_for_question = name_for_question.clone();
                view! {
                    <form class="redeem-confirm" novalidate on:submit=on_confirm>
                        <p class="redeem-question">{move || fill(
                            i18n.locale.get().text("points.confirm_question"),
                            &[("points", price.to_string()), ("reward", name_for_question())],
                        )}</p>
                        {phone_credit.then(|| view! {
                            <FormField name="top_up_phone" label="points.top_up_phone" value=phone errors=errors
                                inputmode="tel" autocomplete="tel" id=format!("top_up_phone-{}", code.get_value())/>
                            <p class="field-hint">{move || match own_hint.clone() {
                                Some(own) => fill(i18n.locale.get().text("points.top_up_phone_hint"), &[("phone", own)]),
                                None => i18n.locale.get().text("points.top_up_phone_hint_none"),
                            }}</p>
                        })}
                        <div class="button-row">
                            <button type="button" class="button button-ghost" on:click=move |_| { confirming.set(false); errors.clear(); }>
                                {t("points.cancel")}
                            </button>
                            <button type="submit" class="button button-primary" disabled=move || redeem.pending().get()>
                                {t("points.confirm_redeem")}
                            </button>
                        </div>
                    </form>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="button button-secondary button-block"
                        disabled=move || !in_stock || !affordable
                        on:click=move |_| { notice.set(None); error.set(None); confirming.set(true); }>
                        {move || if !in_stock { t("points.out_of_stock")() } else if !affordable { t("points.not_enough")() } else { t("points.redeem")() }}
                    </button>
                }.into_any()
            }}
        </li>
    }
}
