//! Conversions of core types for the bindings, behind their features. They live in core because
//! the orphan rule lets only this crate implement the bindings' traits for its types.

#[cfg(feature = "python")]
pub mod python;
#[cfg(feature = "uniffi")]
pub mod uniffi;
