//! Lists the server hands out a page at a time (`model::paging::Page`): `MorePages` keeps
//! the pages "show more" has added after the first (which the page's resource reads), and
//! `ShowMorePages` is the button under every such list.

use std::future::Future;

use leptos::prelude::*;

use crate::components::states::ErrorBanner;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::model::paging::Page;

/// The pages added under a list after its first: their entries, in order, and the cursor
/// of the page after them. The page makes one outside `Loaded` and tells it where each
/// first page it shows ends (`follow`), so a re-read that leaves the first page ending where
/// it did (an entry marked read) keeps what was added.
pub struct MorePages<T: Send + Sync + 'static> {
    items: RwSignal<Vec<T>>,
    /// Where the first page these continue ended.
    from: RwSignal<Option<String>>,
    next: RwSignal<Option<String>>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
    /// Counts the fresh starts, so a page read before one is dropped when it arrives.
    generation: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for MorePages<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for MorePages<T> {}

impl<T: Send + Sync + 'static> Default for MorePages<T> {
    fn default() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            from: RwSignal::new(None),
            next: RwSignal::new(None),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            generation: RwSignal::new(0),
        }
    }
}

impl<T: Clone + Send + Sync + 'static> MorePages<T> {
    /// Whether more pages follow what is shown (a reactive read).
    pub fn has_more(&self) -> bool {
        self.next.with(Option::is_some)
    }

    /// The first page's entries followed by those added, read reactively.
    pub fn after(&self, first: &[T]) -> Vec<T> {
        let mut all = first.to_vec();
        self.items.with(|more| all.extend(more.iter().cloned()));
        all
    }

    /// Changes the entries added in place (a notification marked read).
    pub fn update(&self, change: impl FnOnce(&mut Vec<T>)) {
        self.items.update(change);
    }

    /// Goes on from a first page that ends at `next` (its cursor). While it ends where the
    /// last one did, what was added stays; otherwise entries came or went above, and the
    /// pages after the old end would repeat or skip some, so it starts again from there.
    pub fn follow(&self, next: Option<String>) {
        if self.from.get_untracked() != next {
            self.restart(next);
        }
    }

    /// Starts again from a first page that ends at `next` (a new search).
    pub fn restart(&self, next: Option<String>) {
        self.generation.update(|g| *g += 1);
        self.items.set(Vec::new());
        self.from.set(next.clone());
        self.next.set(next);
        self.loading.set(false);
        self.error.set(None);
    }

    /// Drops what was added, and starts afresh from the next first page `follow` is given
    /// even if it ends where the last did: after a change that may have moved entries on the
    /// later pages.
    pub fn forget(&self) {
        self.restart(None);
        // No cursor is empty: whatever `follow` is given next differs.
        self.from.set(Some(String::new()));
    }

    /// Reads the page after those shown with `read` (the list's server function, given the
    /// cursor) and adds it; nothing while a read is on its way or after the last page.
    pub fn read_next<Fut>(&self, read: impl FnOnce(Option<String>) -> Fut + 'static)
    where
        Fut: Future<Output = Result<Page<T>, AppError>> + 'static,
    {
        if self.loading.get_untracked() {
            return;
        }
        let Some(cursor) = self.next.get_untracked() else {
            return;
        };
        let this = *self;
        let started = this.generation.get_untracked();
        this.loading.set(true);
        this.error.set(None);
        leptos::task::spawn_local(async move {
            let answer = read(Some(cursor)).await;
            // Started again meanwhile, or the page is gone: this page belongs to no list.
            if this.generation.try_get_untracked() != Some(started) {
                return;
            }
            this.loading.set(false);
            match answer {
                Ok(page) => {
                    this.items.update(|items| items.extend(page.items));
                    this.next.set(page.next);
                }
                Err(error) => this.error.set(Some(error)),
            }
        });
    }
}

/// "Show more" under a list the server pages: `on_more` reads the next page (with
/// `MorePages::read_next`). Disabled while it reads, gone after the last page; an error
/// shows above it and the button stays for another try.
#[component]
pub fn ShowMorePages<T>(more: MorePages<T>, on_more: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        {move || more.error.get().map(|error| view! { <ErrorBanner error/> })}
        {move || more.next.with(Option::is_some).then(|| view! {
            <button type="button" class="button button-secondary button-block show-more"
                disabled=move || more.loading.get()
                aria-busy=move || more.loading.get().to_string()
                on:click=move |_| on_more()>
                {move || if more.loading.get() {
                    i18n.locale.get().text("paging.loading")
                } else {
                    i18n.locale.get().text("paging.more")
                }}
            </button>
        })}
    }
}
