-- The public read API keys ETags and its response cache by events.revision, and searches events.search_document.
-- Both are kept up to date here, by triggers, so that every writer (services, event-as-code, duplication,
-- cascades of deletes) keeps them right in the same transaction without having to remember to.

-- Before any insert or update of an event: recompute its search document, and bump its revision
-- (unless the statement already set a new one).
CREATE FUNCTION foyer_events_before_write() RETURNS trigger LANGUAGE plpgsql AS $$
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
  IF TG_OP = 'UPDATE' AND NEW.revision = OLD.revision THEN
    NEW.revision := OLD.revision + 1;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER events_before_write BEFORE INSERT OR UPDATE ON events
  FOR EACH ROW EXECUTE FUNCTION foyer_events_before_write();
--> statement-breakpoint
CREATE FUNCTION foyer_touch_event(event_id uuid) RETURNS void LANGUAGE sql AS $$
  UPDATE events SET revision = revision + 1 WHERE id = event_id;
$$;
--> statement-breakpoint
-- Rows with an event_id: sessions, people, event_tags.
CREATE FUNCTION foyer_touch_event_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM foyer_touch_event(OLD.event_id); END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.event_id IS DISTINCT FROM OLD.event_id) THEN
    PERFORM foyer_touch_event(NEW.event_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_touch_event AFTER INSERT OR UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION foyer_touch_event_of_row();
--> statement-breakpoint
CREATE TRIGGER people_touch_event AFTER INSERT OR UPDATE OR DELETE ON people
  FOR EACH ROW EXECUTE FUNCTION foyer_touch_event_of_row();
--> statement-breakpoint
CREATE TRIGGER event_tags_touch_event AFTER INSERT OR UPDATE OR DELETE ON event_tags
  FOR EACH ROW EXECUTE FUNCTION foyer_touch_event_of_row();
--> statement-breakpoint
-- Rows of a session: session_people, session_tags (a session deleted first has already touched its event).
CREATE FUNCTION foyer_touch_event_of_session_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE events SET revision = revision + 1
  WHERE id = (SELECT s.event_id FROM sessions s
              WHERE s.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.session_id ELSE NEW.session_id END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER session_people_touch_event AFTER INSERT OR DELETE ON session_people
  FOR EACH ROW EXECUTE FUNCTION foyer_touch_event_of_session_row();
--> statement-breakpoint
CREATE TRIGGER session_tags_touch_event AFTER INSERT OR DELETE ON session_tags
  FOR EACH ROW EXECUTE FUNCTION foyer_touch_event_of_session_row();
--> statement-breakpoint
-- A location is shared by the organization's events: touch those with a session there.
CREATE FUNCTION foyer_touch_events_of_location() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE events SET revision = revision + 1
  WHERE id IN (SELECT s.event_id FROM sessions s WHERE s.location_id = NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER locations_touch_events AFTER UPDATE ON locations
  FOR EACH ROW EXECUTE FUNCTION foyer_touch_events_of_location();
--> statement-breakpoint
-- Links of an event, of a person (its event), of a location (events with a session there).
CREATE FUNCTION foyer_touch_events_of_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  link links;
BEGIN
  link := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  UPDATE events SET revision = revision + 1
  WHERE (link.owner_type = 'event' AND id = link.owner_id)
     OR (link.owner_type = 'person' AND id = (SELECT p.event_id FROM people p WHERE p.id = link.owner_id))
     OR (link.owner_type = 'location' AND id IN (SELECT s.event_id FROM sessions s WHERE s.location_id = link.owner_id));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER links_touch_events AFTER INSERT OR UPDATE OR DELETE ON links
  FOR EACH ROW EXECUTE FUNCTION foyer_touch_events_of_link();
--> statement-breakpoint
-- The organization's name and slug are part of every public event answer.
CREATE FUNCTION foyer_touch_events_of_organization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.name IS DISTINCT FROM OLD.name OR NEW.slug IS DISTINCT FROM OLD.slug THEN
    UPDATE events SET revision = revision + 1 WHERE organization_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organizations_touch_events AFTER UPDATE ON organizations
  FOR EACH ROW EXECUTE FUNCTION foyer_touch_events_of_organization();
--> statement-breakpoint
-- Existing events get their search document.
UPDATE events SET name = name;
