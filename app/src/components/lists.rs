//! Long lists that end: a filter row (all / open / closed, unread) and "show more", so a
//! customer with forty claims does not scroll five thousand pixels on a phone. `ShowMore`
//! reveals more of a list read whole (help-centre results); a list the server pages has
//! `components::paging::ShowMorePages` instead.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::i18n::{fill, use_i18n};
use crate::routes;

/// How many entries a list shows at first, and how many more each "show more" adds.
pub const PAGE_SIZE: usize = 10;

/// One choice of a filter row: its value, its label (a translation key) and how many
/// entries it would show.
#[derive(Clone)]
pub struct FilterChoice<F> {
    pub value: F,
    pub label: &'static str,
    pub count: usize,
    /// The count is of the pages read so far and more follow: shown as "at least" (10+).
    pub at_least: bool,
}

/// A row of toggle buttons, one pressed; choosing one shows the first page again (of a
/// list that `ShowMore` reveals: `shown`).
#[component]
pub fn FilterRow<F>(
    choices: Vec<FilterChoice<F>>,
    selected: RwSignal<F>,
    #[prop(optional)] shown: Option<RwSignal<usize>>,
    /// What the row filters, for screen readers (a translation key).
    label: &'static str,
) -> impl IntoView
where
    F: Copy + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <div class="filter-row" role="group" aria-label=move || i18n.locale.get().text(label)>
            {choices.into_iter().map(|choice| {
                let value = choice.value;
                view! {
                    <button type="button" class="filter-chip"
                        aria-pressed=move || (selected.get() == value).to_string()
                        on:click=move |_| {
                            selected.set(value);
                            if let Some(shown) = shown {
                                shown.set(PAGE_SIZE);
                            }
                        }>
                        {move || i18n.locale.get().text(choice.label)}
                        <span class="filter-count">{choice.count}{choice.at_least.then_some("+")}</span>
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

/// "Show more" under a list of `total` entries of which `shown` are on screen.
#[component]
pub fn ShowMore(shown: RwSignal<usize>, #[prop(into)] total: Signal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let remaining = total.get().saturating_sub(shown.get());
        (remaining > 0).then(|| {
            view! {
                <button type="button" class="button button-secondary button-block show-more"
                    on:click=move |_| shown.update(|n| *n += PAGE_SIZE)>
                    {move || fill(i18n.locale.get().text("list.show_more"), &[("count", remaining.to_string())])}
                </button>
            }
        })
    }
}

/// The filter most lists share: everything, what is still going on, what is finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenFilter {
    All,
    Open,
    Finished,
}

impl OpenFilter {
    pub fn keeps(self, finished: bool) -> bool {
        match self {
            Self::All => true,
            Self::Open => !finished,
            Self::Finished => finished,
        }
    }

    /// The three choices with their counts, for `FilterRow`.
    pub fn choices(finished: &[bool], closed_label: &'static str, more_follow: bool) -> Vec<FilterChoice<Self>> {
        let done = finished.iter().filter(|f| **f).count();
        vec![
            FilterChoice {
                value: Self::All,
                label: "list.all",
                count: finished.len(),
                at_least: more_follow,
            },
            FilterChoice {
                value: Self::Open,
                label: "list.open",
                count: finished.len() - done,
                at_least: more_follow,
            },
            FilterChoice {
                value: Self::Finished,
                label: closed_label,
                count: done,
                at_least: more_follow,
            },
        ]
    }
}

/// The policy a list is narrowed to by its address (`?policy=`), if any.
pub fn policy_in_query() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get(routes::portal::POLICY_QUERY))
}

/// "Policy X only" with the way back to the whole list.
#[component]
pub fn PolicyFilterNote(policy: Option<String>, all_href: String) -> impl IntoView {
    let i18n = use_i18n();
    {
        policy.map(|policy_no| {
            view! {
                <p class="filter-note">
                    <span>{move || fill(i18n.locale.get().text("list.policy_only"), &[("policy", policy_no.clone())])}</span>
                    <A href=all_href>{move || i18n.locale.get().text("list.show_all_policies")}</A>
                </p>
            }
        })
    }
}
