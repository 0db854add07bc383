//! gongkai (公开): a static site generator for Chinese government information-disclosure
//! columns (政府信息公开专栏). See ARCHITECTURE.md for the map.

// First, so `t!` is in scope in every module below without an import.
#[macro_use]
pub mod i18n;

pub mod annual;
pub mod build;
pub mod calendar;
pub mod catalog;
pub mod check;
pub mod config;
pub mod content;
pub mod data;
pub mod dates;
pub mod deploy;
pub mod diag;
pub mod docnum;
pub mod engine;
pub mod feeds;
pub mod fields;
pub mod frontmatter;
pub mod import;
pub mod keys;
pub mod model;
pub mod output;
pub mod render;
pub mod sanitize;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod text;
pub mod types;
