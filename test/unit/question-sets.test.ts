import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleAnswerer } from '../helpers/sample-answerer.ts';
import type { Answerer } from '../../src/answers/answerer.ts';

/**
 * The question sets in test/fixtures were written by people who never saw the rules; scoring them
 * the way ../shared/eval/run-eval.mjs does guards against a rule change that fixes one question
 * and quietly breaks others.
 */
const sets = fs.readdirSync(new URL('../fixtures/', import.meta.url)).filter((f) => /^questions\..*\.jsonl$/.test(f));
const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

let answerer: Answerer;
beforeAll(async () => {
  answerer = await sampleAnswerer();
});

describe.each(sets)('%s', (file) => {
  it('keeps verdicts and citations above 90% and never says "allowed" where the policy forbids', async () => {
    const cases = fs.readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    let verdicts = 0, cited = 0, citable = 0;
    const dangerous: string[] = [];
    for (const c of cases) {
      const a = await answerer.ask(c.q);
      if (c.verdict.includes(a.verdict)) verdicts++;
      if (a.verdict === 'allowed' && !c.verdict.includes('allowed') && c.verdict.includes('prohibited')) dangerous.push(c.id);
      if (c.cite.length) {
        citable++;
        const top = a.citations.slice(0, 3).map((x) => plain(x.text));
        if (c.cite.some((s: string) => top.some((t) => t.includes(plain(s))))) cited++;
      }
    }
    expect(dangerous).toEqual([]);
    expect(verdicts / cases.length).toBeGreaterThanOrEqual(0.9);
    expect(cited / citable).toBeGreaterThanOrEqual(0.9);
  });
});
