//! `saasus-emulator`: the SaaSus Auth, Communication, Pricing, Billing, Integration, Analysis, AWS Marketplace, Smart API Gateway and ApiLog APIs on 127.0.0.1, for development and tests.

fn main() {
    std::process::exit(saasus_emulator::cli::run(std::env::args_os().collect()));
}
