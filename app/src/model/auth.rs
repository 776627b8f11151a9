use serde::{Deserialize, Serialize};

use crate::domain::{MemberLevel, Role, VipTier};

/// Who is signed in, as the UI needs to know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Me {
    Customer {
        customer_no: String,
        name: String,
        member_level: MemberLevel,
        vip_tier: VipTier,
    },
    Staff {
        username: String,
        display_name: String,
        role: Role,
        /// A member of the groups that handle claims (the console shows the claims desk).
        handles_claims: bool,
        /// A member of the policy-service groups (the console shows the ID-photo reviews).
        reviews_identities: bool,
        /// Signed in with a one-time password: the console asks for a new one first.
        #[serde(default)]
        must_change_password: bool,
    },
}

impl Me {
    pub fn display_name(&self) -> &str {
        match self {
            Me::Customer { name, .. } => name,
            Me::Staff { display_name, .. } => display_name,
        }
    }

    pub fn is_staff(&self) -> bool {
        matches!(self, Me::Staff { .. })
    }

    /// Where this user lands after signing in.
    pub fn home_path(&self) -> String {
        if self.is_staff() {
            crate::routes::console::home()
        } else {
            crate::routes::portal::home()
        }
    }
}
