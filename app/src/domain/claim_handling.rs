//! Handling a claim at the desk: what each stage needs before a claim may enter it, who may
//! approve a payout, and the texts a person must give to refuse, stop or dispute.

use super::{ClaimStage, Invalid, Money, TextRule};

/// What a handler found on the survey (查勘); required to enter `surveyed`.
pub const SURVEY_NOTES: TextRule = TextRule {
    min_chars: 5,
    max_chars: 2000,
    multiline: true,
    required: Invalid::new("survey_notes_required", "Write what the survey found"),
    too_short: Invalid::new("survey_notes_required", "Write what the survey found"),
    too_long: Invalid::new("survey_notes_too_long", "At most 2,000 characters"),
};

/// Why a claim is refused: the customer reads it, so it must say something.
pub const REFUSAL_REASON: TextRule = TextRule {
    min_chars: 10,
    max_chars: 1000,
    multiline: true,
    required: Invalid::new("reason_required", "Give the reason the customer will read"),
    too_short: Invalid::new("reason_too_short", "Explain in at least 10 characters"),
    too_long: Invalid::new("reason_too_long", "At most 1,000 characters"),
};

/// Why a decision is contested, why fast track is stopped, why an approval is refused.
pub const REASON: TextRule = TextRule {
    min_chars: 5,
    max_chars: 1000,
    multiline: true,
    required: Invalid::new("reason_required", "Give a reason"),
    too_short: Invalid::new("reason_too_short", "Explain in at least 5 characters"),
    too_long: Invalid::new("reason_too_long", "At most 1,000 characters"),
};

/// What the customer must send when the insurer asks for documents.
pub const DOCUMENTS_REQUEST: TextRule = TextRule {
    min_chars: 4,
    max_chars: 500,
    multiline: true,
    required: Invalid::new(
        "documents_request_required",
        "Say which documents the customer must send",
    ),
    too_short: Invalid::new(
        "documents_request_required",
        "Say which documents the customer must send",
    ),
    too_long: Invalid::new("note_too_long", "At most 500 characters"),
};

/// What a handler typed to move a claim on, before checking.
#[derive(Debug, Clone, Default)]
pub struct StageInput<'a> {
    pub survey_notes: &'a str,
    pub assessed_loss: &'a str,
    pub payout: &'a str,
}

/// What a stage records on entry, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageFacts {
    Nothing,
    Survey { notes: String },
    Adjustment { assessed_loss: Money, payout: Money },
}

/// What the claim allows: the amount claimed and the coverage's limit.
#[derive(Debug, Clone, Copy)]
pub struct PayoutBounds {
    pub claimed: Money,
    pub coverage_limit: Money,
}

/// Checks what entering `next` needs: survey notes for `surveyed`; the assessed loss and the
/// payout for `adjusted` (the payout at most the loss, the amount claimed and the coverage's
/// limit). Every field's problem at once.
pub fn check_stage_entry(
    next: ClaimStage,
    input: &StageInput<'_>,
    bounds: PayoutBounds,
) -> Result<StageFacts, Vec<(&'static str, Invalid)>> {
    match next {
        ClaimStage::Surveyed => SURVEY_NOTES
            .check(input.survey_notes)
            .map(|notes| StageFacts::Survey { notes })
            .map_err(|e| vec![("survey_notes", e)]),
        ClaimStage::Adjusted => {
            let mut errors = Vec::new();
            let amount = |text: &str| -> Result<Money, Invalid> {
                if text.trim().is_empty() {
                    return Err(Invalid::new("amount_required", "Enter the amount"));
                }
                let money = Money::parse_yuan(text)?;
                if money.fen() < 0 {
                    return Err(Invalid::new("amount_invalid", "Enter an amount in yuan, e.g. 1234.56"));
                }
                Ok(money)
            };
            let loss = amount(input.assessed_loss).map_err(|e| errors.push(("assessed_loss", e)));
            let payout = amount(input.payout).map_err(|e| errors.push(("payout", e)));
            if let (Ok(loss), Ok(payout)) = (loss, payout) {
                let above = if payout > loss {
                    Some(Invalid::new(
                        "payout_above_loss",
                        "The payout cannot exceed the assessed loss",
                    ))
                } else if payout > bounds.claimed {
                    Some(Invalid::new(
                        "payout_above_claim",
                        "The payout cannot exceed the amount claimed",
                    ))
                } else if payout > bounds.coverage_limit {
                    Some(Invalid::new(
                        "payout_above_limit",
                        "The payout cannot exceed the coverage's limit",
                    ))
                } else {
                    None
                };
                if let Some(problem) = above {
                    errors.push(("payout", problem));
                }
                if errors.is_empty() {
                    return Ok(StageFacts::Adjustment {
                        assessed_loss: loss,
                        payout,
                    });
                }
            }
            Err(errors)
        }
        _ => Ok(StageFacts::Nothing),
    }
}

/// How much a member of staff may approve as a payout: `None` has no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authority(pub Option<Money>);

impl Authority {
    pub fn covers(self, payout: Money) -> bool {
        self.0.is_none_or(|limit| payout <= limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNDS: PayoutBounds = PayoutBounds {
        claimed: Money::from_yuan(5_000),
        coverage_limit: Money::from_yuan(4_000),
    };

    fn adjust(loss: &str, payout: &str) -> Result<StageFacts, Vec<(&'static str, Invalid)>> {
        let input = StageInput {
            assessed_loss: loss,
            payout,
            ..StageInput::default()
        };
        check_stage_entry(ClaimStage::Adjusted, &input, BOUNDS)
    }

    fn codes(result: Result<StageFacts, Vec<(&'static str, Invalid)>>) -> Vec<(&'static str, &'static str)> {
        result.unwrap_err().into_iter().map(|(f, e)| (f, e.code)).collect()
    }

    #[test]
    fn a_survey_needs_its_notes() {
        let empty = check_stage_entry(ClaimStage::Surveyed, &StageInput::default(), BOUNDS);
        assert_eq!(codes(empty), vec![("survey_notes", "survey_notes_required")]);
        let input = StageInput {
            survey_notes: " 现场查勘：车辆左前门凹陷 ",
            ..StageInput::default()
        };
        assert_eq!(
            check_stage_entry(ClaimStage::Surveyed, &input, BOUNDS).unwrap(),
            StageFacts::Survey {
                notes: "现场查勘：车辆左前门凹陷".into()
            }
        );
    }

    #[test]
    fn an_adjustment_names_every_missing_amount_at_once() {
        assert_eq!(
            codes(adjust("", "abc")),
            vec![("assessed_loss", "amount_required"), ("payout", "amount_invalid")]
        );
        assert_eq!(codes(adjust("-5", "1")), vec![("assessed_loss", "amount_invalid")]);
    }

    #[test]
    fn the_payout_stays_within_the_loss_the_claim_and_the_coverage() {
        assert_eq!(codes(adjust("3000", "3000.01")), vec![("payout", "payout_above_loss")]);
        assert_eq!(codes(adjust("9000", "5000.01")), vec![("payout", "payout_above_claim")]);
        assert_eq!(codes(adjust("9000", "4500")), vec![("payout", "payout_above_limit")]);
        assert_eq!(
            adjust("4200", "3,999.50").unwrap(),
            StageFacts::Adjustment {
                assessed_loss: Money::from_yuan(4_200),
                payout: Money::from_fen(399_950)
            }
        );
    }

    #[test]
    fn other_stages_need_nothing_typed() {
        assert_eq!(
            check_stage_entry(ClaimStage::Registered, &StageInput::default(), BOUNDS).unwrap(),
            StageFacts::Nothing
        );
    }

    #[test]
    fn authority_covers_up_to_its_limit_and_none_has_no_limit() {
        let agent = Authority(Some(Money::from_yuan(10_000)));
        assert!(agent.covers(Money::from_yuan(10_000)));
        assert!(!agent.covers(Money::from_fen(1_000_001)));
        assert!(Authority(None).covers(Money::from_yuan(5_000_000)));
    }
}
