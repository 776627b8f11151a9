//! The app shell: header with brand, navigation for the signed-in role, language switch
//! and sign-out; on phones the navigation moves to a bottom tab bar.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::auth::{sign_out, Me};
use crate::i18n::{t, use_i18n, Locale};
use crate::session::use_session;

struct NavItem {
    href: &'static str,
    label: &'static str,
    icon: &'static str,
}

fn nav_items(me: &Me) -> &'static [NavItem] {
    const CUSTOMER: &[NavItem] = &[
        NavItem {
            href: "/my",
            label: "nav.home",
            icon: "⌂",
        },
        NavItem {
            href: "/my/policies",
            label: "nav.policies",
            icon: "▤",
        },
        NavItem {
            href: "/my/claims",
            label: "nav.claims",
            icon: "✚",
        },
        NavItem {
            href: "/my/points",
            label: "nav.points",
            icon: "★",
        },
        NavItem {
            href: "/my/account",
            label: "nav.account",
            icon: "◉",
        },
    ];
    const STAFF: &[NavItem] = &[
        NavItem {
            href: "/console",
            label: "nav.customer_search",
            icon: "⌕",
        },
        NavItem {
            href: "/console/account",
            label: "nav.account",
            icon: "◉",
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
                    <LanguageSwitch/>
                    {move || me().map(|m| view! { <UserMenu me=m/> })}
                </div>
            </header>
            <main class="content" id="main">{children()}</main>
            {move || me().map(|m| view! {
                <nav class="tabbar" aria-label=t("nav.main")>
                    {nav_items(&m).iter().map(|item| view! {
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
