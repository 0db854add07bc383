//! Integration tests: one binary, one module per area (keeps link time low).

mod util;

mod build;
mod errors;
mod search;
mod check;
mod scaffold;
mod normative;
mod decisions;
mod deploy;
mod leak_prop;
mod faults;
mod adversarial;
mod serve;
