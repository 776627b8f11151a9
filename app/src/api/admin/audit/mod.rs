//! The audit log (审计日志): who read or changed which customer's data and which rule, when
//! and from where.

mod audit_log_csv;
mod read_audit_log;

pub use audit_log_csv::*;
pub use read_audit_log::*;
