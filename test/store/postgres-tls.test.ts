/**
 * sslmode read as libpq reads it (psql, pg_dump), from the address or PGSSLMODE and PGSSLROOTCERT, against the test
 * server's TLS with its self-signed certificate for localhost (scripts/postgres-test-server.sh): require encrypts
 * without checking, verify-ca and verify-full check, a refused certificate is one line, and the driver prints no
 * warning of its own.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/store/postgres/connection.js';
import { runCli } from '../cli-harness.js';
import { engines, skippedEngine } from '../engines.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;
const certificate = join(process.env.CRM_TEST_POSTGRES_DIR ?? '', 'server.crt');
const hasTls = !postgres.skipped && existsSync(certificate);

/** `address` with `parameters` added, reached by `host` (the certificate is for localhost). */
function withParameters(address: string, parameters: Record<string, string>, host?: string): string {
  const url = new URL(address);
  if (host) url.hostname = host;
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url.toString();
}

/** Whether the connection to `address` is encrypted, as the server sees it. */
async function encrypted(address: string): Promise<boolean> {
  const connection = await connect(address);
  try {
    return await connection.value<boolean>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
  } finally {
    await connection.close();
  }
}

/** The warnings the process emits while the test runs (the driver's go through process.emitWarning). */
let warnings: string[] = [];
const keepWarning = (warning: Error) => warnings.push(warning.message);
beforeEach(() => {
  warnings = [];
  process.on('warning', keepWarning);
});
afterEach(() => {
  process.off('warning', keepWarning);
});

describe('sslmode on a server with a self-signed certificate', () => {
  if (!hasTls) {
    if (postgres.skipped) return skippedEngine(postgres);
    // CI's server is made by scripts/postgres-test-server.sh, which turns TLS on: there, a server without it fails.
    it.skipIf(!process.env.CI)(`the test server speaks TLS (${certificate})`, () => {
      expect(hasTls).toBe(true);
    });
    return;
  }

  it('require encrypts without checking the certificate; disable and no sslmode do not encrypt', async () => {
    const address = await postgres.database();
    expect(await encrypted(withParameters(address, { sslmode: 'require' }))).toBe(true);
    expect(await encrypted(withParameters(address, { sslmode: 'prefer' }))).toBe(true);
    expect(await encrypted(withParameters(address, { sslmode: 'allow' }))).toBe(false);
    expect(await encrypted(withParameters(address, { sslmode: 'disable' }))).toBe(false);
    expect(await encrypted(address)).toBe(false);
  });

  it('verify-ca checks who signed it, verify-full the host name too', async () => {
    const address = await postgres.database();
    const signedBy = { sslrootcert: certificate };
    expect(await encrypted(withParameters(address, { sslmode: 'verify-ca', ...signedBy }))).toBe(true);
    expect(await encrypted(withParameters(address, { sslmode: 'verify-full', ...signedBy }, 'localhost'))).toBe(true);
    await expect(encrypted(withParameters(address, { sslmode: 'verify-full', ...signedBy }))).rejects.toThrow(
      /^postgres:\/\/\S+: the server's certificate is not for the host name "127\.0\.0\.1": connect by the name it was made for, or set sslmode=verify-ca to check only who signed it$/,
    );
  });

  it('takes PGSSLMODE and PGSSLROOTCERT when the address names none, for the bare postgres: too', async () => {
    const address = new URL(await postgres.database());
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { PGSSLMODE: 'require' });
      expect(await encrypted(address.toString())).toBe(true);
      // The address's own sslmode comes first.
      expect(await encrypted(withParameters(address.toString(), { sslmode: 'disable' }))).toBe(false);
      Object.assign(process.env, {
        PGSSLMODE: 'verify-full',
        PGSSLROOTCERT: certificate,
        PGHOST: 'localhost',
        PGPORT: address.port,
        PGUSER: decodeURIComponent(address.username),
        PGDATABASE: address.pathname.slice(1),
      });
      expect(await encrypted('postgres:')).toBe(true);
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });

  it('crm report monthly with sslmode=require answers, and prints no warning', async () => {
    const address = await postgres.database();
    for (const run of [
      await runCli(['report', 'monthly'], { db: withParameters(address, { sslmode: 'require' }) }),
      await runCli(['report', 'monthly'], { db: address, env: { PGSSLMODE: 'require' } }),
    ]) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
    }
    expect(warnings).toEqual([]);
  });

  it('a certificate its check refuses is one line saying what to set, exit 1', async () => {
    const address = await postgres.database();
    const host = `${new URL(address).host}${new URL(address).pathname}`;
    const full = await runCli(['report', 'monthly'], { db: withParameters(address, { sslmode: 'verify-full' }) });
    expect(full.code).toBe(1);
    expect(full.stderr).toBe(
      `crm: postgres://postgres@${host}: the server's certificate was not accepted (self-signed certificate): name the authority that signed it with sslrootcert=FILE, or set sslmode=require to encrypt without checking it\n`,
    );
    const fromEnvironment = await runCli(['report', 'monthly'], { db: address, env: { PGSSLMODE: 'verify-ca' } });
    expect(fromEnvironment.code).toBe(1);
    expect(fromEnvironment.stderr).toMatch(/^crm: \S+: sslmode=verify-ca checks the certificate against its authority/);
    expect(fromEnvironment.stderr.split('\n')).toHaveLength(2);
    const missing = await runCli(['report', 'monthly'], {
      db: withParameters(address, { sslmode: 'require', sslrootcert: '/nowhere/root.crt' }),
    });
    expect(missing.stderr).toBe('crm: /nowhere/root.crt: cannot be read (no such file or directory)\n');
    const unknown = await runCli(['report', 'monthly'], { db: withParameters(address, { sslmode: 'on' }) });
    expect(unknown.stderr).toBe(
      `crm: postgres://postgres@${host}: sslmode "on" is not one of disable, allow, prefer, require, verify-ca, verify-full\n`,
    );
    expect(warnings).toEqual([]);
  });
});
