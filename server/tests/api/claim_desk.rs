//! The console's claims desk: claims by stage with their committed time, what each stage
//! needs, payouts above a handler's authority waiting for someone with enough, refusal
//! with a reason the customer reads, one dispute that reopens with someone else, fast-track
//! review, internal notes, and who may do any of it.

use app::api::console::claims::{
    AddClaimNote, AdvanceClaim, AssignClaim, ClaimQueue, DecideClaimApproval, GetClaimCase, RefuseClaim,
    RequestClaimDocuments, StopFastTrack,
};
use app::api::portal::claims::DisputeClaim;
use app::api::portal::notifications::MyNotifications;
use app::domain::{ClaimOutcome, ClaimQueueView, ClaimStage, Money};
use app::error::AppError;

use crate::claims::{advance, claim_form, jpeg, only_claimable, report};
use crate::client::{succeeded, User};
use crate::fixtures::CustomerSpec;
use crate::harness::*;
use crate::on_both;

on_both!(
    claims_by_stage_show_their_committed_time_to_claims_staff_only,
    each_stage_asks_for_what_it_needs_and_nothing_half_moves,
    a_payout_above_the_handlers_authority_waits_for_someone_with_enough,
    a_refusal_gives_the_customer_its_reason_and_one_dispute_reopens_it_with_someone_else,
    a_fast_tracked_claim_can_be_stopped_before_it_is_paid,
    notes_stay_with_staff_and_requests_for_documents_need_a_later_date,
    who_may_work_on_a_claim,
);

/// A handler moves a claim on from `from`, the stage they saw (refused if it has moved since).
pub(crate) fn move_on(claim_no: &str, from: ClaimStage) -> AdvanceClaim {
    AdvanceClaim {
        from_stage: Some(from.as_str().into()),
        ..advance(claim_no, None)
    }
}

/// A handler adjusts a verified claim: the assessed loss and the payout, in yuan.
pub(crate) fn adjust(claim_no: &str, assessed_loss: &str, payout: &str) -> AdvanceClaim {
    AdvanceClaim {
        assessed_loss: Some(assessed_loss.into()),
        payout: Some(payout.into()),
        ..move_on(claim_no, ClaimStage::Verified)
    }
}

fn survey(claim_no: &str, notes: &str) -> AdvanceClaim {
    AdvanceClaim {
        survey_notes: Some(notes.into()),
        ..move_on(claim_no, ClaimStage::Dispatched)
    }
}

/// A fresh customer with a claim of `amount` yuan on their one policy (limit 50,000 yuan).
async fn customer_with_claim<'a>(app: &'a TestApp, amount: &str) -> (User<'a>, String) {
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(app).await;
    let policy = only_claimable(&customer).await;
    let detail = report(&customer, &claim_form(&policy, amount, &[])).await.good();
    (customer, detail.summary.claim_no)
}

/// Moves a reported claim to `verified` as `handler`.
pub(crate) async fn bring_to_verified(handler: &User<'_>, claim_no: &str) {
    handler.call(move_on(claim_no, ClaimStage::Reported)).await.good();
    handler
        .call(survey(claim_no, "现场查勘：手腕骨折，有门诊病历"))
        .await
        .good();
    handler.call(move_on(claim_no, ClaimStage::Surveyed)).await.good();
    handler.call(move_on(claim_no, ClaimStage::Registered)).await.good();
}

/// Who handles a claim (their staff id), as the claims desk shows it to `staff`.
async fn handler_of(staff: &User<'_>, claim_no: &str) -> Option<i64> {
    staff.claim_case(claim_no).await.line.handler_id
}

async fn queue(user: &User<'_>, view: ClaimQueueView) -> app::model::claims::ClaimDesk {
    user.call(ClaimQueue {
        view: view.as_str().into(),
    })
    .await
    .good()
}

async fn claims_by_stage_show_their_committed_time_to_claims_staff_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let handler = app.as_claims_agent().await;
    let desk = queue(&handler, ClaimQueueView::All).await;
    assert_eq!(desk.stages.len(), 7, "every stage before closed: {:?}", desk.stages);
    let reported = &desk.stages[0];
    assert_eq!(reported.stage, ClaimStage::Reported);
    assert!(reported.limit_hours.is_some(), "{reported:?}");
    let open: i64 = desk.stages.iter().map(|s| s.open).sum();
    assert_eq!(open, desk.counts.all);
    assert!(desk.counts.all > 0);
    assert!(desk.lines.iter().all(|l| l.stage != ClaimStage::Closed));
    let line = desk
        .lines
        .iter()
        .find(|l| l.stage == ClaimStage::Reported)
        .expect("a reported claim");
    let due = line.stage_due_at.expect("a committed time");
    let hours = reported.limit_hours.unwrap();
    assert_eq!(due, line.stage_entered_at + hours * 3_600_000);
    // VIP customers first, then the stage due soonest.
    let first_plain = desk
        .lines
        .iter()
        .position(|l| l.vip_tier == app::domain::VipTier::None)
        .unwrap_or(desk.lines.len());
    assert!(desk.lines[first_plain..]
        .iter()
        .all(|l| l.vip_tier == app::domain::VipTier::None));
    assert_eq!(desk.authority, Some(Money::from_yuan(10_000)));

    // A supervisor sees it too, with a higher authority; an agent outside the claims
    // groups, a customer and someone signed out do not.
    let supervisor = queue(&app.as_supervisor().await, ClaimQueueView::All).await;
    assert_eq!(supervisor.counts.all, desk.counts.all);
    assert_eq!(supervisor.authority, Some(Money::from_yuan(100_000)));
    let view = |v: &str| ClaimQueue { view: v.into() };
    assert_eq!(
        app.as_agent().await.call(view("all")).await.error(),
        AppError::Forbidden
    );
    assert_eq!(
        app.new_customer(CustomerSpec::default())
            .await
            .sign_in(&app)
            .await
            .call(view("all"))
            .await
            .error(),
        AppError::Forbidden
    );
    assert_eq!(
        app.anonymous().call(view("all")).await.error(),
        AppError::Unauthenticated
    );
    handler.call(view("everything")).await.invalid("view_invalid", "view");
}

async fn each_stage_asks_for_what_it_needs_and_nothing_half_moves(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (customer, claim_no) = customer_with_claim(&app, "20000").await;
    let handler = app.as_claims_agent().await;
    handler.call(move_on(&claim_no, ClaimStage::Reported)).await.good();
    assert_eq!(
        handler_of(&handler, &claim_no).await,
        Some(app.as_admin().await.staff_id("agent.wang").await)
    );

    // A survey needs what it found.
    handler
        .call(move_on(&claim_no, ClaimStage::Dispatched))
        .await
        .invalid("survey_notes_required", "survey_notes");
    handler
        .call(survey(&claim_no, "现场查勘：手腕骨折，有门诊病历"))
        .await
        .good();
    handler.call(move_on(&claim_no, ClaimStage::Surveyed)).await.good();
    handler.call(move_on(&claim_no, ClaimStage::Registered)).await.good();

    // An adjustment needs both amounts, and the payout within the loss, the claim and
    // the coverage; every problem at once, and the claim stays where it was.
    let answer = handler.call(adjust(&claim_no, "", "")).await;
    answer.invalid("amount_required", "assessed_loss");
    let answer = handler.call(adjust(&claim_no, "8000", "9000")).await;
    answer.invalid("payout_above_loss", "payout");
    let answer = handler.call(adjust(&claim_no, "30000", "25000")).await;
    answer.invalid("payout_above_claim", "payout");
    assert_eq!(customer.claim(&claim_no).await.summary.stage, ClaimStage::Verified);

    let moved = handler.call(adjust(&claim_no, "20000", "9500.50")).await.good();
    assert_eq!(moved.stage, ClaimStage::Adjusted);
    let case = handler.claim_case(&claim_no).await;
    assert_eq!(case.assessed_loss, Some(Money::from_yuan(20_000)));
    assert_eq!(case.line.payout, Some(Money::from_fen(950_050)));
    assert_eq!(case.survey_notes.as_deref(), Some("现场查勘：手腕骨折，有门诊病历"));
    let who: Vec<_> = case.steps.iter().filter_map(|s| s.staff.as_deref()).collect();
    assert_eq!(who, vec!["王磊"; 5], "{:?}", case.steps);

    // The same move sent again (or from a stale page) is refused, not applied twice.
    handler
        .call(adjust(&claim_no, "20000", "9500.50"))
        .await
        .conflict("stage_changed");
    // Sent twice at once: one moves it, the other is refused.
    let (a, b) = tokio::join!(
        handler.call(move_on(&claim_no, ClaimStage::Adjusted)),
        handler.call(move_on(&claim_no, ClaimStage::Adjusted)),
    );
    let moved: Vec<_> = succeeded([a, b]);
    assert_eq!(moved.len(), 1, "one of the two moves the claim");
    let steps = handler.claim_case(&claim_no).await.steps;
    assert_eq!(
        steps.iter().filter(|s| s.stage == ClaimStage::Approved).count(),
        1,
        "one step into approved: {steps:?}"
    );
    let detail = customer.claim(&claim_no).await;
    assert_eq!(detail.summary.stage, ClaimStage::Approved);
    assert_eq!(detail.payout, Some(Money::from_fen(950_050)));
}

async fn a_payout_above_the_handlers_authority_waits_for_someone_with_enough(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (customer, claim_no) = customer_with_claim(&app, "20000").await;
    let handler = app.as_claims_agent().await;
    bring_to_verified(&handler, &claim_no).await;
    handler.call(adjust(&claim_no, "20000", "15000")).await.good();

    // 15,000 yuan is above an agent's 10,000: the claim waits in "adjusted".
    let moved = handler.call(move_on(&claim_no, ClaimStage::Adjusted)).await.good();
    assert_eq!(moved.stage, ClaimStage::Adjusted);
    assert!(moved.awaiting_approval);
    assert_eq!(customer.claim(&claim_no).await.summary.stage, ClaimStage::Adjusted);
    handler
        .call(move_on(&claim_no, ClaimStage::Adjusted))
        .await
        .conflict("approval_pending");
    let approve = |yes: bool| DecideClaimApproval {
        claim_no: claim_no.clone(),
        approve: yes,
        reason: None,
    };
    // Not by who asked, nor by another agent whose limit is as low.
    handler.call(approve(true)).await.conflict("own_request");
    let colleague = app.signed_in("agent.sun", DEMO_PASSWORD).await;
    colleague.call(approve(true)).await.conflict("above_authority");
    assert!(queue(&colleague, ClaimQueueView::Approvals)
        .await
        .lines
        .iter()
        .all(|l| l.claim_no != claim_no));

    // In the supervisor's approvals queue; the supervisor and the admin approve at the
    // same moment: one decision, one move.
    let supervisor = app.as_supervisor().await;
    let waiting = queue(&supervisor, ClaimQueueView::Approvals).await;
    let line = waiting
        .lines
        .iter()
        .find(|l| l.claim_no == claim_no)
        .expect("the approval in the supervisor's queue");
    assert_eq!(line.pending_approval, Some(Money::from_yuan(15_000)));
    assert_eq!(waiting.counts.approvals, waiting.lines.len() as i64);
    let admin = app.as_admin().await;
    let (a, b) = tokio::join!(supervisor.call(approve(true)), admin.call(approve(true)));
    let decided: Vec<_> = succeeded([a, b]);
    assert_eq!(decided, vec![ClaimStage::Approved]);
    assert_eq!(customer.claim(&claim_no).await.summary.stage, ClaimStage::Approved);
    for action in ["claim.approval_requested", "claim.approved"] {
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND detail LIKE '%{claim_no}%'"
            ))
            .await,
            1,
            "{action}"
        );
    }

    // Closing pays it and keeps the account on file.
    let moved = handler.call(move_on(&claim_no, ClaimStage::Approved)).await.good();
    assert_eq!(moved.stage, ClaimStage::Closed);
    let detail = customer.claim(&claim_no).await;
    assert_eq!(detail.summary.outcome, Some(ClaimOutcome::Paid));
    assert_eq!(detail.payout, Some(Money::from_yuan(15_000)));
    // A payment is not reopened to be paid again: its amount is a call away.
    customer
        .call(DisputeClaim {
            claim_no: claim_no.clone(),
            reason: "赔付金额比我算的少了两千元".into(),
        })
        .await
        .conflict("paid_not_disputable");

    // A refused approval leaves the claim with its handler, who can adjust again.
    let (_, second) = customer_with_claim(&app, "12000").await;
    bring_to_verified(&handler, &second).await;
    handler.call(adjust(&second, "12000", "12000")).await.good();
    handler.call(move_on(&second, ClaimStage::Adjusted)).await.good();
    let refuse = DecideClaimApproval {
        claim_no: second.clone(),
        approve: false,
        reason: Some("no".into()),
    };
    supervisor
        .call(refuse.clone())
        .await
        .invalid("reason_too_short", "reason");
    let stage = supervisor
        .call(DecideClaimApproval {
            reason: Some("发票金额与病历不符，请核实".into()),
            ..refuse
        })
        .await
        .good();
    assert_eq!(stage, ClaimStage::Adjusted);
    let case = handler.claim_case(&second).await;
    assert_eq!(case.approvals.len(), 1);
    assert_eq!(case.approvals[0].status, "refused");
    assert_eq!(case.approvals[0].reason.as_deref(), Some("发票金额与病历不符，请核实"));
    assert_eq!(case.line.pending_approval, None);
}

async fn a_refusal_gives_the_customer_its_reason_and_one_dispute_reopens_it_with_someone_else(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (customer, claim_no) = customer_with_claim(&app, "3000").await;
    let handler = app.as_claims_agent().await;
    let dispute = |reason: &str| DisputeClaim {
        claim_no: claim_no.clone(),
        reason: reason.into(),
    };
    // Nothing to contest before a decision.
    customer.call(dispute("我不同意这个结果")).await.conflict("not_decided");

    let refuse = |reason: &str| RefuseClaim {
        claim_no: claim_no.clone(),
        reason: reason.into(),
    };
    handler.call(refuse("不赔")).await.invalid("reason_too_short", "reason");
    handler.call(refuse("")).await.invalid("reason_required", "reason");
    assert_eq!(customer.claim(&claim_no).await.summary.stage, ClaimStage::Reported);
    let reason = "事故发生在保单生效前的等待期内，不属于保险责任";
    handler.call(refuse(reason)).await.good();

    let detail = customer.claim(&claim_no).await;
    assert_eq!(detail.summary.stage, ClaimStage::Closed);
    assert_eq!(detail.summary.outcome, Some(ClaimOutcome::Refused));
    assert_eq!(detail.refusal_reason.as_deref(), Some(reason));
    assert!(!detail.disputed);
    let notifications = customer.call(MyNotifications { before: None }).await.good();
    assert!(notifications.items[0]
        .params
        .contains(&("stage".to_string(), "t:claim_outcome.refused".to_string())));

    // Someone else's claim cannot be disputed; their own once, with a reason.
    let stranger = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    assert_eq!(
        stranger.call(dispute("我不同意这个结果")).await.error(),
        AppError::NotFound
    );
    customer.call(dispute("")).await.invalid("reason_required", "reason");
    let reopened = customer.call(dispute("等待期已过，保单已生效三个月")).await.good();
    assert_eq!(reopened.summary.stage, ClaimStage::Verified);
    assert!(reopened.disputed);
    let wang = app.as_admin().await.staff_id("agent.wang").await;
    let new_handler = handler_of(&handler, &claim_no).await.expect("a new handler");
    assert_ne!(new_handler, wang);

    // Whoever decided does not decide again.
    handler
        .call(move_on(&claim_no, ClaimStage::Verified))
        .await
        .conflict("decided_before");
    let supervisor = app.as_supervisor().await;
    supervisor
        .call(AssignClaim {
            claim_no: claim_no.clone(),
            handler_id: Some(wang),
        })
        .await
        .conflict("decided_before");

    // Decided again and contested again: once is all.
    supervisor
        .call(RefuseClaim {
            claim_no: claim_no.clone(),
            reason: "复核后维持原结论：等待期内出险".into(),
        })
        .await
        .good();
    customer
        .call(dispute("我还是不同意这个结果"))
        .await
        .conflict("already_disputed");

    // A supervisor who refused is not the one to review the dispute either.
    let (other_customer, second) = customer_with_claim(&app, "1200").await;
    supervisor
        .call(RefuseClaim {
            claim_no: second.clone(),
            reason: "就诊医院不在保单约定的医院范围内".into(),
        })
        .await
        .good();
    other_customer
        .call(DisputeClaim {
            claim_no: second.clone(),
            reason: "这家医院是二级公立医院，符合条款".into(),
        })
        .await
        .good();
    supervisor
        .call(move_on(&second, ClaimStage::Verified))
        .await
        .conflict("decided_before");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'claim.refused' AND detail LIKE '%{claim_no}%'"
        ))
        .await,
        2
    );
}

async fn a_fast_tracked_claim_can_be_stopped_before_it_is_paid(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let policy = only_claimable(&customer).await;
    let photo = customer.upload("claim", "receipt.jpg", jpeg(2048)).await.good();
    let detail = report(&customer, &claim_form(&policy, "1500", &[photo.id]))
        .await
        .good();
    assert_eq!(detail.summary.stage, ClaimStage::Approved);
    let claim_no = detail.summary.claim_no;

    let handler = app.as_claims_agent().await;
    let review = queue(&handler, ClaimQueueView::FastTrack).await;
    assert!(review.lines.iter().any(|l| l.claim_no == claim_no && l.fast_track));

    let stop = |reason: &str| StopFastTrack {
        claim_no: claim_no.clone(),
        reason: reason.into(),
    };
    handler.call(stop("")).await.invalid("reason_required", "reason");
    handler.call(stop("同一发票在另一家医院也报销过")).await.good();
    let detail = customer.claim(&claim_no).await;
    assert_eq!(detail.summary.stage, ClaimStage::Verified);
    assert_eq!(detail.payout, None, "nothing is paid until a person approves");
    assert!(queue(&handler, ClaimQueueView::FastTrack)
        .await
        .lines
        .iter()
        .all(|l| l.claim_no != claim_no));
    handler
        .call(stop("同一发票在另一家医院也报销过"))
        .await
        .conflict("not_fast_tracked");
    let case = handler.claim_case(&claim_no).await;
    assert!(case.fast_track_stopped);
    assert_eq!(case.notes.len(), 1, "the reason stays for colleagues");
}

async fn notes_stay_with_staff_and_requests_for_documents_need_a_later_date(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (customer, claim_no) = customer_with_claim(&app, "800").await;
    let handler = app.as_claims_agent().await;
    let secret = "客户语气激动，疑似重复报案，先核对医院记录";
    handler
        .call(AddClaimNote {
            claim_no: claim_no.clone(),
            note: secret.into(),
        })
        .await
        .good();
    handler
        .call(AddClaimNote {
            claim_no: claim_no.clone(),
            note: "   ".into(),
        })
        .await
        .invalid("note_required", "note");
    let case = handler.claim_case(&claim_no).await;
    assert_eq!(case.notes.len(), 1);
    assert_eq!(case.notes[0].body, secret);
    assert_eq!(case.notes[0].author, "王磊");

    // The customer's views carry nothing of it.
    let detail = serde_json::to_string(&customer.claim(&claim_no).await).unwrap();
    assert!(!detail.contains("疑似重复"), "{detail}");
    let notifications = serde_json::to_string(&customer.call(MyNotifications { before: None }).await.good()).unwrap();
    assert!(!notifications.contains("疑似重复"), "{notifications}");

    let ask = |due: String| RequestClaimDocuments {
        claim_no: claim_no.clone(),
        documents: "请上传住院发票原件".into(),
        due_date: due,
    };
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive();
    handler
        .call(ask(today.format("%Y-%m-%d").to_string()))
        .await
        .invalid("due_date_invalid", "due_date");
    handler
        .call(ask("next week".into()))
        .await
        .invalid("due_date_invalid", "due_date");
    assert!(customer.claim(&claim_no).await.summary.awaiting_customer.is_none());
    let due = (today + chrono::Days::new(7)).format("%Y-%m-%d").to_string();
    handler.call(ask(due.clone())).await.good();
    let detail = customer.claim(&claim_no).await;
    assert_eq!(detail.summary.awaiting_customer.as_deref(), Some("请上传住院发票原件"));
    assert_eq!(detail.awaiting_due.as_deref(), Some(due.as_str()));
    for action in ["claim.note", "claim.documents_requested", "claim.view"] {
        assert!(
            app.count(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND detail LIKE '%{claim_no}%'"
            ))
            .await
                >= 1,
            "{action} is audited"
        );
    }
}

async fn who_may_work_on_a_claim(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (customer, claim_no) = customer_with_claim(&app, "800").await;
    let outsider = app.as_agent().await;
    let supervisor = app.as_supervisor().await;
    let steps_before = supervisor.claim_case(&claim_no).await.steps;

    // An agent outside the claims groups and a customer can do nothing at the desk.
    for caller in [&outsider, &customer] {
        assert_eq!(caller.call(advance(&claim_no, None)).await.error(), AppError::Forbidden);
        assert_eq!(
            caller
                .call(RefuseClaim {
                    claim_no: claim_no.clone(),
                    reason: "不属于保险责任范围内的事故".into(),
                })
                .await
                .error(),
            AppError::Forbidden
        );
        assert_eq!(
            caller
                .call(GetClaimCase {
                    claim_no: claim_no.clone(),
                })
                .await
                .error(),
            AppError::Forbidden
        );
        assert_eq!(
            caller
                .call(AddClaimNote {
                    claim_no: claim_no.clone(),
                    note: "看看".into(),
                })
                .await
                .error(),
            AppError::Forbidden
        );
    }
    assert_eq!(
        app.anonymous().call(advance(&claim_no, None)).await.error(),
        AppError::Unauthenticated
    );
    let unmoved = supervisor.claim_case(&claim_no).await;
    assert_eq!(unmoved.steps, steps_before);
    assert_eq!(unmoved.line.handler_id, None);

    // A claim number that is not one, or names no claim.
    let handler = app.as_claims_agent().await;
    handler
        .call(advance("CL'; DROP TABLE claims", None))
        .await
        .invalid("claim_no_invalid", "claim_no");
    assert_eq!(
        handler.call(advance("CL2099000001", None)).await.error(),
        AppError::NotFound
    );

    // An agent takes an unassigned claim for themselves, not for a colleague; once it is
    // theirs, a colleague cannot move it.
    let admin = app.as_admin().await;
    let sun = admin.staff_id("agent.sun").await;
    let assign = |handler_id: Option<i64>| AssignClaim {
        claim_no: claim_no.clone(),
        handler_id,
    };
    assert_eq!(handler.call(assign(Some(sun))).await.error(), AppError::Forbidden);
    handler.call(assign(None)).await.good();
    let colleague = app.signed_in("agent.sun", DEMO_PASSWORD).await;
    colleague.call(advance(&claim_no, None)).await.conflict("not_yours");
    colleague.call(assign(None)).await.conflict("not_yours");

    // A supervisor passes it on, but only to someone of the claims groups.
    let outsider_id = admin.staff_id("agent").await;
    supervisor
        .call(assign(Some(outsider_id)))
        .await
        .invalid("not_a_claims_handler", "handler");
    supervisor.call(assign(Some(sun))).await.good();
    assert_eq!(handler_of(&supervisor, &claim_no).await, Some(sun));
    let moved = colleague.call(advance(&claim_no, None)).await.good();
    assert_eq!(moved.stage, ClaimStage::Dispatched);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'claim.assigned' AND detail LIKE '%{claim_no}%'"
        ))
        .await,
        2
    );
}
