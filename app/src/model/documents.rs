use serde::{Deserialize, Serialize};

/// The upload endpoint, under `/api/`. The browser posts to it with `XMLHttpRequest` so it
/// can show progress, and the server gives it its own (larger) body limit.
pub const UPLOAD_ENDPOINT: &str = "documents/upload";

/// The configured upload limits (`APP_UPLOAD_MAX_FILE_BYTES`, `APP_UPLOAD_MAX_CASE_BYTES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLimits {
    pub max_file_bytes: u64,
    pub max_case_bytes: u64,
}

/// A file the customer uploaded, as lists and thumbnails need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// Opaque id, used to attach the file and to fetch it.
    pub id: String,
    pub name: String,
    /// `image/jpeg`, `image/png` or `application/pdf`, from the file's content.
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_at: i64,
}

impl DocumentInfo {
    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }

    /// Where the browser fetches the file (the owner's session cookie goes with it).
    pub fn url(&self) -> String {
        format!("/api/documents/file?id={}", self.id)
    }

    /// A small JPEG of a photo, for lists and grids.
    pub fn thumbnail_url(&self) -> String {
        format!("/api/documents/file?id={}&thumb=true", self.id)
    }
}
