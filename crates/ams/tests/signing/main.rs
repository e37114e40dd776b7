//! Signing tests, one binary (built only with the `signing` feature) so the
//! generated keys are made once for all of them.

mod fixtures;
mod header;
mod keys;
mod props;
mod sign_verify;
