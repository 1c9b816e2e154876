import { RegExpParser, type AST } from '@eslint-community/regexpp';

/** Shortest literal to screen on: single letters ("i", "a") occur in nearly every question. */
const MIN_LITERAL = 2;

const parser = new RegExpParser({ ecmaVersion: 2025 });

/**
 * Literal strings at least one of which occurs in any text the pattern matches, or null when the
 * pattern has no such set (it can match without any fixed text of MIN_LITERAL characters or more).
 * Literals are lower case: the patterns are matched case-insensitively against lower-case text.
 *
 * @example
 *   requiredLiterals('\\b(call|ring) (him|her) back\\b');  // ['call', 'ring'] (or [' back'])
 *   requiredLiterals('^(\\w+ ){1,7}\\w+$');                 // null
 */
export function requiredLiterals(pattern: string): string[] | null {
  const ast = parser.parsePattern(pattern, 0, pattern.length, { unicode: false });
  const set = ofAlternatives(ast.alternatives);
  return set ? [...set] : null;
}

/** A match of a disjunction contains a literal of whichever branch matched. */
function ofAlternatives(alternatives: AST.Alternative[]): Set<string> | null {
  const union = new Set<string>();
  for (const a of alternatives) {
    const set = ofSequence(a.elements);
    if (!set) return null;
    for (const s of set) union.add(s);
  }
  return union;
}

/**
 * A match of a sequence contains the match of every element, so any one element's requirement
 * holds for the whole: runs of plain characters, and groups or repeats that must match at least once.
 * The most selective one is kept.
 */
function ofSequence(elements: AST.Element[]): Set<string> | null {
  const candidates: Set<string>[] = [];
  let run = '';
  const endRun = () => {
    if (run.length >= MIN_LITERAL) candidates.push(new Set([run]));
    run = '';
  };
  for (const e of elements) {
    // Plain ASCII characters match themselves (case aside): consecutive ones are one literal.
    if (e.type === 'Character' && e.value < 128) {
      run += String.fromCharCode(e.value).toLowerCase();
      continue;
    }
    // "x+" or "s{2}": the character is there at least once, after the run; what follows may be more of it.
    if (e.type === 'Quantifier' && e.min >= 1 && e.element.type === 'Character' && e.element.value < 128) {
      run += String.fromCharCode(e.element.value).toLowerCase();
      endRun();
      continue;
    }
    endRun();
    const set = ofElement(e);
    if (set) candidates.push(set);
  }
  endRun();
  return candidates.reduce<Set<string> | null>((best, c) => (!best || better(c, best) ? c : best), null);
}

function ofElement(e: AST.Element): Set<string> | null {
  switch (e.type) {
    case 'Group':
    case 'CapturingGroup':
      return ofAlternatives(e.alternatives);
    case 'Quantifier':
      return e.min >= 1 ? ofSequence([e.element]) : null;
    default:
      // Character classes, \w and \s, assertions and lookarounds (which match no text of their own),
      // back-references: nothing fixed to require.
      return null;
  }
}

/** The set less likely to occur in a question: fewer literals, and longer ones (short words are common). */
function better(a: Set<string>, b: Set<string>): boolean {
  return commonness(a) < commonness(b);
}

function commonness(set: Set<string>): number {
  let sum = 0;
  for (const s of set) {
    const letters = s.replace(/[^a-z0-9]/g, '').length;
    sum += letters >= 6 ? 1 : letters === 5 ? 1.5 : letters === 4 ? 2 : letters === 3 ? 4 : 8;
  }
  return sum;
}

/**
 * Finds which of many literals occur in a text: literals bucketed by their first two characters,
 * each position of the text looked up once. Used to skip fact patterns that cannot match.
 */
export class LiteralScreen<T> {
  private readonly buckets = new Map<number, { literal: string; targets: T[] }[]>();

  add(literal: string, target: T): void {
    const key = keyAt(literal, 0);
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = []));
    const entry = bucket.find((b) => b.literal === literal);
    if (entry) entry.targets.push(target);
    else bucket.push({ literal, targets: [target] });
  }

  /** Calls `hit` for the targets of every literal found in `text` (a target may be called more than once). */
  scan(text: string, hit: (target: T) => void): void {
    for (let i = 0; i + MIN_LITERAL <= text.length; i++) {
      const bucket = this.buckets.get(keyAt(text, i));
      if (!bucket) continue;
      for (const b of bucket) if (text.startsWith(b.literal, i)) for (const t of b.targets) hit(t);
    }
  }
}

/** The first two characters at `i` as one number. */
function keyAt(s: string, i: number): number {
  return s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
}
