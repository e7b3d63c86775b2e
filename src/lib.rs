//! Task Tracker: a multi-user task service. `main.rs` only wires things up; everything lives here so
//! that the binary and the tests share it.

pub mod accounts;
pub mod app;
pub mod auth;
pub mod cache;
pub mod config;
pub mod domain;
pub mod effects;
pub mod error;
pub mod events;
pub mod http;
pub mod json;
pub mod limits;
pub mod notifications;
pub mod projects;
pub mod recovery;
pub mod stall;
pub mod store;
pub mod tasks;
pub mod telemetry;
pub mod tokens;
pub mod worker;
// Calendar feed, export and import (issue 14).
pub mod calendar;
pub mod export;
