import fs from 'node:fs';
import { Engine } from 'json-rules-engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES_DIR, sampleAnswerer } from '../helpers/sample-answerer.ts';
import type { Answerer } from '../../src/answers/answerer.ts';
import { loadRuleFiles, Verdicts } from '../../src/answers/rules.ts';

const rules = loadRuleFiles(RULES_DIR).flatMap((f) => f.rules);

/** The shipped rules run by a plain json-rules-engine, every condition evaluated by the engine. */
async function plainEngine(facts: Record<string, unknown>): Promise<string | null> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  rules.forEach((r) => engine.addRule({ name: r.name, priority: r.priority, conditions: r.conditions, event: { type: r.name } }));
  const { events } = await engine.run({ ...facts });
  const order = new Map(rules.map((r, i) => [r.name, i]));
  const fired = events.map((e) => rules[order.get(e.type)!]);
  fired.sort((a, b) => b.priority - a.priority || order.get(a.name)! - order.get(b.name)!);
  return fired[0]?.name ?? null;
}

describe('verdicts', () => {
  let answerer: Answerer;
  beforeAll(async () => {
    answerer = await sampleAnswerer();
  });

  it('decide exactly as the engine does with every condition left to it', async () => {
    const verdicts = new Verdicts(rules);
    const fixtures = new URL('../fixtures/', import.meta.url);
    const questions = fs.readdirSync(fixtures).filter((f) => f.endsWith('.jsonl')).slice(0, 6)
      .flatMap((f) => fs.readFileSync(new URL(f, fixtures), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).q as string));
    let decided = 0;
    for (const q of questions) {
      const facts = answerer.facts(q);
      const ours = (await verdicts.decide(facts))?.rule ?? null;
      expect(ours, q).toBe(await plainEngine(facts));
      if (ours) decided++;
    }
    expect(decided).toBeGreaterThan(questions.length / 2);
  });

  it('leave conditions they cannot decide to the engine (a path, a fact as the value)', async () => {
    const event = (verdict: string) => ({ type: 'x', params: { verdict, answer: verdict, clauses: ['SMP-1.1'] } });
    const verdicts = new Verdicts([
      { name: 'by-path', priority: 3, conditions: { all: [{ fact: 'intent', operator: 'equal', value: 'permission' }, { fact: 'detail', path: '$.level', operator: 'greaterThan', value: 2 }] }, event: event('prohibited') },
      { name: 'fact-value', priority: 2, conditions: { all: [{ fact: 'a', operator: 'equal', value: { fact: 'b' } }] }, event: event('conditional') },
      { name: 'nested', priority: 1, conditions: { all: [{ any: [{ fact: 'audience', operator: 'contains', value: 'pupil' }, { not: { fact: 'online', operator: 'equal', value: false } }] }] }, event: event('allowed') },
    ]);
    expect((await verdicts.decide({ intent: 'permission', detail: { level: 3 } as never }))?.rule).toBe('by-path');
    expect((await verdicts.decide({ intent: 'permission', detail: { level: 1 } as never, a: 'x', b: 'y', online: false }))?.rule).toBeUndefined();
    expect((await verdicts.decide({ a: 'x', b: 'x' }))?.rule).toBe('fact-value');
    expect((await verdicts.decide({ a: 'x', b: 'y', audience: ['pupil'], online: false }))?.rule).toBe('nested');
    expect((await verdicts.decide({ a: 'x', b: 'y', audience: [], online: false }))?.rule).toBeUndefined();
    expect((await verdicts.decide({ a: 'x', b: 'y', audience: [], online: true }))?.rule).toBe('nested');
  });

  it('check only the rules whose needed fact values are present, and still decide as the engine does', async () => {
    const event = (verdict: string) => ({ type: 'x', params: { verdict, answer: verdict, clauses: ['SMP-1.1'] } });
    const crafted = [
      { name: 'contains', priority: 5, conditions: { all: [{ fact: 'topics', operator: 'contains', value: 'photos' }, { fact: 'online', operator: 'equal', value: true }] }, event: event('prohibited') },
      { name: 'in', priority: 4, conditions: { all: [{ fact: 'intent', operator: 'in', value: ['permission', 'obligation'] }] }, event: event('conditional') },
      { name: 'equal-true', priority: 3, conditions: { all: [{ fact: 'online', operator: 'equal', value: true }] }, event: event('guidance') },
      { name: 'any-only', priority: 2, conditions: { any: [{ fact: 'topics', operator: 'contains', value: 'x' }, { fact: 'intent', operator: 'equal', value: 'why' }] }, event: event('guidance') },
      { name: 'open', priority: 1, conditions: { all: [{ fact: 'a', operator: 'equal', value: { fact: 'b' } }, { fact: 'topics', operator: 'contains', value: 'y' }] }, event: event('allowed') },
    ];
    const verdicts = new Verdicts(crafted);
    const engine = async (facts: Record<string, unknown>) => {
      const e = new Engine([], { allowUndefinedFacts: true });
      crafted.forEach((r) => e.addRule({ name: r.name, priority: r.priority, conditions: r.conditions as never, event: { type: r.name } }));
      const { events } = await e.run({ ...facts });
      return events.map((ev) => crafted.find((r) => r.name === ev.type)!).sort((x, y) => y.priority - x.priority)[0]?.name ?? null;
    };
    const factSets: Record<string, unknown>[] = [
      {}, { topics: ['photos'], online: true }, { topics: 'photos', online: true }, { topics: ['photos'], online: 'true' },
      { intent: 'obligation' }, { intent: ['permission'] }, { intent: 'why' }, { topics: ['x'] }, { online: true },
      { a: 1, b: 1, topics: ['y'] }, { a: 1, b: 2, topics: ['y'] }, { a: 1, b: 1, topics: ['photos', 'y'], online: true },
    ];
    for (const facts of factSets) expect((await verdicts.decide(facts as never))?.rule ?? null, JSON.stringify(facts)).toBe(await engine(facts));
  });
});
