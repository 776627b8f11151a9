//! Decoding the internally tagged enums that cross the wire (`{"kind": "...", ...}`).
//!
//! serde's `#[serde(tag = "...")]` decodes such an enum by first buffering the whole object
//! into its private `Content` tree, then decoding each variant from that: about 25 KB of
//! the browser's Wasm for the three enums every page uses (`AppError`, `Me`, `LiveChange`).
//! Each of them instead decodes a flat struct with the tag and every variant's fields as
//! options (`#[serde(try_from = "...")]`), and picks its variant from the tag. The JSON is
//! unchanged (serialization keeps `#[serde(tag)]`); a missing field is still an error.

/// The values a tag may take, decoded from the string itself. serde's derived decoding of
/// an enum also accepts `{"variant": ...}` maps and is three times the code.
macro_rules! wire_tag {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        enum $name {
            $($variant),+
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let tag = String::deserialize(deserializer)?;
                match tag.as_str() {
                    $($text => Ok(Self::$variant),)+
                    other => Err(serde::de::Error::unknown_variant(other, &[$($text),+])),
                }
            }
        }
    };
}
pub(crate) use wire_tag;

/// A field the tag's variant needs.
pub fn required<T>(value: Option<T>, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}`"))
}

#[cfg(test)]
mod tests {
    use crate::domain::{MemberLevel, Role, VipTier};
    use crate::model::auth::Me;
    use crate::model::live::LiveChange;

    fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(value: T) {
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value, "{json}");
    }

    #[test]
    fn who_is_signed_in_decodes_from_what_the_server_sends() {
        round_trip(Me::Customer {
            customer_no: "C1".into(),
            name: "陈晓明".into(),
            member_level: MemberLevel::Verified,
            vip_tier: VipTier::Gold,
        });
        round_trip(Me::Staff {
            username: "agent".into(),
            display_name: "李娜".into(),
            role: Role::Agent,
            handles_claims: true,
            reviews_identities: false,
            must_change_password: true,
        });
        // Sessions answered before the field existed still decode.
        let old = r#"{"kind":"staff","username":"a","display_name":"A","role":"agent","handles_claims":false,"reviews_identities":false}"#;
        assert!(matches!(
            serde_json::from_str::<Me>(old).unwrap(),
            Me::Staff {
                must_change_password: false,
                ..
            }
        ));
        let missing = serde_json::from_str::<Me>(r#"{"kind":"customer","customer_no":"C1"}"#);
        assert!(missing.unwrap_err().to_string().contains("missing field `name`"));
    }

    #[test]
    fn live_changes_decode_from_what_the_server_sends() {
        round_trip(LiveChange::WorkOrder { order_no: "W1".into() });
        round_trip(LiveChange::Claim { claim_no: "L1".into() });
        for change in [
            LiveChange::Notifications,
            LiveChange::Alerts,
            LiveChange::Presence,
            LiveChange::Board,
            LiveChange::Resync,
        ] {
            round_trip(change);
        }
        assert_eq!(
            serde_json::to_string(&LiveChange::Claim { claim_no: "L1".into() }).unwrap(),
            r#"{"topic":"claim","claim_no":"L1"}"#
        );
        assert_eq!(
            serde_json::to_string(&LiveChange::Notifications).unwrap(),
            r#"{"topic":"notifications"}"#
        );
        assert!(serde_json::from_str::<LiveChange>(r#"{"topic":"claim"}"#).is_err());
    }
}
