import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assignClauseIds } from '../../src/policy/assign-ids.ts';
import { parsePolicyText } from '../../src/policy/parse.ts';
import type { Clause } from '../../src/policy/clause.ts';
import { createAnswerer, type Answerer } from '../../src/answers/answerer.ts';

export const RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

/** The sample policy's clauses as the importer numbers them, without a database. */
export function sampleClauses(): Clause[] {
  const text = fs.readFileSync(new URL('../../policies/social-media-policy.txt', import.meta.url), 'utf8');
  return assignClauseIds('SMP', parsePolicyText(text), []).clauses.map((c) => ({
    id: c.clauseId, policyCode: 'SMP', policyTitle: 'Social Media Policy', version: '2024', sectionNo: c.sectionNo, itemNo: c.itemNo,
    sectionTitle: c.sectionTitle, kind: c.kind, leadIn: c.leadIn, text: c.text, position: c.position,
  }));
}

export function sampleAnswerer(): Promise<Answerer> {
  return createAnswerer({ clauses: sampleClauses(), rulesDir: RULES_DIR });
}
