use super::{mask_middle, CaseKind, CustomerNumber, Email, Invalid, Phone, PolicyNumber};

/// What an agent types to find a customer (客户360 search): a customer number, a mobile
/// number, an e-mail address, a policy, claim or work-order number, the last four
/// characters of the ID number or the mobile, part of a mobile or of a number, or part of
/// a name. Each is recognised by its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerQuery {
    Number(CustomerNumber),
    Phone(Phone),
    Email(Email),
    Policy(PolicyNumber),
    Claim(String),
    WorkOrder(String),
    /// The last four characters of the ID number (digits, or a final X) or of the mobile.
    LastFour(String),
    /// Five to ten digits of a mobile number, anywhere in it.
    PhonePart(String),
    /// Part of a customer, policy, claim or work-order number: letters then digits, six
    /// characters or more, anywhere in the number.
    NumberPart(String),
    /// Part of a name, at least two characters.
    Name(String),
}

impl CustomerQuery {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(Invalid::new(
                "query_required",
                "Enter a name, customer number, mobile, e-mail, policy, claim or work-order number",
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
        if let Ok(claim) = CaseKind::Claim.parse(trimmed, "query_unrecognised") {
            return Ok(Self::Claim(claim));
        }
        if let Ok(order) = CaseKind::WorkOrder.parse(trimmed, "query_unrecognised") {
            return Ok(Self::WorkOrder(order));
        }
        if trimmed.contains('@') {
            return Email::parse(trimmed).map(Self::Email);
        }
        let compact: String = super::half_width(trimmed)
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect::<String>()
            .to_uppercase();
        let digits = compact.bytes().filter(u8::is_ascii_digit).count();
        // ASCII first: a byte slice of "a陈" would cut a character.
        if compact.len() == 4
            && compact.is_ascii()
            && compact[..3].bytes().all(|b| b.is_ascii_digit())
            && matches!(compact.as_bytes()[3], b'0'..=b'9' | b'X')
        {
            return Ok(Self::LastFour(compact));
        }
        if (5..=10).contains(&compact.len()) && digits == compact.len() {
            return Ok(Self::PhonePart(compact));
        }
        let letters = compact.bytes().take_while(u8::is_ascii_alphabetic).count();
        if (6..=20).contains(&compact.len())
            && (1..=3).contains(&letters)
            && digits == compact.len() - letters
            && digits >= 3
        {
            return Ok(Self::NumberPart(compact));
        }
        // A name: letters (any script), spaces and the middle dot of transcribed names.
        let is_name = trimmed
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '·' || c == '.');
        if is_name {
            if trimmed.chars().count() < 2 {
                return Err(Invalid::new(
                    "query_too_short",
                    "Enter at least two characters of the name",
                ));
            }
            if trimmed.chars().count() > 40 {
                return Err(Invalid::new("query_unrecognised", "A name is at most 40 characters"));
            }
            return Ok(Self::Name(trimmed.to_string()));
        }
        Err(Invalid::new(
            "query_unrecognised",
            "Not recognised: enter a name, customer number (C2026000123), mobile or 5 to 10 of its digits, \
             e-mail, policy number (AU202600001234) or six characters of one, claim or work-order number, \
             or the last four of the ID number or mobile",
        ))
    }

    /// How the look-up is described in the audit log, without a full phone number, e-mail
    /// address or name.
    pub fn audit_text(&self) -> String {
        match self {
            Self::Number(n) => format!("customer_no={n}"),
            Self::Phone(p) => format!("phone={}", p.masked()),
            Self::Email(e) => format!("email={}", e.masked()),
            Self::Policy(p) => format!("policy_no={p}"),
            Self::Claim(c) => format!("claim_no={c}"),
            Self::WorkOrder(o) => format!("order_no={o}"),
            Self::LastFour(_) => "last_four=****".to_string(),
            Self::PhonePart(p) => format!("phone_part={}", mask_middle(p, 0, 2)),
            Self::NumberPart(n) => format!("number_part={n}"),
            Self::Name(n) => format!("name={}", mask_middle(n, 1, 0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_each_kind_of_identifier() {
        let kind = |text: &str| std::mem::discriminant(&CustomerQuery::parse(text).unwrap());
        let same =
            |text: &str, example: CustomerQuery| assert_eq!(kind(text), std::mem::discriminant(&example), "{text}");
        same(
            "C2026000123",
            CustomerQuery::Number(CustomerNumber::parse("C2026000123").unwrap()),
        );
        same(
            "138 0013 8000",
            CustomerQuery::Phone(Phone::parse("13800138000").unwrap()),
        );
        same(
            "au202600001234",
            CustomerQuery::Policy(PolicyNumber::parse("AU202600001234").unwrap()),
        );
        same("cl2026900001", CustomerQuery::Claim(String::new()));
        same("WO2026900001", CustomerQuery::WorkOrder(String::new()));
        same(
            "Demo@Example.com",
            CustomerQuery::Email(Email::parse("demo@example.com").unwrap()),
        );
        assert_eq!(
            CustomerQuery::parse("002x").unwrap(),
            CustomerQuery::LastFour("002X".into())
        );
        assert_eq!(
            CustomerQuery::parse("0013 8").unwrap(),
            CustomerQuery::PhonePart("00138".into())
        );
        assert_eq!(
            CustomerQuery::parse("au2026000").unwrap(),
            CustomerQuery::NumberPart("AU2026000".into())
        );
        assert_eq!(
            CustomerQuery::parse(" 陈晓 ").unwrap(),
            CustomerQuery::Name("陈晓".into())
        );
        assert_eq!(CustomerQuery::parse("a陈").unwrap(), CustomerQuery::Name("a陈".into()));
        assert_eq!(
            CustomerQuery::parse("Zhang San").unwrap(),
            CustomerQuery::Name("Zhang San".into())
        );
    }

    #[test]
    fn explains_unrecognised_or_too_short_input() {
        assert_eq!(CustomerQuery::parse("").unwrap_err().code, "query_required");
        assert_eq!(CustomerQuery::parse("陈").unwrap_err().code, "query_too_short");
        assert_eq!(CustomerQuery::parse("123").unwrap_err().code, "query_unrecognised");
        assert_eq!(
            CustomerQuery::parse("12345678901234").unwrap_err().code,
            "query_unrecognised"
        );
        assert_eq!(CustomerQuery::parse("AU12").unwrap_err().code, "query_unrecognised");
        assert_eq!(CustomerQuery::parse("%_%").unwrap_err().code, "query_unrecognised");
        assert_eq!(CustomerQuery::parse("a@b").unwrap_err().code, "email_invalid");
    }

    #[test]
    fn audit_text_masks_phone_numbers_and_names() {
        assert_eq!(
            CustomerQuery::parse("13800138000").unwrap().audit_text(),
            "phone=138****8000"
        );
        assert_eq!(CustomerQuery::parse("陈晓明").unwrap().audit_text(), "name=陈**");
        assert_eq!(CustomerQuery::parse("1234").unwrap().audit_text(), "last_four=****");
        assert_eq!(
            CustomerQuery::parse("0013800").unwrap().audit_text(),
            "phone_part=*****00"
        );
    }
}
