use serde::{Deserialize, Serialize};

/// A closed set of values stored as text in the database (`as_str`/`parse`), with a
/// translation key (`label_key`) for the UI: `<prefix>.<value>`.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $prefix:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown {} `{text}`", stringify!($name)))
                })
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value { $($text => Some($name::$variant),)+ _ => None }
            }

            pub fn label_key(self) -> String {
                format!("{}.{}", $prefix, self.as_str())
            }
        }
    };
}

text_enum!(
    /// Status of a policy (保单状态).
    PolicyStatus, "policy_status" {
        InForce => "in_force",
        Lapsed => "lapsed",
        Surrendered => "surrendered",
        Expired => "expired",
        Pending => "pending",
    }
);

text_enum!(
    /// Product line (险种).
    ProductLine, "product_line" {
        Life => "life",
        Health => "health",
        Auto => "auto",
        Property => "property",
        Accident => "accident",
    }
);

impl ProductLine {
    pub fn policy_prefix(self) -> &'static str {
        match self {
            ProductLine::Life => "LF",
            ProductLine::Health => "HL",
            ProductLine::Auto => "AU",
            ProductLine::Property => "PR",
            ProductLine::Accident => "AC",
        }
    }
}

text_enum!(
    /// Member level of the unified membership (统一会员体系): riskier self-service
    /// needs a higher level.
    MemberLevel, "member_level" {
        Registered => "registered",
        Verified => "verified",
        AdvancedVerified => "advanced_verified",
    }
);

text_enum!(
    /// VIP tier (倍享服务计划).
    VipTier, "vip_tier" {
        None => "none",
        Silver => "silver",
        Gold => "gold",
        Platinum => "platinum",
    }
);

text_enum!(
    /// Staff role, in increasing authority.
    Role, "role" {
        Agent => "agent",
        Supervisor => "supervisor",
        Admin => "admin",
    }
);

impl Role {
    fn rank(self) -> u8 {
        match self {
            Role::Agent => 1,
            Role::Supervisor => 2,
            Role::Admin => 3,
        }
    }

    /// Whether this role has at least the authority of `required`.
    pub fn at_least(self, required: Role) -> bool {
        self.rank() >= required.rank()
    }
}

text_enum!(
    PaymentFrequency, "payment_frequency" {
        Single => "single",
        Annual => "annual",
        Semiannual => "semiannual",
        Quarterly => "quarterly",
        Monthly => "monthly",
    }
);

impl PaymentFrequency {
    /// Months between instalments; `None` for a single premium.
    pub fn months(self) -> Option<u32> {
        match self {
            PaymentFrequency::Single => None,
            PaymentFrequency::Annual => Some(12),
            PaymentFrequency::Semiannual => Some(6),
            PaymentFrequency::Quarterly => Some(3),
            PaymentFrequency::Monthly => Some(1),
        }
    }
}

text_enum!(
    InstallmentStatus, "installment_status" {
        Paid => "paid",
        Due => "due",
        Overdue => "overdue",
        Waived => "waived",
    }
);

text_enum!(
    /// Relation of an insured person or beneficiary to the policyholder.
    Relation, "relation" {
        Myself => "self",
        Spouse => "spouse",
        Child => "child",
        Parent => "parent",
        Other => "other",
        LegalHeirs => "legal_heirs",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_round_trip() {
        for status in PolicyStatus::ALL {
            assert_eq!(PolicyStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(Relation::parse("self"), Some(Relation::Myself));
        assert_eq!(PolicyStatus::parse("cancelled"), None);
    }

    #[test]
    fn serde_uses_the_database_text() {
        assert_eq!(serde_json::to_string(&PolicyStatus::InForce).unwrap(), "\"in_force\"");
        assert_eq!(
            serde_json::to_string(&MemberLevel::AdvancedVerified).unwrap(),
            "\"advanced_verified\""
        );
        assert_eq!(serde_json::to_string(&Relation::Myself).unwrap(), "\"self\"");
        assert!(serde_json::from_str::<PolicyStatus>("\"cancelled\"").is_err());
    }

    #[test]
    fn roles_are_ordered_by_authority() {
        assert!(Role::Admin.at_least(Role::Agent));
        assert!(Role::Supervisor.at_least(Role::Supervisor));
        assert!(!Role::Agent.at_least(Role::Supervisor));
    }
}
