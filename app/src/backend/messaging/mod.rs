//! Telling people. Customers: a notification is a row of `notifications` and its SMS and
//! e-mail as outbox rows, written in the transaction of the event (`notify`); the
//! notifications as customers read them (`notifications`); the outbox sent with a lease and
//! retries (`outbox`) through the ways out (`delivery`: SMTP, the signed SMS gateway, the
//! log file). Staff: alerts in the console, once per person however many processes raise
//! them (`staff_alerts`).

pub mod delivery;
pub mod notifications;
pub mod notify;
pub mod outbox;
pub mod staff_alerts;
