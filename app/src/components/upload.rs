//! Uploading files with a progress bar, a retry per file and thumbnails. Each file goes on
//! its own request to the upload server function, sent with `XMLHttpRequest` because
//! `fetch` reports no upload progress.

use leptos::prelude::*;

use crate::api::portal::documents::upload_limits;
use crate::components::format::format_size;
use crate::components::states::error_text;
use crate::domain::DocumentPurpose;
use crate::error::AppError;
use crate::i18n::{fill, t, use_i18n};
use crate::model::documents::{DocumentInfo, UPLOAD_ENDPOINT};

#[derive(Clone, Debug, PartialEq)]
pub enum UploadState {
    Uploading,
    Done(DocumentInfo),
    Failed(AppError),
}

/// One chosen file and how its upload goes.
#[derive(Clone, Copy)]
pub struct UploadItem {
    pub key: usize,
    pub name: StoredValue<String>,
    pub size: i64,
    /// 0.0 to 1.0.
    /// Percent sent, 0 to 100 (whole numbers: no float formatting in the bundle).
    pub progress: RwSignal<u32>,
    pub state: RwSignal<UploadState>,
    /// A local preview of an image, before and after upload.
    pub preview: StoredValue<Option<String>>,
}

/// The files of one form: ids of those uploaded, and whether any is still going or failed.
#[derive(Clone, Copy)]
pub struct Uploads {
    pub items: RwSignal<Vec<UploadItem>>,
    files: StoredValue<Vec<(usize, SendFile)>, LocalStorage>,
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    next_key: StoredValue<usize>,
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    purpose: DocumentPurpose,
    /// The server's per-file limit, known before a byte is sent (10 MB until it answers).
    max_bytes: RwSignal<u64>,
}

/// What the upload server function takes, checked here first so a wrong file fails at once.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
const ACCEPTED_TYPES: [&str; 3] = ["image/jpeg", "image/png", "application/pdf"];

#[cfg(target_arch = "wasm32")]
type SendFile = web_sys::File;
#[cfg(not(target_arch = "wasm32"))]
type SendFile = ();

impl Uploads {
    pub fn new(purpose: DocumentPurpose) -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            files: StoredValue::new_local(Vec::new()),
            next_key: StoredValue::new(0),
            purpose,
            max_bytes: RwSignal::new(10 * 1024 * 1024),
        }
    }

    pub fn document_ids(&self) -> Vec<String> {
        self.items.with(|items| {
            items
                .iter()
                .filter_map(|item| match item.state.get() {
                    UploadState::Done(doc) => Some(doc.id),
                    _ => None,
                })
                .collect()
        })
    }

    pub fn busy(&self) -> bool {
        self.items
            .with(|items| items.iter().any(|i| i.state.with(|s| *s == UploadState::Uploading)))
    }

    pub fn failed(&self) -> bool {
        self.items.with(|items| {
            items
                .iter()
                .any(|i| i.state.with(|s| matches!(s, UploadState::Failed(_))))
        })
    }

    pub fn clear(&self) {
        self.items.set(Vec::new());
        self.files.update_value(|files| files.clear());
    }

    pub fn remove(&self, key: usize) {
        self.items.update(|items| items.retain(|i| i.key != key));
        self.files.update_value(|files| files.retain(|(k, _)| *k != key));
    }

    /// Starts (again) the upload of the file with this key.
    pub fn retry(&self, key: usize) {
        let Some(item) = self
            .items
            .with_untracked(|items| items.iter().find(|i| i.key == key).copied())
        else {
            return;
        };
        item.progress.set(0);
        item.state.set(UploadState::Uploading);
        #[cfg(target_arch = "wasm32")]
        if let Some(file) = self
            .files
            .with_value(|files| files.iter().find(|(k, _)| *k == key).map(|(_, f)| f.clone()))
        {
            send(&file, self.purpose, item, self.max_bytes.get_untracked());
        }
    }

    /// Why the browser refuses this file before sending it, if it does: too big, empty, or
    /// not a kind the server takes. The server checks again; this saves a wasted upload.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn refusal(&self, size: u64, mime: &str) -> Option<AppError> {
        let limit_bytes = self.max_bytes.get_untracked();
        if size > limit_bytes {
            Some(AppError::PayloadTooLarge { limit_bytes })
        } else if size == 0 {
            Some(AppError::invalid(
                "file",
                crate::domain::Invalid::new("file_empty", "The file is empty"),
            ))
        } else if !mime.is_empty() && !ACCEPTED_TYPES.contains(&mime) {
            Some(AppError::invalid(
                "file",
                crate::domain::Invalid::new("file_type_unsupported", "Only JPEG or PNG photos and PDF documents"),
            ))
        } else {
            None
        }
    }

    #[cfg(target_arch = "wasm32")]
    pub fn add_from_input(&self, input: &web_sys::HtmlInputElement) {
        let Some(list) = input.files() else { return };
        for index in 0..list.length() {
            let Some(file) = list.get(index) else { continue };
            let key = self.next_key.get_value();
            self.next_key.set_value(key + 1);
            let is_image = file.type_().starts_with("image/");
            let preview = is_image
                .then(|| web_sys::Url::create_object_url_with_blob(&file).ok())
                .flatten();
            let refusal = self.refusal(file.size() as u64, &file.type_());
            let item = UploadItem {
                key,
                name: StoredValue::new(file.name()),
                size: file.size() as i64,
                progress: RwSignal::new(0),
                state: RwSignal::new(match &refusal {
                    Some(error) => UploadState::Failed(error.clone()),
                    None => UploadState::Uploading,
                }),
                preview: StoredValue::new(preview),
            };
            self.items.update(|items| items.push(item));
            self.files.update_value(|files| files.push((key, file.clone())));
            if refusal.is_none() {
                send(&file, self.purpose, item, self.max_bytes.get_untracked());
            }
        }
        input.set_value("");
    }
}

#[cfg(target_arch = "wasm32")]
fn send(file: &web_sys::File, purpose: DocumentPurpose, item: UploadItem, limit_bytes: u64) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let failed = move |error: AppError| item.state.set(UploadState::Failed(error));
    let network = || AppError::Network {
        message: "upload failed".into(),
    };
    let (Ok(form), Ok(xhr)) = (web_sys::FormData::new(), web_sys::XmlHttpRequest::new()) else {
        failed(network());
        return;
    };
    let _ = form.append_with_str("purpose", purpose.as_str());
    let _ = form.append_with_blob_and_filename("file", file, &file.name());
    if xhr.open("POST", &format!("/api/{UPLOAD_ENDPOINT}")).is_err() {
        failed(network());
        return;
    }
    let _ = xhr.set_request_header("Accept", "application/json");

    let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            item.progress.set(((event.loaded() / event.total()) * 100.0) as u32);
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    on_progress.forget();

    let done_xhr = xhr.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        let status = done_xhr.status().unwrap_or(0);
        let body = done_xhr.response_text().ok().flatten().unwrap_or_default();
        if status == 200 {
            match serde_json::from_str::<DocumentInfo>(&body) {
                Ok(doc) => {
                    item.progress.set(100);
                    item.state.set(UploadState::Done(doc));
                }
                Err(_) => failed(network()),
            }
        } else {
            failed(
                serde_json::from_str::<AppError>(&body).unwrap_or_else(|_| match status {
                    413 => AppError::PayloadTooLarge { limit_bytes },
                    _ => network(),
                }),
            );
        }
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = Closure::<dyn FnMut()>::new(move || failed(network()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    if xhr.send_with_opt_form_data(Some(&form)).is_err() {
        failed(network());
    }
}

/// The file picker and the list of chosen files with progress, retry, remove and thumbnails.
#[component]
pub fn FilePicker(
    uploads: Uploads,
    label: &'static str,
    #[prop(default = "upload.hint")] hint: &'static str,
) -> impl IntoView {
    static PICKERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let input_id = format!("upload-{}", PICKERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let i18n = use_i18n();
    let limits = LocalResource::new(upload_limits);
    Effect::new(move |_| {
        if let Some(Ok(limits)) = limits.get() {
            uploads.max_bytes.set(limits.max_file_bytes);
        }
    });
    let on_change = move |_| {
        #[cfg(target_arch = "wasm32")]
        if let Some(input) = input_ref.get() {
            uploads.add_from_input(&input);
        }
    };
    view! {
        <div class="uploader">
            <label class="uploader-drop" for=input_id.clone()>
                <span class="uploader-icon" aria-hidden="true">"＋"</span>
                <span class="uploader-label">{t(label)}</span>
                <span class="uploader-hint">{move || {
                    fill(i18n.locale.get().text(hint), &[("size", format_size(uploads.max_bytes.get() as i64))])
                }}</span>
            </label>
            <input id=input_id class="visually-hidden" type="file" multiple
                accept="image/jpeg,image/png,application/pdf" node_ref=input_ref on:change=on_change/>
            <ul class="upload-list" aria-live="polite">
                <For each=move || uploads.items.get() key=|item| item.key let:item>
                    <UploadRow item uploads/>
                </For>
            </ul>
        </div>
    }
}

#[component]
fn UploadRow(item: UploadItem, uploads: Uploads) -> impl IntoView {
    let key = item.key;
    let thumb = move || {
        item.preview
            .get_value()
            .map(|src| view! { <img class="upload-thumb" src=src alt=""/> }.into_any())
            .unwrap_or_else(|| {
                view! { <span class="upload-thumb upload-thumb-doc" aria-hidden="true">"PDF"</span> }.into_any()
            })
    };
    view! {
        <li class="upload-row" data-state=move || match item.state.get() {
            UploadState::Uploading => "uploading",
            UploadState::Done(_) => "done",
            UploadState::Failed(_) => "failed",
        }>
            {thumb}
            <div class="upload-body">
                <span class="upload-name">{item.name.get_value()}</span>
                <span class="upload-size muted">{format_size(item.size)}</span>
                {move || match item.state.get() {
                    UploadState::Uploading => view! {
                        <progress class="upload-progress" max="100" value=move || item.progress.get()>
                        </progress>
                    }.into_any(),
                    UploadState::Done(_) => view! { <span class="upload-status ok">{t("upload.done")}</span> }.into_any(),
                    UploadState::Failed(error) => view! {
                        <span class="upload-status field-error" role="alert">{error_text(&error)}</span>
                    }.into_any(),
                }}
            </div>
            <div class="upload-actions">
                // Only a failure that may pass on its own is worth another try; a file too big
                // or of the wrong kind stays wrong.
                {move || matches!(item.state.get(), UploadState::Failed(AppError::Network { .. } | AppError::Internal { .. })).then(|| view! {
                    <button type="button" class="button button-small" on:click=move |_| uploads.retry(key)>
                        {t("upload.retry")}
                    </button>
                })}
                <button type="button" class="button button-small button-ghost" on:click=move |_| uploads.remove(key)
                    aria-label=t("upload.remove")>"✕"</button>
            </div>
        </li>
    }
}
