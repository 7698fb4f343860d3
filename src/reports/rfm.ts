import { majorUnits } from './numbers.js';
import type { Period } from './period.js';
import { periodJson } from './types.js';

export const SEGMENTS = ['champions', 'loyal', 'potential', 'new', 'at_risk', 'hibernating', 'lost'] as const;
export type Segment = (typeof SEGMENTS)[number];

/**
 * The segment of a client with recency score `r` and frequency score `f`; the first rule that matches wins:
 * champions R4–5 F4–5; new R5 F1; potential R4–5 F1–2; loyal R3–5 F3–5; at risk R1–2 F3–5; hibernating R2–3 F1–2;
 * lost R1 F1–2. Every (R, F) pair lands in exactly one segment.
 */
export function segmentOf(r: number, f: number): Segment {
  if (r >= 4 && f >= 4) return 'champions';
  if (r === 5 && f === 1) return 'new';
  if (r >= 4 && f <= 2) return 'potential';
  if (r >= 3 && f >= 3) return 'loyal';
  if (r <= 2 && f >= 3) return 'at_risk';
  if (r >= 2) return 'hibernating';
  return 'lost';
}

/**
 * Score 1–5 of a value with `worse` clients strictly worse than it among `clients`: 1 + ⌊5·worse/clients⌋. Equal
 * values always share a score, so ties never depend on the order rows come in.
 */
export function quintileScore(worse: number, clients: number): number {
  return 1 + Math.floor((5 * worse) / clients);
}

/** Clients and their revenue (minor units, all purchases up to the period's end) per (R, F) score pair. */
export interface RfmCell {
  r: number;
  f: number;
  clients: number;
  revenue: number;
}

export interface RfmClient {
  clientId: number;
  name: string;
  lastPurchase: string;
  recencyDays: number;
  frequency: number;
  /** Minor units. */
  monetary: number;
  r: number;
  f: number;
  m: number;
}

export interface RfmReport {
  period: Period;
  buyers: number;
  segments: Array<{ segment: Segment; clients: number; revenue: number }>;
  clients?: Array<RfmClient & { segment: Segment }>;
}

export function rfmReport(period: Period, cells: RfmCell[], clients?: RfmClient[]): RfmReport {
  const segments = SEGMENTS.map((segment) => ({ segment, clients: 0, revenue: 0 }));
  for (const cell of cells) {
    const row = segments[SEGMENTS.indexOf(segmentOf(cell.r, cell.f))]!;
    row.clients += cell.clients;
    row.revenue += cell.revenue;
  }
  return {
    period,
    buyers: segments.reduce((sum, row) => sum + row.clients, 0),
    segments,
    ...(clients ? { clients: clients.map((client) => ({ ...client, segment: segmentOf(client.r, client.f) })) } : {}),
  };
}

export function rfmJson(report: RfmReport) {
  return {
    period: periodJson(report.period),
    buyers: report.buyers,
    segments: report.segments.map((row) => ({
      segment: row.segment,
      clients: row.clients,
      revenue: majorUnits(row.revenue),
    })),
    ...(report.clients
      ? {
          clients: report.clients.map((client) => ({
            client_id: client.clientId,
            name: client.name,
            segment: client.segment,
            r: client.r,
            f: client.f,
            m: client.m,
            last_purchase: client.lastPurchase,
            recency_days: client.recencyDays,
            frequency: client.frequency,
            monetary: majorUnits(client.monetary),
          })),
        }
      : {}),
  };
}
