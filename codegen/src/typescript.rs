//! TypeScript declarations for the Node package (work in progress).

pub fn files() -> Vec<(&'static str, String)> {
    Vec::new()
}
