//! The service, measured: the supervisors' live board.

mod live_board;

pub use live_board::*;
