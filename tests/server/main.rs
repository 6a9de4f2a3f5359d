//! The meeting server over real sockets (issue 12): the binary on 127.0.0.1 with an
//! ephemeral port and a temp data folder, driven by native clients over the core client.

mod harness;

mod abuse;
mod crash;
mod flow;
mod lifecycle;
mod tokens;
