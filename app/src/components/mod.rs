//! The small set of widgets every page is built from, so pages look and behave alike.

pub mod account;
pub mod badge;
pub mod boot;
pub mod claim;
pub mod code;
pub mod flash;
pub mod form;
pub mod format;
pub mod guard;
pub mod lists;
pub mod live;
pub mod navigation;
pub mod page;
pub mod paging;
pub mod policy;
pub mod rating;
pub mod shell;
pub mod states;
pub mod timer;
pub mod upload;
