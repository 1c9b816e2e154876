import { RegExpParser, type AST } from '@eslint-community/regexpp';

/** Shortest literal to screen on: single letters ("i", "a") occur in nearly every question. */
const MIN_LITERAL = 2;

const parser = new RegExpParser({ ecmaVersion: 2025 });

/** Clauses kept per pattern: each one more that must hold screens out more questions, at a little more work per hit. */
const MAX_CLAUSES = 3;

/**
 * What any text the pattern matches must contain, as clauses that must all hold, each a set of
 * literal strings at least one of which occurs: `[['call', 'ring'], [' back']]` reads "call or ring,
 * and ' back'". Empty when the pattern can match without any fixed text of MIN_LITERAL characters.
 * The most selective clauses come first. Literals are lower case: the patterns are matched
 * case-insensitively against lower-case text.
 *
 * @example
 *   requiredLiterals('\\b(call|ring) (him|her) back\\b');  // [[' back'], ['call', 'ring']]
 *   requiredLiterals('^(\\w+ ){1,7}\\w+$');                 // []
 */
export function requiredLiterals(pattern: string): string[][] {
  const ast = parser.parsePattern(pattern, 0, pattern.length, { unicode: false });
  return ofAlternatives(ast.alternatives).slice(0, MAX_CLAUSES).map((c) => [...c]);
}

type Clauses = Set<string>[];

/**
 * A match of a disjunction matches one of its branches, so it contains that branch's first clause,
 * and its second: the union of the branches' first clauses holds, and so does that of their seconds.
 */
function ofAlternatives(alternatives: AST.Alternative[]): Clauses {
  const branches = alternatives.map((a) => ofSequence(a.elements));
  if (branches.length === 1) return branches[0];
  const depth = Math.min(MAX_CLAUSES, ...branches.map((b) => b.length));
  const out: Clauses = [];
  for (let i = 0; i < depth; i++) out.push(new Set(branches.flatMap((b) => [...b[i]])));
  return out;
}

/**
 * A match of a sequence contains the match of every element, so every element's clauses hold for
 * the whole: runs of plain characters, and groups or repeats that must match at least once.
 */
function ofSequence(elements: AST.Element[]): Clauses {
  const candidates: Clauses = [];
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
    candidates.push(...ofElement(e));
  }
  endRun();
  return candidates.sort((a, b) => commonness(a) - commonness(b));
}

function ofElement(e: AST.Element): Clauses {
  switch (e.type) {
    case 'Group':
    case 'CapturingGroup':
      return ofAlternatives(e.alternatives);
    case 'Quantifier':
      return e.min >= 1 ? ofSequence([e.element]) : [];
    default:
      // Character classes, \w and \s, assertions and lookarounds (which match no text of their own),
      // back-references: nothing fixed to require.
      return [];
  }
}

/**
 * Words nearly every question has once the thesaurus has run ("student" reads "pupil", "school"
 * "academy", any platform "socialmedia"): a clause of one of them screens out little.
 */
const EVERYDAY = new Set(('i a an the to of on in at for and or with about my me we our you it is are be can do if this that ' +
  'what who should would could will have has pupil academy socialmedia post photo parent colleague staff').split(' '));

/** How likely a clause is to hold in a question: more literals, shorter ones and everyday words hold more often. */
function commonness(set: Set<string>): number {
  let sum = 0;
  for (const s of set) {
    const word = s.trim();
    const letters = word.replace(/[^a-z0-9]/g, '').length;
    sum += EVERYDAY.has(word) ? 8 : letters >= 6 ? 1 : letters === 5 ? 1.5 : letters === 4 ? 2 : letters === 3 ? 4 : 8;
  }
  return sum;
}

/**
 * Finds which of many literals occur in a text: literals bucketed by their first three characters
 * (two-character literals by their two), each position of the text looked up once per bucket size.
 * Used to skip fact patterns that cannot match.
 */
export class LiteralScreen<T> {
  private readonly long = new Map<number, Entry<T>[]>();
  private readonly short = new Map<number, Entry<T>[]>();
  /** Counts scans, so an entry found twice in one text is reported once. */
  private scans = 0;

  add(literal: string, target: T): void {
    const [map, key] = literal.length >= 3 ? [this.long, key3(literal, 0)] : [this.short, key2(literal, 0)];
    let bucket = map.get(key);
    if (!bucket) map.set(key, (bucket = []));
    const entry = bucket.find((b) => b.literal === literal);
    if (entry) entry.targets.push(target);
    else bucket.push({ literal, targets: [target], scan: 0 });
  }

  /** Calls `hit` once with the targets of each literal found in `text` (a target may come once per literal). */
  scan(text: string, hit: (targets: readonly T[]) => void): void {
    const n = text.length;
    const scan = ++this.scans;
    const found = (b: Entry<T>) => {
      if (b.scan === scan) return;
      b.scan = scan;
      hit(b.targets);
    };
    for (let i = 0; i + MIN_LITERAL <= n; i++) {
      const short = this.short.get(key2(text, i));
      if (short) for (const b of short) if (text.startsWith(b.literal, i)) found(b);
      if (i + 3 > n) continue;
      const long = this.long.get(key3(text, i));
      if (long) for (const b of long) if (text.startsWith(b.literal, i)) found(b);
    }
  }
}

interface Entry<T> {
  literal: string;
  targets: T[];
  /** The scan that last reported this literal. */
  scan: number;
}

/** The two characters at `i` as one number. */
function key2(s: string, i: number): number {
  return s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
}

/** The three characters at `i` as one number (exact for the ASCII the screen sees; still a fair hash beyond). */
function key3(s: string, i: number): number {
  return (s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1)) * 128 + (s.charCodeAt(i + 2) & 127);
}
