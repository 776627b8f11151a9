//! Admins manage staff accounts: a one-time password the person must replace, edits with
//! their audit, deactivation that ends sessions in every process, and the access matrix.

use reqwest::StatusCode;

use app::api::admin::audit::ReadAuditLog;
use app::api::admin::members::SetMemberLocked;
use app::api::admin::rewards::{ListRewardSettings, UpdateReward};
use app::api::admin::staff::{
    CreateStaffAccount, ListStaffAccounts, ReadAccessMatrix, ResetStaffPassword, SetStaffActive, UpdateStaffAccount,
};
use app::api::console::customers::FindCustomers;
use app::api::portal::points::MyPoints;
use app::api::public::auth::{ChangePassword, WhoAmI};
use app::domain::{Capability, Role, StaffFields};
use app::error::AppError;
use app::model::admin::{AuditFilter, StaffForm};
use app::model::auth::Me;

use crate::client::{call_at, User};
use crate::fixtures::CustomerSpec;
use crate::harness::*;
use crate::on_both;
use crate::process::{sign_in_at, ServerProcess};

on_both!(
    an_admin_creates_an_agent_who_must_replace_the_one_time_password,
    bad_staff_forms_are_refused_field_by_field_and_nothing_is_written,
    only_admins_manage_staff_and_every_change_is_audited_with_before_and_after,
    the_access_matrix_is_what_the_guards_decide,
    an_admin_sets_a_rewards_price_and_stock_and_customers_see_it_at_once,
    the_audit_log_is_filtered_and_exported_as_csv,
);

fn form(username: &str, role: Role, groups: &[&str]) -> StaffForm {
    StaffForm {
        fields: StaffFields {
            username: username.into(),
            display_name: "周敏".into(),
            capacity: "10".into(),
            claim_limit: String::new(),
        },
        role,
        skill_groups: groups.iter().map(|g| g.to_string()).collect(),
    }
}

/// A change to a good form, and the error code and field it must cause.
type Case<'a> = (&'a dyn Fn(&mut StaffForm), &'a str, &'a str);

/// How many staff accounts the admin's staff list shows (`admin` must be an admin).
async fn staff_count(admin: &User<'_>) -> usize {
    admin
        .call(ListStaffAccounts { before: None })
        .await
        .good()
        .accounts
        .len()
}

async fn an_admin_creates_an_agent_who_must_replace_the_one_time_password(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let groups = admin.call(ListStaffAccounts { before: None }).await.good().skill_groups;
    let group = groups.first().expect("the demo has skill groups").code.clone();

    let issued = admin
        .call(CreateStaffAccount {
            form: form(" Agent.NewHire ", Role::Agent, &[&group]),
        })
        .await
        .good();
    let account = &issued.account;
    assert_eq!(account.username, "agent.newhire", "kept lower-case and trimmed");
    assert_eq!(account.role, Role::Agent);
    assert_eq!(account.skill_groups, vec![group]);
    assert!(account.must_change_password && account.active);
    assert_eq!(issued.one_time_password.len(), 12);
    let stored: String = app
        .text(&format!("SELECT password_hash FROM staff WHERE id = {}", account.id))
        .await;
    assert!(stored.starts_with("$argon2id$"), "hashed, never kept in the clear");

    // Signed in with it, the person can do nothing but choose their own.
    let agent: User<'_> = app.signed_in("agent.newhire", &issued.one_time_password).await;
    let me = agent.call(WhoAmI {}).await.good();
    assert!(
        matches!(
            me,
            Some(Me::Staff {
                must_change_password: true,
                ..
            })
        ),
        "{me:?}"
    );
    agent
        .call(FindCustomers {
            query: "陈晓明".into()
        })
        .await
        .conflict("password_change_required");
    agent
        .call(ChangePassword {
            current_password: issued.one_time_password.clone(),
            new_password: "my-own-pass-2026".into(),
        })
        .await
        .good();
    // The change gave this browser a fresh session; sign in again with the new password.
    let agent = app.signed_in("agent.newhire", "my-own-pass-2026").await;
    assert!(matches!(
        agent.call(WhoAmI {}).await.good(),
        Some(Me::Staff {
            must_change_password: false,
            ..
        })
    ));
    agent
        .call(FindCustomers {
            query: "陈晓明".into()
        })
        .await
        .good();
}

async fn bad_staff_forms_are_refused_field_by_field_and_nothing_is_written(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let before = staff_count(&admin).await;
    let audits = app.count("SELECT COUNT(*) FROM audit_log").await;
    let with = |change: &dyn Fn(&mut StaffForm)| {
        let mut form = form("agent.qian", Role::Agent, &[]);
        change(&mut form);
        CreateStaffAccount { form }
    };
    let cases: [Case<'_>; 6] = [
        (&|f| f.fields.username = "9lives".into(), "username_invalid", "username"),
        (
            &|f| f.fields.display_name = "  ".into(),
            "display_name_required",
            "display_name",
        ),
        (&|f| f.fields.capacity = "0".into(), "capacity_invalid", "capacity"),
        (&|f| f.fields.capacity = "many".into(), "capacity_invalid", "capacity"),
        (
            &|f| f.fields.claim_limit = "0".into(),
            "claim_limit_invalid",
            "claim_limit",
        ),
        (
            &|f| f.skill_groups = vec!["no_such_group".into()],
            "skill_group_unknown",
            "skill_groups",
        ),
    ];
    for (change, code, field) in cases {
        admin.call(with(change)).await.invalid(code, field);
    }
    // A sign-in name another account has.
    admin
        .call(with(&|f| f.fields.username = "agent".into()))
        .await
        .conflict("username_taken");
    assert_eq!(staff_count(&admin).await, before, "nothing written");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, audits);

    // An admin cannot lock themselves out by mistake.
    let me = admin.staff_id("admin").await;
    admin
        .call(SetStaffActive {
            staff_id: me,
            active: false,
        })
        .await
        .conflict("cannot_deactivate_self");
    let mut demote = form("admin", Role::Agent, &[]);
    demote.fields.display_name = "管理员".into();
    admin
        .call(UpdateStaffAccount {
            staff_id: me,
            form: demote,
        })
        .await
        .conflict("cannot_demote_self");
    // Someone who is not there.
    assert_eq!(
        admin
            .call(SetStaffActive {
                staff_id: 999_999,
                active: false
            })
            .await
            .error(),
        AppError::NotFound
    );
}

async fn only_admins_manage_staff_and_every_change_is_audited_with_before_and_after(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let before = staff_count(&admin).await;
    let create = || CreateStaffAccount {
        form: form("agent.sun2", Role::Agent, &[]),
    };
    assert_eq!(app.anonymous().call(create()).await.error(), AppError::Unauthenticated);
    assert_eq!(
        app.anonymous().call(ListStaffAccounts { before: None }).await.error(),
        AppError::Unauthenticated
    );
    for user in [
        app.new_customer(CustomerSpec::default()).await.sign_in(&app).await,
        app.as_agent().await,
        app.as_supervisor().await,
    ] {
        assert_eq!(user.call(create()).await.error(), AppError::Forbidden);
        assert_eq!(
            user.call(ListStaffAccounts { before: None }).await.error(),
            AppError::Forbidden
        );
        assert_eq!(user.call(ReadAccessMatrix {}).await.error(), AppError::Forbidden);
        assert_eq!(
            user.call(ResetStaffPassword { staff_id: 1 }).await.error(),
            AppError::Forbidden
        );
    }
    assert_eq!(staff_count(&admin).await, before);

    let created = admin.call(create()).await.good().account;
    let mut changed = form("agent.sun2", Role::Supervisor, &[]);
    changed.fields.capacity = "20".into();
    changed.fields.claim_limit = "80000".into();
    let updated = admin
        .call(UpdateStaffAccount {
            staff_id: created.id,
            form: changed,
        })
        .await
        .good();
    assert_eq!(updated.role, Role::Supervisor);
    assert_eq!(updated.capacity, 20);
    assert_eq!(updated.claim_limit.map(|m| m.fen()), Some(8_000_000));
    let detail: String = app
        .text("SELECT detail FROM audit_log WHERE action = 'staff.update' ORDER BY id DESC LIMIT 1")
        .await;
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["before"]["role"], "agent");
    assert_eq!(detail["after"]["role"], "supervisor");
    assert_eq!(detail["after"]["claim_limit_fen"], 8_000_000);

    let reset = admin.call(ResetStaffPassword { staff_id: created.id }).await.good();
    assert!(reset.account.must_change_password);
    let deactivated = admin
        .call(SetStaffActive {
            staff_id: created.id,
            active: false,
        })
        .await
        .good();
    assert!(!deactivated.active);
    let actions = app
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'staff.%' AND detail LIKE '%\"staff_id\":{}%'",
            created.id
        ))
        .await;
    assert_eq!(actions, 4, "create, update, reset, deactivate");
    // A deactivated account cannot sign in.
    let answer = app
        .call(
            "auth/sign_in",
            &[
                ("account", "agent.sun2"),
                ("password", reset.one_time_password.as_str()),
            ],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

async fn the_access_matrix_is_what_the_guards_decide(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let matrix = app.as_admin().await.call(ReadAccessMatrix {}).await.good();
    assert_eq!(matrix.roles, [Role::Agent, Role::Supervisor, Role::Admin]);
    assert_eq!(matrix.rows.len(), Capability::ALL.len());
    let row = |c: Capability| matrix.rows.iter().find(|r| r.capability == c).unwrap().allowed.clone();
    assert_eq!(row(Capability::WorkDesk), [true, true, true]);
    assert_eq!(row(Capability::ApproveLargePayouts), [false, true, true]);
    assert_eq!(row(Capability::ManageStaff), [false, false, true]);
    // And the guard agrees: a supervisor was refused staff management above.
}

/// Deactivating someone ends their session at its next request, on another server process
/// too (two processes on one PostgreSQL, as behind a load balancer).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deactivating_staff_ends_their_session_on_another_process() {
    let database = TestDatabase::create(Backend::Postgres).await;
    let (a, b) = ServerProcess::pair(&database);
    let client = reqwest::Client::new();
    let agent = sign_in_at(&client, &b.base, "agent.wang").await;
    let admin = sign_in_at(&client, &a.base, "admin").await;
    let find = || FindCustomers {
        query: "陈晓明".into()
    };
    call_at(&client, &b.base, Some(&agent), find()).await.good();

    let directory = call_at(&client, &a.base, Some(&admin), ListStaffAccounts { before: None })
        .await
        .good();
    let wang = directory
        .accounts
        .iter()
        .find(|s| s.username == "agent.wang")
        .unwrap()
        .id;
    call_at(
        &client,
        &a.base,
        Some(&admin),
        SetStaffActive {
            staff_id: wang,
            active: false,
        },
    )
    .await
    .good();
    assert_eq!(
        call_at(&client, &b.base, Some(&agent), find()).await.error(),
        AppError::Unauthenticated,
        "the next request on the other process finds the session ended"
    );
}

async fn an_admin_sets_a_rewards_price_and_stock_and_customers_see_it_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let rewards = admin.call(ListRewardSettings {}).await.good();
    let reward = rewards.iter().find(|r| r.code == "jd-ecard-20").unwrap().clone();
    let update = |price: &str, stock: &str, active: bool| UpdateReward {
        code: "jd-ecard-20".into(),
        points_price: price.into(),
        stock: stock.into(),
        active,
    };

    // Bad values, field by field, and nothing changes.
    let audits = app.count("SELECT COUNT(*) FROM audit_log").await;
    admin
        .call(update("0", "5", true))
        .await
        .invalid("reward_price_invalid", "points_price");
    admin
        .call(update("100", "-1", true))
        .await
        .invalid("reward_stock_invalid", "stock");
    admin
        .call(update("abc", "1", true))
        .await
        .invalid("reward_price_invalid", "points_price");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, audits);
    let unknown = UpdateReward {
        code: "no-such-reward".into(),
        ..update("10", "1", true)
    };
    assert_eq!(admin.call(unknown).await.error(), AppError::NotFound);

    // Sold out: the customer's mall says so at once.
    let changed = admin.call(update("２５０", "0", true)).await.good();
    assert_eq!((changed.points_price, changed.stock), (250, 0));
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let mall = customer.call(MyPoints {}).await.good().rewards;
    let seen = mall.iter().find(|r| r.code == "jd-ecard-20").unwrap();
    assert!(!seen.in_stock);
    assert_eq!(seen.points, 250);
    // Withdrawn: not offered at all.
    admin.call(update("250", "10", false)).await.good();
    let mall = customer.call(MyPoints {}).await.good().rewards;
    assert!(mall.iter().all(|r| r.code != "jd-ecard-20"));
    let detail = app
        .text("SELECT detail FROM audit_log WHERE action = 'reward.update' ORDER BY id DESC LIMIT 1")
        .await;
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["before"]["active"], true);
    assert_eq!(detail["after"]["active"], false);
    assert_eq!(detail["before"]["points_price"], 250);
    assert_ne!(reward.points_price, 250, "the price did change");

    // Only admins.
    for user in [
        app.new_customer(CustomerSpec::default()).await.sign_in(&app).await,
        app.as_agent().await,
        app.as_supervisor().await,
    ] {
        assert_eq!(user.call(ListRewardSettings {}).await.error(), AppError::Forbidden);
        assert_eq!(user.call(update("1", "1", true)).await.error(), AppError::Forbidden);
    }
}

async fn the_audit_log_is_filtered_and_exported_as_csv(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let member = app.new_customer(CustomerSpec::default()).await;
    let no = member.customer_no.as_str().to_string();
    let admin = app.as_admin().await;
    for locked in [true, false] {
        admin
            .call(SetMemberLocked {
                customer_no: no.clone(),
                locked,
                reason: "客户来电要求，\"核实\"后处理".into(),
            })
            .await
            .good();
    }
    // An agent's look-up of the same customer is there too.
    app.as_agent()
        .await
        .call(FindCustomers { query: no.clone() })
        .await
        .good();

    let read = |filter: AuditFilter| ReadAuditLog { filter, before: None };
    let by_customer = admin
        .call(read(AuditFilter {
            customer_no: no.clone(),
            ..AuditFilter::default()
        }))
        .await
        .good()
        .items;
    let actions: Vec<&str> = by_customer.iter().map(|r| r.action.as_str()).collect();
    assert!(
        actions.contains(&"member.lock") && actions.contains(&"member.unlock"),
        "{actions:?}"
    );
    assert!(by_customer
        .iter()
        .all(|r| r.customer_no.as_deref() == Some(no.as_str())));
    assert!(by_customer.windows(2).all(|w| w[0].at >= w[1].at), "newest first");
    let members_only = admin
        .call(read(AuditFilter {
            customer_no: no.clone(),
            action: "member".into(),
            staff: "admin".into(),
            ..AuditFilter::default()
        }))
        .await
        .good()
        .items;
    assert_eq!(members_only.len(), 2, "{members_only:?}");
    assert!(members_only.iter().all(|r| r.staff_username == "admin"));
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let dated = admin
        .call(read(AuditFilter {
            customer_no: no.clone(),
            from: "2000-01-01".into(),
            to: "2000-01-02".into(),
            ..AuditFilter::default()
        }))
        .await
        .good()
        .items;
    assert!(dated.is_empty(), "nothing that long ago: {dated:?} (today {today})");

    // Bad filters, field by field.
    let bad = |f: AuditFilter| read(f);
    admin
        .call(bad(AuditFilter {
            from: "2026-13-01".into(),
            ..AuditFilter::default()
        }))
        .await
        .invalid("date_invalid", "from");
    admin
        .call(bad(AuditFilter {
            from: "2026-12-05".into(),
            to: "2026-12-01".into(),
            ..AuditFilter::default()
        }))
        .await
        .invalid("date_range_invalid", "to");
    admin
        .call(bad(AuditFilter {
            action: "member'; DROP".into(),
            ..AuditFilter::default()
        }))
        .await
        .invalid("action_invalid", "action");

    // The CSV: the same entries, quotes doubled, a byte-order mark for spreadsheets.
    let (status, headers, body) = admin
        .get(&format!("/api/admin/audit.csv?customer_no={no}&action=member"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = String::from_utf8(body).unwrap();
    assert!(text.starts_with("\u{feff}at_utc,staff,"), "{text}");
    assert_eq!(text.lines().count(), 3, "the header and two entries: {text}");
    // The reason's quotes, escaped in the JSON detail, then doubled by the CSV.
    assert!(text.contains(r#"\""核实\"""#), "quotes doubled: {text}");
    assert!(text.contains("\"127.0.0.1\""), "from where: {text}");

    // Only admins.
    for user in [
        app.new_customer(CustomerSpec::default()).await.sign_in(&app).await,
        app.as_agent().await,
        app.as_supervisor().await,
    ] {
        assert_eq!(
            user.call(read(AuditFilter::default())).await.error(),
            AppError::Forbidden
        );
        let (status, _, _) = user.get("/api/admin/audit.csv").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
