//! Creating and numbering documents: `gongkai new` ([`templates`]), `gongkai init` ([`init`]),
//! and 索引号 assignment for `gongkai index-numbers` ([`numbers`], written in place by [`edit`]).
//!
//! 索引号 format: `<unit code>/<year>-<5-digit sequence>`, e.g. `11371311004263412X/2021-00050`,
//! where the unit is the document's first issuer, the code is that unit's `code` in site.yaml
//! (its name when it has none) and the year is the year of `date` (成文日期).

pub mod body;
pub mod create;
pub mod edit;
pub mod init;
pub mod numbers;
pub mod published;
pub mod report;
pub mod templates;
