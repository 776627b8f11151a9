mod rate_service;

pub use rate_service::*;
