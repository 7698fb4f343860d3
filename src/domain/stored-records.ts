import type { Stage, StageEntry } from './deal.js';

// The records the store hands back: rendering, exports and reports read these shapes, never a database row.

export interface Visit {
  id: number;
  client_id: number;
  date: string;
  amount: number;
  service: string | null;
  note: string | null;
  extra: Record<string, string>;
}

export interface Deal {
  id: number;
  client_id: number | null;
  title: string;
  amount: number | null;
  source: string | null;
  stage: Stage;
  created: string;
  reason: string | null;
  note: string | null;
  extra: Record<string, string>;
  history: StageEntry[];
}

export interface NpsAnswer {
  id: number;
  client_id: number;
  date: string;
  score: number;
  improve: string | null;
  liked: string | null;
  extra: Record<string, string>;
}
