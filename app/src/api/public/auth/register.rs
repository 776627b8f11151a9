use leptos::server;

use crate::error::AppError;
use crate::model::auth::Me;

/// Customer self-registration with a phone number or e-mail address and a password.
/// Creates the customer with a new customer number and signs them in.
#[server(endpoint = "auth/register")]
pub async fn register(name: String, contact: String, password: String) -> Result<Me, AppError> {
    use crate::backend::auth::session::{self, PrincipalKind};
    use crate::backend::{accounts, state};
    use crate::domain::{parse_person_name, Contact, Password};

    let state = state()?;
    let name = parse_person_name(&name).map_err(|e| AppError::invalid("name", e))?;
    let contact = Contact::parse(&contact).map_err(|e| AppError::invalid("contact", e))?;
    let password = Password::parse(&password).map_err(|e| AppError::invalid("password", e))?;

    let customer_id = accounts::register_customer(&state.db, &name, &contact, &password).await?;
    session::start(&state, PrincipalKind::Customer, customer_id).await?;
    accounts::me(&state.db, PrincipalKind::Customer, customer_id).await
}
