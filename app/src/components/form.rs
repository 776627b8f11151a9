//! Form fields with their own error message beside them.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_i18n;

/// Per-field error codes of a form, shown beside each field.
#[derive(Clone, Copy)]
pub struct FieldErrors(RwSignal<Vec<(String, String)>>);

impl Default for FieldErrors {
    fn default() -> Self {
        Self(RwSignal::new(Vec::new()))
    }
}

impl FieldErrors {
    pub fn clear(&self) {
        self.0.set(Vec::new());
    }

    pub fn set(&self, field: &str, code: &str) {
        self.0.update(|errors| {
            errors.retain(|(f, _)| f != field);
            errors.push((field.to_string(), code.to_string()));
        });
    }

    /// Drops a field's error once the user changes it.
    pub fn forget(&self, field: &str) {
        if self.code(field).is_some() {
            self.0.update(|list| list.retain(|(f, _)| f != field));
        }
    }

    pub fn has_any(&self) -> bool {
        !self.0.with(Vec::is_empty)
    }

    pub fn code(&self, field: &str) -> Option<String> {
        self.0
            .with(|errors| errors.iter().find(|(f, _)| f == field).map(|(_, c)| c.clone()))
    }

    /// Puts a server error beside its field; returns it back if it belongs to no field.
    pub fn absorb(&self, error: AppError) -> Option<AppError> {
        match error.field() {
            Some(field) => {
                self.set(field, error.code());
                None
            }
            None => Some(error),
        }
    }
}

/// A labelled input bound to `value`, with its error (if any) announced and linked.
#[component]
pub fn FormField(
    /// The field's name, as the server names it in errors.
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: FieldErrors,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// A multi-line field with this many rows.
    #[prop(optional)]
    rows: Option<u32>,
    #[prop(optional, into)] max: Option<Signal<String>>,
    #[prop(optional, into)] min: Option<Signal<String>>,
    /// The element id, when two forms on a page have a field of the same name.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let base = id.unwrap_or_else(|| name.to_string());
    let input_id = format!("field-{base}");
    let error_id = format!("field-{base}-error");
    let hint_id = format!("field-{base}-hint");
    let error = move || {
        errors
            .code(name)
            .map(|code| i18n.locale.get().text(&format!("error.{code}")))
    };
    let described_by = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if errors.code(name).is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:field-invalid=move || errors.code(name).is_some()>
            <label for=input_id.clone()>{move || i18n.locale.get().text(label)}</label>
            {match rows {
                Some(rows) => view! {
                    <textarea
                        id=input_id
                        name=name
                        rows=rows
                        bind:value=value
                        aria-invalid=move || errors.code(name).is_some().to_string()
                        aria-describedby=described_by
                        on:input=move |_| errors.forget(name)
                    ></textarea>
                }.into_any(),
                None if input_type == "date" => view! {
                    <DateInput input_id name value errors max min described_by=Signal::derive(described_by)/>
                }.into_any(),
                None => view! {
                    <input
                        id=input_id
                        name=name
                        type=input_type
                        autocomplete=autocomplete
                        inputmode=inputmode
                        max=move || max.map(|m| m.get())
                        min=move || min.map(|m| m.get())
                        bind:value=value
                        aria-invalid=move || errors.code(name).is_some().to_string()
                        aria-describedby=described_by
                        on:input=move |_| errors.forget(name)
                    />
                }.into_any(),
            }}
            {hint.map(|key| view! { <p class="field-hint" id=hint_id.clone()>{move || i18n.locale.get().text(key)}</p> })}
            {move || error().map(|text| view! { <p class="field-error" id=error_id.clone()>{text}</p> })}
        </div>
    }
}

/// A date typed as `YYYY-MM-DD` (or as people write it: `2026/12/8`, `2026年12月8日`, set
/// right when the field is left) or picked from the browser's calendar. A native date input
/// shows its text in the browser's own order (`12/08/2026` to a Chinese reader in an English
/// browser); typed year first, a date reads the same in both languages. The value is always
/// ISO when readable; an unreadable one says so at once, as the server would.
#[component]
fn DateInput(
    input_id: String,
    name: &'static str,
    value: RwSignal<String>,
    errors: FieldErrors,
    max: Option<Signal<String>>,
    min: Option<Signal<String>>,
    described_by: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let picker: NodeRef<leptos::html::Input> = NodeRef::new();
    let tidy = move |_| {
        let typed = value.get_untracked();
        if typed.trim().is_empty() {
            return;
        }
        match crate::domain::date::read_typed_date(&typed) {
            Some(iso) => value.set(iso),
            None => errors.set(name, "date_invalid"),
        }
    };
    let open_picker = move |_| {
        if let Some(input) = picker.get() {
            // Not every browser has a picker to show; the typed field still works there.
            let _ = input.show_picker();
        }
    };
    view! {
        <div class="date-input">
            <input
                id=input_id
                name=name
                type="text"
                inputmode="numeric"
                autocomplete="off"
                maxlength="12"
                placeholder=move || i18n.locale.get().text("form.date_placeholder")
                bind:value=value
                aria-invalid=move || errors.code(name).is_some().to_string()
                aria-describedby=described_by
                on:input=move |_| errors.forget(name)
                on:blur=tidy
            />
            <button type="button" class="date-input-pick" on:click=open_picker
                aria-label=move || i18n.locale.get().text("form.pick_date")>
                <svg viewBox="0 0 24 24" aria-hidden="true" width="18" height="18">
                    <rect x="3.5" y="5" width="17" height="15" rx="2" fill="none" stroke="currentColor" stroke-width="1.6"/>
                    <path d="M3.5 9.5h17M8 3v4M16 3v4" stroke="currentColor" stroke-width="1.6" fill="none"/>
                </svg>
            </button>
            // The browser's own calendar, opened by the button; out of the tab order and
            // hidden from assistive technology, which use the typed field.
            <input
                type="date"
                class="date-input-calendar"
                tabindex="-1"
                aria-hidden="true"
                node_ref=picker
                max=move || max.map(|m| m.get())
                min=move || min.map(|m| m.get())
                prop:value=move || crate::domain::date::read_typed_date(&value.get()).unwrap_or_default()
                on:change=move |event| {
                    errors.forget(name);
                    value.set(event_target_value(&event));
                }
            />
        </div>
    }
}

/// A labelled `<select>` bound to `value`; `options` are (value, translated label) pairs.
#[component]
pub fn SelectField(
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: FieldErrors,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    /// The text of the empty first choice.
    placeholder: &'static str,
    /// The element id, when a page repeats the form (a list of cards each with its own).
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let base = id.unwrap_or_else(|| name.to_string());
    let input_id = format!("field-{base}");
    let error_id = format!("field-{base}-error");
    let error = move || {
        errors
            .code(name)
            .map(|code| i18n.locale.get().text(&format!("error.{code}")))
    };
    view! {
        <div class="field" class:field-invalid=move || errors.code(name).is_some()>
            <label for=input_id.clone()>{move || i18n.locale.get().text(label)}</label>
            <select
                id=input_id
                name=name
                aria-invalid=move || errors.code(name).is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    errors.forget(name);
                }
            >
                <option value="">{move || i18n.locale.get().text(placeholder)}</option>
                {move || options.get().into_iter().map(|(v, text)| {
                    let selected = v == value.get_untracked();
                    view! { <option value=v selected=selected>{text}</option> }
                }).collect_view()}
            </select>
            {move || error().map(|text| view! { <p class="field-error" id=error_id.clone()>{text}</p> })}
        </div>
    }
}

/// The message of `field`'s error under an input that has no `FormField` of its own (a
/// cell of an editable table), in the reader's language.
pub fn inline_error(errors: FieldErrors, field: &'static str) -> impl Fn() -> Option<AnyView> + Send + Sync {
    let i18n = use_i18n();
    move || {
        errors.code(field).map(|code| {
            view! { <p class="field-error" role="alert">{move || i18n.locale.get().text(&format!("error.{code}"))}</p> }
                .into_any()
        })
    }
}

/// How a console form sends: one request at a time (the submit button is disabled while it
/// runs, and a second click is ignored), the last attempt's errors cleared, the server's
/// error put beside its field or in the form's banner, and the answer handed to `done` so
/// the page refreshes in place.
#[derive(Clone, Copy)]
pub struct Submit {
    pub errors: FieldErrors,
    pub banner: RwSignal<Option<AppError>>,
    sending: RwSignal<bool>,
}

impl Default for Submit {
    fn default() -> Self {
        Self {
            errors: FieldErrors::default(),
            banner: RwSignal::new(None),
            sending: RwSignal::new(false),
        }
    }
}

impl Submit {
    /// Whether a request is on its way; bind the submit buttons' `disabled` to it.
    pub fn sending(&self) -> bool {
        self.sending.get()
    }

    /// The same, outside a reactive view (in a click handler).
    pub fn sending_untracked(&self) -> bool {
        self.sending.get_untracked()
    }

    /// Sends `request` unless one is already on its way. Server functions are lazy futures,
    /// so a refused second click never reaches the server.
    pub fn send<T: 'static>(
        &self,
        request: impl std::future::Future<Output = Result<T, AppError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        if self.sending.get_untracked() {
            return;
        }
        let this = *self;
        this.errors.clear();
        this.banner.set(None);
        this.sending.set(true);
        leptos::task::spawn_local(async move {
            let result = request.await;
            this.sending.set(false);
            match result {
                Ok(answer) => done(answer),
                Err(error) => this.banner.set(this.errors.absorb(error)),
            }
        });
    }

    /// The form's banner: the error that belongs to no single field, if any.
    pub fn banner_view(&self) -> impl Fn() -> Option<AnyView> + Send + Sync {
        let banner = self.banner;
        move || {
            banner
                .get()
                .map(|error| view! { <crate::components::states::ErrorBanner error/> }.into_any())
        }
    }
}
