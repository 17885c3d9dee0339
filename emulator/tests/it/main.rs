//! The emulator's integration tests, one binary (`cargo test -p saasus-emulator --test it`): a
//! binary per file compiled and linked the emulator, the core and their generic code once per
//! file. Each module is one file's tests; `support` holds what they share.

mod support;

mod analysis;
mod apigateway;
mod apilog;
mod awsmarketplace;
mod bad_input;
mod billing;
mod cli;
mod communication;
mod data_file;
mod faults;
mod hosts;
mod integration;
mod pages;
mod persistence;
mod pricing;
mod properties;
mod refusals;
mod requests;
mod saas_users;
mod tokens;
mod validation;
mod verifier;
