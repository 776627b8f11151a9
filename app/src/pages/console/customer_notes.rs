//! What staff keep about a customer, on the customer's page: tags (shown wherever the
//! customer is, on every case) and notes for colleagues, newest first. Staff-only.

use leptos::prelude::*;

use crate::api::console::customers::{add_customer_note, tag_customer};
use crate::components::form::{FormField, Submit};
use crate::components::format::format_instant;
use crate::i18n::{t, use_i18n};
use crate::model::customers::CustomerNote;

/// The tags as chips, each removable, and a field to add one.
#[component]
pub fn CustomerTags(customer_no: String, tags: Vec<String>, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let tag = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let send = {
        let customer_no = customer_no.clone();
        move |value: String, remove: bool| {
            form.send(tag_customer(customer_no.clone(), value, remove), move |()| {
                if !remove {
                    tag.set(String::new());
                }
                refresh.run(());
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
                                disabled=move || form.sending() on:click=move |_| send(name.clone(), true)>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="tag-form" on:submit=add novalidate>
                <FormField name="tag" id="customer-tag" label="console.tag_new" value=tag errors hint="console.tag_hint"/>
                <button type="submit" class="button button-secondary" disabled=move || form.sending()>{t("console.tag_add")}</button>
            </form>
            {form.banner_view()}
        </section>
    }
}

/// Notes for colleagues: the latest first, and a field to add one.
#[component]
pub fn CustomerNotes(customer_no: String, notes: Vec<CustomerNote>, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let note = RwSignal::new(String::new());
    let form = Submit::default();
    let errors = form.errors;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.send(
            add_customer_note(customer_no.clone(), note.get_untracked()),
            move |()| {
                note.set(String::new());
                refresh.run(());
            },
        );
    };
    view! {
        <section class="card" aria-labelledby="notes-title">
            <h2 id="notes-title">{t("console.customer_notes")}</h2>
            <form on:submit=on_submit novalidate>
                <FormField name="note" id="customer-note" label="console.customer_note_new" value=note errors rows=2 hint="console.customer_note_hint"/>
                {form.banner_view()}
                <button type="submit" class="button button-secondary" disabled=move || form.sending()>{t("console.customer_note_add")}</button>
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
