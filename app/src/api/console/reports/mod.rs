//! The service, measured: the supervisors' live board and reports over any period.

mod live_board;
mod service_report;
mod service_report_csv;
mod service_report_work_orders;

pub use live_board::*;
pub use service_report::*;
pub use service_report_csv::*;
pub use service_report_work_orders::*;
