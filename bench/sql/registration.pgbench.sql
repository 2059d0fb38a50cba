-- What one registration does in the database (registrations-service.ts
-- `register`), for pgbench -M prepared -D event=<uuid> -D org=<uuid>:
-- lock the event's counter row, read the event, check for an active
-- registration of the address, insert it, update the counter, write the
-- audit row and the domain event, commit. Every attempt gets a seat here
-- (no waiting-list branch), which costs the same statements.
\set n random(1, 2000000000)
BEGIN;
INSERT INTO registration_counters (event_id) VALUES (:event) ON CONFLICT (event_id) DO UPDATE SET event_id = excluded.event_id RETURNING confirmed, waitlisted;
SELECT * FROM events WHERE id = :event;
SELECT id FROM registrations WHERE event_id = :event AND email_hash = md5(:client_id::text || '-' || :n::text || random()::text) AND status IN ('pending', 'confirmed', 'waitlisted');
INSERT INTO registrations (id, event_id, organization_id, status, ticket_code, email_encrypted, email_hash, name_encrypted, answers_encrypted, acknowledged_requirements, source, confirmed_at) VALUES (gen_random_uuid(), :event, :org, 'confirmed', upper(md5(random()::text)), md5(random()::text) || md5(random()::text), md5(random()::text), md5(random()::text), md5(random()::text), '[]', 'self', now()) RETURNING *;
UPDATE registration_counters SET confirmed = confirmed + 1 WHERE event_id = :event;
INSERT INTO audit_log (organization_id, actor_type, action, target_type, target_id, metadata) VALUES (:org, 'anonymous', 'registration.created', 'registration', md5(random()::text), '{}');
INSERT INTO domain_events (type, aggregate_type, aggregate_id, organization_id, payload) VALUES ('registration.confirmed', 'registration', md5(random()::text), :org, '{"status":"confirmed"}') RETURNING *;
COMMIT;
