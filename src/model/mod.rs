//! The validated model: documents ([`document`]), cross-references ([`site`]) and the
//! published-only view handed to the renderer ([`public`]).

pub mod count;
pub mod document;
pub mod links;
pub mod paths;
pub mod public;
mod read;
pub mod report;
pub mod resolve;
pub mod site;
/// The domain enumerations live below config (`crate::types`); re-exported here.
pub use crate::types;

pub use document::Document;
pub use public::PublicSite;
pub use site::Site;
