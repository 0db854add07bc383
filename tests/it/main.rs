//! Integration tests: one binary, one module per area (keeps link time low).

mod util;

mod adversarial;
mod annual;
mod build;
mod check;
mod decisions;
mod delta;
mod deploy;
mod diagnostics;
mod errors;
mod faults;
mod import;
mod inspect;
mod leak_prop;
mod normative;
mod scaffold;
mod search;
mod security;
mod serve;
