//! The knowledge base beside a case: an agent searches the articles customers can read and
//! puts an article's link into the reply being written.

use leptos::prelude::*;

use crate::api::public::knowledge::search_help;
use crate::components::states::ErrorBanner;
use crate::error::AppError;
use crate::i18n::{t, use_i18n};
use crate::model::knowledge::ArticleSummary;
use crate::routes;

/// The full address of an article, as a customer opens it from a message.
fn article_url(slug: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{}", routes::public::help_article(slug))
}

/// A search over the published articles; "insert link" adds the article's title and link to
/// `text` (the reply), on its own line.
#[component]
pub fn KnowledgeLinker(text: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let results = RwSignal::new(None::<Vec<ArticleSummary>>);
    let error = RwSignal::new(None::<AppError>);
    let search = Action::new_local(move |q: &String| search_help(q.clone(), None));
    Effect::new(move |_| match search.value().get() {
        Some(Ok(list)) => results.set(Some(list)),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let run = move || {
        error.set(None);
        search.dispatch(query.get_untracked());
    };
    let insert = move |article: &ArticleSummary| {
        let locale = i18n.locale.get_untracked();
        let line = format!(
            "{}: {}",
            locale.pick(&article.title_zh, &article.title_en),
            article_url(&article.slug)
        );
        text.update(|body| {
            if !body.is_empty() && !body.ends_with('\n') {
                body.push('\n');
            }
            body.push_str(&line);
        });
    };
    view! {
        <details class="knowledge-linker">
            <summary>{t("work_orders.desk.knowledge")}</summary>
            <div class="knowledge-search" role="search">
                <label for="knowledge-query" class="visually-hidden">{t("work_orders.desk.knowledge_search")}</label>
                <input id="knowledge-query" type="search" maxlength="40" bind:value=query
                    placeholder=move || i18n.locale.get().text("work_orders.desk.knowledge_search")
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); run(); }/>
                <button type="button" class="button button-small button-secondary" on:click=move |_| run()>{t("help.search")}</button>
            </div>
            {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            {move || results.get().map(|list| if list.is_empty() {
                view! { <p class="muted">{t("help.none_title")}</p> }.into_any()
            } else {
                view! {
                    <ul class="knowledge-results">
                        {list.into_iter().take(6).map(|article| {
                            let (zh, en) = (article.title_zh.clone(), article.title_en.clone());
                            let href = routes::public::help_article(&article.slug);
                            view! {
                                <li>
                                    <a href=href rel="external" target="_blank">{move || i18n.locale.get().pick(&zh, &en).to_string()}</a>
                                    <button type="button" class="button button-small button-ghost"
                                        on:click=move |_| insert(&article)>{t("work_orders.desk.insert_link")}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </details>
    }
}
