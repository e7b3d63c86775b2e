-- Each user's IANA time zone (recurrences and relative reminders are computed in a zone), and each
-- task's own, which starts as its creator's. Existing users and tasks keep UTC, which is what the
-- service has shown them so far.
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE tasks ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
