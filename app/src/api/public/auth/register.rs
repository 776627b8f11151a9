use leptos::server;

use crate::error::AppError;
use crate::model::auth::Me;

/// Customer self-registration with a phone number or e-mail address, proven by the code
/// `auth/send_code` sent there (purpose `register`), and a password. Creates the customer
/// with a new customer number and signs them in. Limited per client address.
#[server(endpoint = "auth/register")]
pub async fn register(name: String, contact: String, password: String, code: String) -> Result<Me, AppError> {
    use crate::backend::platform::auth::session::{self, PrincipalKind};
    use crate::backend::platform::auth::throttle;
    use crate::backend::{customers, customers::accounts, state};
    use crate::domain::{parse_code, parse_person_name, CodePurpose, Contact, Password};

    let state = state()?;
    let name = parse_person_name(&name).map_err(|e| AppError::invalid("name", e))?;
    let contact = Contact::parse(&contact).map_err(|e| AppError::invalid("contact", e))?;
    let password = Password::parse(&password).map_err(|e| AppError::invalid("password", e))?;
    let code = parse_code(&code).map_err(|e| AppError::invalid("code", e))?;
    let address_key = format!("register:{}", throttle::client_address(&state));
    throttle::count_attempt(&state, &[(address_key, state.auth.max_failures_per_address)]).await?;

    let proof = customers::codes::check(&state, CodePurpose::Register, &contact, &code).await?;
    let customer_id = accounts::register_customer(&state.db, &name, &contact, &password, proof).await?;
    session::start(&state, PrincipalKind::Customer, customer_id).await?;
    accounts::me(&state.db, PrincipalKind::Customer, customer_id).await
}
