-- Macros (快捷回复): canned replies with placeholders, shared by everyone or an agent's
-- own, that may also set the work order's next status.
-- Keep in step with ../postgres/20261204000002_macros.sql.

CREATE TABLE macros (
    id              INTEGER PRIMARY KEY,
    -- NULL: shared with all staff (managed by admins); else the agent's own.
    owner_staff_id  BIGINT REFERENCES staff (id),
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    sets_status     TEXT CONSTRAINT macros_sets_status_check CHECK (sets_status IN ('in_progress', 'awaiting_customer', 'resolved', 'closed')),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX macros_owner_idx ON macros (owner_staff_id);

INSERT INTO macros (owner_staff_id, title, body, sets_status, created_at, updated_at) VALUES
    (NULL, '已收到，正在处理', '{customer_name}您好，您的工单 {order_no} 我们已收到，正在为您处理，预计 {due_date} 前给您答复。', 'in_progress', 1795478400000, 1795478400000),
    (NULL, '请补充材料', '{customer_name}您好，为尽快处理工单 {order_no}，请在页面上补充相关材料（如发票、病历或身份证明照片）。收到后我们会立即跟进。', 'awaiting_customer', 1795478400000, 1795478400000),
    (NULL, '已办结', '{customer_name}您好，工单 {order_no} 已处理完毕。如还有疑问，欢迎随时联系我们或致电 95500。', 'resolved', 1795478400000, 1795478400000),
    (NULL, '理赔进度说明', '{customer_name}您好，您可在“我的理赔”中实时查看案件进度和每个环节的服务承诺时限。如有材料需要补充，页面会第一时间提示您。', NULL, 1795478400000, 1795478400000);
