-- Wakes reminder workers in other processes when a reminder is armed or moved: they LISTEN on this
-- channel and recompute when the next reminder is due. Notifications are sent at commit, and
-- identical ones in one transaction are folded into one.
CREATE FUNCTION tasks_notify_reminder_armed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.remind_at IS NOT NULL AND NEW.reminded_at IS NULL AND NOT NEW.completed THEN
        PERFORM pg_notify('tasktracker_reminders', '');
    END IF;
    RETURN NULL;
END
$$;

-- The worker's own write touches only reminded_at, so it does not wake anyone.
CREATE TRIGGER tasks_reminder_armed
    AFTER INSERT OR UPDATE OF remind_at, completed ON tasks
    FOR EACH ROW EXECUTE FUNCTION tasks_notify_reminder_armed();
