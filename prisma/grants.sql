-- The application role's rights (the API and the worker connect as it; migrations run as the
-- owner). Applied by `npm run migrate` after every migration when DATABASE_APP_ROLE is set, so
-- tables added by a migration are covered at once. Idempotent.
--
-- The role's name comes from the setting qyzmet.app_role:
--   psql "$OWNER_URL" -c "SET qyzmet.app_role = 'qyzmet_app'" -f prisma/grants.sql
DO $grants$
DECLARE
  app text := current_setting('qyzmet.app_role');
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = app) THEN
    RAISE EXCEPTION 'the application role "%" does not exist (deploy/postgres/init-roles.sh creates it)', app;
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = app AND (rolsuper OR rolbypassrls)) THEN
    RAISE EXCEPTION 'the application role "%" is a superuser: table rights would not bind it', app;
  END IF;
  IF EXISTS (SELECT FROM pg_tables WHERE schemaname = 'public' AND tableowner = app) THEN
    RAISE EXCEPTION 'the application role "%" owns tables: run migrations as the owner role, not as the application', app;
  END IF;

  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app);

  -- The audit log is append-only for the application: a compromised API or worker cannot
  -- rewrite or delete what it recorded.
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE public."AuditEntry" FROM %I', app);
  -- Its signed checkpoints (heads) likewise: deleting one would reopen the tail to deletion.
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE public."AuditCheckpoint" FROM %I', app);
  -- Migration bookkeeping is the owner's.
  EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE public._prisma_migrations FROM %I', app);
END
$grants$;
