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

/** Words longer than this are scanned afresh each time rather than remembered. */
const MEMO_WORD_LENGTH = 40;
/** Distinct words remembered; past this the memory starts again. */
const MEMO_WORDS = 20_000;

/**
 * Finds which of many literals occur in a text, touching little memory per text: a chat message is
 * answered between two rounds of HTTP and Slack handling, which leave the processor's caches cold,
 * so a few compact tables serve better than many small objects.
 *
 * - A literal without a space lies inside one word of the text. Each word's literals are found once,
 *   by looking up every position of the word, and remembered: questions share most of their words.
 * - A literal with a space has its first space on a space of the text. At each space of the text,
 *   only the literals whose characters around their first space match the text's are compared;
 *   those of one bucket lie side by side in one array.
 *
 * Used to skip fact patterns that cannot match.
 */
export class LiteralScreen<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Built from `entries` on the first scan after an `add`. */
  private tables: Tables<T> | null = null;
  /** Counts scans, so an entry found twice in one text is reported once. */
  private scans = 0;

  add(literal: string, target: T): void {
    const known = this.entries.get(literal);
    if (known) known.targets.push(target);
    else this.entries.set(literal, { literal, targets: [target], scan: 0 });
    this.tables = null;
  }

  /** Calls `hit` once with the targets of each literal found in `text` (a target may come once per literal). */
  scan(text: string, hit: (targets: readonly T[]) => void): void {
    const t = (this.tables ??= buildTables(this.entries.values()));
    const scan = ++this.scans;
    const n = text.length;
    for (let start = 0; start < n; ) {
      let end = text.indexOf(' ', start);
      if (end < 0) end = n;
      if (end - start >= MIN_LITERAL) {
        for (const e of inWord(t, text.slice(start, end))) {
          if (e.scan !== scan) {
            e.scan = scan;
            hit(e.targets);
          }
        }
      }
      if (end < n) {
        const q = end;
        if (q + 2 < n && q >= 1) this.atSpace(t, t.around.get(key3(text, q - 1, q + 1)), text, q, scan, hit);
        if (q + 2 < n) this.atSpace(t, t.after.get(key2(text, q + 1)), text, q, scan, hit);
        if (q >= 2) this.atSpace(t, t.before.get(key2(text, q - 2)), text, q, scan, hit);
        this.atSpace(t, t.everySpace, text, q, scan, hit);
      }
      start = end + 1;
    }
  }

  /** Compares the literals of one bucket with the text, each placed so its first space is on `q`. */
  private atSpace(t: Tables<T>, bucket: number | undefined, text: string, q: number, scan: number, hit: (targets: readonly T[]) => void): void {
    if (bucket === undefined) return;
    const { chars, from, length, space } = t;
    for (let i = t.bucketStart[bucket], end = t.bucketStart[bucket + 1]; i < end; i++) {
      const at = q - space[i];
      const len = length[i];
      if (at < 0 || at + len > text.length) continue;
      const b = from[i];
      let k = 0;
      while (k < len && text.charCodeAt(at + k) === chars[b + k]) k++;
      if (k < len) continue;
      const e = t.spaced[i];
      if (e.scan !== scan) {
        e.scan = scan;
        hit(e.targets);
      }
    }
  }
}

interface Entry<T> {
  literal: string;
  targets: T[];
  /** The scan that last reported this literal. */
  scan: number;
}

interface Tables<T> {
  /** Literals without a space, by their first two characters. */
  inWord: Map<number, Entry<T>[]>;
  /** The literals without a space found in a word, for words seen before. */
  words: Map<string, Entry<T>[]>;
  /**
   * Literals with a space, in buckets: by the character before their first space and the two
   * after; by the two after, when the space comes first; by the two before, when fewer than two
   * follow; and the rest, compared at every space. Each map gives a bucket number.
   */
  around: Map<number, number>;
  after: Map<number, number>;
  before: Map<number, number>;
  everySpace: number;
  /** Bucket b holds the literals from bucketStart[b] to bucketStart[b + 1]. */
  bucketStart: Int32Array;
  /** Per literal with a space: where its characters start in `chars`, its length, where its first space is. */
  from: Int32Array;
  length: Int32Array;
  space: Int32Array;
  chars: Uint16Array;
  spaced: Entry<T>[];
}

function buildTables<T>(entries: Iterable<Entry<T>>): Tables<T> {
  const inWordMap = new Map<number, Entry<T>[]>();
  const groups = { around: new Map<number, Entry<T>[]>(), after: new Map<number, Entry<T>[]>(), before: new Map<number, Entry<T>[]>() };
  const every: Entry<T>[] = [];
  for (const e of entries) {
    const { literal } = e;
    const space = literal.indexOf(' ');
    if (space < 0) push(inWordMap, key2(literal, 0), e);
    else if (literal.length - space > 2 && space >= 1) push(groups.around, key3(literal, space - 1, space + 1), e);
    else if (literal.length - space > 2) push(groups.after, key2(literal, space + 1), e);
    else if (space >= 2) push(groups.before, key2(literal, space - 2), e);
    else every.push(e);
  }
  const spaced: Entry<T>[] = [];
  const starts: number[] = [];
  const bucketOf = (list: Entry<T>[]) => {
    starts.push(spaced.length);
    spaced.push(...list);
    return starts.length - 1;
  };
  const numbered = (m: Map<number, Entry<T>[]>) => new Map([...m].map(([k, list]) => [k, bucketOf(list)]));
  const around = numbered(groups.around);
  const after = numbered(groups.after);
  const before = numbered(groups.before);
  const everySpace = bucketOf(every);
  starts.push(spaced.length);
  const n = spaced.length;
  const from = new Int32Array(n);
  const length = new Int32Array(n);
  const space = new Int32Array(n);
  const chars = new Uint16Array(spaced.reduce((sum, e) => sum + e.literal.length, 0));
  let at = 0;
  spaced.forEach((e, i) => {
    from[i] = at;
    length[i] = e.literal.length;
    space[i] = e.literal.indexOf(' ');
    for (let k = 0; k < e.literal.length; k++) chars[at++] = e.literal.charCodeAt(k);
  });
  return { inWord: inWordMap, words: new Map(), around, after, before, everySpace, bucketStart: Int32Array.from(starts), from, length, space, chars, spaced };
}

/** The literals without a space in `word`, looked up once per distinct word. */
function inWord<T>(t: Tables<T>, word: string): Entry<T>[] {
  const known = t.words.get(word);
  if (known) return known;
  const out: Entry<T>[] = [];
  for (let i = 0; i + MIN_LITERAL <= word.length; i++) {
    const bucket = t.inWord.get(key2(word, i));
    if (bucket) for (const b of bucket) if (word.startsWith(b.literal, i) && !out.includes(b)) out.push(b);
  }
  if (word.length <= MEMO_WORD_LENGTH) {
    if (t.words.size >= MEMO_WORDS) t.words.clear();
    t.words.set(word, out);
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The two characters at `i` as one number. */
function key2(s: string, i: number): number {
  return s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
}

/** The character at `i` and the two at `j` as one number (exact for ASCII; a fair hash beyond). */
function key3(s: string, i: number, j: number): number {
  return ((s.charCodeAt(i) & 127) * 65536 + s.charCodeAt(j)) * 128 + (s.charCodeAt(j + 1) & 127);
}
