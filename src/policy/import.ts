import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { StaffroomError } from '../core/errors.ts';
import type { PolicyChanges } from './clause.ts';
import { assignClauseIds } from './assign-ids.ts';
import { parsePolicyText } from './parse.ts';
import type { PolicyRepository } from './policy.repository.ts';

export interface ImportRequest {
  code: string;
  title: string;
  version: string;
  text: string;
  sourceName: string;
}

export interface ImportResult {
  code: string;
  version: string;
  clauseCount: number;
  sectionCount: number;
  changes: PolicyChanges;
  /** True when this exact version and text were already imported (nothing written). */
  alreadyImported: boolean;
}

const CODE = /^[A-Z][A-Z0-9]{1,15}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Parses a policy's text and stores it as a new version, keeping the ids of unchanged clauses.
 * Errors (bad code, not a policy, a version reused with different text) are StaffroomErrors and
 * leave the database untouched.
 *
 * @example
 *   await importPolicy(repo, clock, { code: 'SMP', title: 'Social Media Policy', version: '2024', text, sourceName: 'smp.txt' });
 */
export async function importPolicy(repo: PolicyRepository, clock: Clock, req: ImportRequest): Promise<ImportResult> {
  if (!CODE.test(req.code)) throw new StaffroomError('POLICY.BAD_CODE', `The policy code must be 2-16 capital letters or digits, starting with a letter (e.g. SMP), not "${req.code}".`);
  if (!VERSION.test(req.version)) throw new StaffroomError('POLICY.BAD_VERSION', `The version must be letters, digits, dots or dashes (e.g. 2024-09), not "${req.version}".`);
  if (!req.title.trim()) throw new StaffroomError('POLICY.BAD_TITLE', 'The policy needs a title (--title "Social Media Policy").');
  const sections = parsePolicyText(req.text);
  const sourceHash = createHash('sha256').update(req.text).digest('hex');

  const existing = await repo.getVersion(req.code, req.version);
  if (existing) {
    if (existing.sourceHash === sourceHash) {
      const count = sections.reduce((n, s) => n + s.items.length, 0);
      return { code: req.code, version: req.version, clauseCount: count, sectionCount: sections.length, changes: { added: [], changed: [], removed: [], unchanged: count }, alreadyImported: true };
    }
    throw new StaffroomError('POLICY.VERSION_EXISTS', `${req.code} version ${req.version} was already imported with different text. Import the new text under a new version (--version).`);
  }
  const { prior, history } = await repo.priorClauses(req.code);
  const { clauses, changes } = assignClauseIds(req.code, sections, prior, history);
  await repo.saveVersion({ code: req.code, title: req.title.trim(), version: req.version, sourceName: req.sourceName, sourceHash, at: clock.now().toISOString(), clauses, changes });
  return { code: req.code, version: req.version, clauseCount: clauses.length, sectionCount: sections.length, changes, alreadyImported: false };
}
