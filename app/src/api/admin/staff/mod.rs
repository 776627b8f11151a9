//! Staff accounts (员工账号) and the access matrix.

mod create_staff_account;
mod list_staff_accounts;
mod read_access_matrix;
mod reset_staff_password;
mod set_staff_active;
mod update_staff_account;

pub use create_staff_account::*;
pub use list_staff_accounts::*;
pub use read_access_matrix::*;
pub use reset_staff_password::*;
pub use set_staff_active::*;
pub use update_staff_account::*;
