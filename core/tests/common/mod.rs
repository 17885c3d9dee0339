//! Shared by the integration tests: an emulator started in-process on a free port.

#![allow(dead_code)]

use saasus_emulator::{Emulator, Options};

pub async fn emulator() -> Emulator {
    Emulator::start(Options::default()).await.expect("the emulator starts on a free port")
}

pub fn client(emu: &Emulator) -> saasus::Client {
    saasus::Client::new(emu.config()).expect("a valid configuration")
}

/// Where `shared/` (the spec and the signing vectors) sits: beside the repository.
pub fn shared_dir() -> std::path::PathBuf {
    std::env::var_os("SAASUS_SHARED_DIR")
        .map(Into::into)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}
