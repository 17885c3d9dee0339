//! The API's models, one file per spec tag. Composite schemas (`allOf`) are flattened into one
//! struct per schema, with the fields in the order the spec lists them.

mod tenant;

pub use tenant::*;
