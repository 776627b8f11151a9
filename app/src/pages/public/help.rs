//! The help centre (`/help`, 咨询服务): product pages, service guides and an FAQ anyone can
//! read and search, signed in or not. A signed-in customer keeps the portal's navigation.

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::public::knowledge::{get_help_article, search_help};
use crate::components::format::format_day;
use crate::components::lists::{FilterChoice, FilterRow, ShowMore, PAGE_SIZE};
use crate::components::navigation::use_go;
use crate::components::page::Page;
use crate::components::shell::{Shell, ShellKind};
use crate::components::states::Loaded;
use crate::domain::{ArticleKind, INSURER_HOTLINE};
use crate::i18n::{fill, t, t_dyn, use_i18n};
use crate::model::auth::Me;
use crate::model::knowledge::{Article, ArticleSummary};
use crate::routes::{self, seg};
use crate::session::use_session;

/// The help centre's frame: the portal's navigation for a signed-in customer, none else.
#[component]
pub fn HelpLayout() -> impl IntoView {
    let session = use_session();
    let nav = Signal::derive(move || match session.me.get().flatten() {
        Some(Me::Customer { .. }) => crate::pages::portal::navigation(),
        _ => Vec::new(),
    });
    // A visitor is offered the way in; a signed-in customer has their portal's navigation.
    let sign_in = move || {
        session.me.get().flatten().is_none().then(|| {
            view! { <A href=routes::public::sign_in() attr:class="button button-ghost">{t("nav.sign_in")}</A> }
        })
    };
    view! {
        <Shell kind=ShellKind::Public nav actions=sign_in>
            <Outlet/>
        </Shell>
    }
}

/// `/help?q=`: a search box, the articles it finds (all of them without a query) by kind.
#[component]
pub fn HelpPage() -> impl IntoView {
    let i18n = use_i18n();
    let go = use_go();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.read().get(routes::public::HELP_QUERY).unwrap_or_default());
    let typed = RwSignal::new(query.get_untracked());
    Effect::new(move |_| typed.set(query.get()));
    let results = LocalResource::new(move || search_help(query.get(), None));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = typed.get_untracked();
        let text = text.trim();
        go(&if text.is_empty() {
            routes::public::help()
        } else {
            routes::public::help_search(text)
        });
    };
    view! {
        <Page title="help.title">
            <header class="page-head help-head">
                <h1>{t("help.title")}</h1>
                <p class="muted">{t("help.lead")}</p>
            </header>
            <form class="help-search" role="search" on:submit=on_submit>
                <label for="help-query" class="visually-hidden">{t("help.search_label")}</label>
                <input id="help-query" type="search" name="q" maxlength="40" autocomplete="off"
                    placeholder=move || i18n.locale.get().text("help.search_placeholder")
                    bind:value=typed/>
                <button type="submit" class="button button-primary">{t("help.search")}</button>
            </form>
            {move || {
                let q = query.get();
                (!q.is_empty()).then(|| view! {
                    <p class="filter-note">
                        <span>{move || fill(i18n.locale.get().text("help.results_for"), &[("query", q.clone())])}</span>
                        <A href=routes::public::help()>{t("help.show_all")}</A>
                    </p>
                })
            }}
            <Loaded resource=results let:list
                empty_when=Vec::is_empty
                empty_title="help.none_title" empty_hint="help.none_hint">
                <ArticleList list/>
            </Loaded>
            <StillNeedHelp/>
        </Page>
    }
}

#[component]
fn ArticleList(list: Vec<ArticleSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let selected = RwSignal::new(None::<ArticleKind>);
    let shown = RwSignal::new(PAGE_SIZE);
    let count = |kind: Option<ArticleKind>| list.iter().filter(|a| kind.is_none_or(|k| a.kind == k)).count();
    let mut choices = vec![FilterChoice {
        value: None,
        label: "help.all",
        count: list.len(),
        at_least: false,
    }];
    for (kind, label) in [
        (ArticleKind::Product, "article_kind.product"),
        (ArticleKind::Guide, "article_kind.guide"),
        (ArticleKind::Faq, "article_kind.faq"),
    ] {
        let n = count(Some(kind));
        if n > 0 {
            choices.push(FilterChoice {
                value: Some(kind),
                label,
                count: n,
                at_least: false,
            });
        }
    }
    let list = StoredValue::new(list);
    let filtered = move || {
        let kind = selected.get();
        list.with_value(|l| {
            l.iter()
                .filter(|a| kind.is_none_or(|k| a.kind == k))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let total = Signal::derive(move || filtered().len());
    view! {
        <FilterRow choices selected shown label="help.filter"/>
        <ul class="help-list" data-testid="help-results">
            {move || filtered().into_iter().take(shown.get()).map(|article| {
                let (title_zh, title_en) = (article.title_zh.clone(), article.title_en.clone());
                let (excerpt_zh, excerpt_en) = (article.excerpt_zh.clone(), article.excerpt_en.clone());
                view! {
                    <li class="card help-item">
                        <A href=routes::public::help_article(&article.slug)>
                            <span class="badge badge-muted">{t_dyn(article.kind.label_key())}</span>
                            <span class="card-title">{move || i18n.locale.get().pick(&title_zh, &title_en).to_string()}</span>
                            <span class="muted help-excerpt">{move || i18n.locale.get().pick(&excerpt_zh, &excerpt_en).to_string()}</span>
                        </A>
                    </li>
                }
            }).collect_view()}
        </ul>
        <ShowMore shown total/>
    }
}

/// `/help/<slug>`: one article.
#[component]
pub fn HelpArticlePage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get(seg::SLUG).unwrap_or_default());
    let article = LocalResource::new(move || get_help_article(slug.get()));
    view! {
        <Page title="help.title" narrow=true>
            <p class="back-link"><A href=routes::public::help()>{t("help.back")}</A></p>
            <Loaded resource=article let:article>
                <ArticleView article/>
            </Loaded>
            <StillNeedHelp/>
        </Page>
    }
}

#[component]
fn ArticleView(article: Article) -> impl IntoView {
    let i18n = use_i18n();
    let (title_zh, title_en) = (article.title_zh.clone(), article.title_en.clone());
    // The tab says which article this is, once it has loaded.
    let title_for_tab = (title_zh.clone(), title_en.clone());
    Effect::new(move |_| {
        let locale = i18n.locale.get();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let title = locale.pick(&title_for_tab.0, &title_for_tab.1);
            document.set_title(&crate::components::page::document_title(
                title,
                &locale.text("app.brand"),
            ));
        }
    });
    let (body_zh, body_en) = (article.body_zh.clone(), article.body_en.clone());
    let updated = article.updated_at;
    view! {
        <article class="card help-article" data-testid="help-article">
            <span class="badge badge-muted">{t_dyn(article.kind.label_key())}</span>
            <h1>{move || i18n.locale.get().pick(&title_zh, &title_en).to_string()}</h1>
            {move || paragraphs(i18n.locale.get().pick(&body_zh, &body_en))}
            <p class="muted help-updated">{move || fill(i18n.locale.get().text("help.updated"), &[("date", format_day(updated, i18n.locale.get()))])}</p>
        </article>
    }
}

/// Plain text as paragraphs (blank lines) and lines: an article is never read as HTML.
fn paragraphs(text: &str) -> impl IntoView {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let lines: Vec<String> = p.lines().map(str::to_string).collect();
            let last = lines.len().saturating_sub(1);
            view! {
                <p>{lines.into_iter().enumerate().map(|(i, line)| view! { {line}{(i < last).then(|| view! { <br/> })} }).collect_view()}</p>
            }
        })
        .collect_view()
}

/// The way on when an article did not answer: the hotline and a service request.
#[component]
fn StillNeedHelp() -> impl IntoView {
    view! {
        <section class="card help-more" aria-labelledby="help-more-title">
            <h2 id="help-more-title">{t("help.still_need")}</h2>
            <p class="muted">{t("help.still_need_hint")}</p>
            <div class="actions">
                <A href=routes::portal::new_work_order() attr:class="button button-secondary">{t("help.ask_us")}</A>
                <a class="button button-ghost" href=format!("tel:{INSURER_HOTLINE}")>{t("help.call")}" "{INSURER_HOTLINE}</a>
            </div>
        </section>
    }
}
