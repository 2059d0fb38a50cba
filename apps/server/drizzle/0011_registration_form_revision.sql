-- An event's registration form — its questions and requirements — is part of the event's revision, like its
-- programme: every change bumps events.revision (and so notifies `foyer_event_changed`). Registering keeps the
-- form in memory by revision and re-checks, under the seat lock, any request checked against an older one.
CREATE TRIGGER registration_questions_touch_event AFTER INSERT OR UPDATE OR DELETE ON registration_questions
  FOR EACH ROW EXECUTE FUNCTION foyer_touch_event_of_row();
--> statement-breakpoint
CREATE TRIGGER event_requirements_touch_event AFTER INSERT OR UPDATE OR DELETE ON event_requirements
  FOR EACH ROW EXECUTE FUNCTION foyer_touch_event_of_row();
