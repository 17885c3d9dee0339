//! The Node binding (work in progress).
