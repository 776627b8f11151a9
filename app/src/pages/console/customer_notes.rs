//! What staff keep about a customer, on the customer's page: tags (shown wherever the
//! customer is, on every case) and notes for colleagues, newest first. Staff-only.

use leptos::prelude::*;

use crate::api::console::customers::{add_customer_note, tag_customer};
use crate::components::form::{FieldErrors, FormField};
use crate::components::format::format_instant;
use crate::components::states::ErrorBanner;
use crate::error::AppError;
use crate::i18n::{t, use_i18n};
use crate::model::customers::CustomerNote;

/// The tags as chips, each removable, and a field to add one.
#[component]
pub fn CustomerTags(customer_no: String, tags: Vec<String>, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let tag = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let send = {
        let customer_no = customer_no.clone();
        move |value: String, remove: bool| {
            errors.clear();
            banner.set(None);
            let customer_no = customer_no.clone();
            leptos::task::spawn_local(async move {
                match tag_customer(customer_no, value, remove).await {
                    Ok(()) => {
                        tag.set(String::new());
                        refresh.run(());
                    }
                    Err(error) => banner.set(errors.absorb(error)),
                }
            });
        }
    };
    let add = {
        let send = send.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            send(tag.get_untracked(), false);
        }
    };
    view! {
        <section class="card" aria-labelledby="tags-title">
            <h2 id="tags-title">{t("console.tags")}</h2>
            <ul class="tag-list">
                {tags.into_iter().map(|name| {
                    let send = send.clone();
                    let label = name.clone();
                    let remove_label = {
                        let name = name.clone();
                        move || format!("{} {name}", i18n.locale.get().text("console.tag_remove"))
                    };
                    view! {
                        <li class="tag">
                            <span>{label}</span>
                            <button type="button" class="tag-remove" aria-label=remove_label
                                on:click=move |_| send(name.clone(), true)>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="tag-form" on:submit=add novalidate>
                <FormField name="tag" id="customer-tag" label="console.tag_new" value=tag errors hint="console.tag_hint"/>
                <button type="submit" class="button button-secondary">{t("console.tag_add")}</button>
            </form>
            {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
        </section>
    }
}

/// Notes for colleagues: the latest first, and a field to add one.
#[component]
pub fn CustomerNotes(customer_no: String, notes: Vec<CustomerNote>, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let note = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        banner.set(None);
        busy.set(true);
        let (c, n) = (customer_no.clone(), note.get_untracked());
        leptos::task::spawn_local(async move {
            let result = add_customer_note(c, n).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    note.set(String::new());
                    refresh.run(());
                }
                Err(error) => banner.set(errors.absorb(error)),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="notes-title">
            <h2 id="notes-title">{t("console.customer_notes")}</h2>
            <form on:submit=on_submit novalidate>
                <FormField name="note" id="customer-note" label="console.customer_note_new" value=note errors rows=2 hint="console.customer_note_hint"/>
                {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
                <button type="submit" class="button button-secondary" disabled=move || busy.get()>{t("console.customer_note_add")}</button>
            </form>
            {if notes.is_empty() {
                view! { <p class="muted">{t("console.customer_notes_none")}</p> }.into_any()
            } else {
                view! {
                    <ol class="plain-list customer-notes">
                        {notes.into_iter().map(|n| {
                            let at = n.at;
                            view! {
                                <li>
                                    <p>{n.body.clone()}</p>
                                    <p class="muted">{n.author.clone()} " · " {move || format_instant(at, i18n.locale.get())}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
