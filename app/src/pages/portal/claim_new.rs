use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::portal::claims::{claim_options, my_payout_accounts, report_claim};
use crate::components::form::{FieldErrors, FormField, SelectField};
use crate::components::format::{format_date, today_local};
use crate::components::navigation::use_go;
use crate::components::page::Page;
use crate::components::states::{ErrorBanner, Loaded};
use crate::components::upload::{FilePicker, Uploads};
use crate::domain::{check_claim, ClaimFields, ClaimLimits, DocumentPurpose, IdempotencyKey, Money};
use crate::error::AppError;
use crate::i18n::{fill, t, use_i18n};
use crate::model::claims::{ClaimForm, ClaimablePolicy, PayoutAccountOnFile};
use crate::routes;

/// `/my/claims/new`: report a claim with photos.
#[component]
pub fn ReportClaimPage() -> impl IntoView {
    let options = LocalResource::new(claim_options);
    view! {
        <Page title="claims.report_title" narrow=true>
            <A href=routes::portal::claims() attr:class="back-link">{t("claims.back")}</A>
            <header class="page-head">
                <h1>{t("claims.report_title")}</h1>
                <p class="muted">{t("claims.report_lead")}</p>
            </header>
            <Loaded
                resource=options
                empty_when=Vec::is_empty
                empty_title="claims.no_policy_title"
                empty_hint="claims.no_policy_hint"
                let:policies
            >
                <ClaimFormView policies/>
            </Loaded>
        </Page>
    }
}

#[component]
fn ClaimFormView(policies: Vec<ClaimablePolicy>) -> impl IntoView {
    let i18n = use_i18n();
    // Coming from a policy's page, that policy is chosen; with only one, it is.
    let wanted = use_query_map().read_untracked().get(routes::portal::POLICY_QUERY);
    let policies = StoredValue::new(policies);
    let policy_no = RwSignal::new(policies.with_value(
        |p| match p.iter().find(|p| Some(&p.policy_no) == wanted.as_ref()) {
            Some(chosen) => chosen.policy_no.clone(),
            None if p.len() == 1 => p[0].policy_no.clone(),
            None => String::new(),
        },
    ));
    let coverage = RwSignal::new(String::new());
    let incident_date = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let bank = RwSignal::new(String::new());
    let account = RwSignal::new(String::new());
    // The accounts on file, offered first; `None` chosen means a new account typed in.
    let accounts = LocalResource::new(my_payout_accounts);
    let on_file = move || accounts.get().and_then(Result::ok).unwrap_or_default();
    let payout_choice = RwSignal::new(None::<i64>);
    let payout_chosen = RwSignal::new(false);
    Effect::new(move |_| {
        if !payout_chosen.get_untracked() {
            payout_choice.set(on_file().first().map(|a| a.id));
        }
    });
    let uploads = Uploads::new(DocumentPurpose::Claim);
    let errors = FieldErrors::default();
    let form_error = RwSignal::new(None::<AppError>);
    // One key per form shown: a double click or a retry reports the claim once.
    let request_key = StoredValue::new(IdempotencyKey::fresh());
    let go = use_go();

    let selected = move || policies.with_value(|p| p.iter().find(|p| p.policy_no == policy_no.get()).cloned());
    let policy_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        policies.with_value(|p| {
            p.iter()
                .map(|p| {
                    (
                        p.policy_no.clone(),
                        format!(
                            "{} · {}",
                            locale.pick(&p.product_name_zh, &p.product_name_en),
                            p.policy_no
                        ),
                    )
                })
                .collect()
        })
    });
    let coverage_options = Signal::derive(move || {
        let locale = i18n.locale.get();
        selected()
            .map(|p| {
                p.coverages
                    .iter()
                    .map(|c| {
                        let label = fill(
                            locale.text("claims.coverage_option"),
                            &[
                                ("name", locale.pick(&c.name_zh, &c.name_en).to_string()),
                                ("limit", c.limit.to_string()),
                            ],
                        );
                        (c.code.clone(), label)
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    Effect::new(move |_| {
        policy_no.track();
        coverage.set(String::new());
    });

    let action = Action::new_local(|form: &ClaimForm| {
        let form = form.clone();
        async move { report_claim(form).await }
    });
    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            match result {
                Ok(detail) => go(&routes::portal::claim(&detail.summary.claim_no)),
                Err(error) => form_error.set(errors.absorb(error)),
            }
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        form_error.set(None);
        // Every rule at once: a missing policy does not hide what else needs fixing.
        let policy = selected();
        if policy.is_none() {
            errors.set("policy_no", "policy_required");
        }
        let chosen = policy
            .as_ref()
            .and_then(|p| p.coverages.iter().find(|c| c.code == coverage.get_untracked()).cloned());
        if policy.is_some() && chosen.is_none() {
            errors.set("coverage_code", "coverage_required");
        }
        let payout_account_id = payout_choice.get_untracked();
        let fields = ClaimFields {
            incident_date: incident_date.get_untracked(),
            incident_place: place.get_untracked(),
            description: description.get_untracked(),
            amount: amount.get_untracked(),
            payout_bank: bank.get_untracked(),
            payout_account: account.get_untracked(),
        };
        let limits = ClaimLimits {
            period_start: policy.as_ref().map(|p| p.period_start.clone()).unwrap_or_default(),
            period_end: policy
                .as_ref()
                .map_or_else(|| "9999-12-31".into(), |p| p.period_end.clone()),
            coverage_limit: chosen.as_ref().map(|c| c.limit).unwrap_or(Money::from_fen(i64::MAX)),
            today: today_local(),
        };
        if let Err(list) = check_claim(&fields, &limits) {
            for (field, invalid) in list {
                // An account on file is the server's to fill in.
                let typed_account = matches!(field, "payout_bank" | "payout_account");
                if !(typed_account && payout_account_id.is_some()) {
                    errors.set(field, invalid.code);
                }
            }
        }
        if uploads.busy() {
            errors.set("documents", "uploads_in_progress");
        } else if uploads.failed() {
            errors.set("documents", "uploads_failed");
        }
        if errors.has_any() {
            return;
        }
        let Some(policy) = policy else { return };
        action.dispatch(ClaimForm {
            policy_no: policy.policy_no.clone(),
            coverage_code: coverage.get_untracked(),
            fields,
            documents: uploads.document_ids(),
            payout_account_id,
            request_key: request_key.get_value(),
        });
    };

    let fast_track_hint = move || {
        selected().and_then(|p| p.fast_track_limit).map(|limit| {
            let text = fill(
                i18n.locale.get().text("claims.fast_track_hint"),
                &[("limit", limit.to_string())],
            );
            view! { <div class="banner banner-info">{text}</div> }
        })
    };
    let period = move || {
        selected().map(|p| {
            let locale = i18n.locale.get();
            fill(
                locale.text("claims.period_hint"),
                &[
                    ("start", format_date(&p.period_start, locale)),
                    ("end", format_date(&p.period_end, locale)),
                ],
            )
        })
    };
    // A claim that fast track would take but for a photo says so before it is sent.
    let photo_hint = move || {
        let limit = selected().and_then(|p| p.fast_track_limit)?;
        let amount = Money::parse_yuan(&amount.get()).ok().filter(|a| a.fen() > 0)?;
        let photos = uploads
            .items
            .with(|items| items.iter().filter(|i| i.preview.get_value().is_some()).count());
        (amount <= limit && photos == 0).then(|| {
            view! { <p class="banner banner-info" data-testid="fast-track-photo-hint">{t("claims.fast_track_photo_hint")}</p> }
        })
    };
    let documents_error = move || {
        errors.code("documents").map(|code| {
            view! { <p class="field-error" role="alert">{move || i18n.locale.get().text(&format!("error.{code}"))}</p> }
        })
    };

    view! {
        <form class="card form-stack" on:submit=on_submit novalidate>
            {move || form_error.get().map(|error| view! { <ErrorBanner error/> })}
            <SelectField name="policy_no" label="claims.policy" value=policy_no errors=errors
                options=policy_options placeholder="claims.choose_policy"/>
            <p class="field-hint">{period}</p>
            {fast_track_hint}
            <SelectField name="coverage_code" label="claims.coverage" value=coverage errors=errors
                options=coverage_options placeholder="claims.choose_coverage"/>
            <FormField name="incident_date" label="claims.incident_date" value=incident_date errors=errors
                input_type="date" max=Signal::derive(today_local)/>
            <FormField name="incident_place" label="claims.incident_place" value=place errors=errors
                hint="claims.incident_place_hint"/>
            <FormField name="description" label="claims.description" value=description errors=errors rows=4
                hint="claims.description_hint"/>
            <FormField name="amount" label="claims.amount_input" value=amount errors=errors inputmode="decimal"
                hint="claims.amount_hint"/>
            <fieldset class="fieldset">
                <legend>{t("claims.payout_legend")}</legend>
                {move || {
                    let list = on_file();
                    (!list.is_empty()).then(|| view! {
                        <PayoutChoice accounts=list choice=payout_choice chosen=payout_chosen/>
                    })
                }}
                {move || payout_choice.get().is_none().then(|| view! {
                    <FormField name="payout_bank" label="claims.payout_bank" value=bank errors=errors/>
                    <FormField name="payout_account" label="claims.payout_account_input" value=account errors=errors
                        inputmode="numeric" autocomplete="off" hint="claims.payout_account_hint"/>
                })}
            </fieldset>
            {photo_hint}
            <div class="field">
                <span class="field-label">{t("claims.documents")}</span>
                <FilePicker uploads label="claims.add_photos"/>
                {documents_error}
            </div>
            <button type="submit" class="button button-primary button-block" disabled=move || action.pending().get()>
                {move || if action.pending().get() { i18n.locale.get().text("claims.submitting") } else { i18n.locale.get().text("claims.submit") }}
            </button>
        </form>
    }
}

/// The accounts on file as choices, and "another account" to type a new one.
#[component]
fn PayoutChoice(
    accounts: Vec<PayoutAccountOnFile>,
    choice: RwSignal<Option<i64>>,
    chosen: RwSignal<bool>,
) -> impl IntoView {
    let pick = move |id: Option<i64>| {
        chosen.set(true);
        choice.set(id);
    };
    view! {
        <div class="choice-list" role="radiogroup" aria-label=t("claims.payout_legend")>
            {accounts.into_iter().map(|a| {
                let id = a.id;
                view! {
                    <label class="choice">
                        <input type="radio" name="payout_choice" prop:checked=move || choice.get() == Some(id)
                            on:change=move |_| pick(Some(id))/>
                        <span>{a.bank.clone()}" "<span class="mono">{a.number_masked.clone()}</span></span>
                    </label>
                }
            }).collect_view()}
            <label class="choice">
                <input type="radio" name="payout_choice" prop:checked=move || choice.get().is_none()
                    on:change=move |_| pick(None)/>
                <span>{t("claims.payout_new_account")}</span>
            </label>
        </div>
    }
}
