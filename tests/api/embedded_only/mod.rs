//! The embedded default as a newcomer meets it: the real binary, no configuration, a bare folder.
//! These always run on SQLite and the embedded token store, so the PostgreSQL run skips this module.

mod restart;
