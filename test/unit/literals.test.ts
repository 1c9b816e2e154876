import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { RULES_DIR } from '../helpers/sample-answerer.ts';
import { FactExtractor, type FactDefinition } from '../../src/answers/facts.ts';
import { LiteralScreen, requiredLiterals } from '../../src/answers/literals.ts';
import { Canonicaliser } from '../../src/answers/text.ts';

describe('required literals of a pattern', () => {
  it('takes a run of plain characters', () => {
    expect(requiredLiterals('\\bbefriend\\w*')).toEqual([['befriend']]);
  });

  it('requires every element of a sequence, the most selective first', () => {
    expect(requiredLiterals('\\b(call|ring) (him|her) (back|up)')).toEqual([['call', 'ring'], ['him', 'her'], ['back', 'up']]);
    expect(requiredLiterals('\\b(i|we) (dont|do not) need\\b')).toEqual([[' need'], ['dont', 'do not']]);
  });

  it('takes, for a disjunction, the union of its branches\' clauses, and nothing when a branch has none', () => {
    expect(requiredLiterals('\\bpupil\\b|\\b(1[1-7]) ?yo\\b')).toEqual([['pupil', 'yo']]);
    expect(requiredLiterals('\\bpupil photo\\b|\\bpupil video\\b')).toEqual([['pupil photo', 'pupil video']]);
    expect(requiredLiterals('\\bpupil\\b|\\b[0-9]+[a-z]\\b')).toEqual([]);
  });

  it('ignores optional parts, lookarounds and classes', () => {
    expect(requiredLiterals('(?<!ex )\\bpupil\\b(?! report)')).toEqual([['pupil']]);
    expect(requiredLiterals('^(?![\\s\\S]*\\bwhy\\b)(\\w+ ){1,7}\\w+$')).toEqual([]);
    expect(requiredLiterals('(my )?(own )?\\w+')).toEqual([]);
  });

  it('keeps the first copy of a repeated character', () => {
    expect(requiredLiterals('\\bxx+\\b')).toEqual([['xx']]);
  });

  it('reads upper-case pattern text as lower case (patterns match case-insensitively)', () => {
    expect(requiredLiterals('\\bDofE\\b')).toEqual([['dofe']]);
  });
});

describe('the literal screen', () => {
  it('finds every literal present, wherever it is, and nothing else', () => {
    const screen = new LiteralScreen<string>();
    for (const l of ['post', 'pupil', 'pu', 'photo', 'pho']) screen.add(l, l);
    screen.add('pupil', 'pupil again');
    const found: string[] = [];
    screen.scan('can i post a photo of my pupils', (t) => found.push(...t));
    expect(found.sort()).toEqual(['pho', 'photo', 'post', 'pu', 'pupil', 'pupil again']);
    found.length = 0;
    screen.scan('pupi', (t) => found.push(...t));
    expect(found).toEqual(['pu']);
  });

  it('reports a literal once per text, however often it occurs', () => {
    const screen = new LiteralScreen<string>();
    screen.add('pupil', 'p');
    const found: string[] = [];
    screen.scan('pupil and pupil and pupil', (t) => found.push(...t));
    expect(found).toEqual(['p']);
    screen.scan('pupil', (t) => found.push(...t));
    expect(found).toEqual(['p', 'p']);
  });
});

/**
 * The screen only skips work: facts must be exactly what testing every pattern gives. Checked on
 * the question sets, and on the same questions with their words reversed and shuffled, which puts
 * literals where no one has written them.
 */
describe('fact extraction with the screen', () => {
  const definitions = YAML.parse(fs.readFileSync(path.join(RULES_DIR, 'facts.yaml'), 'utf8')) as Record<string, FactDefinition>;
  const canon = new Canonicaliser(YAML.parse(fs.readFileSync(path.join(RULES_DIR, 'thesaurus.yaml'), 'utf8')));
  const extractor = new FactExtractor(definitions, canon);

  /** Every pattern tested on its own: what the screen must agree with. */
  function bruteForce(text: string): Record<string, unknown> {
    const facts: Record<string, unknown> = {};
    for (const [name, def] of Object.entries(definitions)) {
      const matches = Object.entries(def.values).filter(([, spec]) => {
        const { patterns, unless = [] } = Array.isArray(spec) ? { patterns: spec } : spec;
        const any = (list: string[]) => list.some((p) => new RegExp(p, 'i').test(text));
        return any(patterns) && !any(unless);
      }).map(([v]) => v);
      facts[name] = def.kind === 'one' ? matches[0] ?? def.default ?? 'none' : matches;
    }
    return facts;
  }

  const fixtures = new URL('../fixtures/', import.meta.url);
  const questions = fs.readdirSync(fixtures).filter((f) => f.endsWith('.jsonl')).slice(0, 12)
    .flatMap((f) => fs.readFileSync(new URL(f, fixtures), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).q as string));

  it('gives the same facts as testing every pattern', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let compared = 0;
    for (const q of questions) {
      const words = canon.words(q);
      const shuffled = [...words].sort(() => random() - 0.5);
      for (const text of [words.join(' '), [...words].reverse().join(' '), shuffled.join(' ')]) {
        const { online, question_words, ...facts } = extractor.extractCanonical(text);
        expect(facts, text).toEqual(bruteForce(text));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });

  it('drops a value when one of its unless patterns matches, and refuses a value with no pattern list', () => {
    const small = new FactExtractor({
      intent: { kind: 'one', default: 'other', values: { definition: { patterns: ['\\bcounts? as\\b'], unless: ['^can i\\b'] }, other_intent: ['\\bcounts?\\b'] } },
    }, canon);
    expect(small.extractCanonical('what counts as a post').intent).toBe('definition');
    expect(small.extractCanonical('can i share it if it counts as a post').intent).toBe('other_intent');
    expect(() => new FactExtractor({ intent: { kind: 'one', values: { definition: { unless: ['x'] } as never } } }, canon)).toThrow(/needs a list of patterns/);
  });
});
