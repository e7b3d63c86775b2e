//! The integration suite: every row of docs/API.md through the real HTTP stack.

mod auth;
mod errors;
mod helpers;
mod list;
mod ops;
mod outage;
mod tasks;
mod tokens;
mod users;
