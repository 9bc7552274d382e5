-- OpenNRM database roles: an owner for migrations and a runtime role that owns nothing.
--
-- Run as a PostgreSQL superuser, connected to the service's database, once before the
-- first migration and again after every `manage.py migrate` (it is idempotent):
--
--   psql "postgres://postgres@db-host/opennrm" -v ON_ERROR_STOP=1 \
--        -v owner_password="$OWNER_PASSWORD" -v runtime_password="$RUNTIME_PASSWORD" \
--        -f scripts/create-database-roles.sql
--
-- Variables (all optional): owner_role (default opennrm_owner), runtime_role (default
-- opennrm_app), owner_password, runtime_password.
--
-- Afterwards:
--   * MIGRATION_DATABASE_URL connects as the owner: `manage.py migrate` uses it.
--   * DATABASE_URL connects as the runtime role: the web processes and task workers.
-- The runtime role may SELECT, INSERT, UPDATE and DELETE rows in the service's tables,
-- but on the audit trail only SELECT and INSERT. It owns no table, so it cannot ALTER a
-- table, DISABLE its triggers, DROP or TRUNCATE it, and it cannot create objects.

\set ON_ERROR_STOP on
\if :{?owner_role}
\else
  \set owner_role opennrm_owner
\endif
\if :{?runtime_role}
\else
  \set runtime_role opennrm_app
\endif

-- The roles ------------------------------------------------------------------------------
SELECT format('CREATE ROLE %I LOGIN', :'owner_role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner_role') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'runtime_role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'runtime_role') \gexec

SELECT format(
  'ALTER ROLE %I NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
  :'runtime_role'
) \gexec
\if :{?owner_password}
  SELECT format('ALTER ROLE %I PASSWORD %L', :'owner_role', :'owner_password') \gexec
\endif
\if :{?runtime_password}
  SELECT format('ALTER ROLE %I PASSWORD %L', :'runtime_role', :'runtime_password') \gexec
\endif

-- The owner owns the database, the schema and everything the migrations made ------------
SELECT format('ALTER DATABASE %I OWNER TO %I', current_database(), :'owner_role') \gexec
SELECT format('ALTER SCHEMA public OWNER TO %I', :'owner_role') \gexec
SELECT format('ALTER TABLE public.%I OWNER TO %I', tablename, :'owner_role')
FROM pg_tables WHERE schemaname = 'public' AND tableowner <> :'owner_role' \gexec
SELECT format('ALTER SEQUENCE public.%I OWNER TO %I', sequencename, :'owner_role')
FROM pg_sequences s
WHERE schemaname = 'public' AND sequenceowner <> :'owner_role'
  AND NOT EXISTS (  -- identity sequences follow their table
    SELECT 1 FROM pg_depend d
    JOIN pg_class c ON c.oid = d.objid
    WHERE c.relname = s.sequencename AND d.deptype = 'i'
  ) \gexec
SELECT format('ALTER FUNCTION public.%I() OWNER TO %I', proname, :'owner_role')
FROM pg_proc WHERE pronamespace = 'public'::regnamespace
  AND proname = 'audit_event_refuse_change' \gexec

-- Nobody else creates objects in the schema -----------------------------------------------
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SELECT format('REVOKE CREATE ON SCHEMA public FROM %I', :'runtime_role') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), :'runtime_role') \gexec
SELECT format('GRANT USAGE ON SCHEMA public TO %I', :'runtime_role') \gexec

-- Rows, not structure, for the runtime role ---------------------------------------------
SELECT format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I',
              :'runtime_role') \gexec
SELECT format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', :'runtime_role') \gexec
-- Tables a later migration creates get the same, without running this script again.
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
              'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
              :'owner_role', :'runtime_role') \gexec
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
              'GRANT USAGE, SELECT ON SEQUENCES TO %I', :'owner_role', :'runtime_role') \gexec

-- The audit trail: read and append, nothing else ------------------------------------------
SELECT format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER '
              'ON public.audit_auditevent FROM %I', :'runtime_role')
WHERE to_regclass('public.audit_auditevent') IS NOT NULL \gexec
-- The record of applied migrations is the owner's to write.
SELECT format('REVOKE INSERT, UPDATE, DELETE ON public.django_migrations FROM %I',
              :'runtime_role')
WHERE to_regclass('public.django_migrations') IS NOT NULL \gexec
