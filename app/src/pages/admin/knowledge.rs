use leptos::prelude::*;

use crate::api::admin::content::{list_articles, save_article};
use crate::components::form::{FieldErrors, FormField, SelectField};
use crate::components::format::format_instant;
use crate::components::page::Page;
use crate::components::paging::{MorePages, ShowMorePages};
use crate::components::states::{ErrorBanner, Loaded};
use crate::domain::{check_article, ArticleFields, ArticleKind};
use crate::error::AppError;
use crate::i18n::{t, t_dyn, use_i18n};
use crate::model::knowledge::Article;
use crate::routes;

/// `/console/admin/knowledge`: the knowledge base's articles (product pages, service guides,
/// FAQ): written in both languages, published or kept as drafts; customers find a
/// published one in the help centre at once.
#[component]
pub fn KnowledgeAdminPage() -> impl IntoView {
    let articles = LocalResource::new(|| list_articles(None));
    // The pages after the first, kept across a re-read that leaves the first as it ends.
    let more = MorePages::<Article>::default();
    // The article in the editor: `Some(None)` a new one, `Some(Some(a))` an existing one.
    let editing = RwSignal::new(None::<Option<Article>>);
    let saved = RwSignal::new(None::<Article>);
    view! {
        <Page title="admin.knowledge_title" class="page page-wide">
            <header class="page-head page-head-row">
                <div>
                    <h1>{t("admin.knowledge_title")}</h1>
                    <p class="muted">{t("admin.knowledge_lead")}</p>
                </div>
                <button type="button" class="button button-primary"
                    on:click=move |_| { saved.set(None); editing.set(Some(None)); }>
                    {t("admin.new_article")}
                </button>
            </header>
            {move || saved.get().map(|article| view! {
                <p class="banner banner-success" role="status">
                    {t("admin.article_saved")}" "
                    {article.published.then(|| view! {
                        <a href=routes::public::help_article(&article.slug) rel="external" target="_blank">{t("admin.article_view")}</a>
                    })}
                </p>
            })}
            {move || editing.get().map(|article| {
                let on_done = move |result: Option<Article>| {
                    editing.set(None);
                    if let Some(article) = result {
                        saved.set(Some(article));
                        articles.refetch();
                    }
                };
                view! { <ArticleEditor article on_done/> }
            })}
            <Loaded resource=articles let:page>
                {
                    more.follow(page.next.clone());
                    let first = StoredValue::new(page.items);
                    let rows = move || {
                        first
                            .with_value(|first| more.after(first))
                            .into_iter()
                            .map(|article| view! { <ArticleRow article editing saved/> })
                            .collect_view()
                    };
                    view! {
                        <div class="card">
                            <table class="table article-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{t("admin.article_title")}</th>
                                        <th scope="col">{t("admin.article_kind")}</th>
                                        <th scope="col">{t("admin.status")}</th>
                                        <th scope="col">{t("admin.updated")}</th>
                                        <th scope="col"><span class="visually-hidden">{t("admin.actions")}</span></th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <ShowMorePages more on_more=move || more.read_next(list_articles)/>
                    }
                }
            </Loaded>
            <super::canned_replies::SharedCannedReplies/>
        </Page>
    }
}

#[component]
fn ArticleRow(
    article: Article,
    editing: RwSignal<Option<Option<Article>>>,
    saved: RwSignal<Option<Article>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (zh, en) = (article.title_zh.clone(), article.title_en.clone());
    let updated = article.updated_at;
    let chosen = article.clone();
    view! {
        <tr data-slug=article.slug.clone()>
            <th scope="row">
                <span class="card-title">{move || i18n.locale.get().pick(&zh, &en).to_string()}</span>
                <span class="muted mono">" /help/"{article.slug.clone()}</span>
            </th>
            <td>{t_dyn(article.kind.label_key())}</td>
            <td>{if article.published {
                view! { <span class="badge badge-good">{t("admin.published")}</span> }.into_any()
            } else {
                view! { <span class="badge badge-muted">{t("admin.draft")}</span> }.into_any()
            }}</td>
            <td>{move || format_instant(updated, i18n.locale.get())}</td>
            <td class="row-actions">
                <button type="button" class="button button-small button-secondary"
                    on:click=move |_| { saved.set(None); editing.set(Some(Some(chosen.clone()))); }>{t("admin.edit")}</button>
            </td>
        </tr>
    }
}

/// Writes a new article or changes one: every field's message at once, by the rules the
/// server checks.
#[component]
fn ArticleEditor(
    article: Option<Article>,
    /// Called with the saved article, or `None` when cancelled.
    on_done: impl Fn(Option<Article>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = article.as_ref().map(|a| a.id);
    let field = |pick: fn(&Article) -> String| RwSignal::new(article.as_ref().map(pick).unwrap_or_default());
    let slug = field(|a| a.slug.clone());
    let kind = field(|a| a.kind.as_str().to_string());
    let title_zh = field(|a| a.title_zh.clone());
    let title_en = field(|a| a.title_en.clone());
    let body_zh = field(|a| a.body_zh.clone());
    let body_en = field(|a| a.body_en.clone());
    let published = RwSignal::new(article.as_ref().is_none_or(|a| a.published));
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let save = Action::new_local(move |fields: &ArticleFields| {
        let fields = fields.clone();
        async move { save_article(id, fields).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(article)) => on_done(Some(article)),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let kinds = Signal::derive(move || {
        let locale = i18n.locale.get();
        ArticleKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), locale.text(&k.label_key())))
            .collect::<Vec<_>>()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        banner.set(None);
        let fields = ArticleFields {
            slug: slug.get_untracked(),
            kind: kind.get_untracked(),
            title_zh: title_zh.get_untracked(),
            title_en: title_en.get_untracked(),
            body_zh: body_zh.get_untracked(),
            body_en: body_en.get_untracked(),
            published: published.get_untracked(),
        };
        if let Err(list) = check_article(&fields) {
            for (field, invalid) in list {
                errors.set(field, invalid.code);
            }
            return;
        }
        save.dispatch(fields);
    };
    view! {
        <form class="card content-form" on:submit=on_submit novalidate>
            <h2>{if id.is_some() { t("admin.edit_article")() } else { t("admin.new_article")() }}</h2>
            {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
            <FormField name="slug" label="admin.article_slug" value=slug errors hint="admin.article_slug_hint"/>
            <SelectField name="kind" label="admin.article_kind" value=kind errors options=kinds placeholder="admin.choose"/>
            <FormField name="title_zh" label="admin.title_zh" value=title_zh errors/>
            <FormField name="title_en" label="admin.title_en" value=title_en errors/>
            <FormField name="body_zh" label="admin.body_zh" value=body_zh errors rows=10/>
            <FormField name="body_en" label="admin.body_en" value=body_en errors rows=10/>
            <p class="field-hint">{t("admin.article_body_hint")}</p>
            <label class="choice">
                <input type="checkbox" name="published" bind:checked=published/>
                <span>{t("admin.article_publish")}</span>
            </label>
            <div class="button-row">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t("admin.save")}</button>
                <button type="button" class="button button-ghost" on:click=move |_| on_done(None)>{t("admin.cancel")}</button>
            </div>
        </form>
    }
}
