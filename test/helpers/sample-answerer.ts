import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clausesFromText } from '../../src/policy/assign-ids.ts';
import type { Clause } from '../../src/policy/clause.ts';
import { createAnswerer, type Answerer } from '../../src/answers/answerer.ts';

export const RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

/** The sample policy's clauses as the importer numbers them, without a database. */
export function sampleClauses(): Clause[] {
  return clausesFromText('SMP', 'Social Media Policy', '2024', fs.readFileSync(new URL('../../policies/social-media-policy.txt', import.meta.url), 'utf8'));
}

export function sampleAnswerer(): Promise<Answerer> {
  return createAnswerer({ clauses: sampleClauses(), rulesDir: RULES_DIR });
}
