//! The app shell: header with brand, navigation for the signed-in role, language switch
//! and sign-out; on phones the navigation moves to a bottom tab bar.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::auth::{sign_out, Me};
use crate::api::inbox::unread_count;
use crate::i18n::{fill, t, use_i18n, Locale};
use crate::session::use_session;

struct NavItem {
    href: &'static str,
    label: &'static str,
    icon: &'static str,
    /// Also in the phone's bottom tab bar (which has room for five).
    in_tabbar: bool,
}

fn nav_items(me: &Me) -> &'static [NavItem] {
    const CUSTOMER: &[NavItem] = &[
        NavItem {
            href: "/my",
            label: "nav.home",
            icon: "⌂",
            in_tabbar: true,
        },
        NavItem {
            href: "/my/policies",
            label: "nav.policies",
            icon: "▤",
            in_tabbar: true,
        },
        NavItem {
            href: "/my/claims",
            label: "nav.claims",
            icon: "✚",
            in_tabbar: true,
        },
        NavItem {
            href: "/my/requests",
            label: "nav.requests",
            icon: "☏",
            in_tabbar: false,
        },
        NavItem {
            href: "/my/points",
            label: "nav.points",
            icon: "★",
            in_tabbar: true,
        },
        NavItem {
            href: "/my/account",
            label: "nav.account",
            icon: "◉",
            in_tabbar: true,
        },
    ];
    const STAFF: &[NavItem] = &[
        NavItem {
            href: "/console",
            label: "nav.customer_search",
            icon: "⌕",
            in_tabbar: true,
        },
        NavItem {
            href: "/console/account",
            label: "nav.account",
            icon: "◉",
            in_tabbar: true,
        },
    ];
    if me.is_staff() {
        STAFF
    } else {
        CUSTOMER
    }
}

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let session = use_session();
    let me = move || session.me.get().flatten();
    let is_staff = move || me().is_some_and(|m| m.is_staff());
    view! {
        <div class="app" class:app-staff=is_staff>
            <header class="topbar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"安"</span>
                    <span class="brand-text">
                        <span class="brand-name">{t("app.brand")}</span>
                        <span class="brand-sub">
                            {move || if is_staff() { t("app.console")() } else { t("app.portal")() }}
                        </span>
                    </span>
                </A>
                <nav class="topnav" aria-label=t("nav.main")>
                    {move || me().map(|m| nav_items(&m).iter().map(|item| view! {
                        <A href=item.href exact=item.href == "/my">{t(item.label)}</A>
                    }).collect_view())}
                </nav>
                <div class="topbar-actions">
                    {move || me().filter(|m| !m.is_staff()).map(|_| view! { <InboxBell/> })}
                    <LanguageSwitch/>
                    {move || me().map(|m| view! { <UserMenu me=m/> })}
                </div>
            </header>
            <main class="content" id="main">{children()}</main>
            {move || me().map(|m| view! {
                <nav class="tabbar" aria-label=t("nav.main")>
                    {nav_items(&m).iter().filter(|item| item.in_tabbar).map(|item| view! {
                        <A href=item.href exact=item.href == "/my">
                            <span class="tab-icon" aria-hidden="true">{item.icon}</span>
                            <span>{t(item.label)}</span>
                        </A>
                    }).collect_view()}
                </nav>
            })}
        </div>
    }
}

/// The way to the inbox from every page, with the unread count (asked again on each
/// navigation).
#[component]
fn InboxBell() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let unread = LocalResource::new(move || {
        location.pathname.track();
        unread_count()
    });
    let count = move || unread.get().and_then(Result::ok).unwrap_or(0);
    let label = move || {
        fill(
            i18n.locale.get().text("nav.inbox_unread"),
            &[("count", count().to_string())],
        )
    };
    view! {
        <A href="/my/inbox" attr:class="inbox-bell" attr:aria-label=label attr:title=label>
            <span aria-hidden="true">"✉"</span>
            {move || (count() > 0).then(|| view! { <span class="count-badge" aria-hidden="true">{count()}</span> })}
        </A>
    }
}

/// One button that switches to the other language, named in that language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || match i18n.locale.get() {
        Locale::ZhCn => Locale::En,
        Locale::En => Locale::ZhCn,
    };
    view! {
        <button
            type="button"
            class="button button-ghost lang-switch"
            lang=move || other().tag()
            title=t("nav.language")
            on:click=move |_| i18n.set(other())
        >
            {move || other().native_name()}
        </button>
    }
}

#[component]
fn UserMenu(me: Me) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let signing_out = RwSignal::new(false);
    let on_sign_out = move |_| {
        signing_out.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            // Even if the server cannot be reached, forget the session here.
            let _ = sign_out().await;
            session.signed_out();
            signing_out.set(false);
            navigate("/sign-in", Default::default());
        });
    };
    view! {
        <div class="user-menu">
            <span class="user-name" title=me.display_name().to_string()>{me.display_name().to_string()}</span>
            <button type="button" class="button button-ghost" on:click=on_sign_out disabled=move || signing_out.get()>
                {t("nav.sign_out")}
            </button>
        </div>
    }
}
