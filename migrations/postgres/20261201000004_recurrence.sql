-- Repeating tasks: the RRULE value (upper-cased, without DTSTART) and the due date its series
-- started from (COUNT counts from there; completing moves due_date, never the anchor).
ALTER TABLE tasks ADD COLUMN recurrence TEXT;
ALTER TABLE tasks ADD COLUMN series_anchor TIMESTAMPTZ;
