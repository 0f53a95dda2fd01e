//! One integration-test binary (the dependency tree links once), a module per area.

mod build;
mod check;
mod common;
mod faults;
mod fuzz_corpus;
mod golden;
mod hardening;
mod hosting;
mod import;
mod init;
mod outputs;
mod pipes;
mod properties;
mod serve;
