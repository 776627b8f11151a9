use leptos::prelude::*;

use crate::api::admin::audit::read_audit_log;
use crate::components::form::{FieldErrors, FormField};
use crate::components::format::format_instant;
use crate::components::page::Page;
use crate::components::paging::{MorePages, ShowMorePages};
use crate::components::states::{EmptyState, ErrorBanner, Loading};
use crate::domain::audit_detail::detail_lines;
use crate::error::AppError;
use crate::i18n::{t, use_i18n};
use crate::model::admin::{AuditFilter, AuditRecord};
use crate::routes::encode_component;

/// `/console/admin/audit`: who read or changed which customer's data and which rule, when
/// and from where; filtered, and exported as CSV with the same filter.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let staff = RwSignal::new(String::new());
    let customer_no = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let filter = move || AuditFilter {
        staff: staff.get_untracked(),
        customer_no: customer_no.get_untracked(),
        action: action.get_untracked(),
        from: from.get_untracked(),
        to: to.get_untracked(),
    };
    // A search answers its first page with the filter it was for, which "show more" reads on with.
    let search = Action::new_local(|filter: &AuditFilter| {
        let filter = filter.clone();
        async move { read_audit_log(filter.clone(), None).await.map(|page| (filter, page)) }
    });
    let results = RwSignal::new(None::<Vec<AuditRecord>>);
    let shown_filter = StoredValue::new(AuditFilter::default());
    let more = MorePages::<AuditRecord>::default();
    Effect::new(move |_| match search.value().get() {
        Some(Ok((filter, page))) => {
            shown_filter.set_value(filter);
            more.restart(page.next);
            results.set(Some(page.items));
        }
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let read_more = move || {
        let filter = shown_filter.get_value();
        more.read_next(move |before| read_audit_log(filter, before));
    };
    // The first look: the latest entries.
    Effect::new(move |_| {
        search.dispatch(AuditFilter::default());
    });
    let csv_href = RwSignal::new("/api/admin/audit.csv".to_string());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        banner.set(None);
        let f = filter();
        csv_href.set(format!(
            "/api/admin/audit.csv?staff={}&customer_no={}&action={}&from={}&to={}",
            encode_component(f.staff.trim()),
            encode_component(f.customer_no.trim()),
            encode_component(f.action.trim()),
            encode_component(f.from.trim()),
            encode_component(f.to.trim())
        ));
        search.dispatch(f);
    };
    view! {
        <Page title="admin.audit_title" class="page page-wide">
            <header class="page-head page-head-row">
                <div>
                    <h1>{t("admin.audit_title")}</h1>
                    <p class="muted">{t("admin.audit_lead")}</p>
                </div>
                <a class="button button-secondary" href=move || csv_href.get() rel="external" download="audit-log.csv">
                    {t("admin.export_csv")}
                </a>
            </header>
            <form class="card audit-filter" on:submit=on_submit novalidate aria-label=t("admin.audit_filter")>
                {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
                <FormField name="staff" label="admin.audit_staff" value=staff errors=errors autocomplete="off"/>
                <FormField name="customer_no" label="admin.audit_customer" value=customer_no errors=errors autocomplete="off"/>
                <FormField name="action" label="admin.audit_action" value=action errors=errors autocomplete="off" hint="admin.audit_action_hint"/>
                <FormField name="from" label="admin.audit_from" value=from errors=errors input_type="date"/>
                <FormField name="to" label="admin.audit_to" value=to errors=errors input_type="date"/>
                <div class="button-row">
                    <button type="submit" class="button button-primary" disabled=move || search.pending().get()>{t("admin.audit_search")}</button>
                </div>
            </form>
            {move || match results.get() {
                None => view! { <Loading/> }.into_any(),
                Some(list) if list.is_empty() => view! { <EmptyState title="admin.audit_empty" hint="admin.audit_empty_hint"/> }.into_any(),
                Some(first) => view! { <AuditTable list=more.after(&first)/> }.into_any(),
            }}
            <ShowMorePages more on_more=read_more/>
        </Page>
    }
}

#[component]
fn AuditTable(list: Vec<AuditRecord>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="card">
            <table class="table audit-table">
                <thead>
                    <tr>
                        <th scope="col">{t("admin.audit_at")}</th>
                        <th scope="col">{t("admin.audit_staff")}</th>
                        <th scope="col">{t("admin.audit_action")}</th>
                        <th scope="col">{t("admin.audit_customer")}</th>
                        <th scope="col">{t("admin.audit_address")}</th>
                        <th scope="col">{t("admin.audit_detail")}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|r| {
                        let at = r.at;
                        view! {
                            <tr data-action=r.action.clone()>
                                <td class="nowrap">{move || format_instant(at, i18n.locale.get())}</td>
                                <td>{r.staff_name.clone()}" "<span class="mono muted">{r.staff_username.clone()}</span></td>
                                <td title=r.action.clone()>{action_label(r.action.clone())}</td>
                                <td class="mono">{r.customer_no.clone().unwrap_or_default()}</td>
                                <td class="mono muted">{r.client_address.clone().unwrap_or_default()}</td>
                                <td class="audit-detail"><DetailView detail=r.detail.clone()/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// An action in the reader's words (`audit_action.<code>`), the code itself when it has none.
fn action_label(code: String) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    move || {
        i18n.locale
            .get()
            .lookup(&format!("audit_action.{code}"))
            .map_or_else(|| code.clone(), str::to_string)
    }
}

/// A record's detail as "field: before → after" lines, fields labelled in the reader's
/// language (`audit_field.<key>`, the key itself when it has none).
#[component]
fn DetailView(detail: String) -> impl IntoView {
    let i18n = use_i18n();
    let lines = detail_lines(&detail);
    view! {
        <ul class="audit-lines">
            {lines.into_iter().map(|line| {
                let field = line.field.clone();
                let label = move || {
                    if field.is_empty() {
                        return String::new();
                    }
                    let locale = i18n.locale.get();
                    let name = locale
                        .lookup(&format!("audit_field.{field}"))
                        .map_or_else(|| field.replace('_', " "), str::to_string);
                    format!("{name}: ")
                };
                let empty = move || i18n.locale.get().text("admin.audit_empty");
                let shown = |value: String| if value.is_empty() { None } else { Some(value) };
                let after = shown(line.after.clone());
                view! {
                    <li>
                        <span class="audit-field">{label}</span>
                        {line.before.map(|before| {
                            let before = shown(before);
                            view! {
                                <span class="audit-before">{move || before.clone().unwrap_or_else(empty)}</span>
                                <span aria-hidden="true">" → "</span>
                                <span class="visually-hidden">{t("admin.audit_became")}</span>
                            }
                        })}
                        <span class="audit-after">{move || after.clone().unwrap_or_else(empty)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
