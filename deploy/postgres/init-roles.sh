#!/bin/sh
# First start of the recipe's PostgreSQL (docker-entrypoint-initdb.d; the superuser runs it):
# one role per kind of access, so that no process holds more than it needs.
#   QYZMET_DB_OWNER  (qyzmet)      owns Qyzmet's database; only the migrate job connects as it
#   QYZMET_DB_APP_ROLE (qyzmet_app) the API and the worker; `npm run migrate` grants its rights
#                                   after each migration (prisma/grants.sql: the audit log is
#                                   insert-only for it)
#   QYZMET_TEMPORAL_DB_USER (temporal) owns Temporal's two databases and nothing else
# None of them is a superuser, none may create roles or databases. Idempotent.
set -eu
: "${QYZMET_DB_PASSWORD:?}" "${QYZMET_DB_APP_PASSWORD:?}" "${QYZMET_TEMPORAL_DB_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
  -v owner="${QYZMET_DB_OWNER:-qyzmet}" -v owner_password="$QYZMET_DB_PASSWORD" \
  -v app="${QYZMET_DB_APP_ROLE:-qyzmet_app}" -v app_password="$QYZMET_DB_APP_PASSWORD" \
  -v temporal="${QYZMET_TEMPORAL_DB_USER:-temporal}" -v temporal_password="$QYZMET_TEMPORAL_DB_PASSWORD" \
  -v db="${QYZMET_DB_NAME:-qyzmet}" \
  -v temporal_db="${QYZMET_TEMPORAL_DB_NAME:-temporal}" -v visibility_db="${QYZMET_TEMPORAL_VISIBILITY_DB_NAME:-temporal_visibility}" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE', r.name, r.password)
  FROM (VALUES (:'owner', :'owner_password'), (:'app', :'app_password'), (:'temporal', :'temporal_password')) AS r(name, password)
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r.name) \gexec

SELECT format('CREATE DATABASE %I OWNER %I', d.name, d.owner)
  FROM (VALUES (:'db', :'owner'), (:'temporal_db', :'temporal'), (:'visibility_db', :'temporal')) AS d(name, owner)
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d.name) \gexec

-- Connecting is by name only: Temporal's role never reaches Qyzmet's data, nor Qyzmet's Temporal's.
REVOKE CONNECT, TEMPORARY ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";
REVOKE CONNECT, TEMPORARY ON DATABASE :"temporal_db" FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE :"visibility_db" FROM PUBLIC;
SQL
