/**
 * What the server or the network answers becomes one line naming the database, never a driver error; an error that
 * is not the user's (a bug) is left as it is, so that it keeps its stack. No server needed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { useLanguage } from '../../src/i18n/index.js';
import { describeServer, isServerAddress, shownAddress } from '../../src/store/postgres/address.js';
import { ReadOnlyLoginError, serverError } from '../../src/store/postgres/errors.js';

const WHERE = 'postgres://anna@db.example.com:5432/crm';

/** A driver error as node-postgres raises it: a message, and the SQLSTATE or socket code. */
function driverError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe('serverError', () => {
  it.each([
    [driverError('connect ECONNREFUSED 10.0.0.5:5432', 'ECONNREFUSED'), /cannot connect \(connection refused\)/],
    [driverError('getaddrinfo ENOTFOUND db.example.com', 'ENOTFOUND'), /the host name is not known/],
    [driverError('connect ETIMEDOUT', 'ETIMEDOUT'), /does not answer/],
    [driverError('Connection terminated due to connection timeout'), /does not answer \(timed out\)/],
    [
      driverError('password authentication failed for user "anna"', '28P01'),
      /refused the login: password authentication failed for user "anna"$/,
    ],
    [
      driverError('no pg_hba.conf entry for host "10.0.0.9", user "anna", database "crm", no encryption', '28000'),
      /refused the login: no pg_hba\.conf entry/,
    ],
    [
      driverError('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'),
      /asks for a password: put it in ~\/\.pgpass or PGPASSWORD$/,
    ],
    [
      driverError('database "crm" does not exist', '3D000'),
      /database "crm" does not exist; create it \(createdb\) and run crm init$/,
    ],
    [driverError('Connection terminated unexpectedly'), /connection to the server was lost/],
    [driverError('terminating connection due to administrator command', '57P01'), /connection to the server was lost/],
    [driverError('read ECONNRESET', 'ECONNRESET'), /connection to the server was lost/],
    [driverError('cannot execute INSERT in a read-only transaction', '25006'), /opened read-only/],
    [
      driverError('permission denied for table clients', '42501'),
      /permission denied for table clients; ask the database's owner/,
    ],
    [driverError('canceling statement due to lock timeout', '55P03'), /another crm is writing/],
    [driverError('could not extend file: No space left on device', '53100'), /disk is full/],
  ])('%s', (error, message) => {
    const line = serverError(error, WHERE);
    expect(line).toBeInstanceOf(StoreError);
    expect(line!.message.startsWith(`${WHERE}: `)).toBe(true);
    expect(line!.message).toMatch(message);
    expect(line!.message).not.toMatch(/\n/);
  });

  it('leaves a bug as it is', () => {
    expect(serverError(driverError('syntax error at or near "SELEC"', '42601'), WHERE)).toBeUndefined();
    expect(serverError(new TypeError('x is not a function'), WHERE)).toBeUndefined();
  });
});

describe('serverError in Russian', () => {
  afterEach(() => useLanguage('en'));

  it.each([
    [
      driverError('password authentication failed for user "anna"', '28P01'),
      'сервер отказал во входе: неверный пароль пользователя «anna»',
    ],
    [driverError('role "anna" does not exist', '28000'), 'сервер отказал во входе: пользователя «anna» на нём нет'],
    [
      driverError('no pg_hba.conf entry for host "10.0.0.9", user "anna", database "crm", no encryption', '28000'),
      'сервер отказал во входе: его pg_hba.conf не разрешает вход с адреса «10.0.0.9» пользователю «anna» в базу «crm»',
    ],
    [
      driverError('database "crm" does not exist', '3D000'),
      'базы данных «crm» нет; создайте её (createdb) и выполните crm init',
    ],
    [
      driverError('connect ECONNREFUSED 10.0.0.5:5432', 'ECONNREFUSED'),
      'не удалось подключиться (в соединении отказано): запущен ли там сервер PostgreSQL и слушает ли он?',
    ],
    [
      driverError('cannot execute INSERT in a read-only transaction', '25006'),
      'открыто только для чтения (отчёт или выгрузка), здесь ничего нельзя изменить',
    ],
    [
      driverError('permission denied for table clients', '42501'),
      'нет прав на таблицу clients; попросите владельца базы дать crm нужные права',
    ],
    [
      driverError('canceling statement due to lock timeout', '55P03'),
      'другой crm пишет в базу (импорт?) и не закончил за минуту; ничего не изменено, попробуйте ещё раз',
    ],
    [
      driverError('deadlock detected', '40P01'),
      'две записи заблокировали друг друга (взаимная блокировка); ничего из этой команды не сохранено, попробуйте ещё раз',
    ],
    [
      driverError('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'),
      'сервер спрашивает пароль: укажите его в ~/.pgpass или PGPASSWORD',
    ],
    [
      driverError('Connection terminated unexpectedly'),
      'связь с сервером потеряна; то, что команда не успела закончить, не сохранено',
    ],
  ])('%s', async (error, said) => {
    await useLanguage('ru');
    expect(serverError(error, WHERE)?.message).toBe(`${WHERE}: ${said}`);
  });

  it('quotes a server that speaks another language as it said it', async () => {
    await useLanguage('ru');
    const said = 'пользователь "anna" не прошёл проверку подлинности (по паролю)';
    expect(serverError(driverError(said, '28P01'), WHERE)?.message).toBe(`${WHERE}: сервер отказал во входе: ${said}`);
  });

  it('says a write by a login that may only read', async () => {
    await useLanguage('ru');
    expect(new ReadOnlyLoginError(WHERE).message).toBe(
      `${WHERE}: эта учётная запись базы может только читать (crm_reports); для записи нужна crm_user`,
    );
  });
});

describe('addresses', () => {
  it('tells a PostgreSQL address from a file path', () => {
    for (const address of ['postgres://h/db', 'postgresql://u@h:5/db', 'POSTGRES://h', 'postgres:', 'postgresql:'])
      expect(isServerAddress(address)).toBe(true);
    for (const path of ['crm.sqlite', 'postgres:db.sqlite', './postgres://x', '/srv/postgres:', 'C:\\crm.sqlite'])
      expect(isServerAddress(path)).toBe(false);
  });

  it('shows an address without its password or parameters', () => {
    expect(shownAddress('postgres://anna:secret@db.example.com:5432/crm?sslmode=require&password=x')).toBe(
      'postgres://anna@db.example.com:5432/crm',
    );
    // A user (and a port) with no host name, the socket folder in the parameters: libpq's form, shown as written.
    expect(shownAddress('postgres://admin:secret@/crm?host=/var/run/postgresql')).toBe('postgres://admin@/crm');
    expect(shownAddress('postgres://admin@:5433/crm?host=/var/run/postgresql')).toBe('postgres://admin@/crm');
    expect(describeServer({ user: 'anna', host: '/var/run/postgresql', port: 5432, database: 'crm' })).toBe(
      'postgres://anna@%2Fvar%2Frun%2Fpostgresql:5432/crm',
    );
  });
});
