//! Where customers' files live: a folder on this machine (the embedded default) or an
//! S3-compatible bucket, so that several server processes need no shared disk. Both sit
//! behind `object_store`; the rest of the code sees one `ObjectStore`.

use std::path::PathBuf;
use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt};

/// Which store, from configuration.
#[derive(Clone, Debug)]
pub enum FileStoreConfig {
    Folder(PathBuf),
    S3(S3Config),
}

#[derive(Clone)]
pub struct S3Config {
    pub bucket: String,
    /// Keys are written under this prefix (may be empty).
    pub prefix: String,
    /// An S3-compatible server's URL; `None` means AWS itself.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl FileStoreConfig {
    /// `s3://bucket/optional/prefix` for a bucket, anything else is a folder.
    pub fn describe(&self) -> String {
        match self {
            Self::Folder(dir) => dir.display().to_string(),
            Self::S3(s3) => format!("s3://{}/{}", s3.bucket, s3.prefix),
        }
    }
}

/// Opens the store and checks it answers, so a wrong bucket or key stops the start with a
/// clear message instead of failing the first upload.
pub async fn open(config: &FileStoreConfig) -> Result<Arc<dyn ObjectStore>, String> {
    let store: Arc<dyn ObjectStore> = match config {
        FileStoreConfig::Folder(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
            Arc::new(LocalFileSystem::new_with_prefix(dir).map_err(|e| e.to_string())?)
        }
        FileStoreConfig::S3(s3) => {
            crate::backend::platform::tls::install_tls_provider();
            let mut builder = AmazonS3Builder::new()
                .with_bucket_name(&s3.bucket)
                .with_region(&s3.region)
                .with_access_key_id(&s3.access_key_id)
                .with_secret_access_key(&s3.secret_access_key);
            if let Some(endpoint) = &s3.endpoint {
                builder = builder
                    .with_endpoint(endpoint)
                    .with_allow_http(endpoint.starts_with("http://"));
            }
            let bucket = builder.build().map_err(|e| e.to_string())?;
            if s3.prefix.is_empty() {
                Arc::new(bucket)
            } else {
                Arc::new(PrefixStore::new(bucket, s3.prefix.as_str()))
            }
        }
    };
    match store.head(&Path::from(".reachable")).await {
        Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(store),
        Err(e) => Err(format!("the file store {} does not answer: {e}", config.describe())),
    }
}
