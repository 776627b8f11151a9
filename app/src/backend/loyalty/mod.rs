//! Members and keeping them: the points ledger and its rules (`points`), the rewards points
//! buy (`rewards`), member levels, identity verification requests and VIP services
//! (`membership`), an admin's changes to a member (`member_admin`), merging a duplicate
//! record into the one kept (`merge`: it moves every area's rows and audits the member's
//! standing, points included, so it stands here above the customer record), and service
//! campaigns (`campaigns`).

pub mod campaigns;
pub mod member_admin;
pub mod membership;
pub mod merge;
pub mod points;
pub mod rewards;
