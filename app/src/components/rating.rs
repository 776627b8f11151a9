//! The satisfaction rating (满意度评价) asked after a claim or work order is finished.

use leptos::prelude::*;

use crate::api::portal::ratings::rate_service;
use crate::components::states::ErrorBanner;
use crate::error::AppError;
use crate::i18n::{fill, t, use_i18n};

/// Stars and a comment; once sent, shows the points earned. `rated` is the score already given.
#[component]
pub fn RatingCard(subject: &'static str, number: String, rated: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let score = RwSignal::new(0_i64);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let number = StoredValue::new(number);
    let send = Action::new_local(move |(score, comment): &(i64, String)| {
        let (score, comment) = (*score, comment.clone());
        async move { rate_service(subject.to_string(), number.get_value(), score, comment).await }
    });
    let done = move || match send.value().get() {
        Some(Ok(points)) => Some(points),
        _ => None,
    };
    Effect::new(move |_| {
        if let Some(Err(e)) = send.value().get() {
            error.set(Some(e));
        }
    });
    if let Some(given) = rated {
        return view! {
            <section class="card rating-card">
                <h2>{t("rating.title")}</h2>
                <p class="stars" aria-label=move || fill(i18n.locale.get().text("rating.given"), &[("score", given.to_string())])>
                    {(1..=5).map(|i| if i <= given { "★" } else { "☆" }).collect::<String>()}
                </p>
                <p class="muted">{t("rating.thanks")}</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="card rating-card card-attention" aria-labelledby="rating-title">
            <h2 id="rating-title">{t("rating.title")}</h2>
            {move || match done() {
                Some(points) => view! {
                    <p class="banner banner-success" role="status">
                        {move || fill(i18n.locale.get().text("rating.sent"), &[("points", points.to_string())])}
                    </p>
                }.into_any(),
                None => view! {
                    <p class="muted">{t("rating.ask")}</p>
                    {move || error.get().map(|error| view! { <ErrorBanner error/> })}
                    <div class="star-input" role="radiogroup" aria-label=t("rating.score")>
                        {(1..=5).map(|i| view! {
                            <button type="button" role="radio"
                                aria-checked=move || (score.get() == i).to_string()
                                aria-label=move || fill(i18n.locale.get().text("rating.stars"), &[("score", i.to_string())])
                                class=move || { if score.get() >= i { "star on" } else { "star" } }
                                on:click=move |_| score.set(i)>"★"</button>
                        }).collect_view()}
                    </div>
                    <div class="field">
                        <label for="rating-comment">{t("rating.comment")}</label>
                        <textarea id="rating-comment" rows=3 bind:value=comment></textarea>
                    </div>
                    <button type="button" class="button button-primary"
                        disabled=move || score.get() == 0 || send.pending().get()
                        on:click=move |_| { error.set(None); send.dispatch((score.get_untracked(), comment.get_untracked())); }>
                        {t("rating.submit")}
                    </button>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}
