//! The integration suite: every row of docs/API.md through the real HTTP stack.

mod api_tokens;
mod auth;
mod authorization;
// Issue 15: the sidebar's counts.
mod counts;
mod crash;
mod embedded_only;
mod errors;
mod events;
mod hardening;
mod helpers;
mod list;
mod migrations;
mod openapi;
mod ops;
mod postgres_only;
mod process;
mod recurrence;
mod reminders;
mod sharing;
mod smtp;
mod startup;
mod tasks;
mod time_zones;
mod tokens;
mod users;
mod versions;
mod web;

// Issue 14: password reset and the hardening found by probing.
mod account_hardening;
mod password_reset;
// Calendar feed, export and import (issue 14).
mod calendar;
mod export;
