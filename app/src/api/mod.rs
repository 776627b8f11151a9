//! Server functions: the only door from the browser to data. One function per file,
//! grouped by area; each has a stable endpoint under `/api/` (listed in docs/api.md).

pub mod agent;
pub mod auth;
pub mod policies;

/// Registers every server function with the server. Done explicitly because the linker may
/// drop the automatic registrations when the server binary does not otherwise call them.
#[cfg(feature = "ssr")]
pub fn register_all() {
    use server_fn::axum::register_explicit;
    register_explicit::<auth::SignIn>();
    register_explicit::<auth::SignOut>();
    register_explicit::<auth::Register>();
    register_explicit::<auth::WhoAmI>();
    register_explicit::<auth::ChangePassword>();
    register_explicit::<policies::ListMyPolicies>();
    register_explicit::<policies::GetMyPolicy>();
    register_explicit::<agent::FindCustomers>();
    register_explicit::<agent::GetCustomer>();
    register_explicit::<agent::GetCustomerPolicy>();
}
