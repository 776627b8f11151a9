//! Signing in and out, registration, who is signed in, changing the password.

mod change_password;
mod register;
mod sign_in;
mod sign_out;
mod who_am_i;

pub use change_password::*;
pub use register::*;
pub use sign_in::*;
pub use sign_out::*;
pub use who_am_i::*;
