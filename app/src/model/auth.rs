use serde::{Deserialize, Serialize};

use crate::domain::{MemberLevel, Role, VipTier};

/// Who is signed in, as the UI needs to know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "MeWire")]
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

/// `Me` as it arrives, flat (see `crate::wire`).
#[derive(Deserialize)]
struct MeWire {
    kind: MeKind,
    customer_no: Option<String>,
    name: Option<String>,
    member_level: Option<MemberLevel>,
    vip_tier: Option<VipTier>,
    username: Option<String>,
    display_name: Option<String>,
    role: Option<Role>,
    handles_claims: Option<bool>,
    reviews_identities: Option<bool>,
    #[serde(default)]
    must_change_password: bool,
}

crate::wire::wire_tag!(MeKind {
    Customer => "customer",
    Staff => "staff",
});

impl TryFrom<MeWire> for Me {
    type Error = String;

    fn try_from(wire: MeWire) -> Result<Self, String> {
        use crate::wire::required;
        Ok(match wire.kind {
            MeKind::Customer => Me::Customer {
                customer_no: required(wire.customer_no, "customer_no")?,
                name: required(wire.name, "name")?,
                member_level: required(wire.member_level, "member_level")?,
                vip_tier: required(wire.vip_tier, "vip_tier")?,
            },
            MeKind::Staff => Me::Staff {
                username: required(wire.username, "username")?,
                display_name: required(wire.display_name, "display_name")?,
                role: required(wire.role, "role")?,
                handles_claims: required(wire.handles_claims, "handles_claims")?,
                reviews_identities: required(wire.reviews_identities, "reviews_identities")?,
                must_change_password: wire.must_change_password,
            },
        })
    }
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
        match self {
            // Supervisors watch the service first: the live board (admins reach it from the
            // navigation; they mostly come to manage).
            Me::Staff {
                role: crate::domain::Role::Supervisor,
                ..
            } => crate::routes::console::board(),
            Me::Staff { .. } => crate::routes::console::home(),
            Me::Customer { .. } => crate::routes::portal::home(),
        }
    }
}
