/**
 * The one error type the product throws on purpose. `code` is stable and namespaced
 * (`'POLICY.NOT_A_POLICY'`), `message` is written for the person who will read it.
 *
 * @example
 *   throw new StaffroomError('POLICY.UNKNOWN_CLAUSE', `No clause with the id ${id}.`);
 */
export class StaffroomError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'StaffroomError';
  }
}

/** True when `e` is a StaffroomError, optionally with a code starting with `prefix`. */
export function isStaffroomError(e: unknown, prefix = ''): e is StaffroomError {
  return e instanceof StaffroomError && e.code.startsWith(prefix);
}
