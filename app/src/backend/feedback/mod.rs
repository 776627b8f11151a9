//! How customers found the service: the rating after a case (`ratings`) and the follow-up
//! calls (回访) after complaints and a sample of claims (`follow_ups`).

pub mod follow_ups;
pub mod ratings;
