//! `saasus` (`cargo install saasus-cli`): see the library, which the wheel's and the npm
//! package's `saasus` commands run too.

fn main() {
    std::process::exit(saasus_cli::run(std::env::args_os().collect()));
}
