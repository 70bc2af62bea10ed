-- PB-S1: a finished run is never updated.
CREATE OR REPLACE FUNCTION pb_s1.reject_finished_run_update()
RETURNS trigger AS $$
BEGIN
    IF OLD.finished_at IS NOT NULL THEN
        RAISE EXCEPTION 'pb_s1.retry_state: run % has finished and is immutable', OLD.id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trg_retry_state_immutable
BEFORE UPDATE ON pb_s1.retry_state
FOR EACH ROW EXECUTE FUNCTION pb_s1.reject_finished_run_update();
