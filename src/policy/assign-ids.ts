import { createHash } from 'node:crypto';
import { clauseId, type PolicyChanges } from './clause.ts';
import { parsePolicyText, type ParsedSection } from './parse.ts';

/** A clause as a previous version stored it. */
export interface PriorClause {
  clauseId: string;
  sectionNo: number;
  itemNo: number;
  sectionTitle: string;
  text: string;
  textHash: string;
}

export interface AssignedClause {
  clauseId: string;
  sectionNo: number;
  itemNo: number;
  sectionTitle: string;
  kind: 'paragraph' | 'bullet';
  leadIn: string | null;
  text: string;
  textHash: string;
  position: number;
}

/** Hash of a clause's wording, insensitive to spacing, case and punctuation. */
export function textHash(text: string): string {
  const norm = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return createHash('sha256').update(norm).digest('hex');
}

const words = (s: string) => new Set(s.toLowerCase().match(/[a-z0-9]+/g) ?? []);
function similarity(a: string, b: string): number {
  const A = words(a), B = words(b);
  let common = 0;
  for (const w of A) if (B.has(w)) common++;
  return common / Math.max(1, Math.min(A.size, B.size) + Math.abs(A.size - B.size) / 2);
}
const normTitle = (t: string) => t.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/**
 * Gives each parsed clause its id, keeping the ids of the previous version wherever the clause is
 * the same (by wording) or recognisably the same clause edited (same section, mostly the same words).
 * New clauses get the next unused item number in their section; ids are never reused.
 *
 * @param history every clause this policy has ever had (for never reusing an id); `prior` is the current version.
 */
export function assignClauseIds(code: string, sections: ParsedSection[], prior: PriorClause[], history: PriorClause[] = prior): { clauses: AssignedClause[]; changes: PolicyChanges } {
  // Sections keep their numbers by title; new titles get the next free number.
  const sectionNoByTitle = new Map<string, number>();
  for (const c of history) sectionNoByTitle.set(normTitle(c.sectionTitle), c.sectionNo);
  let nextSection = Math.max(0, ...history.map((c) => c.sectionNo)) + 1;
  const maxItem = new Map<number, number>();
  for (const c of history) maxItem.set(c.sectionNo, Math.max(maxItem.get(c.sectionNo) ?? 0, c.itemNo));

  const flat = sections.flatMap((s) => {
    let no = sectionNoByTitle.get(normTitle(s.title));
    if (no === undefined) {
      no = nextSection++;
      sectionNoByTitle.set(normTitle(s.title), no);
    }
    return s.items.map((it) => ({ ...it, sectionNo: no!, sectionTitle: s.title, hash: textHash(it.text) }));
  });

  const ids: (string | null)[] = flat.map(() => null);
  const unmatched = new Set(prior.map((_, i) => i));
  const changed: string[] = [];

  // 1. Same wording: prefer the same section, then anywhere (a clause that moved keeps its id).
  for (const pass of ['same-section', 'anywhere'] as const) {
    flat.forEach((item, i) => {
      if (ids[i]) return;
      for (const j of unmatched) {
        const p = prior[j];
        if (p.textHash === item.hash && (pass === 'anywhere' || p.sectionNo === item.sectionNo)) {
          ids[i] = p.clauseId;
          unmatched.delete(j);
          return;
        }
      }
    });
  }
  // 2. Edited in place: same section, most similar remaining clause above a threshold.
  flat.forEach((item, i) => {
    if (ids[i]) return;
    let best = -1, bestScore = 0.5;
    for (const j of unmatched) {
      if (prior[j].sectionNo !== item.sectionNo) continue;
      const s = similarity(prior[j].text, item.text);
      if (s > bestScore) { best = j; bestScore = s; }
    }
    if (best >= 0) {
      ids[i] = prior[best].clauseId;
      unmatched.delete(best);
      changed.push(prior[best].clauseId);
    }
  });
  // 3. New clauses: first import numbers items in order; later ones take the next unused number.
  const added: string[] = [];
  const clauses: AssignedClause[] = flat.map((item, i) => {
    let id = ids[i];
    if (!id) {
      const next = (maxItem.get(item.sectionNo) ?? 0) + 1;
      maxItem.set(item.sectionNo, next);
      id = clauseId(code, item.sectionNo, next);
      added.push(id);
    }
    // A kept id keeps its numbers, even if its clause moved to another section.
    const [sectionNo, itemNo] = id.slice(code.length + 1).split('.').map(Number);
    return { clauseId: id, sectionNo, itemNo, sectionTitle: item.sectionTitle, kind: item.kind, leadIn: item.leadIn ?? null, text: item.text, textHash: item.hash, position: i + 1 };
  });
  const removed = [...unmatched].map((j) => prior[j].clauseId);
  return { clauses, changes: { added, changed, removed, unchanged: clauses.length - added.length - changed.length } };
}

/**
 * A policy's text straight to Clauses (first-import numbering), without a database: for the
 * bench and for tests that need the answerer alone.
 */
export function clausesFromText(code: string, title: string, version: string, text: string): import('./clause.ts').Clause[] {
  return assignClauseIds(code, parsePolicyText(text), []).clauses.map((c) => ({
    id: c.clauseId, policyCode: code, policyTitle: title, version, sectionNo: c.sectionNo, itemNo: c.itemNo,
    sectionTitle: c.sectionTitle, kind: c.kind, leadIn: c.leadIn, text: c.text, position: c.position,
  }));
}
