/**
 * Runs `work` once the event loop has run the immediates already queued, and any they queue in turn
 * for the same pass: work that can wait a moment (committing a group of SQLite writes, the question
 * log) then follows a reply out instead of holding it up.
 *
 * A reply needs this: on a keep-alive connection that was idle, undici writes the next request from
 * an immediate of its own, after first letting the socket's pending input be read. Work queued with
 * a plain `setImmediate` before the reply was sent would run ahead of that write.
 *
 * @example
 *   afterQueuedImmediates(() => commitGroup());
 */
export function afterQueuedImmediates(work: () => void): void {
  setImmediate(() => setImmediate(work));
}
