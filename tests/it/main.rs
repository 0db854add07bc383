//! Integration tests: one binary, one module per area (keeps link time low).

mod util;

mod adversarial;
mod annual;
mod bodies;
mod build;
mod catalog;
mod check;
mod decisions;
mod delta;
mod deploy;
mod diagnostics;
mod errors;
mod fastpath;
mod faults;
mod import;
mod inspect;
mod leak_prop;
mod normative;
mod pathological;
mod scaffold;
mod search;
mod security;
mod serve;
