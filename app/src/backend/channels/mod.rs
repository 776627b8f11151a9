//! Where customers reach the centre besides the portal: the telephony system's calls
//! (`cti`).

pub mod cti;
