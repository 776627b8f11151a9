//! Tags and notes staff keep about a customer: shown on the customer's page and beside
//! their cases, never to the customer; each change audited; a bounded number of tags, even
//! when two are added at once.

use app::api::console::customers::{AddCustomerNote, Customer360, GetCustomer, TagCustomer};
use app::domain::MAX_TAGS;
use app::error::AppError;

use crate::client::succeeded;
use crate::fixtures::CustomerSpec;
use crate::harness::*;
use crate::on_both;

on_both!(
    tags_and_notes_stay_with_staff_and_are_audited,
    a_customer_carries_a_bounded_number_of_tags_even_when_added_at_once,
);

fn tag(customer_no: &str, tag: &str, remove: bool) -> TagCustomer {
    TagCustomer {
        customer_no: customer_no.into(),
        tag: tag.into(),
        remove,
    }
}

async fn tags_and_notes_stay_with_staff_and_are_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let fixture = app.new_customer(CustomerSpec::default()).await;
    let customer_no = fixture.customer_no.as_str().to_string();
    let customer = fixture.sign_in(&app).await;
    let agent = app.as_agent().await;
    let overview = || Customer360 {
        customer_no: customer_no.clone(),
    };

    agent.call(tag(&customer_no, "  投诉  敏感 ", false)).await.good();
    agent.call(tag(&customer_no, "投诉 敏感", false)).await.good();
    agent.call(tag(&customer_no, "需回访", false)).await.good();
    assert_eq!(
        agent.call(overview()).await.good().profile.tags,
        vec!["投诉 敏感".to_string(), "需回访".to_string()],
        "a tag is kept once, tidied"
    );
    agent.call(tag(&customer_no, "需回访", true)).await.good();
    agent.call(tag(&customer_no, "需回访", true)).await.good();
    assert_eq!(
        agent.call(overview()).await.good().profile.tags,
        vec!["投诉 敏感".to_string()]
    );
    agent
        .call(tag(&customer_no, "", false))
        .await
        .invalid("tag_required", "tag");
    agent
        .call(tag(&customer_no, "这是一个特别特别长的标签名", false))
        .await
        .invalid("tag_too_long", "tag");

    agent
        .call(AddCustomerNote {
            customer_no: customer_no.clone(),
            note: "x".into(),
        })
        .await
        .invalid("customer_note_required", "note");
    for note in ["客户习惯晚上 7 点后接电话。", "上次理赔对时效不满，沟通时先说明进度。"]
    {
        agent
            .call(AddCustomerNote {
                customer_no: customer_no.clone(),
                note: note.into(),
            })
            .await
            .good();
    }
    let notes = agent.call(overview()).await.good().notes;
    assert_eq!(notes.len(), 2);
    assert!(notes[0].body.contains("时效"), "newest first: {notes:?}");
    assert_eq!(notes[0].author, "李静");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('customer.tag', 'customer.untag', 'customer.note')")
            .await,
        // Two tags added (the repeat changed nothing), one removed, two notes.
        5
    );

    // Customers and strangers may not; an unknown customer is not found.
    for (user, expected) in [
        (&customer, AppError::Forbidden),
        (&app.anonymous(), AppError::Unauthenticated),
    ] {
        assert_eq!(user.call(tag(&customer_no, "好客户", false)).await.error(), expected);
        assert_eq!(
            user.call(AddCustomerNote {
                customer_no: customer_no.clone(),
                note: "自己给自己写备注".into(),
            })
            .await
            .error(),
            expected
        );
    }
    assert_eq!(
        agent.call(tag("C0000000001", "好客户", false)).await.error(),
        AppError::NotFound
    );
}

async fn a_customer_carries_a_bounded_number_of_tags_even_when_added_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer_no = app
        .new_customer(CustomerSpec::default())
        .await
        .customer_no
        .as_str()
        .to_string();
    let agent = app.as_agent().await;
    let supervisor = app.as_supervisor().await;
    for n in 1..MAX_TAGS {
        agent.call(tag(&customer_no, &format!("标签{n}"), false)).await.good();
    }
    // One place left, two colleagues take it at once: one gets it.
    let (one, two) = tokio::join!(
        agent.call(tag(&customer_no, "甲", false)),
        supervisor.call(tag(&customer_no, "乙", false))
    );
    let refused = [&one, &two].iter().filter(|r| r.status.as_u16() == 409).count();
    assert_eq!(succeeded([one, two]).len(), 1);
    assert_eq!(refused, 1, "the other is told the tags are full");
    let tags = agent
        .call(GetCustomer {
            customer_no: customer_no.clone(),
        })
        .await
        .good()
        .tags;
    assert_eq!(tags.len() as i64, MAX_TAGS, "{tags:?}");
}
