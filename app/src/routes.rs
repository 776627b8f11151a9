//! Every path of the app, built in one place: the router takes its segments from here, and
//! the navigation, the notification links and the tests build their paths with these
//! functions. Pure, so the server (notification links) and both bundles share it.
//!
//! Three audiences live under three roots: the public pages, the portal under `/my`
//! (customers, the customer bundle) and the console under `/console` (staff, the staff
//! bundle). A link from one bundle to the other is a full page load (`rel="external"`).

/// Path segments, for the router (`StaticSegment(seg::CLAIMS)`).
pub mod seg {
    pub const SIGN_IN: &str = "sign-in";
    pub const REGISTER: &str = "register";
    pub const RESET_PASSWORD: &str = "reset-password";
    /// The knowledge base (咨询服务), open to everyone.
    pub const HELP: &str = "help";

    pub const MY: &str = "my";
    pub const POLICIES: &str = "policies";
    pub const CLAIMS: &str = "claims";
    pub const NEW: &str = "new";
    pub const POINTS: &str = "points";
    pub const NOTIFICATIONS: &str = "notifications";
    /// The notifications were once at `/my/inbox`; old links redirect.
    pub const OLD_NOTIFICATIONS: &str = "inbox";
    pub const WORK_ORDERS: &str = "work-orders";
    /// The portal's work orders were once at `/my/requests`; old links redirect.
    pub const OLD_WORK_ORDERS: &str = "requests";
    pub const ACCOUNT: &str = "account";
    pub const CAMPAIGNS: &str = "campaigns";

    pub const CONSOLE: &str = "console";
    pub const ADMIN: &str = "admin";
    pub const STAFF: &str = "staff";
    pub const ACCESS: &str = "access";
    pub const REWARDS: &str = "rewards";
    pub const AUDIT: &str = "audit";
    pub const KNOWLEDGE: &str = "knowledge";
    pub const ANNOUNCEMENTS: &str = "announcements";
    pub const RULES: &str = "rules";
    pub const CATALOG: &str = "catalog";
    pub const CUSTOMERS: &str = "customers";
    pub const REVIEWS: &str = "reviews";
    pub const FOLLOW_UPS: &str = "follow-ups";
    pub const BOARD: &str = "board";
    pub const REPORTS: &str = "reports";

    /// Route parameters.
    pub const POLICY_NO: &str = "policy_no";
    pub const CLAIM_NO: &str = "claim_no";
    pub const ORDER_NO: &str = "order_no";
    pub const CUSTOMER_NO: &str = "customer_no";
    pub const SLUG: &str = "slug";
}

/// The root: sends each visitor to their own start page.
pub const ROOT: &str = "/";

/// Signed-out pages (in both bundles).
pub mod public {
    use super::seg;

    pub fn sign_in() -> String {
        format!("/{}", seg::SIGN_IN)
    }

    /// The sign-in page that leads back to `next` (a same-site path) afterwards.
    pub fn sign_in_then(next: &str) -> String {
        format!("/{}?next={}", seg::SIGN_IN, super::encode_component(next))
    }

    pub fn register() -> String {
        format!("/{}", seg::REGISTER)
    }

    pub fn reset_password() -> String {
        format!("/{}", seg::RESET_PASSWORD)
    }

    /// The knowledge base: every article, or those a search finds.
    pub fn help() -> String {
        format!("/{}", seg::HELP)
    }

    /// The query parameter of a knowledge-base search.
    pub const HELP_QUERY: &str = "q";

    pub fn help_search(query: &str) -> String {
        format!("/{}?{HELP_QUERY}={}", seg::HELP, super::encode_component(query))
    }

    /// One article, by its address.
    pub fn help_article(slug: &str) -> String {
        format!("/{}/{}", seg::HELP, super::encode_component(slug))
    }
}

/// The customer portal, under `/my`.
pub mod portal {
    use super::seg;

    pub fn home() -> String {
        format!("/{}", seg::MY)
    }
    pub fn policies() -> String {
        format!("/{}/{}", seg::MY, seg::POLICIES)
    }
    pub fn policy(policy_no: &str) -> String {
        format!("{}/{policy_no}", policies())
    }
    pub fn claims() -> String {
        format!("/{}/{}", seg::MY, seg::CLAIMS)
    }
    pub fn new_claim() -> String {
        format!("{}/{}", claims(), seg::NEW)
    }
    pub fn claim(claim_no: &str) -> String {
        format!("{}/{claim_no}", claims())
    }
    /// The query parameter that narrows a list to one policy, or picks it in a form.
    pub const POLICY_QUERY: &str = "policy";
    /// The claims made on one policy.
    pub fn claims_of(policy_no: &str) -> String {
        format!("{}?{POLICY_QUERY}={policy_no}", claims())
    }
    /// The claim form with this policy chosen.
    pub fn new_claim_on(policy_no: &str) -> String {
        format!("{}?{POLICY_QUERY}={policy_no}", new_claim())
    }
    /// The work orders about one policy.
    pub fn work_orders_of(policy_no: &str) -> String {
        format!("{}?{POLICY_QUERY}={policy_no}", work_orders())
    }
    /// The electronic policy as a PDF (a server function read by the browser directly).
    pub fn policy_pdf(policy_no: &str) -> String {
        format!("/api/policies/pdf?policy_no={policy_no}")
    }
    /// Service campaigns running today (客服节).
    pub fn campaigns() -> String {
        format!("/{}/{}", seg::MY, seg::CAMPAIGNS)
    }

    pub fn points() -> String {
        format!("/{}/{}", seg::MY, seg::POINTS)
    }
    pub fn notifications() -> String {
        format!("/{}/{}", seg::MY, seg::NOTIFICATIONS)
    }
    pub fn work_orders() -> String {
        format!("/{}/{}", seg::MY, seg::WORK_ORDERS)
    }
    pub fn new_work_order() -> String {
        format!("{}/{}", work_orders(), seg::NEW)
    }
    pub fn work_order(order_no: &str) -> String {
        format!("{}/{order_no}", work_orders())
    }
    pub fn account() -> String {
        format!("/{}/{}", seg::MY, seg::ACCOUNT)
    }
    /// The verification section of the account page, where a member steps up a level.
    pub fn verification() -> String {
        format!("{}#verification", account())
    }
}

/// The admin pages, inside the console (`/console/admin/...`, the staff bundle).
pub mod admin {
    use super::seg;

    /// The admin pages' entry: leads to the first the role may see.
    pub fn home() -> String {
        format!("/{}/{}", seg::CONSOLE, seg::ADMIN)
    }
    /// Staff accounts.
    pub fn staff() -> String {
        format!("/{}/{}/{}", seg::CONSOLE, seg::ADMIN, seg::STAFF)
    }
    /// Who may do what.
    pub fn access() -> String {
        format!("/{}/{}/{}", seg::CONSOLE, seg::ADMIN, seg::ACCESS)
    }
    /// The audit log.
    pub fn audit() -> String {
        format!("/{}/{}/{}", seg::CONSOLE, seg::ADMIN, seg::AUDIT)
    }
    /// The points mall's rewards.
    pub fn rewards() -> String {
        format!("/{}/{}/{}", seg::CONSOLE, seg::ADMIN, seg::REWARDS)
    }
    /// The knowledge base's articles.
    pub fn knowledge() -> String {
        format!("/{}/{}/{}", seg::CONSOLE, seg::ADMIN, seg::KNOWLEDGE)
    }
    /// Announcements.
    pub fn announcements() -> String {
        format!("/{}/{}/{}", seg::CONSOLE, seg::ADMIN, seg::ANNOUNCEMENTS)
    }
    /// Service campaigns.
    pub fn campaigns() -> String {
        format!("/{}/{}/{}", seg::CONSOLE, seg::ADMIN, seg::CAMPAIGNS)
    }
    /// Products, coverages and the routing of work orders.
    pub fn catalog() -> String {
        format!("/{}/{}/{}", seg::CONSOLE, seg::ADMIN, seg::CATALOG)
    }
    /// Service rules: targets, commitments, points rules, the calendar.
    pub fn rules() -> String {
        format!("/{}/{}/{}", seg::CONSOLE, seg::ADMIN, seg::RULES)
    }
}

/// The agent console, under `/console`.
pub mod console {
    use super::seg;

    /// The desk: the work-order queues.
    pub fn home() -> String {
        format!("/{}", seg::CONSOLE)
    }
    /// One queue view (`mine`, `unassigned`, ...).
    pub fn queue(view: &str) -> String {
        format!("{}?view={}", home(), super::encode_component(view))
    }
    pub fn work_order(order_no: &str) -> String {
        format!("/{}/{}/{order_no}", seg::CONSOLE, seg::WORK_ORDERS)
    }
    /// The desk after passing `order_no` out of one's reach, saying where it went.
    pub fn desk_after_transfer(order_no: &str, to: &str) -> String {
        format!(
            "{}?transferred={}&to={}",
            home(),
            super::encode_component(order_no),
            super::encode_component(to)
        )
    }
    /// The supervisors' live board (their start page).
    pub fn board() -> String {
        format!("/{}/{}", seg::CONSOLE, seg::BOARD)
    }
    /// Reports over any period.
    pub fn reports() -> String {
        format!("/{}/{}", seg::CONSOLE, seg::REPORTS)
    }
    /// The customer search.
    pub fn customers() -> String {
        format!("/{}/{}", seg::CONSOLE, seg::CUSTOMERS)
    }
    /// The customer search with a query filled in.
    pub fn search(query: &str) -> String {
        format!("{}?q={}", customers(), super::encode_component(query))
    }
    pub fn customer(customer_no: &str) -> String {
        format!("/{}/{}/{customer_no}", seg::CONSOLE, seg::CUSTOMERS)
    }
    pub fn customer_policy(customer_no: &str, policy_no: &str) -> String {
        format!("{}/{}/{policy_no}", customer(customer_no), seg::POLICIES)
    }
    pub fn account() -> String {
        format!("/{}/{}", seg::CONSOLE, seg::ACCOUNT)
    }
    /// Outbound follow-up calls (回访).
    pub fn follow_ups() -> String {
        format!("/{}/{}", seg::CONSOLE, seg::FOLLOW_UPS)
    }
    /// ID photos waiting for review.
    pub fn reviews() -> String {
        format!("/{}/{}", seg::CONSOLE, seg::REVIEWS)
    }
    /// The claims desk: claims by stage.
    pub fn claims() -> String {
        format!("/{}/{}", seg::CONSOLE, seg::CLAIMS)
    }
    /// One view of the claims desk (`mine`, `approvals`, ...).
    pub fn claims_view(view: &str) -> String {
        format!("{}?view={}", claims(), super::encode_component(view))
    }
    pub fn claim(claim_no: &str) -> String {
        format!("{}/{claim_no}", claims())
    }
}

/// Percent-encodes a value for a query parameter (what `encodeURIComponent` leaves alone
/// stays as it is).
pub fn encode_component(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where a notification leads in the portal, from what it is about and its parameters
/// (built when it is read, so links follow the routes as they are now).
pub fn notification_link<N: AsRef<str>>(
    kind: crate::domain::NotificationKind,
    params: &[(N, String)],
) -> Option<String> {
    use crate::domain::NotificationKind as Kind;
    let param = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n.as_ref() == name)
            .map(|(_, value)| value.as_str())
    };
    match kind {
        Kind::ClaimReported | Kind::ClaimStage => param("claim_no").map(portal::claim),
        Kind::WorkOrderReply => param("order_no").map(portal::work_order),
        Kind::PointsEarned | Kind::PointsExpiring => Some(portal::points()),
        Kind::Verification => Some(portal::account()),
        Kind::VerificationRefused => Some(portal::verification()),
        Kind::Announcement => Some(portal::home()),
    }
}

/// Which bundle serves a path: the staff bundle for the console, the customer bundle for
/// everything else. The server picks the page to send by this, and links across use a full
/// page load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    Portal,
    Staff,
}

impl Bundle {
    pub fn of_path(path: &str) -> Bundle {
        let first = path
            .trim_start_matches('/')
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default();
        if first == seg::CONSOLE {
            Bundle::Staff
        } else {
            Bundle::Portal
        }
    }
}

/// Only same-site paths are followed after sign-in, never another origin. Decided on the
/// path as a browser parses it: browsers drop tabs and newlines from URLs and read `\` as
/// `/`, so `/\t/evil.example` would otherwise lead off the site.
pub fn safe_next(next: Option<String>) -> Option<String> {
    let next = next?;
    let parsed: String = next
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    let ok = parsed.starts_with('/')
        && !parsed.starts_with("//")
        && !parsed.chars().any(|c| c.is_control() || c.is_whitespace());
    ok.then_some(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_built_from_the_same_segments_the_router_uses() {
        assert_eq!(portal::home(), "/my");
        assert_eq!(portal::claim("CL2026000001"), "/my/claims/CL2026000001");
        assert_eq!(portal::new_claim(), "/my/claims/new");
        assert_eq!(portal::work_order("WO2026000001"), "/my/work-orders/WO2026000001");
        assert_eq!(portal::verification(), "/my/account#verification");
        assert_eq!(portal::notifications(), "/my/notifications");
        assert_eq!(
            console::customer_policy("C2026000001", "HL202600000001"),
            "/console/customers/C2026000001/policies/HL202600000001"
        );
        assert_eq!(console::search("138 0013"), "/console/customers?q=138%200013");
        assert_eq!(console::queue("due_soon"), "/console?view=due_soon");
        assert_eq!(console::work_order("WO2026000001"), "/console/work-orders/WO2026000001");
        assert_eq!(console::claims_view("approvals"), "/console/claims?view=approvals");
        assert_eq!(console::claim("CL2026000001"), "/console/claims/CL2026000001");
        assert_eq!(
            public::sign_in_then("/my/claims?x=1"),
            "/sign-in?next=%2Fmy%2Fclaims%3Fx%3D1"
        );
    }

    #[test]
    fn notifications_lead_to_what_they_are_about() {
        use crate::domain::NotificationKind;
        let claim = [("claim_no", "CL2026000007".to_string())];
        assert_eq!(
            notification_link(NotificationKind::ClaimStage, &claim).as_deref(),
            Some("/my/claims/CL2026000007")
        );
        let order = [("order_no", "WO2026000002".to_string())];
        assert_eq!(
            notification_link(NotificationKind::WorkOrderReply, &order).as_deref(),
            Some("/my/work-orders/WO2026000002")
        );
        let none: [(&str, String); 0] = [];
        assert_eq!(notification_link(NotificationKind::ClaimStage, &none), None);
    }

    #[test]
    fn the_console_is_served_by_the_staff_bundle_and_nothing_else_is() {
        assert_eq!(Bundle::of_path("/console"), Bundle::Staff);
        assert_eq!(Bundle::of_path("/console/customers/C1"), Bundle::Staff);
        assert_eq!(Bundle::of_path("/console?q=1"), Bundle::Staff);
        assert_eq!(Bundle::of_path("/consoles"), Bundle::Portal);
        assert_eq!(Bundle::of_path("/my/console"), Bundle::Portal);
        assert_eq!(Bundle::of_path("/sign-in"), Bundle::Portal);
        assert_eq!(Bundle::of_path("/"), Bundle::Portal);
    }

    #[test]
    fn only_same_site_paths_are_followed() {
        assert_eq!(safe_next(Some("/my/policies".into())).as_deref(), Some("/my/policies"));
        assert_eq!(safe_next(Some("//evil.example".into())), None);
        assert_eq!(safe_next(Some("https://evil.example".into())), None);
        assert_eq!(safe_next(Some("/\\evil.example".into())), None);
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn characters_browsers_strip_cannot_smuggle_another_origin() {
        for crafted in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "\t//evil.example",
            "/\\\t\\evil",
        ] {
            assert_eq!(safe_next(Some(crafted.into())), None, "{crafted:?}");
        }
        assert_eq!(safe_next(Some("/my/ claims".into())), None);
    }
}
