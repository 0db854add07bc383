//! The validated model: documents ([`document`]), cross-references ([`site`]) and the
//! published-only view handed to the renderer ([`public`]).

pub(crate) mod count;
pub mod document;
pub mod links;
pub mod paths;
pub(crate) mod public;
mod read;
pub(crate) mod report;
pub(crate) mod resolve;
pub(crate) mod site;
/// The domain enumerations live below config (`crate::types`); re-exported here.
pub(crate) use crate::types;

pub use document::Document;
pub use public::PublicSite;
pub use site::Site;
