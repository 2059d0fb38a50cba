-- Every change of an event's revision (and its deletion) is announced on the channel
-- `foyer_event_changed` with the event id, so that API processes can drop what they
-- cached about it (the public read API's access and version cache). PostgreSQL delivers
-- it on commit and folds identical notifications of one transaction into one.
CREATE OR REPLACE FUNCTION foyer_events_before_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_document :=
    setweight(to_tsvector('simple', coalesce(NEW.name, '')), 'A')
    || setweight(to_tsvector('simple', coalesce(NEW.summary, '')), 'B')
    || setweight(to_tsvector('simple', coalesce(
         (SELECT string_agg(t.name, ' ') FROM event_tags et JOIN tags t ON t.id = et.tag_id WHERE et.event_id = NEW.id),
         '')), 'B')
    || setweight(to_tsvector('simple', coalesce(
         (SELECT string_agg(p.name, ' ') FROM people p WHERE p.event_id = NEW.id), '')), 'B')
    || setweight(to_tsvector('simple', coalesce(NEW.description, '')), 'C');
  IF TG_OP = 'UPDATE' THEN
    IF NEW.revision = OLD.revision THEN
      NEW.revision := OLD.revision + 1;
    END IF;
    PERFORM pg_notify('foyer_event_changed', NEW.id::text);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE FUNCTION foyer_events_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('foyer_event_changed', OLD.id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER events_after_delete AFTER DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION foyer_events_after_delete();
