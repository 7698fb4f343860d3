/**
 * A deal's stage as people read it: «выиграна». The stage tokens (`won`) stay what a person types (`crm deal move 4
 * won`, `--stage won`) and what JSON and CSV hold.
 */
const STAGES: Record<string, string> = {
  lead: 'лид',
  qualified: 'квалифицирована',
  deal: 'сделка',
  won: 'выиграна',
  lost: 'проиграна',
  junk: 'нецелевая',
};

export const stage = (token: string) => STAGES[token] ?? String(token);
