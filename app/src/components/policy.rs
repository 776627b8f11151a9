//! Policy views shared by the customer's pages and the agent console.

use leptos::prelude::*;
use leptos_router::components::A;

use super::badge::StatusBadge;
use super::format::{format_date, format_instant};
use super::states::EmptyState;
use crate::domain::InstallmentStatus;
use crate::i18n::{t, t_dyn, use_i18n};
use crate::model::policies::{PolicyDetail, PolicySummary};

/// The product's name in the reader's language.
fn product_name(policy: &PolicySummary) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    let (zh, en) = (policy.product_name_zh.clone(), policy.product_name_en.clone());
    move || i18n.locale.get().pick(&zh, &en).to_string()
}

/// The period of cover, `start – end`, in the reader's date format.
fn period_text(policy: &PolicySummary) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    let (start, end) = (policy.period_start.clone(), policy.period_end.clone());
    move || {
        let locale = i18n.locale.get();
        format!("{} – {}", format_date(&start, locale), format_date(&end, locale))
    }
}

/// When the next premium is due, or that nothing is.
fn next_due_text(policy: &PolicySummary) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    let next_due = policy.next_due_date.clone();
    move || match &next_due {
        Some(date) => format_date(date, i18n.locale.get()),
        None => i18n.locale.get().text("policy.no_premium_due"),
    }
}

/// A policy as a card in a list, linking to its detail.
#[component]
pub fn PolicyCard(policy: PolicySummary, href: String) -> impl IntoView {
    let (product, period, next_due) = (product_name(&policy), period_text(&policy), next_due_text(&policy));
    view! {
        <A href=href attr:class=format!("policy-card line-{}", policy.line.as_str())>
            <div class="policy-card-head">
                <span class="policy-line">{t_dyn(policy.line.label_key())}</span>
                <StatusBadge status=policy.status/>
            </div>
            <h3 class="policy-product">{product}</h3>
            <p class="policy-no">{t("policy.number")} " " <span class="mono">{policy.policy_no.clone()}</span></p>
            <dl class="facts">
                <div>
                    <dt>{t("policy.sum_insured")}</dt>
                    <dd class="money">{policy.sum_insured.to_string()}</dd>
                </div>
                <div>
                    <dt>{t("policy.premium")}</dt>
                    <dd>
                        <span class="money">{policy.premium.to_string()}</span>
                        " / "
                        {t_dyn(policy.payment_frequency.label_key())}
                    </dd>
                </div>
                <div class="facts-wide">
                    <dt>{t("policy.period")}</dt>
                    <dd>{period}</dd>
                </div>
                <div class="facts-wide">
                    <dt>{t("policy.next_due")}</dt>
                    <dd>
                        {next_due}
                    </dd>
                </div>
            </dl>
        </A>
    }
}

/// A grid of policy cards, or an empty state.
#[component]
pub fn PolicyList(policies: Vec<PolicySummary>, href: impl Fn(&PolicySummary) -> String + 'static) -> impl IntoView {
    if policies.is_empty() {
        return view! { <EmptyState title="policy.empty_title" hint="policy.empty_hint"/> }.into_any();
    }
    view! {
        <div class="policy-grid">
            {policies
                .into_iter()
                .map(|p| {
                    let link = href(&p);
                    view! { <PolicyCard policy=p href=link/> }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

/// Everything about one policy, section by section.
#[component]
pub fn PolicyDetailView(detail: PolicyDetail) -> impl IntoView {
    let i18n = use_i18n();
    let s = detail.summary.clone();
    let (product, period, next_due) = (product_name(&s), period_text(&s), next_due_text(&s));
    view! {
        <article class=format!("policy-detail line-{}", s.line.as_str())>
            <header class="card policy-hero">
                <div class="policy-card-head">
                    <span class="policy-line">{t_dyn(s.line.label_key())}</span>
                    <StatusBadge status=s.status/>
                </div>
                <h1 class="policy-product">{product}</h1>
                <p class="policy-no">{t("policy.number")} " " <span class="mono">{s.policy_no.clone()}</span></p>
                <dl class="facts facts-hero">
                    <div><dt>{t("policy.holder")}</dt><dd>{detail.holder_name.clone()}</dd></div>
                    <div><dt>{t("policy.sum_insured")}</dt><dd class="money">{s.sum_insured.to_string()}</dd></div>
                    <div>
                        <dt>{t("policy.premium")}</dt>
                        <dd><span class="money">{s.premium.to_string()}</span> " / " {t_dyn(s.payment_frequency.label_key())}</dd>
                    </div>
                    <div><dt>{t("policy.period")}</dt><dd>{period}</dd></div>
                    <div>
                        <dt>{t("policy.next_due")}</dt>
                        <dd>
                            {next_due}
                        </dd>
                    </div>
                </dl>
            </header>

            <section class="card" aria-labelledby="coverages-title">
                <h2 id="coverages-title">{t("policy.coverages")}</h2>
                <table class="table">
                    <thead><tr><th scope="col">{t("policy.coverage")}</th><th scope="col" class="num">{t("policy.limit")}</th></tr></thead>
                    <tbody>
                        {detail.coverages.iter().map(|c| {
                            let (zh, en) = (c.name_zh.clone(), c.name_en.clone());
                            view! {
                                <tr>
                                    <td>{move || i18n.locale.get().pick(&zh, &en).to_string()}</td>
                                    <td class="num money">{c.limit.to_string()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </section>

            <div class="two-col">
                <section class="card" aria-labelledby="insured-title">
                    <h2 id="insured-title">{t("policy.insured")}</h2>
                    <ul class="people">
                        {detail.insured.iter().map(|p| view! {
                            <li>
                                <span class="person-name">{p.name.clone()}</span>
                                <span class="person-meta">{t_dyn(p.relation.label_key())} " · " <span class="mono">{p.id_number_masked.clone()}</span></span>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
                <section class="card" aria-labelledby="beneficiaries-title">
                    <h2 id="beneficiaries-title">{t("policy.beneficiaries")}</h2>
                    {if detail.beneficiaries.is_empty() {
                        view! { <p class="muted">{t("policy.beneficiaries_none")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="people">
                                {detail.beneficiaries.iter().map(|b| view! {
                                    <li>
                                        <span class="person-name">{b.name.clone()}</span>
                                        <span class="person-meta">
                                            {t_dyn(b.relation.label_key())} " · " <span class="mono">{b.id_number_masked.clone()}</span>
                                        </span>
                                        <span class="share">{format!("{}%", b.share_percent)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            </div>

            <section class="card" aria-labelledby="schedule-title">
                <h2 id="schedule-title">{t("policy.schedule")}</h2>
                {if detail.installments.is_empty() {
                    view! { <p class="muted">{t("policy.schedule_none")}</p> }.into_any()
                } else {
                    view! {
                        <table class="table table-stack">
                            <thead>
                                <tr>
                                    <th scope="col">{t("policy.due_date")}</th>
                                    <th scope="col" class="num">{t("policy.amount")}</th>
                                    <th scope="col">{t("policy.installment_status")}</th>
                                    <th scope="col">{t("policy.paid_at")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {detail.installments.iter().map(|i| {
                                    let due = i.due_date.clone();
                                    let paid_at = i.paid_at;
                                    let tone = match i.status {
                                        InstallmentStatus::Paid => "good",
                                        InstallmentStatus::Overdue => "bad",
                                        InstallmentStatus::Due => "info",
                                        InstallmentStatus::Waived => "muted",
                                    };
                                    view! {
                                        <tr>
                                            <td data-label=t("policy.due_date")>{move || format_date(&due, i18n.locale.get())}</td>
                                            <td class="num money" data-label=t("policy.amount")>{i.amount.to_string()}</td>
                                            <td data-label=t("policy.installment_status")>
                                                <span class=format!("badge badge-{tone}")>{t_dyn(i.status.label_key())}</span>
                                            </td>
                                            <td data-label=t("policy.paid_at")>
                                                {move || paid_at.map(|ms| format_instant(ms, i18n.locale.get())).unwrap_or_else(|| "—".into())}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        </article>
    }
}
