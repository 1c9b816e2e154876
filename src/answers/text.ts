import { stemmer } from 'stemmer';

/**
 * Question and clause text → canonical words (the schools thesaurus applied) → stemmed terms.
 * Questions and clauses go through the same steps, so "kid", "student" and "pupil" meet.
 */
export type Thesaurus = Record<string, string[]>;

const STOPWORDS = new Set(
  ('a an the and or but if of to in on at by for with from as is are was were be been being am do does did doing have has had having ' +
    'i me my mine myself we us our you your he him his she her it its they them their this that these those there here ' +
    'can could may might must shall should will would what which who whom whose when where why how ' +
    'not no nor so than too very just also only own same such some any all each few more most other about into over under ' +
    'up down out off again further then once ok okay allowed allow permitted alright fine acceptable please really actually ' +
    'get got go going want wanted need needs like one ever still already yet let lets im ive id dont cant isnt').split(' '),
);

/** Lower-cases, folds accents ("café" reads "cafe"), curly quotes and apostrophes, and splits into word tokens. */
export function tokenize(text: string): string[] {
  return text
    // A sentence break (punctuation, then a capital) stays as a "." token, so phrases and
    // word-distance patterns do not run from one sentence into the next ("no. 5" is not a break).
    .replace(/[.!?;]+\s+(?=[A-Z])/g, ' \u0000 ')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])[\u2018\u2019\u02BC']s\b/g, '$1') // possessive: "cousin's" reads "cousin"
    .replace(/[\u2018\u2019\u02BC']/g, '')
    .replace(/\s*=\s*/g, ' counts as ')
    .replace(/[^a-z0-9\u0000]+/g, ' ')
    .replace(/\u0000/g, '.')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/**
 * Chat openers before the question itself: a greeting ("Hi team,"), or a lead-in that ends in
 * punctuation ("Quick one:", "Just checking before I do it -", "Sorry if this is a silly question,
 * but"). They carry no meaning for the policy, and words such as "checking" would otherwise read as
 * part of the question. Removed one at a time from the start only.
 */
const PREAMBLES = [
  /^(hi|hiya|hello|hey|heya)(\s+(there|all|everyone|team|folks|staffroom))*\b[\s,!.:;-]*/i,
  /^(good )?(morning|afternoon|evening)(\s+(there|all|everyone|team|folks|staffroom))*\s*[,!.:;-]+\s*/i,
  /^(quick|random|silly|stupid|daft|dumb|general) (one|question|q|query)\s*[,!.:;?-]+\s*/i,
  /^(just checking|just wondering|just to check|asking for a friend|not sure if you can help|sorry to bother you|sorry if this is (a )?(silly|stupid|daft|dumb|obvious) (question|one))( before i (do|post|send) it)?\s*([,!.:;?-]+\s*|\s+but\s+)/i,
  /^(can i ask (a quick question|something|you something)|i have a (quick )?question)\s*[,!.:;?-]+\s*/i,
];

/** The question without chat openers ("Hi, quick one: can I…" reads "can I…"); unchanged when nothing follows them. */
export function withoutPreamble(question: string): string {
  let q = question.trim();
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of PREAMBLES) {
      const m = re.exec(q);
      if (m && m[0].length > 0 && m[0].length < q.length) {
        q = q.slice(m[0].length).trimStart();
        changed = true;
      }
    }
  }
  return q;
}

/** Applies a thesaurus: longest phrase first, whole words, each phrase → its canonical words. */
export class Canonicaliser {
  private readonly phrases = new Map<string, string[]>();
  /** For each word that starts a phrase, the lengths of its phrases (in words), longest first. */
  private readonly lengthsByFirst = new Map<string, number[]>();
  /** Every word the thesaurus can produce. */
  private readonly outputs = new Set<string>();

  constructor(thesaurus: Thesaurus) {
    for (const [canonical, variants] of Object.entries(thesaurus)) {
      const target = tokenize(canonical);
      for (const v of [canonical, ...variants]) {
        const key = tokenize(String(v));
        if (key.length === 0) continue;
        this.phrases.set(key.join(' '), target);
        const lengths = this.lengthsByFirst.get(key[0]) ?? [];
        if (!lengths.includes(key.length)) lengths.push(key.length);
        this.lengthsByFirst.set(key[0], lengths.sort((a, b) => b - a));
      }
    }
    for (const target of this.phrases.values()) for (const w of target) this.outputs.add(w);
  }

  /** Canonical word tokens of `text` (stop words kept; facts need them). */
  words(text: string): string[] {
    const tokens = tokenize(text);
    const out: string[] = [];
    for (let i = 0; i < tokens.length; ) {
      const token = tokens[i];
      const first = token.charCodeAt(0);
      const digitOrY = (first >= 48 && first <= 57) || first === 121 /* y */ || first === 117 /* u */;
      // "year 6", "y6", "yr 10": a year group means pupils.
      // "Year 6 teachers" and "the Year 9 team" are staff, so the year stays a year there.
      if ((token === 'year' || token === 'yr') && /^\d{1,2}s?$/.test(tokens[i + 1] ?? '') && !YEAR_STAFF.has(tokens[i + 2] ?? '')) {
        out.push('pupil');
        i += 2;
        continue;
      }
      // "Y9", "y10s", and form codes such as "10B" or "7c" name pupils too ("in 5B": primary forms
      // only after a preposition, so "5g" or "4k" stay what they are).
      if (digitOrY && (/^(y|yr|year|u)\d{1,2}s?$/.test(token) || /^(1[0-3]|[7-9])[a-z]$/.test(token) || (/^[1-6][a-z]$/.test(token) && ['in', 'from', 'of'].includes(tokens[i - 1])))) {
        out.push('pupil');
        i += 1;
        continue;
      }
      // Scottish and Northern Irish year groups: "the S4s", "P7s"; singular after a determiner ("my S3 class").
      if ((first === 115 /* s */ || first === 112 /* p */) && /^[sp][1-7]s?$/.test(token) && (token.length === 3 || YEAR_DETERMINERS.has(tokens[i - 1]))) {
        out.push('pupil');
        i += 1;
        continue;
      }
      let matched = false;
      for (const n of this.lengthsByFirst.get(token) ?? []) {
        if (i + n > tokens.length) continue;
        const hit = this.phrases.get(n === 1 ? token : tokens.slice(i, i + n).join(' '));
        if (hit) {
          for (const w of hit) out.push(w);
          i += n;
          matched = true;
          break;
        }
      }
      if (!matched) {
        out.push(token);
        i += 1;
      }
    }
    return negatePupils(out);
  }

  /**
   * The canonical form of a single word the thesaurus rewrites ("posted" → "post"), or undefined
   * when the word reaches fact patterns as it is. Used to catch patterns that can never match.
   */
  rewrite(word: string): string | undefined {
    const hit = this.phrases.get(word);
    if (!hit || this.outputs.has(word)) return undefined;
    return hit.join(' ');
  }

  /** Canonical text, one space between words: what fact patterns are written against. */
  text(text: string): string {
    return this.words(text).join(' ');
  }

  /** Stemmed, stop-word-free search terms. */
  terms(text: string): string[] {
    return termsOf(this.words(text));
  }
}

/** Words before a singular S1–S6 or P1–P7 that make it a year group rather than a code or a model. */
const YEAR_DETERMINERS = new Set(['the', 'my', 'our', 'a', 'an', 'in', 'from', 'of', 'with', 'to', 'his', 'her', 'their', 'some', 'all', 'any']);
/** Words after "Year 6" that make it a group of staff, not of pupils. */
const YEAR_STAFF = new Set(['teacher', 'teachers', 'team', 'teams', 'lead', 'leads', 'leader', 'leaders', 'colleague', 'colleagues', 'staff', 'ta', 'tas', 'tutor', 'tutors', 'coordinator']);

/** Words that deny what follows: "no kids in it", "without any pupils". */
const NEGATORS = new Set(['no', 'without', 'zero']);
/** "without naming / mentioning …": the verbs that leave someone out. */
const LEAVING_OUT = new Set(['mentioning', 'naming', 'discussing', 'identifying', 'referring', 'including', 'involving', 'showing']);
/** Verbs that put someone in a post: "I don't mention any pupils". */
const MENTIONING = new Set(['mention', 'name', 'show', 'include', 'identify', 'feature', 'involve']);
/** Words that may stand before "pupils" in "anything about my pupils". */
const DETERMINERS = new Set(['my', 'the', 'our', 'any']);
/** Words for being linked to people online: "not connected to any pupils". */
const CONNECTED = new Set(['connected', 'friend', 'friends', 'linked']);
/** Words that deny a whole clause: "I wouldn't say anything about my pupils". */
const CLAUSE_NEGATORS = new Set(['wouldnt', 'wont', 'never', 'dont', 'not', 'cant', 'cannot', 'shouldnt', 'didnt']);

/**
 * Pupils mentioned only to say there are none ("no kids in it", "without any pupils or ex-pupils")
 * read "nopupil" / "noexpupil", so no pattern takes them for pupils who are there; parents denied in
 * the same breath ("no pupils or parents on my friends list") read "noparent".
 */
function negatePupils(words: string[]): string[] {
  // "…without mentioning any particular pupil", "none of my friends are pupils": pupils left out.
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== 'pupil') continue;
    for (let k = i - 1; k >= Math.max(0, i - 5) && words[k] !== '.'; k--) {
      if ((words[k] === 'without' && LEAVING_OUT.has(words[k + 1])) || words[k] === 'none') {
        words[i] = 'nopupil';
        break;
      }
    }
  }
  // "…wouldn't post anything about my pupils": anything about them, denied within the same sentence.
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== 'anything' || words[i + 1] !== 'about') continue;
    let j = i + 2;
    if (DETERMINERS.has(words[j])) j++;
    // "anything about my school or my pupils": the pupils may come second.
    if (words[j] !== 'pupil' && (words[j + 1] === 'or' || words[j + 1] === 'and')) {
      j += 2;
      if (DETERMINERS.has(words[j])) j++;
    }
    if (words[j] !== 'pupil') continue;
    for (let k = i - 1; k >= Math.max(0, i - 4) && words[k] !== '.'; k--) {
      if (CLAUSE_NEGATORS.has(words[k])) {
        words[j] = 'nopupil';
        break;
      }
    }
  }
  // "…keeping school and kids completely out of it": pupils left out.
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== 'pupil') continue;
    const out = words.slice(i + 1, i + 5).join(' ');
    if (!/^(completely |totally |entirely )?out of (it|this|that|them)\b/.test(out + ' ')) continue;
    for (let k = i - 1; k >= Math.max(0, i - 6) && words[k] !== '.'; k--) {
      if (words[k] === 'keep' || words[k] === 'keeping' || words[k] === 'leave' || words[k] === 'leaving') {
        words[i] = 'nopupil';
        break;
      }
    }
  }
  // "…once the kids have gone home": pupils who have left.
  for (let i = 1; i < words.length; i++) {
    if (words[i] !== 'pupil') continue;
    const at = words[i - 1] === 'the' || words[i - 1] === 'all' ? i - 2 : i - 1;
    // "a looked after pupil" is a pupil in care, not a time.
    if (!['once', 'after', 'when'].includes(words[at] ?? '') || words[at - 1] === 'looked') continue;
    const rest = words.slice(i + 1, i + 5).join(' ');
    if (/^(have |has |had |are |all )?(gone home|gone for the (day|night|weekend)|left|home|go home|go|leave)\b/.test(rest)) words[i] = 'nopupil';
  }
  // "…not about any particular child", "no specifics about any pupil": about no pupil at all.
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== 'about') continue;
    const denied = words[i - 1] === 'not' || words[i - 1] === 'nothing' || words[i - 2] === 'no' || words[i - 1] === 'no';
    if (!denied) continue;
    let j = i + 1;
    if (['any', 'a', 'one', 'my', 'the', 'our'].includes(words[j])) j++;
    if (['particular', 'specific', 'individual', 'named', 'real', 'actual'].includes(words[j])) j++;
    if (words[j] === 'pupil') words[j] = 'nopupil';
  }
  // "…if I don't mention any pupils": a denied mention of any pupil at all.
  for (let i = 0; i + 3 < words.length; i++) {
    if (!CLAUSE_NEGATORS.has(words[i]) || !MENTIONING.has(words[i + 1]) || words[i + 2] !== 'any') continue;
    if (words[i + 3] === 'pupil') words[i + 3] = 'nopupil';
  }
  for (let i = 0; i < words.length; i++) {
    // "not connected to any pupils", "not friends with any parents".
    const linked = words[i] === 'not' && CONNECTED.has(words[i + 1]) && (words[i + 2] === 'to' || words[i + 2] === 'with') && words[i + 3] === 'any';
    if (!NEGATORS.has(words[i]) && !linked) continue;
    let j = linked ? i + 3 : i + 1;
    if (words[j] === 'any' || words[j] === 'other') j++;
    const first = j;
    // A run of pupil (and parent) words joined by "or" / "and": "no pupil or ex pupil", "no pupils or parents".
    while (j < words.length) {
      if (words[j] === 'pupil') words[j++] = 'nopupil';
      else if (words[j] === 'ex' && words[j + 1] === 'pupil') words.splice(j, 2, 'noexpupil'), j++;
      else if (words[j] === 'parent' && (linked || j > first)) words[j++] = 'noparent';
      else break;
      if ((words[j] === 'or' || words[j] === 'and') && (words[j + 1] === 'pupil' || words[j + 1] === 'ex' || words[j + 1] === 'parent')) j++;
      else break;
    }
  }
  return words;
}

/** Canonical words → stemmed, stop-word-free search terms. */
export function termsOf(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) if (w.length > 1 && !STOPWORDS.has(w)) out.push(stem(w));
  return out;
}

const stemCache = new Map<string, string>();
/** Porter stem, cached (the same few thousand words recur). */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stemCache.size < 50_000) stemCache.set(word, s);
  }
  return s;
}
