//! The ways out of the outbox, chosen by configuration: e-mail through an SMTP server, SMS
//! through an HTTP gateway, and by default a log file, so nothing leaves the machine until
//! a real way out is configured.

mod log_file;
mod sms_gateway;
mod smtp;

pub use log_file::LogFileSender;
pub use sms_gateway::{sign as sign_sms_request, SmsGateway, SIGNATURE_HEADER, TIMESTAMP_HEADER};
pub use smtp::SmtpSender;

use crate::backend::messaging::outbox::{OutgoingMessage, SendError, Sender};

/// Routes each message by its channel to the configured way out, or to the log file.
pub struct Delivery {
    pub log: LogFileSender,
    pub email: Option<SmtpSender>,
    pub sms: Option<SmsGateway>,
}

impl Sender for Delivery {
    async fn send(&self, message: &OutgoingMessage) -> Result<(), SendError> {
        match (message.channel.as_str(), &self.email, &self.sms) {
            ("email", Some(smtp), _) => smtp.send(message).await,
            ("sms", _, Some(gateway)) => gateway.send(message).await,
            ("email" | "sms", _, _) => self.log.send(message).await,
            (other, _, _) => Err(SendError::Permanent(format!("no way out for channel {other}"))),
        }
    }
}
