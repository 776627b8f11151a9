//! Lists the server hands out a page at a time (keyset paging): a page of entries, newest
//! first, and the cursor (`domain::PageCursor` as its token) to send back as `before` for
//! the page after it. A list that can grow is never answered whole.

use serde::{Deserialize, Serialize};

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// In the list's order (newest first unless its endpoint says otherwise).
    pub items: Vec<T>,
    /// The token of the last entry when more follow it (send it back as `before`); `None`
    /// on the last page.
    pub next: Option<String>,
}

/// A customer's list in the portal (notifications, claims, work orders, points history and
/// orders): ten fill a phone's screen once or twice, as many as the portal showed at first.
pub const PORTAL_PAGE_SIZE: usize = 10;

/// A list on an admin page (the audit log, the knowledge base, staff accounts): a desktop
/// table's worth that still reads in a few milliseconds however large the table grows.
pub const ADMIN_PAGE_SIZE: usize = 50;
