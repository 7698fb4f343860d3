/** Today's calendar date; `CRM_TODAY=YYYY-MM-DD` pins it (tests, and re-running last month's cron by hand). */
export function today(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CRM_TODAY && /^\d{4}-\d{2}-\d{2}$/.test(env.CRM_TODAY)) return env.CRM_TODAY;
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
