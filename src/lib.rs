//! gongkai (公开): a static site generator for Chinese government information-disclosure
//! columns (政府信息公开专栏). See ARCHITECTURE.md for the map.
//!
//! # Public API
//!
//! The library exists for the `gongkai` binary (`src/main.rs`, `src/cmd/`) and for the
//! integration tests (`tests/it/`), which call the stages in-process. What is `pub` here is
//! exactly what those two use; everything else is private (`mod x;` / `pub(crate) mod x;`) so
//! the compiler reports dead code:
//!
//! - commands: [`build`] (`build`, `build_with`, `BuildOptions`, `load_site`), [`check`]
//!   (with `check::report`), [`serve`], [`deploy`], [`import`] (with `import::report`),
//!   [`scaffold`] (`create`, `init`, `body`, `numbers`, `published`), [`schema`], [`engine`]
//!   (`Progress`, `Silent`);
//! - stages, for in-process tests: [`config::parse`], [`content`], [`frontmatter`],
//!   [`model`] (`document::parse`, `Site`, `PublicSite`, `links::scan_body`, `paths`),
//!   [`render`] (`Theme`, `markdown`), [`search`] (the tokenizers);
//! - shared vocabulary: [`diag`] (`Diagnostic`, `SourceRenderer`), [`dates`], [`calendar`],
//!   [`docnum`], [`i18n`] and the `t!` macro.
//!
//! Private: `annual`, `catalog`, `data`, `feeds`, `fields`, `keys`, `output`, `sanitize`,
//! `text`, `types`, `urls`, and every submodule not named above.

// The module docs link freely to private modules (read them with
// `cargo doc --document-private-items`); the public API is narrow on purpose.
#![allow(rustdoc::private_intra_doc_links)]

// First, so `t!` is in scope in every module below without an import.
#[macro_use]
pub mod i18n;

mod annual;
pub mod build;
pub mod calendar;
mod catalog;
pub mod check;
pub mod config;
pub mod content;
mod data;
pub mod dates;
pub mod deploy;
pub mod diag;
pub mod docnum;
pub mod engine;
mod feeds;
mod fields;
pub mod frontmatter;
pub mod import;
mod keys;
pub mod model;
mod output;
pub mod render;
pub mod sanitize;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
mod text;
mod types;
mod urls;
