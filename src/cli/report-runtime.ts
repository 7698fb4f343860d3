/**
 * What a report command loads once its options are parsed, in one module: one dynamic import gives the report path
 * one chunk of its own instead of a stub and a round of loading per module.
 */
export * as app from '../app/reports.js';
export { today } from '../app/today.js';
export { renderPieces } from '../render/render.js';
export * as views from '../render/reports.js';
export * as periods from '../reports/period.js';
export { connectStore, resolveDatabasePath } from '../store/store.js';
