//! Telling people. Customers: a notice is an inbox row and its SMS and e-mail as outbox
//! rows, written in the transaction of the event (`notify`); the inbox as customers read it
//! (`inbox`); the outbox sent with a lease and retries (`outbox`) through the ways out
//! (`delivery`: SMTP, the signed SMS gateway, the log file). Staff: alerts in the console,
//! once per person however many processes raise them (`staff_alerts`).

pub mod delivery;
pub mod inbox;
pub mod notify;
pub mod outbox;
pub mod staff_alerts;
