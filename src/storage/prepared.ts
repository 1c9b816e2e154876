import { createQueryId, type Compilable, type Kysely, type QueryResult } from 'kysely';
import { RESULT_BEFORE_COMMIT } from './sqlite-driver.ts';

/**
 * A query built and compiled once, then run with fresh parameter values: hot paths (a write per
 * chat message) skip rebuilding and recompiling the same query every time. Works on every dialect,
 * because the dialect's own compiler produced the SQL.
 *
 * @example
 *   const insert = prepare(db, (id, at) => db.insertInto('t').values({ id, at }));
 *   await insert(['abc', '2026-01-01T00:00:00Z']);
 */
export function prepare<Args extends unknown[]>(
  db: Kysely<any>,
  build: (...placeholders: string[]) => Compilable<unknown>,
  arity: number,
  options: { resultBeforeCommit?: boolean } = {},
): (args: Args) => Promise<QueryResult<unknown>> {
  const placeholders = Array.from({ length: arity }, (_, i) => `\u0000staffroom-param-${i}\u0000`);
  const compiled = build(...placeholders).compile();
  // Where each compiled parameter comes from: an argument, or a constant of the query itself.
  const sources: ({ arg: number } | { value: unknown })[] = compiled.parameters.map((p) => {
    const i = placeholders.indexOf(p as string);
    return i >= 0 ? { arg: i } : { value: p };
  });
  return (args) =>
    db.executeQuery({
      ...compiled,
      queryId: createQueryId(),
      parameters: sources.map((s) => ('arg' in s ? args[s.arg] : s.value)),
      ...(options.resultBeforeCommit ? { [RESULT_BEFORE_COMMIT]: true } : {}),
    });
}
