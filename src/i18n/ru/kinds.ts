/** The kinds of file an import reads (`crm import visits`), as a subject: «визиты читаются…». */
const KINDS: Record<string, string> = { clients: 'клиенты', visits: 'визиты', deals: 'сделки', nps: 'ответы NPS' };
/** The same, after «строк», «для»: «нет строк визитов». */
const OF_KINDS: Record<string, string> = {
  clients: 'клиентов',
  visits: 'визитов',
  deals: 'сделок',
  nps: 'ответов NPS',
};

export const kind = (token: string) => KINDS[token] ?? String(token);
export const ofKind = (token: string) => OF_KINDS[token] ?? String(token);
