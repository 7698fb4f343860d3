/**
 * A WHERE clause from a listing's filters: each condition is kept when its value is set (not undefined, not
 * false), and its value becomes the parameter when the SQL has a `?`.
 */
export function whereClause(conditions: Array<[sql: string, value: string | number | boolean | undefined]>): {
  sql: string;
  params: Array<string | number>;
} {
  const kept = conditions.filter(([, value]) => value !== undefined && value !== false);
  return {
    sql: kept.length ? `WHERE ${kept.map(([sql]) => sql).join(' AND ')}` : '',
    params: kept.filter(([sql]) => sql.includes('?')).map(([, value]) => value as string | number),
  };
}
