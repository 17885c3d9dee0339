//! A local emulator of the SaaSus platform (the Auth, Communication, Pricing, Billing, Integration, Analysis, AWS Marketplace, Smart API Gateway and ApiLog APIs): a real
//! HTTP server that verifies SAASUSSIGV1 and keeps state, for developing and testing against
//! the platform offline.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let emu = saasus_emulator::Emulator::start(saasus_emulator::Options::default()).await?;
//! println!("SAASUS_BASE_URL={}", emu.base_url());
//! emu.stop().await;
//! # Ok(()) }
//! ```

mod auth;
mod background;
pub mod cli;
mod error;
mod events;
mod extract;
mod faults;
mod guard;
mod issuer;
mod listener;
mod pages;
mod paging;
mod persist;
mod refusals;
mod requests;
mod routes;
mod server;
mod state;
mod tokens;

pub use auth::Clock;
pub use background::{Background, KitOptions};
pub use faults::Fault;
pub use guard::CONTROL_TOKEN_HEADER;
pub use pages::SignIn;
pub use persist::{DataFileError, export_state, import_state, stored_credentials};
pub use requests::SeenRequest;
pub use server::{Credentials, Emulator, Options, router};
pub use tokens::TOKEN_TTL;
