import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assignClauseIds, type PriorClause } from '../../src/policy/assign-ids.ts';
import { parsePolicyText } from '../../src/policy/parse.ts';

const sample = fs.readFileSync(new URL('../../policies/social-media-policy.txt', import.meta.url), 'utf8');
const asPrior = (r: ReturnType<typeof assignClauseIds>): PriorClause[] => r.clauses.map((c) => ({ clauseId: c.clauseId, sectionNo: c.sectionNo, itemNo: c.itemNo, sectionTitle: c.sectionTitle, text: c.text, textHash: c.textHash }));

describe('stable clause ids', () => {
  const first = assignClauseIds('SMP', parsePolicyText(sample), []);

  it('numbers sections and items in order on the first import', () => {
    const byId = new Map(first.clauses.map((c) => [c.clauseId, c.text]));
    expect(byId.get('SMP-7.3')).toMatch(/^To avoid any conflict of interest/);
    expect(byId.get('SMP-8.6')).toMatch(/^Staff should not give their personal contact details/);
    expect(first.changes.added).toHaveLength(first.clauses.length);
  });

  it('keeps every id when one clause is edited, and records it as changed', () => {
    const edited = sample.replace('Pupils must not be discussed on social media sites.', 'Pupils and their families must not be discussed on social media sites or in messaging apps.');
    const second = assignClauseIds('SMP', parsePolicyText(edited), asPrior(first));
    expect(second.changes).toEqual({ added: [], changed: ['SMP-7.6'], removed: [], unchanged: first.clauses.length - 1 });
    expect(second.clauses.map((c) => c.clauseId)).toEqual(first.clauses.map((c) => c.clauseId));
  });

  it('gives an inserted clause a new id and never renumbers the others', () => {
    const inserted = sample.replace(' Pupils must not be discussed on social media sites. \n', ' Pupils must not be discussed on social media sites. \n\n Staff must not use AI tools to generate images of pupils for any purpose. \n');
    const second = assignClauseIds('SMP', parsePolicyText(inserted), asPrior(first));
    expect(second.changes.added).toEqual(['SMP-7.17']);
    const ai = second.clauses.find((c) => c.text.includes('AI tools'));
    expect(ai?.clauseId).toBe('SMP-7.17');
    expect(second.clauses.find((c) => c.text.startsWith('Photographs (unless'))?.clauseId).toBe('SMP-7.7');
  });

  it('records a deleted clause as removed and does not reuse its id', () => {
    const without = sample.replace(' Pupils must not be discussed on social media sites. \n', '');
    const second = assignClauseIds('SMP', parsePolicyText(without), asPrior(first));
    expect(second.changes.removed).toEqual(['SMP-7.6']);
    const history = asPrior(first);
    const third = assignClauseIds('SMP', parsePolicyText(sample.replace('Pupils must not be discussed on social media sites.', 'Nothing about a pupil, their family or their progress may be shared on any app.')), asPrior(second), history);
    expect(third.changes.added).toEqual(['SMP-7.17']);
  });
});
