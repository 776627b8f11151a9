//! Admin pages (`/console/admin/...`), inside the console's layout and the staff bundle:
//! staff accounts and the access matrix. The server checks every call's capability; the
//! navigation shows these pages to admins only.

pub mod access;
pub mod announcements;
pub mod audit;
pub mod knowledge;
pub mod member;
pub mod rewards;
pub mod rules;
pub mod staff;
