/**
 * After each file of the `postgres` project: the server databases its CLI commands ran on are dropped
 * (test/engine-databases.ts).
 */
import { afterAll } from 'vitest';
import { dropServerDatabases } from './engine-databases.js';

afterAll(dropServerDatabases);
