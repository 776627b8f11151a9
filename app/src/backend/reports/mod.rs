//! The service, measured: the supervisors' live board (and, to come, the reports over any
//! period). It reads every area's tables through `measures`, so a number here means what
//! the desk and the sweeps mean by it.

pub mod board;
