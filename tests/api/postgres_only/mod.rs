//! Failures only a networked backend can have: its database or Redis out of reach. These always run
//! on PostgreSQL and Redis, whatever `TEST_BACKEND` says, so the SQLite run skips this module.

mod api_token_revocation;
mod database_outage;
mod fresh_reads;
mod live_events;
mod load;
mod own_postgres;
mod read_cache;
mod redis_outage;
mod reminder_wakeup;
mod reset_limits;
mod scale_out;
