//! The catalog (products, coverages, fast-track limits) and the routing of new work orders
//! to skill groups. Each change holds at once and is audited with before and after.

mod create_skill_group;
mod delete_skill_group;
mod list_vip_services;
mod read_catalog;
mod read_routing;
mod set_coverage;
mod set_product;
mod set_route;
mod set_vip_service;

pub use create_skill_group::*;
pub use delete_skill_group::*;
pub use list_vip_services::*;
pub use read_catalog::*;
pub use read_routing::*;
pub use set_coverage::*;
pub use set_product::*;
pub use set_route::*;
pub use set_vip_service::*;
