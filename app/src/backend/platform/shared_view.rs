//! A view many people watch at once (the supervisors' live board), computed once per process
//! and shared: a viewer reads the latest computation while it is fresh, and when it is not,
//! one viewer computes it while the others wait for that result. 500 viewers cost one
//! aggregation, not 500.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;

use tokio::sync::Mutex;

use crate::error::AppError;

#[derive(Debug)]
pub struct SharedView<T> {
    /// The latest computation and when it was made; the lock is also the one computation
    /// in flight.
    latest: Mutex<Option<(i64, Arc<T>)>>,
    /// Something it shows changed since the latest computation.
    stale: AtomicBool,
    /// When someone last read it (milliseconds).
    viewed_at: AtomicI64,
    /// How many times this process computed it.
    computed: AtomicU64,
    /// How long the latest computation took (milliseconds).
    took_ms: AtomicI64,
}

impl<T> Default for SharedView<T> {
    fn default() -> Self {
        Self {
            latest: Mutex::new(None),
            stale: AtomicBool::new(true),
            viewed_at: AtomicI64::new(i64::MIN),
            computed: AtomicU64::new(0),
            took_ms: AtomicI64::new(0),
        }
    }
}

impl<T> SharedView<T> {
    /// Something it shows changed: the next read computes it again.
    pub fn mark_stale(&self) {
        self.stale.store(true, Ordering::Release);
    }

    pub fn is_stale(&self) -> bool {
        self.stale.load(Ordering::Acquire)
    }

    /// Whether anyone read it at or after `since`.
    pub fn viewed_since(&self, since: i64) -> bool {
        self.viewed_at.load(Ordering::Relaxed) >= since
    }

    /// How many times this process computed it.
    pub fn computed(&self) -> u64 {
        self.computed.load(Ordering::Relaxed)
    }

    /// How long the latest computation took (milliseconds).
    pub fn took_ms(&self) -> i64 {
        self.took_ms.load(Ordering::Relaxed)
    }

    /// When the latest computation was made, if there is one.
    pub async fn computed_at(&self) -> Option<i64> {
        self.latest.lock().await.as_ref().map(|(at, _)| *at)
    }

    /// The least time between two computations: `min_gap_ms`, or four times what the last
    /// one took, so that however dear it grows it takes at most a fifth of the time.
    pub fn gap_ms(&self, min_gap_ms: i64) -> i64 {
        min_gap_ms.max(4 * self.took_ms.load(Ordering::Relaxed))
    }

    /// The view as of `now`: the latest computation unless something changed since (and it
    /// is older than `gap_ms(min_gap_ms)`) or it is older than `max_age_ms`; otherwise
    /// `compute()`, once for everyone asking.
    pub async fn read<F, Fut>(
        &self,
        now: i64,
        (min_gap_ms, max_age_ms): (i64, i64),
        viewer: bool,
        compute: F,
    ) -> Result<Arc<T>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        if viewer {
            self.viewed_at.fetch_max(now, Ordering::Relaxed);
        }
        let mut latest = self.latest.lock().await;
        if let Some((at, view)) = latest.as_ref() {
            let age = now - at;
            if age < self.gap_ms(min_gap_ms) || (!self.is_stale() && age < max_age_ms) {
                return Ok(view.clone());
            }
        }
        // Cleared before computing: a change during the computation marks it again.
        self.stale.store(false, Ordering::Release);
        let started = std::time::Instant::now();
        let view = match compute().await {
            Ok(view) => Arc::new(view),
            Err(error) => {
                self.mark_stale();
                return Err(error);
            }
        };
        self.computed.fetch_add(1, Ordering::Relaxed);
        self.took_ms
            .store(started.elapsed().as_millis() as i64, Ordering::Relaxed);
        *latest = Some((now, view.clone()));
        Ok(view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn viewers_share_one_computation_until_it_is_stale_or_old() {
        let view = SharedView::<i64>::default();
        let first = view.read(1_000, (0, 5_000), true, || async { Ok(1) }).await.unwrap();
        let again = view.read(2_000, (0, 5_000), true, || async { Ok(2) }).await.unwrap();
        assert_eq!((*first, *again), (1, 1), "fresh: the latest is shared");
        assert_eq!(view.computed(), 1);
        view.mark_stale();
        let changed = view.read(2_500, (0, 5_000), true, || async { Ok(3) }).await.unwrap();
        assert_eq!(*changed, 3, "a change makes the next read compute again");
        let old = view.read(8_000, (0, 5_000), false, || async { Ok(4) }).await.unwrap();
        assert_eq!(*old, 4, "older than the age computes again");
        assert_eq!(view.computed(), 3);
        assert!(
            view.viewed_since(2_500) && !view.viewed_since(2_501),
            "a refresh is not a viewer"
        );
    }

    #[tokio::test]
    async fn a_failed_computation_leaves_it_stale() {
        let view = SharedView::<i64>::default();
        view.read(1_000, (0, 5_000), true, || async { Ok(1) }).await.unwrap();
        view.mark_stale();
        assert!(view
            .read(1_100, (0, 5_000), true, || async { Err(AppError::Forbidden) })
            .await
            .is_err());
        assert!(view.is_stale());
        assert_eq!(
            *view.read(1_200, (0, 5_000), true, || async { Ok(2) }).await.unwrap(),
            2
        );
    }
}
