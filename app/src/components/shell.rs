//! The app shell: header with brand, the audience's navigation, language switch and
//! sign-out; on phones the navigation moves to a bottom tab bar. Each audience's layout
//! route (`pages::portal`, `pages::console`, `pages::public`) renders it with its own
//! navigation.

use leptos::prelude::*;
use leptos_router::components::A;

use super::navigation::use_go;
use crate::api::public::auth::sign_out;
use crate::domain::INSURER_HOTLINE;
use crate::i18n::{t, use_i18n, Locale};
use crate::model::auth::Me;
use crate::routes;
use crate::session::use_session;

/// One entry of an audience's navigation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavItem {
    pub href: String,
    /// A translation key.
    pub label: &'static str,
    pub icon: &'static str,
    /// Also in the phone's bottom tab bar (which has room for five).
    pub in_tabbar: bool,
    /// Active only on this exact path (a section's home), not on the paths below it.
    pub exact: bool,
}

/// Whose pages these are: names the shell's subtitle and how it looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellKind {
    /// Signed-out pages, and pages anyone may see.
    Public,
    Portal,
    Console,
}

#[component]
pub fn Shell(
    kind: ShellKind,
    /// The navigation, built by the layout from what the signed-in user may do.
    #[prop(into)]
    nav: Signal<Vec<NavItem>>,
    /// Extra buttons in the header before the language switch (the portal's notification bell).
    #[prop(optional, into)]
    actions: Option<ViewFn>,
    children: Children,
) -> impl IntoView {
    let session = use_session();
    let me = move || session.me.get().flatten();
    let staff = kind == ShellKind::Console;
    let subtitle = match kind {
        ShellKind::Console => "app.console",
        _ => "app.portal",
    };
    let home = match kind {
        ShellKind::Public => routes::ROOT.to_string(),
        ShellKind::Portal => routes::portal::home(),
        ShellKind::Console => routes::console::home(),
    };
    let nav_link = move |item: NavItem, tab: bool| {
        view! {
            <A href=item.href.clone() exact=item.exact>
                {tab.then(|| view! { <span class="tab-icon" aria-hidden="true">{item.icon}</span> })}
                <span>{t(item.label)}</span>
            </A>
        }
    };
    view! {
        <div class="app" class:app-staff=staff>
            <a class="skip-link" href="#main" on:click=skip_to_main>{t("nav.skip_to_content")}</a>
            <header class="topbar">
                <A href=home attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"安"</span>
                    <span class="brand-text">
                        <span class="brand-name">{t("app.brand")}</span>
                        <span class="brand-sub">{t(subtitle)}</span>
                    </span>
                </A>
                <nav class="topnav" aria-label=t("nav.main")>
                    {move || nav.get().into_iter().map(|item| nav_link(item, false)).collect_view()}
                </nav>
                <div class="topbar-actions">
                    {actions.map(|actions| actions.run())}
                    <LanguageSwitch/>
                    {move || me().map(|m| view! { <UserMenu me=m/> })}
                </div>
            </header>
            <main class="content" id="main" tabindex="-1">{children()}</main>
            {(!staff).then(|| view! { <ContactFooter/> })}
            {move || {
                let items: Vec<NavItem> = nav.get().into_iter().filter(|item| item.in_tabbar).collect();
                (!items.is_empty()).then(|| view! {
                    <nav class="tabbar" aria-label=t("nav.main")>
                        {items.into_iter().map(|item| nav_link(item, true)).collect_view()}
                    </nav>
                })
            }}
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
    let go = use_go();
    let signing_out = RwSignal::new(false);
    let on_sign_out = move |_| {
        signing_out.set(true);
        let go = go.clone();
        leptos::task::spawn_local(async move {
            // Even if the server cannot be reached, forget the session here.
            let _ = sign_out().await;
            session.signed_out();
            signing_out.set(false);
            go(&routes::public::sign_in());
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

/// The insurer's hotline and hours, on every page a customer or visitor sees.
#[component]
pub fn ContactFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                {t("contact.hotline_label")}
                <a class="hotline" href=format!("tel:{INSURER_HOTLINE}")>{INSURER_HOTLINE}</a>
                <span class="hours">{t("contact.hours")}</span>
            </p>
            <p><A href=routes::public::help()>{t("help.title")}</A></p>
        </footer>
    }
}

/// The skip link moves focus into the content itself: the router would treat `#main` as a
/// navigation and leave focus in the header.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    ev.prevent_default();
    if let Some(main) = document()
        .get_element_by_id("main")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = main.focus();
    }
}
