//! The admin's card beside a customer's record (会员管理): lock or unlock the account,
//! change the member level or VIP tier, adjust points, merge a duplicate record into this
//! one; each says why.

use leptos::prelude::*;

use crate::api::admin::members::{
    adjust_member_points, merge_members, read_member_standing, set_member_level, set_member_locked,
};
use crate::components::flash::FlashMessage;
use crate::components::form::{FieldErrors, FormField, SelectField};
use crate::components::states::{ErrorBanner, Loaded};
use crate::domain::{parse_points_adjustment, CustomerNumber, IdempotencyKey, MemberLevel, VipTier, ADMIN_REASON};
use crate::error::AppError;
use crate::i18n::{fill, t, t_dyn, use_i18n};
use crate::model::admin::{MemberMerge, MemberStanding};

/// `on_change` runs after each change, so the page around re-reads what it shows of the
/// member (the points balance, the level); the page's flash (if it keeps one) says what was
/// done, so the message outlives that re-read.
#[component]
pub fn MemberAdminCard(customer_no: String, on_change: Callback<()>) -> impl IntoView {
    let no = StoredValue::new(customer_no);
    let standing = LocalResource::new(move || read_member_standing(no.get_value()));
    view! {
        <section class="card member-admin" aria-labelledby="member-admin-title">
            <h2 id="member-admin-title">{t("admin.member_title")}</h2>
            <Loaded resource=standing let:s>
                <MemberAdminForms s customer_no=no.get_value() refresh=move || { standing.refetch(); on_change.run(()) }/>
            </Loaded>
        </section>
    }
}

#[component]
fn MemberAdminForms(
    s: MemberStanding,
    customer_no: String,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let flash = crate::components::flash::use_flash();
    let i18n = use_i18n();
    let no = StoredValue::new(customer_no);
    let reason = RwSignal::new(String::new());
    let delta = RwSignal::new(String::new());
    let duplicate = RwSignal::new(String::new());
    let merged = RwSignal::new(None::<MemberMerge>);
    let level = RwSignal::new(s.member_level.as_str().to_string());
    let tier = RwSignal::new(s.vip_tier.as_str().to_string());
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let key = StoredValue::new(IdempotencyKey::fresh());
    let locked = s.locked;
    #[derive(Clone)]
    enum Change {
        Lock(bool),
        Level(String, String),
        Points(String),
        Merge(String),
    }
    let act = Action::new_local(move |change: &Change| {
        let (no, why, key) = (no.get_value(), reason.get_untracked(), key.get_value());
        let change = change.clone();
        async move {
            let said = |key: &'static str| move |_| FlashMessage::text(key);
            match change {
                Change::Lock(true) => set_member_locked(no, true, why).await.map(said("admin.member_locked")),
                Change::Lock(false) => set_member_locked(no, false, why)
                    .await
                    .map(said("admin.member_unlocked")),
                Change::Level(level, tier) => set_member_level(no, level, tier, why)
                    .await
                    .map(said("admin.member_level_set")),
                Change::Points(delta) => adjust_member_points(no, delta, why, key)
                    .await
                    .map(said("admin.points_adjusted")),
                Change::Merge(duplicate) => merge_members(duplicate, no, why).await.map(|done| {
                    merged.set(Some(done.clone()));
                    FlashMessage::Composed(merge_summary(&done, i18n.locale.get_untracked()))
                }),
            }
        }
    });
    Effect::new(move |_| match act.value().get() {
        Some(Ok(message)) => {
            if let Some(flash) = flash {
                // The page keeps the message while it re-reads (and this card is drawn anew).
                merged.set(None);
                flash.say(message);
            }
            key.set_value(IdempotencyKey::fresh());
            reason.set(String::new());
            delta.set(String::new());
            duplicate.set(String::new());
            refresh();
        }
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    // The reason is checked here by the rule the server uses; so is the points figure.
    let run = move |change: Change| {
        errors.clear();
        banner.set(None);
        if let Err(e) = ADMIN_REASON.check(&reason.get_untracked()) {
            errors.set("reason", e.code);
        }
        if let Change::Points(text) = &change {
            if let Err(e) = parse_points_adjustment(text) {
                errors.set("delta", e.code);
            }
        }
        if let Change::Merge(text) = &change {
            if let Err(e) = CustomerNumber::parse(text) {
                errors.set("duplicate_no", e.code);
            }
        }
        if !errors.has_any() {
            act.dispatch(change);
        }
    };
    let level_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        MemberLevel::ALL
            .iter()
            .map(|l| (l.as_str().to_string(), locale.text(&l.label_key())))
            .collect::<Vec<_>>()
    });
    let tier_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        VipTier::ALL
            .iter()
            .map(|l| (l.as_str().to_string(), locale.text(&l.label_key())))
            .collect::<Vec<_>>()
    });
    view! {
        <dl class="facts facts-list">
            <div><dt>{t("admin.member_level")}</dt><dd>{t_dyn(s.member_level.label_key())}" · "{t_dyn(s.vip_tier.label_key())}</dd></div>
            <div><dt>{t("admin.points")}</dt><dd data-testid="member-points">{s.points_balance}</dd></div>
            <div><dt>{t("admin.status")}</dt><dd>
                {if locked { view! { <span class="badge badge-bad">{t("admin.locked")}</span> }.into_any() } else { view! { <span class="badge badge-good">{t("admin.active")}</span> }.into_any() }}
                {s.lock_reason.clone().map(|r| view! { " " <span class="muted">{r}</span> })}
            </dd></div>
        </dl>
        {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
        <form class="form-stack" novalidate on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
            <FormField name="reason" label="admin.reason" value=reason errors=errors hint="admin.reason_hint" id="member-reason"/>
            <div class="button-row">
                <button type="button" class=if locked { "button button-secondary" } else { "button button-danger" }
                    disabled=move || act.pending().get() on:click=move |_| run(Change::Lock(!locked))>
                    {if locked { t("admin.unlock")() } else { t("admin.lock")() }}
                </button>
            </div>
            <SelectField name="member_level" label="admin.member_level" value=level errors=errors options=level_options placeholder="admin.choose"/>
            <SelectField name="vip_tier" label="admin.vip_tier" value=tier errors=errors options=tier_options placeholder="admin.choose"/>
            <button type="button" class="button button-secondary" disabled=move || act.pending().get()
                on:click=move |_| run(Change::Level(level.get_untracked(), tier.get_untracked()))>{t("admin.set_level")}</button>
            <FormField name="delta" label="admin.points_delta" value=delta errors=errors inputmode="numeric" hint="admin.points_delta_hint" id="member-delta"/>
            <button type="button" class="button button-secondary" disabled=move || act.pending().get()
                on:click=move |_| run(Change::Points(delta.get_untracked()))>{t("admin.adjust_points")}</button>
            <FormField name="duplicate_no" label="admin.merge_duplicate" value=duplicate errors=errors hint="admin.merge_hint" id="member-duplicate"/>
            <button type="button" class="button button-secondary" disabled=move || act.pending().get()
                on:click=move |_| run(Change::Merge(duplicate.get_untracked()))>{t("admin.merge")}</button>
        </form>
        {move || merged.get().map(|done| {
            let summary = move || merge_summary(&done, i18n.locale.get());
            view! { <p class="banner banner-success" role="status">{summary}</p> }
        })}
    }
}

/// "Merged A into B" and what moved, in `locale`.
fn merge_summary(done: &MemberMerge, locale: crate::i18n::Locale) -> String {
    let moved = done
        .moved
        .iter()
        .filter(|m| m.count > 0)
        .map(|m| {
            fill(
                locale.text(&format!("admin.moved.{}", m.what)),
                &[("count", m.count.to_string())],
            )
        })
        .collect::<Vec<_>>()
        .join("、");
    let merged = fill(
        locale.text("admin.merged"),
        &[
            ("duplicate", done.duplicate_no.clone()),
            ("kept", done.kept.customer_no.clone()),
        ],
    );
    format!("{merged} {moved}")
}
