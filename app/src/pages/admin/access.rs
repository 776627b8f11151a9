use leptos::prelude::*;

use crate::api::admin::staff::read_access_matrix;
use crate::components::page::Page;
use crate::components::states::Loaded;
use crate::i18n::{t, t_dyn};
use crate::model::admin::AccessMatrix;

/// `/console/admin/access`: who may do what, as the server's guards decide it.
#[component]
pub fn AccessMatrixPage() -> impl IntoView {
    let matrix = LocalResource::new(read_access_matrix);
    view! {
        <Page title="admin.access_title" class="page page-wide">
            <header class="page-head">
                <h1>{t("admin.access_title")}</h1>
                <p class="muted">{t("admin.access_lead")}</p>
            </header>
            <Loaded resource=matrix let:matrix>
                <MatrixTable matrix/>
            </Loaded>
        </Page>
    }
}

#[component]
fn MatrixTable(matrix: AccessMatrix) -> impl IntoView {
    view! {
        <div class="card">
            <table class="table access-matrix">
                <thead>
                    <tr>
                        <th scope="col">{t("admin.capability")}</th>
                        {matrix.roles.iter().map(|role| view! { <th scope="col">{t_dyn(role.label_key())}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {matrix.rows.into_iter().map(|row| view! {
                        <tr data-capability=row.capability.as_str()>
                            <th scope="row">{t_dyn(row.capability.label_key())}</th>
                            {row.allowed.into_iter().map(|allowed| view! {
                                <td class=if allowed { "allowed" } else { "denied" }>
                                    <span aria-hidden="true">{if allowed { "✓" } else { "—" }}</span>
                                    <span class="visually-hidden">{t_dyn(if allowed { "admin.allowed" } else { "admin.denied" }.to_string())}</span>
                                </td>
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
