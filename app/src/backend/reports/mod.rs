//! The service, measured: the supervisors' live board, and reports over any period read
//! from the rollups of `platform::facts`. It reads every area's tables through `measures`, so a number here means what
//! the desk and the sweeps mean by it.

pub mod board;
pub mod service_report;
