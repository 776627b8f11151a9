//! The knowledge base (咨询服务): published product pages, service guides and FAQ, open to
//! everyone (the public, customers, and agents who link to them in replies).

mod get_help_article;
mod search_help;

pub use get_help_article::*;
pub use search_help::*;
