//! The core's integration tests, one binary (`cargo test -p saasus --test it`): a binary per file
//! compiled and linked the core, the emulator and their generic code once per file — most of the
//! debug build's time. Each module is one file's tests; `common` holds what they share.
//! tests/device_guard.rs and tests/logging.rs are binaries of their own: what they switch or
//! catch is process-wide.

mod common;

mod app_session;
mod arguments;
mod behaviour;
mod defaults;
mod every_api;
mod every_operation;
mod exactly_once;
mod flows;
mod hostile_server;
mod io_thread;
mod meter;
mod pages;
mod platform;
mod prepare;
mod properties;
mod saas_user;
mod secrets;
mod sessions;
mod settings;
mod signing_vectors;
mod spec_types;
mod tenant;
mod tenant_user;
mod tls;
