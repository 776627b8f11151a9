use super::{CustomerNumber, Invalid, Phone, PolicyNumber};

/// What an agent types to find a customer: a customer number, a mobile number or a
/// policy number. Each is recognised by its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerQuery {
    Number(CustomerNumber),
    Phone(Phone),
    Policy(PolicyNumber),
}

impl CustomerQuery {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(Invalid::new(
                "query_required",
                "Enter a customer number, mobile number or policy number",
            ));
        }
        if let Ok(number) = CustomerNumber::parse(trimmed) {
            return Ok(Self::Number(number));
        }
        if let Ok(phone) = Phone::parse(trimmed) {
            return Ok(Self::Phone(phone));
        }
        if let Ok(policy) = PolicyNumber::parse(trimmed) {
            return Ok(Self::Policy(policy));
        }
        Err(Invalid::new(
            "query_unrecognised",
            "That is not a customer number (C2026000123), mobile number or policy number (AU202600001234)",
        ))
    }

    /// How the look-up is described in the audit log, without the full phone number.
    pub fn audit_text(&self) -> String {
        match self {
            Self::Number(n) => format!("customer_no={n}"),
            Self::Phone(p) => format!("phone={}", p.masked()),
            Self::Policy(p) => format!("policy_no={p}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_each_kind_of_identifier() {
        assert!(matches!(
            CustomerQuery::parse("C2026000123"),
            Ok(CustomerQuery::Number(_))
        ));
        assert!(matches!(
            CustomerQuery::parse("138 0013 8000"),
            Ok(CustomerQuery::Phone(_))
        ));
        assert!(matches!(
            CustomerQuery::parse("au202600001234"),
            Ok(CustomerQuery::Policy(_))
        ));
    }

    #[test]
    fn explains_unrecognised_input() {
        assert_eq!(CustomerQuery::parse("").unwrap_err().code, "query_required");
        assert_eq!(
            CustomerQuery::parse("Zhang San").unwrap_err().code,
            "query_unrecognised"
        );
    }

    #[test]
    fn audit_text_masks_phone_numbers() {
        assert_eq!(
            CustomerQuery::parse("13800138000").unwrap().audit_text(),
            "phone=138****8000"
        );
    }
}
