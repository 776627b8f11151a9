//! Uploads and the customer's own files.

mod document_file;
mod upload_document;
mod upload_limits;

pub use document_file::*;
pub use upload_document::*;
pub use upload_limits::*;
