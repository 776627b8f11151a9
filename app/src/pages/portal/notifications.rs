use leptos::prelude::*;

use crate::api::portal::notifications::{
    mark_notifications_read, my_notifications, notification_preferences, save_notification_preferences,
};
use crate::components::format::format_instant;
use crate::components::lists::{FilterChoice, FilterRow};
use crate::components::navigation::use_go;
use crate::components::page::Page;
use crate::components::paging::{MorePages, ShowMorePages};
use crate::components::states::{ErrorBanner, Loaded};
use crate::error::AppError;
use crate::i18n::{fill, notification_text, t, use_i18n};
use crate::model::notifications::{ChannelPreferences, Notification, NotificationList};
use crate::model::paging::Page as ListPage;

/// `/my/notifications`: notifications from the insurer and the channels to receive them on.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let notifications = LocalResource::new(|| my_notifications(None));
    // Outlive the re-read after marking read, which redraws the list.
    let unread_only = RwSignal::new(false);
    let more = MorePages::<Notification>::default();
    crate::components::live::on_live_change(
        |change| *change == crate::model::live::LiveChange::Notifications,
        move || notifications.refetch(),
    );
    let mark = Action::new_local(|id: &Option<i64>| mark_notifications_read(*id));
    Effect::new(move |_| {
        if mark.value().get().is_some() {
            notifications.refetch();
        }
    });
    let go = use_go();
    let open = move |n: Notification| {
        if !n.read {
            // The pages "show more" added are not read again: mark it there too.
            more.update(|items| items.iter_mut().filter(|m| m.id == n.id).for_each(|m| m.read = true));
            mark.dispatch(Some(n.id));
        }
        if let Some(link) = n.link {
            go(&link);
        }
    };
    view! {
        <Page title="notifications.title" narrow=true>
            <header class="page-head page-head-row">
                <h1>{t("notifications.title")}</h1>
                <button type="button" class="button button-secondary" on:click=move |_| {
                    more.update(|items| items.iter_mut().for_each(|m| m.read = true));
                    mark.dispatch(None);
                }>
                    {t("notifications.mark_all")}
                </button>
            </header>
            <Loaded
                resource=notifications
                empty_when=|list: &NotificationList| list.items.is_empty()
                empty_title="notifications.empty_title"
                empty_hint="notifications.empty_hint"
                let:list
            >
                {
                    let open = open.clone();
                    more.follow(list.next.clone());
                    let unread_total = usize::try_from(list.unread).unwrap_or(0);
                    let first = StoredValue::new(list.items.clone());
                    // The first page and what "show more" added; the filter counts what is here.
                    let loaded = move || first.with_value(|items| more.after(items));
                    let matching = move || {
                        loaded().into_iter().filter(|n| !unread_only.get() || !n.read).collect::<Vec<_>>()
                    };
                    let filters = move || {
                        let items = loaded();
                        let choices = vec![
                            FilterChoice { value: false, label: "list.all", count: items.len(), at_least: more.has_more() },
                            // How many of all are unread, as the server counts them.
                            FilterChoice { value: true, label: "list.unread", count: unread_total, at_least: false },
                        ];
                        view! { <FilterRow choices selected=unread_only label="notifications.filter"/> }
                    };
                    let read_more = move || {
                        more.read_next(|before| async move {
                            my_notifications(before).await.map(|list| ListPage { items: list.items, next: list.next })
                        })
                    };
                    view! {
                        <p class="page-summary">{move || fill(i18n.locale.get().text("notifications.unread"), &[("count", list.unread.to_string())])}</p>
                        {filters}
                        <ul class="card-list notification-list">
                            {move || matching().into_iter().map(|n| {
                                let open = open.clone();
                                let item = n.clone();
                                let text = move || notification_text(i18n.locale.get(), item.kind, &item.params);
                                let text2 = text.clone();
                                view! {
                                    <li>
                                        <button type="button" class="card card-link notification-item" class:unread=!n.read
                                            on:click=move |_| open(n.clone())>
                                            <span class="notification-title">{move || text().0}</span>
                                            <span class="notification-body">{move || text2().1}</span>
                                            <time class="muted">{move || format_instant(n.at, i18n.locale.get())}</time>
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <ShowMorePages more on_more=read_more/>
                    }
                }
            </Loaded>
            <Preferences/>
        </Page>
    }
}

#[component]
fn Preferences() -> impl IntoView {
    let current = LocalResource::new(notification_preferences);
    let save = Action::new_local(|p: &ChannelPreferences| {
        let p = *p;
        async move { save_notification_preferences(p.in_app, p.sms, p.email).await }
    });
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        if let Some(Err(e)) = save.value().get() {
            error.set(Some(e));
        }
    });
    view! {
        <section class="card" aria-labelledby="prefs-title">
            <h2 id="prefs-title">{t("notifications.preferences")}</h2>
            <p class="muted">{t("notifications.preferences_hint")}</p>
            {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            {move || current.get().and_then(Result::ok).map(|prefs| {
                let state = RwSignal::new(prefs);
                let toggle = move |which: &'static str| {
                    state.update(|p| match which {
                        "in_app" => p.in_app = !p.in_app,
                        "sms" => p.sms = !p.sms,
                        _ => p.email = !p.email,
                    });
                    save.dispatch(state.get_untracked());
                };
                view! {
                    <div class="toggle-list">
                        <label class="toggle"><input type="checkbox" prop:checked=move || state.get().in_app on:change=move |_| toggle("in_app")/>{t("notifications.channel_in_app")}</label>
                        <label class="toggle"><input type="checkbox" prop:checked=move || state.get().sms on:change=move |_| toggle("sms")/>{t("notifications.channel_sms")}</label>
                        <label class="toggle"><input type="checkbox" prop:checked=move || state.get().email on:change=move |_| toggle("email")/>{t("notifications.channel_email")}</label>
                    </div>
                }
            })}
        </section>
    }
}
