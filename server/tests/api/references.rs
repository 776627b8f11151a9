//! What a work order points to: links between related work orders, merges of duplicates
//! (the customer sees one thread), and call recordings. Who may, and what happens when two
//! staff do it at once.

use app::api::console::work_orders::{AttachRecording, GetWorkOrder, LinkWorkOrders, MergeWorkOrder};
use app::api::portal::work_orders::{GetMyWorkOrder, ListMyWorkOrders, OpenWorkOrder, ReplyToWorkOrder};
use app::domain::WorkOrderStatus;
use app::error::AppError;
use app::model::work_orders::WorkOrderForm;

use crate::claims::request_key;
use crate::client::{succeeded, User};
use crate::fixtures::CustomerSpec;
use crate::harness::*;
use crate::on_both;

on_both!(
    linked_work_orders_list_each_other_and_link_once,
    a_merged_duplicate_leaves_the_customer_one_thread,
    two_opposite_merges_at_once_never_point_at_each_other,
    a_call_recording_is_attached_once_and_checked,
);

async fn open(customer: &User<'_>, subject: &str, message: &str) -> String {
    let form = WorkOrderForm {
        kind: "consultation".into(),
        subject: subject.into(),
        message: message.into(),
        request_key: request_key(),
        ..WorkOrderForm::default()
    };
    customer.call(OpenWorkOrder { form }).await.good().summary.order_no
}

fn link(order_no: &str, other_no: &str) -> LinkWorkOrders {
    LinkWorkOrders {
        order_no: order_no.into(),
        other_no: other_no.into(),
    }
}

fn merge(order_no: &str, into_no: &str) -> MergeWorkOrder {
    MergeWorkOrder {
        order_no: order_no.into(),
        into_no: into_no.into(),
    }
}

async fn linked_work_orders_list_each_other_and_link_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let supervisor = app.as_supervisor().await;
    let a = open(&customer, "保单贷款怎么办理", "想了解一下保单贷款的额度。").await;
    let b = open(&customer, "贷款利率是多少", "保单贷款的利率怎么算？").await;

    supervisor.call(link(&a, &b)).await.good();
    for (this, other) in [(&a, &b), (&b, &a)] {
        let detail = supervisor.call(GetWorkOrder { order_no: this.clone() }).await.good();
        assert_eq!(detail.related.len(), 1, "{this} lists the other");
        assert_eq!(&detail.related[0].order_no, other);
        assert!(!detail.related[0].merged);
        assert_eq!(detail.related[0].by.as_deref(), Some("赵海燕"));
    }
    // Either way round, it is the same link.
    supervisor.call(link(&b, &a)).await.conflict("already_linked");
    supervisor
        .call(link(&a, &a))
        .await
        .invalid("other_order_same", "other_no");
    supervisor
        .call(link(&a, "WO2099999999"))
        .await
        .invalid("other_order_unknown", "other_no");
    supervisor
        .call(link(&a, "not-a-number"))
        .await
        .invalid("other_order_unknown", "other_no");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'work_order.link'")
            .await,
        1
    );

    // Customers may not; an agent may not reach work outside their groups.
    assert_eq!(customer.call(link(&a, &b)).await.error(), AppError::Forbidden);
    assert_eq!(
        app.anonymous().call(link(&a, &b)).await.error(),
        AppError::Unauthenticated
    );
    let wang = app.as_claims_agent().await;
    assert_eq!(wang.call(link(&a, &b)).await.error(), AppError::NotFound);
}

async fn a_merged_duplicate_leaves_the_customer_one_thread(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let other_customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let supervisor = app.as_supervisor().await;
    let kept = open(&customer, "缴费日期能否调整", "能不能把扣费日改到每月 10 号？").await;
    let duplicate = open(&customer, "扣费日想改一下", "扣费日能改到 10 号吗？工资月初才到。").await;
    customer
        .call(ReplyToWorkOrder {
            order_no: duplicate.clone(),
            message: "补充一下：是尾号 8000 的那张保单。".into(),
        })
        .await
        .good();
    let elsewhere = open(&other_customer, "扣费日", "我也想改扣费日。").await;

    supervisor
        .call(merge(&duplicate, &elsewhere))
        .await
        .invalid("merge_other_customer", "other_no");
    supervisor.call(merge(&duplicate, &kept)).await.good();

    // The customer: one work order in the list, with all three messages in one thread; the
    // old number leads to it.
    let list = customer.call(ListMyWorkOrders { before: None }).await.good().items;
    let numbers: Vec<&str> = list.iter().map(|w| w.order_no.as_str()).collect();
    assert!(
        numbers.contains(&kept.as_str()) && !numbers.contains(&duplicate.as_str()),
        "{numbers:?}"
    );
    let thread = customer
        .call(GetMyWorkOrder {
            order_no: duplicate.clone(),
        })
        .await
        .good();
    assert_eq!(thread.summary.order_no, kept);
    let bodies: Vec<&str> = thread.messages.iter().map(|m| m.body.as_str()).collect();
    assert!(bodies.iter().any(|b| b.contains("尾号 8000")), "{bodies:?}");
    assert_eq!(bodies.len(), 3, "{bodies:?}");

    // Staff: the duplicate is closed and gone from the desk; the one kept shows it merged in.
    assert_eq!(
        supervisor
            .call(GetWorkOrder {
                order_no: duplicate.clone()
            })
            .await
            .error(),
        AppError::NotFound
    );
    let detail = supervisor.call(GetWorkOrder { order_no: kept.clone() }).await.good();
    assert!(detail
        .related
        .iter()
        .any(|r| r.order_no == duplicate && r.merged && r.status == WorkOrderStatus::Closed));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM work_orders WHERE order_no = '{duplicate}' AND resolution_code = 'duplicate'"
        ))
        .await,
        1
    );
    // A reply to the old number, sent a moment too late, is not lost on it: it is refused.
    assert_eq!(
        customer
            .call(ReplyToWorkOrder {
                order_no: duplicate.clone(),
                message: "还有一个问题。".into(),
            })
            .await
            .error(),
        AppError::NotFound
    );
    // Nothing is merged into a finished work order.
    let another = open(&customer, "扣费日再问一次", "扣费日改了吗？").await;
    app.execute(&format!(
        "UPDATE work_orders SET status = 'closed' WHERE order_no = '{kept}'"
    ))
    .await;
    supervisor
        .call(merge(&another, &kept))
        .await
        .invalid("merge_into_finished", "other_no");
    // Merging it again finds nothing to merge.
    assert_eq!(
        supervisor.call(merge(&duplicate, &kept)).await.error(),
        AppError::NotFound
    );
    assert_eq!(
        customer.call(merge(&kept, &duplicate)).await.error(),
        AppError::Forbidden
    );
}

async fn two_opposite_merges_at_once_never_point_at_each_other(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let supervisor = app.as_supervisor().await;
    let admin = app.as_admin().await;
    let a = open(&customer, "变更联系电话", "我换了手机号码。").await;
    let b = open(&customer, "手机号换了", "请把联系电话改成新号码。").await;

    let (one, two) = tokio::join!(supervisor.call(merge(&a, &b)), admin.call(merge(&b, &a)));
    let merged = succeeded([one, two]);
    assert_eq!(merged.len(), 1, "exactly one of the two merges happens");
    // The customer sees one thread: the one merged away is gone from the list, the other stays.
    let listed = customer.call(ListMyWorkOrders { before: None }).await.good().items;
    assert_eq!(
        listed.iter().filter(|w| w.order_no == a || w.order_no == b).count(),
        1,
        "{listed:?}"
    );
}

async fn a_call_recording_is_attached_once_and_checked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let customer = app.new_customer(CustomerSpec::default()).await.sign_in(&app).await;
    let supervisor = app.as_supervisor().await;
    let order_no = open(&customer, "异地就医能报销吗", "在外地住院，医疗险能报销吗？").await;
    let attach = |call_id: &str, url: &str| AttachRecording {
        order_no: order_no.clone(),
        call_id: call_id.into(),
        url: url.into(),
    };

    let url = "https://pbx.example.cn/recordings/2026/c-8842.mp3";
    supervisor.call(attach("c-8842", url)).await.good();
    supervisor.call(attach("c-8842", url)).await.good();
    let detail = supervisor
        .call(GetWorkOrder {
            order_no: order_no.clone(),
        })
        .await
        .good();
    assert_eq!(detail.recordings.len(), 1, "the same call is attached once");
    assert_eq!(detail.recordings[0].url, url);
    assert_eq!(detail.recordings[0].by, "赵海燕");

    supervisor
        .call(attach("c-8843", "javascript:alert(1)"))
        .await
        .invalid("recording_url_invalid", "url");
    supervisor
        .call(attach("c 8843", url))
        .await
        .invalid("call_id_invalid", "call_id");
    assert_eq!(supervisor.desk_work_order(&order_no).await.recordings.len(), 1);
    assert_eq!(customer.call(attach("c-1", url)).await.error(), AppError::Forbidden);
    let wang = app.as_claims_agent().await;
    assert_eq!(wang.call(attach("c-9", url)).await.error(), AppError::NotFound);
}
