//! The Python binding (work in progress).
