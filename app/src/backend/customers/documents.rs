//! Customers' files: claim photos, ID documents, work-order attachments. The type is
//! decided by the bytes, not the name; a file arrives in this process's scratch folder, is
//! checked there, and is then stored under a server-made name in the file store (a folder
//! outside the web root, or a bucket) with its metadata in `documents`; every read is
//! scoped to the owner.

use std::path::PathBuf;

use object_store::path::Path as StoreKey;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};

use crate::backend::{now_ms, Db, FileSettings, Tx};
use crate::domain::DocumentPurpose;
use crate::error::{internal_error, AppError};
use crate::model::documents::DocumentInfo;

/// A stored document as lists show it.
#[derive(sqlx::FromRow)]
struct DocumentRow {
    public_id: String,
    original_name: String,
    content_type: String,
    size_bytes: i64,
    created_at: i64,
}

impl DocumentRow {
    fn into_info(self) -> DocumentInfo {
        DocumentInfo {
            id: self.public_id,
            name: self.original_name,
            content_type: self.content_type,
            size_bytes: self.size_bytes,
            uploaded_at: self.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct TotalRow {
    total: i64,
}

/// The content type the bytes show, if it is one we take: JPEG, PNG or PDF.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// A name the browser sent, reduced to something safe to show back: no path, no control
/// characters, at most 100 characters.
pub fn display_name(original: &str) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(100).collect();
    if clean.trim().is_empty() {
        "file".into()
    } else {
        clean
    }
}

/// Thumbnails are at most this many pixels on their longer side.
const THUMBNAIL_SIDE: u32 = 320;

/// A stored file's key in the file store.
fn file_key(stored_name: &str) -> StoreKey {
    StoreKey::from(stored_name)
}

/// Its thumbnail's key (images only).
fn thumbnail_key(stored_name: &str) -> StoreKey {
    StoreKey::from(format!("{stored_name}.thumb.jpg"))
}

/// Files up to this size go to the store in one request; larger ones in parts, so memory
/// stays small whatever the upload limit is set to.
const ONE_REQUEST_BYTES: u64 = 8 * 1024 * 1024;

/// Copies a checked file from the scratch folder into the store.
async fn store_file(store: &dyn ObjectStore, key: &StoreKey, source: &std::path::Path) -> Result<(), AppError> {
    use tokio::io::AsyncReadExt;
    let size = tokio::fs::metadata(source).await.map_err(|e| internal_error(&e))?.len();
    if size <= ONE_REQUEST_BYTES {
        let bytes = tokio::fs::read(source).await.map_err(|e| internal_error(&e))?;
        store
            .put(key, PutPayload::from(bytes))
            .await
            .map_err(|e| internal_error(&e))?;
        return Ok(());
    }
    let upload = store.put_multipart(key).await.map_err(|e| internal_error(&e))?;
    let mut parts = WriteMultipart::new(upload);
    let mut file = tokio::fs::File::open(source).await.map_err(|e| internal_error(&e))?;
    let mut chunk = vec![0; 1024 * 1024];
    loop {
        let read = match file.read(&mut chunk).await {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                let _ = parts.abort().await;
                return Err(internal_error(&e));
            }
        };
        parts.wait_for_capacity(2).await.map_err(|e| internal_error(&e))?;
        parts.write(&chunk[..read]);
    }
    parts.finish().await.map_err(|e| internal_error(&e))?;
    Ok(())
}

/// Removes a file and its thumbnail from the store; one already gone is fine.
async fn remove_stored(store: &dyn ObjectStore, stored_name: &str) {
    for key in [file_key(stored_name), thumbnail_key(stored_name)] {
        match store.delete(&key).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
            Err(error) => tracing::warn!(%error, %key, "could not delete a stored file"),
        }
    }
}

/// The most pixels a photo may have (40 megapixels, more than any phone camera): decoding
/// takes 4 bytes a pixel, so a small file declaring a huge picture is refused from its
/// header, before any memory is taken for it.
pub const MAX_PHOTO_PIXELS: u64 = 40_000_000;

/// Photos decoded at the same time in this process; more wait their turn, so memory stays
/// bounded however many uploads arrive at once.
const DECODES_AT_ONCE: usize = 2;

fn decode_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| tokio::sync::Semaphore::new(DECODES_AT_ONCE))
}

/// Why a photo could not be made into a thumbnail.
enum PhotoProblem {
    TooLarge,
    Unreadable,
}

/// Decodes the photo (refusing one whose header declares more than `MAX_PHOTO_PIXELS`)
/// and writes a small JPEG of it.
fn make_thumbnail(source: &std::path::Path, target: &std::path::Path) -> Result<(), PhotoProblem> {
    let open = || {
        image::ImageReader::open(source)
            .and_then(|r| r.with_guessed_format())
            .map_err(|_| PhotoProblem::Unreadable)
    };
    let (width, height) = open()?.into_dimensions().map_err(|_| PhotoProblem::Unreadable)?;
    if u64::from(width) * u64::from(height) > MAX_PHOTO_PIXELS {
        return Err(PhotoProblem::TooLarge);
    }
    let mut reader = open()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_PHOTO_PIXELS * 4 + 16 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader.decode().map_err(|_| PhotoProblem::Unreadable)?;
    let small = picture.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE).into_rgb8();
    drop(picture);
    let file = std::fs::File::create(target).map_err(|_| PhotoProblem::Unreadable)?;
    let mut out = std::io::BufWriter::new(file);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&small)
        .map_err(|_| PhotoProblem::Unreadable)
}

/// Uploads a customer may have waiting to be sent with a form. A claim takes at most 20
/// files, so this is a full claim's photos and then some; beyond it an upload is refused
/// until a form takes them (or the sweep removes them a day later).
pub const MAX_PENDING_UPLOADS: i64 = 30;
/// Uploads a customer may send in an hour: three claims' worth of photos.
pub const MAX_UPLOADS_PER_HOUR: i64 = 60;

/// Whether the customer may upload one more file now: 409 `too_many_pending_uploads` with
/// `MAX_PENDING_UPLOADS` waiting, 429 after `MAX_UPLOADS_PER_HOUR` in the last hour.
/// Called before the bytes are taken (so a refused upload costs nothing) and again,
/// authoritatively, in the transaction that records the upload.
pub async fn within_upload_limits(conn: &mut sqlx::AnyConnection, customer_id: i64, now: i64) -> Result<(), AppError> {
    use crate::domain::calendar::HOUR_MS;
    #[derive(sqlx::FromRow)]
    struct CountRow {
        pending: i64,
        last_hour: i64,
        oldest_in_hour: Option<i64>,
    }
    let counts: CountRow = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN attached_to IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS pending, \
           CAST(COALESCE(SUM(CASE WHEN created_at > $2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS last_hour, \
           MIN(CASE WHEN created_at > $2 THEN created_at END) AS oldest_in_hour \
         FROM documents WHERE customer_id = $1 AND (attached_to IS NULL OR created_at > $2)",
    )
    .bind(customer_id)
    .bind(now - HOUR_MS)
    .fetch_one(conn)
    .await?;
    if counts.pending >= MAX_PENDING_UPLOADS {
        return Err(AppError::conflict(
            "file",
            "too_many_pending_uploads",
            "You have many files not yet sent with a claim or request; send that form first",
        ));
    }
    if counts.last_hour >= MAX_UPLOADS_PER_HOUR {
        let oldest = counts.oldest_in_hour.unwrap_or(now);
        return Err(AppError::TooManyAttempts {
            retry_after_secs: ((oldest + HOUR_MS - now).max(1000) / 1000) as u64,
        });
    }
    Ok(())
}

/// A file being written: bytes go to a temporary file, which becomes the document only
/// when it is complete and its row is in the database.
pub struct Upload {
    settings: FileSettings,
    stored_name: String,
    temp_path: PathBuf,
    thumb_path: PathBuf,
    file: tokio::fs::File,
    head: Vec<u8>,
    size: u64,
    /// Of the bytes so far: the same photo sent again is recognised by it.
    digest: sha2::Sha256,
}

impl Upload {
    pub async fn start(settings: &FileSettings) -> Result<Self, AppError> {
        let stored_name = uuid::Uuid::new_v4().simple().to_string();
        tokio::fs::create_dir_all(&settings.scratch_dir)
            .await
            .map_err(|e| internal_error(&e))?;
        let temp_path = settings.scratch_dir.join(format!("{stored_name}.part"));
        let thumb_path = settings.scratch_dir.join(format!("{stored_name}.thumb.jpg"));
        let file = tokio::fs::File::create(&temp_path)
            .await
            .map_err(|e| internal_error(&e))?;
        Ok(Self {
            settings: settings.clone(),
            stored_name,
            temp_path,
            thumb_path,
            file,
            head: Vec::with_capacity(16),
            size: 0,
            digest: sha2::Digest::new(),
        })
    }

    /// Appends a chunk; over the per-file limit the upload is abandoned with 413.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), AppError> {
        use tokio::io::AsyncWriteExt;
        self.size += chunk.len() as u64;
        if self.size > self.settings.max_file_bytes {
            return Err(AppError::PayloadTooLarge {
                limit_bytes: self.settings.max_file_bytes,
            });
        }
        sha2::Digest::update(&mut self.digest, chunk);
        if self.head.len() < 16 {
            let take = (16 - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.file.write_all(chunk).await.map_err(|e| internal_error(&e))
    }

    /// Checks the content, moves the file into place and records it.
    pub async fn finish(
        mut self,
        db: &Db,
        customer_id: i64,
        purpose: DocumentPurpose,
        original_name: &str,
    ) -> Result<DocumentInfo, AppError> {
        use tokio::io::AsyncWriteExt;
        if self.size == 0 {
            self.abandon().await;
            return Err(AppError::invalid(
                "file",
                crate::domain::Invalid::new("file_empty", "The file is empty"),
            ));
        }
        let Some(content_type) = sniff(&self.head) else {
            self.abandon().await;
            return Err(AppError::invalid(
                "file",
                crate::domain::Invalid::new("file_type_unsupported", "Only JPEG or PNG photos and PDF documents"),
            ));
        };
        self.file.flush().await.map_err(|e| internal_error(&e))?;
        let is_image = content_type.starts_with("image/");
        if is_image {
            // Decoding proves it is a photo, not just something that starts like one.
            let permit = decode_permits().acquire().await.map_err(|e| internal_error(&e))?;
            let (source, target) = (self.temp_path.clone(), self.thumb_path.clone());
            let made = tokio::task::spawn_blocking(move || make_thumbnail(&source, &target))
                .await
                .map_err(|e| internal_error(&e))?;
            drop(permit);
            let refused = match made {
                Ok(()) => None,
                Err(PhotoProblem::TooLarge) => Some(crate::domain::Invalid::new(
                    "image_too_large",
                    "This photo has too many pixels (at most 40 megapixels); send a smaller one",
                )),
                Err(PhotoProblem::Unreadable) => Some(crate::domain::Invalid::new(
                    "image_unreadable",
                    "This photo could not be read; it may be damaged",
                )),
            };
            if let Some(reason) = refused {
                self.abandon().await;
                return Err(AppError::invalid("file", reason));
            }
        }
        let store = self.settings.store.clone();
        let mut stored = store_file(store.as_ref(), &file_key(&self.stored_name), &self.temp_path).await;
        if stored.is_ok() && is_image {
            stored = store_file(store.as_ref(), &thumbnail_key(&self.stored_name), &self.thumb_path).await;
        }
        if let Err(error) = stored {
            remove_stored(store.as_ref(), &self.stored_name).await;
            self.abandon().await;
            return Err(error);
        }
        let public_id = uuid::Uuid::new_v4().simple().to_string();
        let name = display_name(original_name);
        let now = now_ms();
        let sha256 = hex::encode(sha2::Digest::finalize(self.digest.clone()));
        let size_bytes = self.size as i64;
        let stored_name = self.stored_name.clone();
        self.abandon().await;
        let recorded = async {
            let mut tx = db.begin_write().await?;
            // The customer's uploads are counted one after the other, so uploads sent at
            // once cannot pass the limits together.
            crate::backend::customers::lock(&mut tx, customer_id).await?;
            within_upload_limits(&mut tx, customer_id, now).await?;
            sqlx::query(
                "INSERT INTO documents (public_id, customer_id, stored_name, original_name, content_type, size_bytes, \
                 purpose, attached_to, sha256, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, $9)",
            )
            .bind(&public_id)
            .bind(customer_id)
            .bind(&stored_name)
            .bind(&name)
            .bind(content_type)
            .bind(size_bytes)
            .bind(purpose.as_str())
            .bind(&sha256)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<(), AppError>(())
        }
        .await;
        if let Err(err) = recorded {
            remove_stored(store.as_ref(), &stored_name).await;
            return Err(err);
        }
        Ok(DocumentInfo {
            id: public_id,
            name,
            content_type: content_type.to_string(),
            size_bytes,
            uploaded_at: now,
        })
    }

    /// Clears the scratch folder of this upload (after it was stored, or given up).
    pub async fn abandon(self) {
        drop(self.file);
        let _ = tokio::fs::remove_file(&self.temp_path).await;
        let _ = tokio::fs::remove_file(&self.thumb_path).await;
    }
}

/// Attaches the caller's unattached uploads to a claim, work order or verification, in the
/// caller's transaction. Someone else's id, an id already used, or more than the case may
/// hold in all refuses the whole request.
pub async fn attach(
    tx: &mut Tx,
    settings: &FileSettings,
    customer_id: i64,
    purpose: DocumentPurpose,
    target_id: i64,
    public_ids: &[String],
) -> Result<Vec<DocumentInfo>, AppError> {
    let unavailable = || {
        AppError::conflict(
            "documents",
            "document_unavailable",
            "A file is not yours, already used, or no longer there; upload it again",
        )
    };
    let mut unique = public_ids.to_vec();
    unique.sort();
    unique.dedup();
    if unique.len() != public_ids.len() {
        return Err(unavailable());
    }
    let already: TotalRow = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) AS total FROM documents \
         WHERE customer_id = $1 AND purpose = $2 AND attached_to = $3",
    )
    .bind(customer_id)
    .bind(purpose.as_str())
    .bind(target_id)
    .fetch_one(&mut **tx)
    .await?;
    let mut total = already.total;
    let mut attached = Vec::with_capacity(public_ids.len());
    let now = now_ms();
    for public_id in public_ids {
        let row: Option<DocumentRow> = sqlx::query_as(
            "UPDATE documents SET attached_to = $1, updated_at = $2 \
             WHERE public_id = $3 AND customer_id = $4 AND purpose = $5 AND attached_to IS NULL \
             RETURNING public_id, original_name, content_type, size_bytes, created_at",
        )
        .bind(target_id)
        .bind(now)
        .bind(public_id)
        .bind(customer_id)
        .bind(purpose.as_str())
        .fetch_optional(&mut **tx)
        .await?;
        let Some(row) = row else {
            return Err(unavailable());
        };
        total += row.size_bytes;
        attached.push(row.into_info());
    }
    if total as u64 > settings.max_case_bytes {
        return Err(AppError::PayloadTooLarge {
            limit_bytes: settings.max_case_bytes,
        });
    }
    Ok(attached)
}

/// The documents attached to one target, oldest first.
pub async fn list_attached(
    db: &Db,
    customer_id: i64,
    purpose: DocumentPurpose,
    target_id: i64,
) -> Result<Vec<DocumentInfo>, AppError> {
    let rows: Vec<DocumentRow> = sqlx::query_as(
        "SELECT public_id, original_name, content_type, size_bytes, created_at FROM documents \
         WHERE customer_id = $1 AND purpose = $2 AND attached_to = $3 ORDER BY id",
    )
    .bind(customer_id)
    .bind(purpose.as_str())
    .bind(target_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(DocumentRow::into_info).collect())
}

/// A file to send back: its type, the name it was uploaded with, and its bytes as they come
/// from the store.
pub struct OpenedFile {
    pub content_type: String,
    pub name: String,
    pub bytes: futures::stream::BoxStream<'static, Result<bytes::Bytes, AppError>>,
}

/// The owner's file (or its thumbnail), opened. `None` for anyone else's id, and for the
/// thumbnail of a file that has none.
/// Whose file this is and what it was sent for, for staff deciding who may open it.
pub async fn owner(db: &Db, public_id: &str) -> Result<Option<(i64, Option<DocumentPurpose>)>, AppError> {
    #[derive(sqlx::FromRow)]
    struct OwnerRow {
        customer_id: i64,
        purpose: String,
    }
    let row: Option<OwnerRow> = sqlx::query_as("SELECT customer_id, purpose FROM documents WHERE public_id = $1")
        .bind(public_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| (r.customer_id, DocumentPurpose::parse(&r.purpose))))
}

pub async fn open(
    db: &Db,
    settings: &FileSettings,
    customer_id: i64,
    public_id: &str,
    thumbnail: bool,
) -> Result<Option<OpenedFile>, AppError> {
    use futures::TryStreamExt;
    #[derive(sqlx::FromRow)]
    struct FileRow {
        content_type: String,
        original_name: String,
        stored_name: String,
    }
    let row: Option<FileRow> = sqlx::query_as(
        "SELECT content_type, original_name, stored_name FROM documents WHERE public_id = $1 AND customer_id = $2",
    )
    .bind(public_id)
    .bind(customer_id)
    .fetch_optional(&db.pool)
    .await?;
    let (key, content_type, name) = match row {
        Some(file) if !thumbnail => (file_key(&file.stored_name), file.content_type, file.original_name),
        Some(file) if file.content_type.starts_with("image/") => (
            thumbnail_key(&file.stored_name),
            "image/jpeg".to_string(),
            file.original_name,
        ),
        _ => return Ok(None),
    };
    let found = settings.store.get(&key).await.map_err(|e| internal_error(&e))?;
    Ok(Some(OpenedFile {
        content_type,
        name,
        bytes: Box::pin(found.into_stream().map_err(|e| internal_error(&e))),
    }))
}

/// Deletes the customer's uploads not attached to anything, in the caller's transaction,
/// and answers their stored names: the caller removes the files once it has committed
/// (`remove_files`), so a file is never listed without being there.
pub async fn take_unattached(tx: &mut Tx, customer_id: i64) -> Result<Vec<String>, AppError> {
    #[derive(sqlx::FromRow)]
    struct NameRow {
        stored_name: String,
    }
    let rows: Vec<NameRow> =
        sqlx::query_as("DELETE FROM documents WHERE customer_id = $1 AND attached_to IS NULL RETURNING stored_name")
            .bind(customer_id)
            .fetch_all(&mut **tx)
            .await?;
    Ok(rows.into_iter().map(|r| r.stored_name).collect())
}

/// Removes stored files whose rows are gone.
pub async fn remove_files(settings: &FileSettings, stored_names: &[String]) {
    for name in stored_names {
        remove_stored(settings.store.as_ref(), name).await;
    }
}

/// Uploads nobody attached to anything within this time are deleted by the sweep.
pub const UNATTACHED_KEEP_MS: i64 = 24 * 60 * 60 * 1000;

/// Deletes uploads left unattached for a day (a form abandoned after its photos went up):
/// the row first, then the files, so a file is never listed without being there.
/// Returns how many it deleted.
pub async fn sweep_unattached(db: &Db, settings: &FileSettings, now: i64) -> Result<usize, AppError> {
    #[derive(sqlx::FromRow)]
    struct StaleRow {
        id: i64,
        stored_name: String,
    }
    let stale: Vec<StaleRow> = sqlx::query_as(
        "SELECT id, stored_name FROM documents WHERE attached_to IS NULL AND created_at < $1 ORDER BY id LIMIT 500",
    )
    .bind(now - UNATTACHED_KEEP_MS)
    .fetch_all(&db.pool)
    .await?;
    let mut deleted = 0;
    for StaleRow { id, stored_name } in stale {
        let gone = sqlx::query("DELETE FROM documents WHERE id = $1 AND attached_to IS NULL")
            .bind(id)
            .execute(&db.pool)
            .await?;
        if gone.rows_affected() == 1 {
            remove_stored(settings.store.as_ref(), &stored_name).await;
            deleted += 1;
        }
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_comes_from_the_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), Some("image/png"));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn names_from_the_browser_lose_their_path() {
        assert_eq!(display_name("C:\\Users\\me\\photo.jpg"), "photo.jpg");
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("a\u{0}b.png"), "ab.png");
        assert_eq!(display_name(""), "file");
    }
}
