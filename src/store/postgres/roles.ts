/**
 * The roles a team's crm database is used through (`crm init --roles`): `crm_owner` holds crm's tables (an
 * administrator is made a member, and runs `crm init` and upgrades), `crm_user` reads and writes records, and
 * `crm_reports` only reads (a cron report, an accountant). Roles are NOLOGIN groups: each person's login is granted
 * one of them. Default privileges cover the tables later migrations create.
 */
import type { Connection } from './connection.js';

/**
 * What `crm init --roles` runs (and `--print` shows), in the connection's current schema. Safe to run again, and by a
 * database owner without CREATEROLE once the roles exist on the server (another database's crm init --roles, or an
 * administrator): only the roles missing are created. Such an owner, when it cannot be made a member of crm_owner,
 * keeps its tables and grants the rights from them.
 */
export const ROLES_SQL = `-- pocket-crm roles: crm_owner holds the tables, crm_user reads and writes, crm_reports only reads.
DO $roles$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['crm_owner', 'crm_user', 'crm_reports'] LOOP
    CONTINUE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = role_name);
    BEGIN
      EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- made at the same moment by another crm init --roles
    END;
  END LOOP;
END
$roles$;

DO $grants$
DECLARE
  schema_name text := quote_ident(current_schema());
  me text := quote_ident(current_user);
  owners text[] := ARRAY[quote_ident(current_user)];
  object record;
BEGIN
  -- The administrator running this acts as crm_owner, so that the tables can be given to it.
  IF NOT pg_has_role(current_user, 'crm_owner', 'MEMBER') THEN
    BEGIN
      EXECUTE format('GRANT crm_owner TO %s', me);
    EXCEPTION WHEN insufficient_privilege THEN
      NULL; -- neither CREATEROLE nor crm_owner's admin: the tables stay this login's
    END;
  END IF;
  IF pg_has_role(current_user, 'crm_owner', 'MEMBER') THEN
    owners := owners || 'crm_owner'::text;
    EXECUTE format('GRANT USAGE, CREATE ON SCHEMA %s TO crm_owner', schema_name);
    FOR object IN
      SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v') AND pg_get_userbyid(c.relowner) <> 'crm_owner'
    LOOP
      -- A table's identity sequence goes with it.
      EXECUTE format('ALTER TABLE %s.%I OWNER TO crm_owner', schema_name, object.relname);
    END LOOP;
    FOR object IN
      SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = current_schema() AND p.proname LIKE 'crm\\_%' AND pg_get_userbyid(p.proowner) <> 'crm_owner'
    LOOP
      EXECUTE format('ALTER FUNCTION %s OWNER TO crm_owner', object.signature);
    END LOOP;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %s TO crm_user, crm_reports', schema_name);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %s TO crm_user', schema_name);
  -- A journal that brings new clients moves the clients' identity past the ids it took (setval): UPDATE too. pg_dump
  -- reads every sequence (SELECT), so that any team login can take the nightly backup.
  EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %s TO crm_user', schema_name);
  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %s TO crm_reports', schema_name);
  EXECUTE format('GRANT SELECT ON ALL SEQUENCES IN SCHEMA %s TO crm_reports', schema_name);
  -- Tables and sequences a later migration creates (as crm_owner, or as this administrator) get the same rights.
  FOREACH me IN ARRAY owners LOOP
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %s GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO crm_user', me, schema_name);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %s GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO crm_user', me, schema_name);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %s GRANT SELECT ON TABLES TO crm_reports', me, schema_name);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %s GRANT SELECT ON SEQUENCES TO crm_reports', me, schema_name);
  END LOOP;
END
$grants$;
`;

/** Creates the roles and grants them their rights, in one transaction holding the write lock. */
export async function createRoles(c: Connection): Promise<void> {
  await c.write(async () => {
    await c.run(ROLES_SQL);
  });
}
