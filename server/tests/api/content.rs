//! What admins write for customers: knowledge-base articles everyone can search, and
//! announcements published at once or later, told to a segment of customers once each.

use app::api::admin::canned_replies::{DeleteSharedCannedReply, ListSharedCannedReplies, SaveSharedCannedReply};
use app::api::admin::content::{
    AnnouncementAudience, ListAnnouncementSettings, ListArticles, PublishAnnouncement, SaveAnnouncement, SaveArticle,
    WithdrawAnnouncement,
};
use app::api::console::work_orders::SaveCannedReply;
use app::api::portal::notifications::MyNotifications;
use app::api::public::announcements::ListAnnouncements;
use app::api::public::knowledge::{GetHelpArticle, SearchHelp};
use app::backend::{content::announcements, now_ms};
use app::domain::calendar::{HOUR_MS, MINUTE_MS};
use app::domain::{
    format_insurer_time, AnnouncementFields, AnnouncementStatus, ArticleFields, ArticleKind, NotificationKind,
    ProductLine, VipTier,
};
use app::error::AppError;
use app::model::announcements::Announcement;

use crate::client::{call_at, User};
use crate::fixtures::CustomerSpec;
use crate::harness::*;
use crate::on_both;
use crate::process::{sign_in_at, ServerProcess};

on_both!(
    an_article_an_admin_writes_is_found_by_everyone_in_either_language,
    a_bad_article_is_refused_field_by_field_and_nothing_is_written,
    an_announcement_reaches_its_segment_once,
    a_scheduled_announcement_waits_for_its_time_and_is_told_once,
    telling_a_segment_resumes_after_a_crash_where_its_last_batch_ended,
    a_bad_announcement_is_refused_field_by_field,
    only_admins_write_content,
    shared_canned_replies_are_kept_by_admins,
);

/// A change that breaks a form, the error code it must get, and the field it names.
type Case<T> = (fn(&mut T), &'static str, &'static str);

fn article(slug: &str, published: bool) -> ArticleFields {
    ArticleFields {
        slug: slug.into(),
        kind: "product".into(),
        title_zh: "宠物医疗保险".into(),
        title_en: "Pet Medical Cover".into(),
        body_zh: "保障猫狗的门诊和住院费用，每年最高 2 万元。".into(),
        body_en: "Covers vet visits and hospital stays for cats and dogs, up to ¥20,000 a year.".into(),
        published,
    }
}

fn save(id: Option<i64>, fields: ArticleFields) -> SaveArticle {
    SaveArticle { id, article: fields }
}

fn search(query: &str) -> SearchHelp {
    SearchHelp {
        query: query.into(),
        kind: None,
    }
}

async fn an_article_an_admin_writes_is_found_by_everyone_in_either_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let visitor = app.anonymous();
    assert!(visitor.call(search("宠物")).await.good().is_empty());

    let draft = admin.call(save(None, article("pet-medical", false))).await.good();
    assert!(!draft.published);
    assert!(
        visitor.call(search("宠物")).await.good().is_empty(),
        "a draft is not found"
    );
    assert_eq!(
        visitor
            .call(GetHelpArticle {
                slug: "pet-medical".into()
            })
            .await
            .error(),
        AppError::NotFound
    );

    let published = admin
        .call(save(Some(draft.id), article("Pet-Medical", true)))
        .await
        .good();
    assert_eq!(published.slug, "pet-medical");
    for query in ["宠物", "pet", "VET visits", "cats dogs"] {
        let found = visitor.call(search(query)).await.good();
        assert_eq!(found.len(), 1, "{query}: {found:?}");
        assert_eq!(found[0].slug, "pet-medical");
        assert_eq!(found[0].kind, ArticleKind::Product);
    }
    // Found by a word's beginning and by a two-character word inside a sentence; an edit
    // takes the old words out of the index with the old text.
    let finds_it = async |query: &str| {
        let found = visitor.call(search(query)).await.good();
        found.iter().any(|a| a.slug == "pet-medical")
    };
    for query in ["medic", "住院", "费用", "猫狗"] {
        assert!(finds_it(query).await, "{query}");
    }
    let mut edited = article("pet-medical", true);
    edited.body_zh = "保障猫狗的门诊费用，每年最高 2 万元。".into();
    admin.call(save(Some(draft.id), edited)).await.good();
    assert!(!finds_it("住院").await, "住院 left with the old text");
    assert!(finds_it("门诊").await);
    admin
        .call(save(Some(draft.id), article("pet-medical", true)))
        .await
        .good();
    // A customer and an agent search the same published articles.
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    assert_eq!(customer.call(search("pet")).await.good().len(), 1);
    assert_eq!(app.as_agent().await.call(search("宠物")).await.good().len(), 1);
    // Wildcards are searched for as themselves, not as "anything".
    assert!(visitor.call(search("%")).await.good().is_empty());
    assert!(visitor.call(search("_")).await.good().is_empty());
    // Only the kind asked for.
    let guides = visitor
        .call(SearchHelp {
            query: String::new(),
            kind: Some(ArticleKind::Guide),
        })
        .await
        .good();
    assert!(!guides.is_empty() && guides.iter().all(|a| a.kind == ArticleKind::Guide));

    let read = visitor
        .call(GetHelpArticle {
            slug: "pet-medical".into(),
        })
        .await
        .good();
    assert_eq!(read.title_en, "Pet Medical Cover");

    let detail = app
        .text("SELECT detail FROM audit_log WHERE action = 'knowledge.update'")
        .await;
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["before"]["published"], false);
    assert_eq!(detail["after"]["published"], true);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'knowledge.create'")
            .await,
        1
    );
}

async fn a_bad_article_is_refused_field_by_field_and_nothing_is_written(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let articles = admin.call(ListArticles { before: None }).await.good().items.len();
    let audits = app.count("SELECT COUNT(*) FROM audit_log").await;
    let with = |change: fn(&mut ArticleFields)| {
        let mut fields = article("pet-medical", true);
        change(&mut fields);
        save(None, fields)
    };
    let cases: [Case<ArticleFields>; 6] = [
        (|a| a.slug = "宠物".into(), "slug_invalid", "slug"),
        (|a| a.slug = "-pet".into(), "slug_invalid", "slug"),
        (|a| a.kind = "poem".into(), "article_kind_invalid", "kind"),
        (|a| a.title_zh = " ".into(), "title_required", "title_zh"),
        (|a| a.body_en = "Short".into(), "article_body_too_short", "body_en"),
        (
            |a| a.title_en = "Pet\u{202E}Cover".into(),
            "text_hidden_characters",
            "title_en",
        ),
    ];
    for (change, code, field) in cases {
        admin.call(with(change)).await.invalid(code, field);
    }
    // An address another article has (a demo guide's).
    admin
        .call(save(None, article("claim-documents", true)))
        .await
        .conflict("slug_taken");
    // An article that does not exist is not created by editing it.
    assert_eq!(
        admin
            .call(save(Some(999_999), article("pet-medical", true)))
            .await
            .error(),
        AppError::NotFound
    );
    assert_eq!(
        admin.call(ListArticles { before: None }).await.good().items.len(),
        articles
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, audits);
}

fn announcement(segment: &str, publish_at: &str) -> AnnouncementFields {
    AnnouncementFields {
        title_zh: "金卡会员专属健康讲座".into(),
        title_en: "A health talk for Gold members".into(),
        body_zh: "本周六下午在各地分公司举办，欢迎报名。".into(),
        body_en: "This Saturday afternoon at every branch; sign up now.".into(),
        publish_at: publish_at.into(),
        notify: true,
        segment: segment.into(),
    }
}

/// How many announcements the customer's notifications tell of.
async fn announcement_notices(customer: &User<'_>) -> usize {
    customer
        .notifications()
        .await
        .items
        .iter()
        .filter(|n| n.kind == NotificationKind::Announcement)
        .count()
}

async fn an_announcement_reaches_its_segment_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let gold = |line| CustomerSpec {
        vip_tier: VipTier::Gold,
        line,
        ..CustomerSpec::default()
    };
    let gold_a = app.new_customer(gold(ProductLine::Health)).await;
    let gold_b = app.new_customer(gold(ProductLine::Auto)).await;
    let standard = app.new_customer(CustomerSpec::default()).await;
    let admin = app.as_admin().await;
    let visitor = app.anonymous();
    let shown = |list: Vec<Announcement>| list.iter().any(|a| a.title_en.contains("Gold members"));

    let draft = admin
        .call(SaveAnnouncement {
            id: None,
            announcement: announcement("tier:gold", ""),
        })
        .await
        .good();
    assert_eq!(draft.status, AnnouncementStatus::Draft);
    assert!(
        !shown(visitor.call(ListAnnouncements {}).await.good()),
        "a draft is not shown"
    );

    // Before a mass notice the admin is told how many it reaches: the segment, no one else.
    let audience = admin.call(AnnouncementAudience { id: draft.id }).await.good();
    assert_eq!(
        audience,
        app.count("SELECT COUNT(*) FROM customers WHERE vip_tier = 'gold' AND locked_at IS NULL")
            .await
    );
    assert!(audience >= 2, "both new gold members count: {audience}");
    assert_eq!(
        app.as_supervisor()
            .await
            .call(AnnouncementAudience { id: draft.id })
            .await
            .error(),
        AppError::Forbidden
    );

    let published = admin.call(PublishAnnouncement { id: draft.id }).await.good();
    assert_eq!(published.status, AnnouncementStatus::Published);
    assert!(shown(visitor.call(ListAnnouncements {}).await.good()));
    assert_eq!(
        admin.call(AnnouncementAudience { id: draft.id }).await.error(),
        AppError::NotFound,
        "published: no longer a draft to confirm"
    );
    for member in [&gold_a, &gold_b] {
        let member = member.sign_in(&app).await;
        assert_eq!(announcement_notices(&member).await, 1);
        let notifications = member.call(MyNotifications { before: None }).await.good();
        let notification = notifications
            .items
            .iter()
            .find(|n| n.kind == NotificationKind::Announcement)
            .unwrap();
        assert!(
            notification
                .params
                .contains(&("title_zh".to_string(), "金卡会员专属健康讲座".to_string())),
            "{notification:?}"
        );
    }
    assert_eq!(
        announcement_notices(&standard.sign_in(&app).await).await,
        0,
        "not in the segment"
    );
    // An SMS for each member of the segment (their default channel), none for the others.
    let texts =
        |phone: &str| format!("SELECT COUNT(*) FROM outbox WHERE recipient = '{phone}' AND body LIKE '%健康讲座%'");
    assert_eq!(app.count(&texts(gold_a.phone.as_str())).await, 1);
    assert_eq!(app.count(&texts(standard.phone.as_str())).await, 0);

    // Publishing again (a double click, a replay) tells nobody twice; nor does a sweep.
    admin
        .call(PublishAnnouncement { id: draft.id })
        .await
        .conflict("announcement_not_draft");
    announcements::sweep_due(&app.app_state.db, now_ms()).await.unwrap();
    assert_eq!(announcement_notices(&gold_a.sign_in(&app).await).await, 1);
    let listed = admin.call(ListAnnouncementSettings {}).await.good();
    let row = listed.iter().find(|a| a.id == draft.id).unwrap();
    assert!(row.notified >= 2, "{row:?}");
    // A published announcement no longer changes; it can be withdrawn, once.
    admin
        .call(SaveAnnouncement {
            id: Some(draft.id),
            announcement: announcement("all", ""),
        })
        .await
        .conflict("announcement_not_draft");
    let withdrawn = admin.call(WithdrawAnnouncement { id: draft.id }).await.good();
    assert_eq!(withdrawn.status, AnnouncementStatus::Withdrawn);
    assert!(!shown(visitor.call(ListAnnouncements {}).await.good()));
    admin
        .call(WithdrawAnnouncement { id: draft.id })
        .await
        .conflict("announcement_not_published");
    for action in ["announcement.create", "announcement.publish", "announcement.withdraw"] {
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"))
                .await,
            1,
            "{action}"
        );
    }
}

async fn a_scheduled_announcement_waits_for_its_time_and_is_told_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let member = app
        .new_customer(CustomerSpec {
            vip_tier: VipTier::Gold,
            ..CustomerSpec::default()
        })
        .await;
    let admin = app.as_admin().await;
    let customer = member.sign_in(&app).await;
    let later = format_insurer_time(now_ms() + 2 * HOUR_MS);
    let draft = admin
        .call(SaveAnnouncement {
            id: None,
            announcement: announcement("tier:gold", &later),
        })
        .await
        .good();
    let scheduled = admin.call(PublishAnnouncement { id: draft.id }).await.good();
    assert_eq!(scheduled.status, AnnouncementStatus::Published);
    assert!(scheduled.publish_at.unwrap() > now_ms() + HOUR_MS);
    assert!(scheduled.notified_at.is_none());
    assert!(!app
        .anonymous()
        .call(ListAnnouncements {})
        .await
        .good()
        .iter()
        .any(|a| a.id == draft.id));
    let db = &app.app_state.db;
    assert_eq!(announcements::sweep_due(db, now_ms()).await.unwrap(), 0, "not yet");
    assert_eq!(announcement_notices(&customer).await, 0);

    // Its time comes: two sweeps at once (two processes) tell each customer once.
    let due = now_ms() + 2 * HOUR_MS + MINUTE_MS;
    let (a, b) = tokio::join!(announcements::sweep_due(db, due), announcements::sweep_due(db, due));
    assert_eq!(a.unwrap() + b.unwrap(), 1, "told by one sweep");
    assert_eq!(announcement_notices(&customer).await, 1);
    assert_eq!(announcements::sweep_due(db, due).await.unwrap(), 0);
}

async fn telling_a_segment_resumes_after_a_crash_where_its_last_batch_ended(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for _ in 0..4 {
        app.new_customer(CustomerSpec::default()).await;
    }
    let admin = app.as_admin().await;
    let draft = admin
        .call(SaveAnnouncement {
            id: None,
            announcement: announcement("all", ""),
        })
        .await
        .good();
    admin.call(PublishAnnouncement { id: draft.id }).await.good();
    let everyone = app
        .count("SELECT COUNT(*) FROM customers WHERE locked_at IS NULL")
        .await;
    let told = |extra: &str| {
        format!(
            "SELECT COUNT(*) FROM notifications WHERE kind = 'announcement' AND dedup_key = 'announcement:{}' {extra}",
            draft.id
        )
    };
    assert_eq!(
        app.count(&told("")).await,
        everyone,
        "publishing told the whole segment"
    );
    let texts = "SELECT COUNT(*) FROM outbox WHERE body LIKE '%健康讲座%'";
    let texted = app.count(texts).await;
    assert!(texted > 0);

    // A crash after the batches up to the middle customer committed: the later customers
    // were never told, and the announcement is not marked told.
    let middle = app
        .count("SELECT MIN(id) + (MAX(id) - MIN(id)) / 2 FROM customers")
        .await;
    app.execute(&format!(
        "DELETE FROM outbox WHERE body LIKE '%健康讲座%' AND recipient IN \
         (SELECT phone FROM customers WHERE id > {middle})"
    ))
    .await;
    app.execute(&format!(
        "DELETE FROM notifications WHERE kind = 'announcement' AND customer_id > {middle}"
    ))
    .await;
    app.execute(&format!(
        "UPDATE announcements SET notified_at = NULL, told_through = {middle}, \
         told = (SELECT COUNT(*) FROM customers WHERE id <= {middle} AND locked_at IS NULL) WHERE id = {}",
        draft.id
    ))
    .await;
    assert!(app.count(&told("")).await < everyone);

    // The sweep goes on from the middle: everyone told once, nobody texted twice.
    let db = &app.app_state.db;
    assert_eq!(announcements::sweep_due(db, now_ms()).await.unwrap(), 1);
    assert_eq!(app.count(&told("")).await, everyone);
    assert_eq!(app.count(texts).await, texted, "the first half is not texted again");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM (SELECT recipient FROM outbox WHERE body LIKE '%健康讲座%' GROUP BY recipient HAVING COUNT(*) > 1) t")
            .await,
        0
    );
    let listed = admin.call(ListAnnouncementSettings {}).await.good();
    let row = listed.iter().find(|a| a.id == draft.id).unwrap();
    assert_eq!(row.notified, everyone, "the count kept beside the announcement");
    assert!(row.notified_at.is_some());
    assert_eq!(announcements::sweep_due(db, now_ms()).await.unwrap(), 0, "told already");
}

async fn a_bad_announcement_is_refused_field_by_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let before = admin.call(ListAnnouncementSettings {}).await.good();
    let with = |change: fn(&mut AnnouncementFields)| {
        let mut fields = announcement("all", "");
        change(&mut fields);
        SaveAnnouncement {
            id: None,
            announcement: fields,
        }
    };
    let cases: [Case<AnnouncementFields>; 5] = [
        (|a| a.title_en = String::new(), "title_required", "title_en"),
        (
            |a| a.body_zh = "x".repeat(2001),
            "announcement_body_too_long",
            "body_zh",
        ),
        (
            |a| a.publish_at = "2020-01-01T08:00".into(),
            "publish_at_past",
            "publish_at",
        ),
        (
            |a| a.publish_at = "next week".into(),
            "publish_at_invalid",
            "publish_at",
        ),
        (|a| a.segment = "tier:diamond".into(), "segment_invalid", "segment"),
    ];
    for (change, code, field) in cases {
        admin.call(with(change)).await.invalid(code, field);
    }
    assert_eq!(
        admin.call(PublishAnnouncement { id: 999_999 }).await.error(),
        AppError::NotFound
    );
    assert_eq!(admin.call(ListAnnouncementSettings {}).await.good(), before);
}

async fn only_admins_write_content(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let articles = admin.call(ListArticles { before: None }).await.good();
    let announcements = admin.call(ListAnnouncementSettings {}).await.good();
    let anonymous = app.anonymous();
    assert_eq!(
        anonymous.call(save(None, article("pet-medical", true))).await.error(),
        AppError::Unauthenticated
    );
    for user in [
        app.new_customer(CustomerSpec::default()).await.sign_in(&app).await,
        app.as_agent().await,
        app.as_supervisor().await,
    ] {
        assert_eq!(
            user.call(save(None, article("pet-medical", true))).await.error(),
            AppError::Forbidden
        );
        assert_eq!(
            user.call(ListArticles { before: None }).await.error(),
            AppError::Forbidden
        );
        assert_eq!(
            user.call(ListAnnouncementSettings {}).await.error(),
            AppError::Forbidden
        );
        assert_eq!(
            user.call(SaveAnnouncement {
                id: None,
                announcement: announcement("all", "")
            })
            .await
            .error(),
            AppError::Forbidden
        );
        assert_eq!(
            user.call(PublishAnnouncement { id: 1 }).await.error(),
            AppError::Forbidden
        );
        assert_eq!(
            user.call(WithdrawAnnouncement { id: 1 }).await.error(),
            AppError::Forbidden
        );
    }
    assert_eq!(admin.call(ListArticles { before: None }).await.good(), articles);
    assert_eq!(admin.call(ListAnnouncementSettings {}).await.good(), announcements);
}

/// Two admins publishing the same announcement at once on two server processes: it is
/// published once, and each customer of its segment told once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_on_two_processes_at_once_tells_each_customer_once() {
    let database = TestDatabase::create(Backend::Postgres).await;
    let (a, b) = ServerProcess::pair(&database);
    let client = reqwest::Client::new();
    let admin_a = sign_in_at(&client, &a.base, "admin").await;
    let admin_b = sign_in_at(&client, &b.base, "admin").await;
    let draft = call_at(
        &client,
        &a.base,
        Some(&admin_a),
        SaveAnnouncement {
            id: None,
            announcement: announcement("all", ""),
        },
    )
    .await
    .good();
    let (first, second) = tokio::join!(
        call_at(&client, &a.base, Some(&admin_a), PublishAnnouncement { id: draft.id }),
        call_at(&client, &b.base, Some(&admin_b), PublishAnnouncement { id: draft.id }),
    );
    let statuses = [first.status, second.status];
    assert_eq!(
        statuses.iter().filter(|s| s.is_success()).count(),
        1,
        "one publishes, the other is told it was: {} / {}",
        first.text,
        second.text
    );
    assert!(statuses.contains(&reqwest::StatusCode::CONFLICT), "{statuses:?}");
    let pool = app::backend::Db::connect(&database.url, 2).await.unwrap().pool;
    let repeated: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT customer_id FROM notifications WHERE kind = 'announcement' \
         GROUP BY customer_id HAVING COUNT(*) > 1) AS twice",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(repeated, 0);
    let told: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'announcement'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let customers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers WHERE locked_at IS NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(told, customers);
}

async fn shared_canned_replies_are_kept_by_admins(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.as_admin().await;
    let before = admin.call(ListSharedCannedReplies {}).await.good();
    let save = |id, body: &str, status: &str| SaveSharedCannedReply {
        id,
        title: "理赔材料清单".into(),
        body: body.into(),
        sets_status: status.into(),
    };
    admin
        .call(save(None, "您好 {customer_name}，请补充 {policy_holder}", ""))
        .await
        .invalid("placeholder_unknown", "body");
    admin
        .call(save(None, "您好", "open"))
        .await
        .invalid("status_invalid", "sets_status");
    let created = admin
        .call(save(
            None,
            "您好 {customer_name}，工单 {order_no} 需要补充发票。",
            "awaiting_customer",
        ))
        .await
        .good();
    assert_eq!(
        created.sets_status,
        Some(app::domain::WorkOrderStatus::AwaitingCustomer)
    );
    let edited = admin
        .call(save(Some(created.id), "您好 {customer_name}，请补充发票。", ""))
        .await
        .good();
    assert_eq!(edited.sets_status, None);
    assert_eq!(
        admin.call(ListSharedCannedReplies {}).await.good().len(),
        before.len() + 1
    );

    // An agent's own canned reply is theirs: not an admin's to change or delete here.
    let agent = app.as_agent().await;
    let own = agent
        .call(SaveCannedReply {
            title: "我的常用语".into(),
            body: "稍等，我查一下。".into(),
            sets_status: None,
        })
        .await
        .good();
    assert_eq!(
        admin.call(DeleteSharedCannedReply { id: own }).await.error(),
        AppError::NotFound
    );
    assert_eq!(
        admin.call(save(Some(own), "改掉", "")).await.error(),
        AppError::NotFound
    );
    assert_eq!(
        agent.call(ListSharedCannedReplies {}).await.error(),
        AppError::Forbidden
    );
    assert_eq!(
        agent.call(DeleteSharedCannedReply { id: created.id }).await.error(),
        AppError::Forbidden
    );

    admin.call(DeleteSharedCannedReply { id: created.id }).await.good();
    assert_eq!(admin.call(ListSharedCannedReplies {}).await.good().len(), before.len());
    for action in [
        "canned_reply.shared_create",
        "canned_reply.shared_update",
        "canned_reply.shared_delete",
    ] {
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"))
                .await,
            1,
            "{action}"
        );
    }
}
