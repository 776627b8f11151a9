use leptos::prelude::*;

use crate::api::admin::catalog::{
    create_skill_group, delete_skill_group, list_vip_services, read_catalog, read_routing, set_coverage, set_product,
    set_route, set_vip_service,
};
use crate::components::form::{inline_error, FieldErrors, FormField};
use crate::components::page::Page;
use crate::components::states::{ErrorBanner, Loaded};
use crate::domain::{check_names, parse_coverage_limit, parse_fast_track_limit, Money, VipTier, WorkOrderKind};
use crate::error::AppError;
use crate::i18n::{fill, t, t_dyn, use_i18n};
use crate::model::admin::{CoverageSetting, ProductSetting, Routing, VipServiceSetting};

/// Yuan as an input shows it: `5000`, `1234.5`.
fn yuan(money: Money) -> String {
    let (whole, fen) = (money.fen() / 100, money.fen() % 100);
    if fen == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{fen:02}")
    }
}

/// `/console/admin/catalog`: products (names, fast-track limits), their coverages (names,
/// the limit new policies get), and where new work orders go (skill groups and routes).
#[component]
pub fn CatalogAdminPage() -> impl IntoView {
    let catalog = LocalResource::new(read_catalog);
    let routing = LocalResource::new(read_routing);
    let vip = LocalResource::new(list_vip_services);
    view! {
        <Page title="admin.catalog_title" class="page page-wide">
            <header class="page-head">
                <h1>{t("admin.catalog_title")}</h1>
                <p class="muted">{t("admin.catalog_lead")}</p>
            </header>
            <Loaded resource=catalog let:products>
                <div class="product-list">
                    {products.into_iter().map(|product| view! { <ProductCard product/> }).collect_view()}
                </div>
            </Loaded>
            <Loaded resource=routing let:data>
                <RoutingSection data refresh=move || routing.refetch()/>
            </Loaded>
            <section class="card rules-section" aria-labelledby="vip-title">
                <h2 id="vip-title">{t("admin.vip_title")}</h2>
                <p class="muted">{t("admin.vip_lead")}</p>
                <Loaded resource=vip let:services>
                    <table class="table rules-table">
                        <thead>
                            <tr>
                                <th scope="col">{t("admin.vip_service")}</th>
                                <th scope="col">{t("admin.vip_min_tier")}</th>
                                <th scope="col"><span class="visually-hidden">{t("admin.actions")}</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {services.into_iter().map(|service| view! { <VipServiceRow service/> }).collect_view()}
                        </tbody>
                    </table>
                </Loaded>
            </section>
        </Page>
    }
}

#[component]
fn ProductCard(product: ProductSetting) -> impl IntoView {
    let i18n = use_i18n();
    let code = StoredValue::new(product.code.clone());
    let name_zh = RwSignal::new(product.name_zh.clone());
    let name_en = RwSignal::new(product.name_en.clone());
    let limit = RwSignal::new(product.fast_track_limit.map(yuan).unwrap_or_default());
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |(zh, en, limit): &(String, String, String)| {
        set_product(code.get_value(), zh.clone(), en.clone(), limit.clone())
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => saved.set(true),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        banner.set(None);
        saved.set(false);
        let (zh, en, typed) = (name_zh.get_untracked(), name_en.get_untracked(), limit.get_untracked());
        if let Err(list) = check_names(&zh, &en) {
            for (field, invalid) in list {
                errors.set(field, invalid.code);
            }
        }
        if let Err(invalid) = parse_fast_track_limit(&typed) {
            errors.set("fast_track_limit", invalid.code);
        }
        if !errors.has_any() {
            save.dispatch((zh, en, typed));
        }
    };
    let product_code = product.code.clone();
    let id = |field: &str| format!("{}-{field}", product.code.to_ascii_lowercase());
    view! {
        <section class="card rules-section product-card" data-product=product.code.clone()>
            <h2>{move || i18n.locale.get().pick(&product.name_zh, &product.name_en).to_string()}</h2>
            <p class="muted">
                <span class="mono">{product.code.clone()}</span>" · "{t_dyn(product.line.label_key())}" · "
                {move || fill(i18n.locale.get().text("admin.policy_count"), &[("count", product.policies.to_string())])}
            </p>
            <form class="content-form" on:submit=on_submit novalidate>
                {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
                <FormField name="name_zh" label="admin.day_name_zh" value=name_zh errors id=id("name_zh")/>
                <FormField name="name_en" label="admin.day_name_en" value=name_en errors id=id("name_en")/>
                <FormField name="fast_track_limit" label="admin.fast_track_limit" value=limit errors inputmode="decimal"
                    hint="admin.fast_track_limit_hint" id=id("fast_track_limit")/>
                <div class="button-row">
                    <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t("admin.save")}</button>
                    {move || saved.get().then(|| view! { <span class="ok" role="status">{t("admin.saved")}</span> })}
                </div>
            </form>
            <table class="table rules-table">
                <thead>
                    <tr>
                        <th scope="col">{t("admin.coverage")}</th>
                        <th scope="col">{t("admin.coverage_limit")}</th>
                        <th scope="col"><span class="visually-hidden">{t("admin.actions")}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {product.coverages.into_iter().map(|coverage| view! { <CoverageRow product_code=product_code.clone() coverage/> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn CoverageRow(product_code: String, coverage: CoverageSetting) -> impl IntoView {
    let product_code = StoredValue::new(product_code);
    let code = StoredValue::new(coverage.code.clone());
    let name_zh = RwSignal::new(coverage.name_zh.clone());
    let name_en = RwSignal::new(coverage.name_en.clone());
    let limit = RwSignal::new(yuan(coverage.default_limit));
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |(zh, en, limit): &(String, String, String)| {
        set_coverage(
            product_code.get_value(),
            code.get_value(),
            zh.clone(),
            en.clone(),
            limit.clone(),
        )
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => saved.set(true),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let on_save = move |_| {
        errors.clear();
        banner.set(None);
        saved.set(false);
        let (zh, en, typed) = (name_zh.get_untracked(), name_en.get_untracked(), limit.get_untracked());
        if let Err(list) = check_names(&zh, &en) {
            for (field, invalid) in list {
                errors.set(field, invalid.code);
            }
        }
        if let Err(invalid) = parse_coverage_limit(&typed) {
            errors.set("default_limit", invalid.code);
        }
        if !errors.has_any() {
            save.dispatch((zh, en, typed));
        }
    };
    let label = coverage.code.clone();
    view! {
        <tr data-coverage=coverage.code.clone()>
            <td>
                <div class="coverage-names">
                    <input bind:value=name_zh aria-label=format!("{label} zh")/>
                    <input bind:value=name_en aria-label=format!("{label} en")/>
                </div>
                {inline_error(errors, "name_zh")}
                {inline_error(errors, "name_en")}
            </td>
            <td>
                <input class="input-small" inputmode="decimal" bind:value=limit aria-label=format!("{label} limit")
                    aria-invalid=move || errors.code("default_limit").is_some().to_string()/>
                {inline_error(errors, "default_limit")}
            </td>
            <td class="row-actions">
                <button type="button" class="button button-small button-primary" disabled=move || save.pending().get()
                    on:click=on_save>{t("admin.save")}</button>
                {move || saved.get().then(|| view! { <span class="ok" role="status">{t("admin.saved")}</span> })}
                {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
            </td>
        </tr>
    }
}

#[component]
fn RoutingSection(data: Routing, refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let banner = RwSignal::new(None::<AppError>);
    let groups = StoredValue::new(data.groups.clone());
    let route = Action::new_local(move |(kind, line, group): &(WorkOrderKind, String, String)| {
        set_route(*kind, line.clone(), group.clone())
    });
    let delete = Action::new_local(move |code: &String| delete_skill_group(code.clone()));
    let settle = move |result: Option<Result<Routing, AppError>>| match result {
        Some(Ok(_)) => refresh(),
        Some(Err(e)) => banner.set(Some(e)),
        None => {}
    };
    Effect::new(move |_| settle(route.value().get()));
    Effect::new(move |_| settle(delete.value().get()));
    let code = RwSignal::new(String::new());
    let name_zh = RwSignal::new(String::new());
    let name_en = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let create = Action::new_local(move |(c, zh, en): &(String, String, String)| {
        create_skill_group(c.clone(), zh.clone(), en.clone())
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => refresh(),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let on_create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        banner.set(None);
        let (zh, en) = (name_zh.get_untracked(), name_en.get_untracked());
        if let Err(list) = check_names(&zh, &en) {
            for (field, invalid) in list {
                errors.set(field, invalid.code);
            }
            return;
        }
        create.dispatch((code.get_untracked(), zh, en));
    };
    view! {
        <section class="card rules-section" aria-labelledby="routing-title">
            <h2 id="routing-title">{t("admin.routing_title")}</h2>
            <p class="muted">{t("admin.routing_lead")}</p>
            {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
            <div class="rules-columns">
                <table class="table rules-table routing-table">
                    <thead>
                        <tr>
                            <th scope="col">{t("admin.sla_kind")}</th>
                            <th scope="col">{t("admin.route_line")}</th>
                            <th scope="col">{t("admin.route_group")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {data.routes.into_iter().map(|r| {
                            let (kind, line, current) = (r.kind, r.line.clone(), r.group.clone());
                            let line_label = if line == "any" { "admin.route_any".to_string() } else { format!("product_line.{line}") };
                            let name = format!("{}/{}", kind.as_str(), line);
                            let (kind_name, line_name) = (kind.as_str(), line.clone());
                            view! {
                                <tr data-route=name.clone()>
                                    <th scope="row">{t_dyn(kind.label_key())}</th>
                                    <td>{t_dyn(line_label)}</td>
                                    <td>
                                        <select aria-label=format!("{kind_name} {line_name}") on:change=move |ev| {
                                            banner.set(None);
                                            route.dispatch((kind, line.clone(), event_target_value(&ev)));
                                        }>
                                            {groups.get_value().into_iter().map(|g| {
                                                let selected = g.code == current;
                                                view! { <option value=g.code.clone() selected=selected>{move || i18n.locale.get().pick(&g.name_zh, &g.name_en).to_string()}</option> }
                                            }).collect_view()}
                                        </select>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <div>
                    <ul class="calendar-days group-list">
                        {data.groups.into_iter().map(|g| {
                            let code = g.code.clone();
                            view! {
                                <li data-group=g.code.clone()>
                                    <span>{move || i18n.locale.get().pick(&g.name_zh, &g.name_en).to_string()}</span>
                                    <span class="muted">{move || fill(i18n.locale.get().text("admin.group_counts"), &[
                                        ("members", g.members.to_string()),
                                        ("open", g.open_work_orders.to_string()),
                                        ("routes", g.routes.to_string()),
                                    ])}</span>
                                    <button type="button" class="button button-small button-ghost" disabled=move || delete.pending().get()
                                        on:click=move |_| { banner.set(None); delete.dispatch(code.clone()); }>{t("admin.remove")}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <form class="calendar-form" on:submit=on_create novalidate>
                        <h3>{t("admin.new_group")}</h3>
                        <FormField name="code" label="admin.group_code" value=code errors id="group-code"/>
                        <FormField name="name_zh" label="admin.day_name_zh" value=name_zh errors id="group-name-zh"/>
                        <FormField name="name_en" label="admin.day_name_en" value=name_en errors id="group-name-en"/>
                        <div class="button-row">
                            <button type="submit" class="button button-primary" disabled=move || create.pending().get()>{t("admin.new_group")}</button>
                        </div>
                    </form>
                </div>
            </div>
        </section>
    }
}

#[component]
fn VipServiceRow(service: VipServiceSetting) -> impl IntoView {
    let i18n = use_i18n();
    let code = StoredValue::new(service.code.clone());
    let name_zh = RwSignal::new(service.name_zh.clone());
    let name_en = RwSignal::new(service.name_en.clone());
    let tier = RwSignal::new(service.min_tier.as_str().to_string());
    let errors = FieldErrors::default();
    let banner = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |(zh, en, tier): &(String, String, String)| {
        set_vip_service(code.get_value(), zh.clone(), en.clone(), tier.clone())
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => saved.set(true),
        Some(Err(e)) => banner.set(errors.absorb(e)),
        None => {}
    });
    let on_save = move |_| {
        errors.clear();
        banner.set(None);
        saved.set(false);
        let (zh, en) = (name_zh.get_untracked(), name_en.get_untracked());
        if let Err(list) = check_names(&zh, &en) {
            for (field, invalid) in list {
                errors.set(field, invalid.code);
            }
            return;
        }
        save.dispatch((zh, en, tier.get_untracked()));
    };
    let label = service.code.clone();
    view! {
        <tr data-vip-service=service.code.clone()>
            <td>
                <div class="coverage-names">
                    <input bind:value=name_zh aria-label=format!("{label} zh")/>
                    <input bind:value=name_en aria-label=format!("{label} en")/>
                </div>
                {inline_error(errors, "name_zh")}
                {inline_error(errors, "name_en")}
                <span class="muted">{move || fill(i18n.locale.get().text("admin.vip_bookings"), &[("count", service.bookings.to_string())])}</span>
            </td>
            <td>
                <select class="tier-select" aria-label=format!("{label} tier") on:change=move |ev| tier.set(event_target_value(&ev))>
                    {VipTier::ALL.iter().filter(|t| **t != VipTier::None).map(|t| {
                        let t = *t;
                        view! { <option value=t.as_str() selected=move || tier.get() == t.as_str()>{t_dyn(t.label_key())}</option> }
                    }).collect_view()}
                </select>
            </td>
            <td class="row-actions">
                <button type="button" class="button button-small button-primary" disabled=move || save.pending().get()
                    on:click=on_save>{t("admin.save")}</button>
                {move || saved.get().then(|| view! { <span class="ok" role="status">{t("admin.saved")}</span> })}
                {move || banner.get().map(|error| view! { <ErrorBanner error/> })}
            </td>
        </tr>
    }
}
