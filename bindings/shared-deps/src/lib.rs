//! Nothing but dependencies: see Cargo.toml. The bindings link none of it but what they use anyway.
