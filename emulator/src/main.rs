//! `saasus-emulator`: the SaaSus Auth, Communication, Pricing, Billing, Integration, Analysis, AWS Marketplace, Smart API Gateway and ApiLog APIs on 127.0.0.1, for development and tests.

// Each request allocates and frees a hundred small buffers: glibc's malloc spent a quarter of the
// instructions of a signed GetTenant (callgrind), mimalloc half of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(saasus_emulator::cli::run(std::env::args_os().collect()));
}
