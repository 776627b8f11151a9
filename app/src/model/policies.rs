use serde::{Deserialize, Serialize};

use crate::domain::{InstallmentStatus, Money, PaymentFrequency, PolicyStatus, ProductLine, Relation};

/// A policy as a line in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySummary {
    pub policy_no: String,
    pub line: ProductLine,
    pub product_name_zh: String,
    pub product_name_en: String,
    pub status: PolicyStatus,
    /// ISO dates (`YYYY-MM-DD`), calendar days of the policy period.
    pub period_start: String,
    pub period_end: String,
    pub sum_insured: Money,
    pub premium: Money,
    pub payment_frequency: PaymentFrequency,
    pub next_due_date: Option<String>,
}

/// Everything about one policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDetail {
    pub summary: PolicySummary,
    pub holder_name: String,
    pub coverages: Vec<CoverageLine>,
    pub insured: Vec<InsuredPerson>,
    pub beneficiaries: Vec<Beneficiary>,
    pub installments: Vec<Installment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageLine {
    pub name_zh: String,
    pub name_en: String,
    pub limit: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsuredPerson {
    pub name: String,
    pub id_number_masked: String,
    pub relation: Relation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Beneficiary {
    pub name: String,
    pub id_number_masked: String,
    pub relation: Relation,
    pub share_percent: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installment {
    pub due_date: String,
    pub amount: Money,
    pub status: InstallmentStatus,
    /// When it was paid, epoch milliseconds UTC.
    pub paid_at: Option<i64>,
}
