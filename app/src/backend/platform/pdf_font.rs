//! The font documents are set in (the electronic policy, and later the reports): a CJK
//! font file read once, on first use, and shared by every request.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use krilla::text::Font;

use crate::error::{internal_error, AppError};

/// The font the PDF is set in: a file (a `.ttc` collection needs the face's index), read
/// once on first use and kept.
pub struct PdfFont {
    path: PathBuf,
    index: u32,
    loaded: OnceLock<Option<Font>>,
}

impl PdfFont {
    pub fn new(path: PathBuf, index: u32) -> Self {
        Self {
            path,
            index,
            loaded: OnceLock::new(),
        }
    }

    pub fn get(&self) -> Result<Font, AppError> {
        self.loaded
            .get_or_init(|| {
                let bytes = std::fs::read(&self.path)
                    .map_err(|e| tracing::error!(path = %self.path.display(), error = %e, "cannot read the PDF font"))
                    .ok()?;
                Font::new(Arc::new(bytes).into(), self.index)
            })
            .clone()
            .ok_or_else(|| internal_error(&format!("no usable PDF font at {}", self.path.display())))
    }
}

impl std::fmt::Debug for PdfFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfFont")
            .field("path", &self.path)
            .field("index", &self.index)
            .finish()
    }
}
