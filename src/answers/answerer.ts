import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { StaffroomError } from '../core/errors.ts';
import type { Clause } from '../policy/clause.ts';
import { ClauseIndex, type ClauseHit } from '../policy/clause-index.ts';
import type { Answer, Citation } from './answer.ts';
import { FactExtractor, type FactDefinition, type FactValues } from './facts.ts';
import { checkRules, loadRuleFiles, Verdicts } from './rules.ts';
import { Canonicaliser, termsOf, withoutPreamble, type Thesaurus } from './text.ts';

/** Answers a staff question from the current clauses. In-memory: nothing leaves the machine. */
export interface Answerer {
  ask(question: string): Promise<Answer>;
  /** The facts read from a question (for `staffroom ask --explain` and tests). */
  facts(question: string): FactValues;
  /** The question as the fact patterns read it: lower case, thesaurus applied. */
  canonical(question: string): string;
  /** Problems with the rules against the current clauses; empty when all is well. */
  check(): string[];
  readonly clauseCount: number;
}

export interface AnswererOptions {
  clauses: Clause[];
  rulesDir: string;
}

/** Longest question accepted; longer text is almost always a pasted document, not a question. */
export const MAX_QUESTION_LENGTH = 1000;
/** Retrieval confidence needed to offer clauses as guidance when no rule decides. */
export const GUIDANCE_BAR = 0.6;

export const SAFEGUARDING_FOLLOW_UPS = [
  'Tell your Designated Safeguarding Lead (DSL) now, in person if you can.',
  'If a child is in immediate danger, call 999.',
  'Record what you saw or were told, in the words used, and use /report to raise it privately.',
];
const ASK_A_PERSON = 'Not sure? Use "Ask a person" to ask your Head of School privately.';

function readYaml<T>(file: string): T {
  try {
    return YAML.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new StaffroomError('RULES.BAD_FILE', `${path.basename(file)} could not be read: ${(e as Error).message}`);
  }
}

/** Checks a question is something we can answer; throws a StaffroomError with a kind message if not. */
export function validateQuestion(question: string): string {
  const q = String(question ?? '').replace(/\s+/g, ' ').trim();
  if (!q) throw new StaffroomError('ANSWERS.EMPTY_QUESTION', 'Please type a question, for example "Can I add a pupil on Facebook?".');
  if (q.length > MAX_QUESTION_LENGTH) {
    throw new StaffroomError('ANSWERS.QUESTION_TOO_LONG', `That is ${q.length.toLocaleString('en-GB')} characters; please ask in one or two sentences (under ${MAX_QUESTION_LENGTH.toLocaleString('en-GB')} characters).`);
  }
  if (!/[a-z]{2,}/i.test(q)) throw new StaffroomError('ANSWERS.NOT_A_QUESTION', 'Please ask your question in words, for example "Can I post photos of the school trip?".');
  return q;
}

/**
 * Builds the answerer: the schools thesaurus, the BM25 clause index, the fact extractor and the
 * json-rules-engine rules, all from files in `rulesDir`.
 *
 * @example
 *   const answerer = await createAnswerer({ clauses: await policies.currentClauses(), rulesDir: 'rules' });
 *   (await answerer.ask('Can I follow a pupil on Instagram?')).verdict; // 'prohibited'
 */
export async function createAnswerer(options: AnswererOptions): Promise<Answerer> {
  const { clauses, rulesDir } = options;
  const canon = new Canonicaliser(readYaml<Thesaurus>(path.join(rulesDir, 'thesaurus.yaml')));
  const extractor = new FactExtractor(readYaml<Record<string, FactDefinition>>(path.join(rulesDir, 'facts.yaml')), canon);
  const ruleFiles = loadRuleFiles(rulesDir);
  const allRules = ruleFiles.flatMap((f) => f.rules);
  const verdicts = new Verdicts(allRules);
  const index = new ClauseIndex(clauses, canon);
  const byId = new Map(clauses.map((c) => [c.id, c]));

  // A long clause's sentences and their search terms, worked out the first time it is cited.
  const sentencesOf = new Map<string, ClauseSentence[]>();
  const cite = (c: Clause, terms: Set<string>): Citation => {
    const citation: Citation = { clauseId: c.id, policy: c.policyTitle, version: c.version, section: c.sectionTitle, text: c.text };
    let sentences = sentencesOf.get(c.id);
    if (!sentences) sentencesOf.set(c.id, (sentences = clauseSentences(c.text, canon)));
    const excerpt = excerptFrom(sentences, terms);
    return excerpt ? { ...citation, excerpt } : citation;
  };

  return {
    clauseCount: clauses.length,
    facts: (q) => extractor.extract(withoutPreamble(q)),
    canonical: (q) => canon.text(withoutPreamble(q)),
    check: () => [...checkRules(ruleFiles, new Set(byId.keys()), extractor.catalogue()), ...extractor.unreachableWords()],

    async ask(raw: string): Promise<Answer> {
      const question = validateQuestion(raw);
      const words = canon.words(withoutPreamble(question));
      let facts = extractor.extractCanonical(words.join(' '));
      const questionTerms = termsOf(words);
      const termList = [...new Set(questionTerms)];
      const terms = new Set(termList);
      let decision = await verdicts.decide(facts);
      // A long story ending in a question about the policy itself: the question decides, when a rule answers it.
      const asked = policyQuestion(words);
      if (asked) {
        const askedFacts = extractor.extractCanonical(asked.join(' '));
        const askedDecision = await verdicts.decide(askedFacts);
        if (askedDecision) {
          facts = askedFacts;
          decision = askedDecision;
        }
      }

      // A rule may find the question outside the policy (pay or leave asked inside a social media story).
      if (decision && decision.verdict !== 'not_covered') {
        const own = decision.clauses.map((id) => byId.get(id)).filter((c): c is Clause => Boolean(c));
        let cited = own;
        if (decision.retrieveInSection && own.length) {
          // Second, after the rule's own clause: the best matches in its section (definitions, lists), as
          // many as leave three citations (at least one).
          const section = own[0].sectionNo;
          const best = index.queryTerms(questionTerms, 8).hits.filter((h) => !own.includes(h.clause) && h.coverage > 0 &&
            h.clause.policyCode === own[0].policyCode && h.clause.sectionNo === section).slice(0, Math.max(1, 3 - own.length));
          if (best.length) cited = [own[0], ...best.map((h) => h.clause), ...own.slice(1)];
        } else if (own.length && (decision.retrieveRelated || own.length < 3)) {
          // Third, after the rule's two (or at the end of a shorter list): the policy's clause nearest the question.
          const best = index.related(questionTerms, own[0], own);
          if (best) cited = [...own.slice(0, 2), best, ...own.slice(2)];
        }
        const followUps = decision.safeguarding ? SAFEGUARDING_FOLLOW_UPS : [ASK_A_PERSON];
        return {
          question,
          // Asked what the policy says about a subject, or what a term covers, the answer informs; it grants or
          // refuses nothing. ("Does the policy mean I can't…?", with no what or which, is still a yes/no question.)
          verdict: informs(facts, words) && INFORMED_VERDICTS.has(decision.verdict) ? 'guidance' : decision.verdict,
          answer: decision.answer,
          citations: cited.map((c) => cite(c, terms)),
          // A rule decided; confidence still reflects how much of the question the cited clauses cover.
          confidence: round(0.75 + 0.25 * index.coverage(termList, cited)),
          followUps,
          basis: decision.safeguarding ? 'safeguarding' : 'rule',
          ruleName: decision.rule,
          ...(decision.safeguarding ? { safeguarding: true } : {}),
        };
      }

      const search = index.queryTerms(questionTerms, 8);
      const useful = search.hits.slice(0, 3);
      if (!decision && search.confidence >= GUIDANCE_BAR && isInformational(facts)) {
        return {
          question,
          verdict: 'guidance',
          answer: 'The policy has no specific rule for this, but these clauses deal with it directly. If you are unsure how they apply, ask your Head of School.',
          citations: useful.map((h) => cite(h.clause, terms)),
          confidence: round(search.confidence),
          followUps: [ASK_A_PERSON],
          basis: 'retrieval',
        };
      }
      // The nearest clauses help only with a question about social media or being online; for pay,
      // parking or dress they are noise.
      const nearest = facts.online ? useful.filter((h: ClauseHit) => h.coverage > 0) : [];
      return {
        question,
        verdict: 'not_covered',
        answer: decision?.answer ?? 'The policy does not cover this. Ask your Head of School or line manager' + (nearest.length ? '; the clauses below are the nearest the policy comes and may be useful.' : '.'),
        citations: [],
        related: nearest.map((h) => cite(h.clause, terms)),
        confidence: round(search.confidence),
        followUps: ['Use "Ask a person" to ask your Head of School privately.'],
        basis: 'none',
        ...(decision ? { ruleName: decision.rule } : {}),
      };
    },
  };
}

/** Verdicts that become guidance when the question asks what the policy says about something. */
const INFORMED_VERDICTS = new Set(['prohibited', 'conditional', 'allowed', 'required']);

/** Words that ask for the definition itself, whatever the question opens with. */
const DEFINITION_WORDS = new Set(['definition', 'definitions', 'define', 'defines', 'defined']);
/** First words of a yes/no question. */
const YES_NO_OPENERS = new Set(['is', 'are', 'does', 'do', 'did', 'can', 'could', 'would', 'will', 'should', 'may', 'might', 'am', 'was', 'were', 'has', 'have']);

/** Words said before the question proper starts. */
const LEADING_FILLERS = new Set(['honestly', 'seriously', 'genuinely', 'so', 'ok', 'okay', 'right', 'but', 'and', 'also', 'just', 'basically', 'well', 'um', 'erm', 'sorry', 'please', 'actually', 'really', 'genuine', 'honest', 'question', 'q', 'quick']);
/** Words that open a question sentence. */
const QUESTION_OPENERS = new Set([...YES_NO_OPENERS, 'what', 'whats', 'why', 'how', 'who', 'whose', 'which', 'where', 'when']);

/**
 * The first word of the sentence that asks: the last sentence opening with a question word, or the
 * message's first word. A message may tell its story first ("There's a row online… Would a plain
 * retweet count as a breach?"), and it is the asking sentence that says what kind of answer is wanted.
 */
function questionOpener(words: readonly string[]): string {
  for (let i = words.length - 2; i >= 0; i--) {
    if (words[i] === '.' && QUESTION_OPENERS.has(words[i + 1])) return words[i + 1];
  }
  // "Honestly, why can't I…?" opens with "why".
  return words[openerIndex(words)];
}

/** Where a sentence's question starts, past the fillers said before it ("honestly", "so", "quick"). */
function openerIndex(sentence: readonly string[]): number {
  let first = 0;
  while (first < sentence.length - 1 && LEADING_FILLERS.has(sentence[first])) first++;
  return first;
}

/** Words that point back into the story ("can I post it?"): a sentence with them does not stand alone. */
const BACK_REFERENCES = new Set(['it', 'that', 'this', 'them', 'him', 'her', 'they', 'those', 'these', 'he', 'she', 'there', 'so', 'such', 'one']);
/** Words that name the policy or a breach of it, not what a question is about. */
const POLICY_WORDS = new Set(['policy', 'policies', 'rule', 'rules', 'breach', 'breaching', 'breaking', 'break', 'socialmedia']);
/** Words that ask for leave to do something. */
const LEAVE_WORDS = new Set(['surely', 'ok', 'okay', 'alright', 'allowed']);
/** Openers of a question that asks what the policy says rather than whether to do something. */
const INFORMATION_OPENERS = new Set(['what', 'whats', 'why', 'how', 'who', 'whose', 'which', 'where', 'when']);

/**
 * The sentence that asks, in a message of three sentences or more, when it asks about the policy
 * itself ("What does the policy say about…", "Why does it…", "Does the policy require…") and stands
 * alone, pointing back to nothing in the story. Undefined otherwise. Details told before such a
 * question (a colleague's view, a pupil mentioned in passing) are not what it asks about.
 */
function policyQuestion(words: readonly string[]): string[] | undefined {
  const sentences: string[][] = [[]];
  for (const w of words) {
    if (w === '.') sentences.push([]);
    else sentences[sentences.length - 1].push(w);
  }
  const told = sentences.filter((s) => s.length > 0);
  if (told.length < 3) return undefined;
  let k = told.length - 1;
  while (k >= 0 && !QUESTION_OPENERS.has(told[k][openerIndex(told[k])])) k--;
  if (k < 2) return undefined;
  const s = told[k].slice(openerIndex(told[k]));
  const aboutPolicy = INFORMATION_OPENERS.has(s[0]) || s.includes('policy');
  // It must say what it asks about ("…about protecting myself", not just "was I breaking the policy").
  const subject = termsOf(s.filter((w) => !POLICY_WORDS.has(w)));
  if (!aboutPolicy || subject.length < 2 || s.some((w) => BACK_REFERENCES.has(w))) return undefined;
  // Asked for leave to do something earlier ("Can I…?", "surely that's ok?"), the story is the question.
  const asksLeave = (t: string[]) => QUESTION_OPENERS.has(t[openerIndex(t)]) || t.some((w) => LEAVE_WORDS.has(w));
  if (told.some((t, i) => i !== k && asksLeave(t))) return undefined;
  return s;
}

function informs(facts: FactValues, words: readonly string[]): boolean {
  const { intent } = facts;
  const opener = questionOpener(words);
  // "Why…?" asks for the reason behind a rule, whatever else the question mentions.
  if (intent === 'about' || opener === 'why') return true;
  // A definition asked for ("what counts as…", "how does the policy define…", "does it give a
  // definition of…?") informs; a yes/no question about one ("does X count as…?") still rules on X.
  if (intent === 'definition') return !YES_NO_OPENERS.has(opener) || words.some((w) => DEFINITION_WORDS.has(w));
  // "I posted it last night; am I going to be disciplined?" asks what follows from something done.
  // "Would I get in trouble for posting…?" is still asking whether to do it.
  // "What could happen to me if…?" asks about consequences too.
  return intent === 'what_happens' && ((Array.isArray(facts.topics) && facts.topics.includes('after_the_fact')) || opener === 'what');
}

/** Clauses longer than this are quoted on cards by their most relevant sentences. */
const EXCERPT_OVER = 400;

/** A sentence of a long clause and its search terms. */
interface ClauseSentence {
  text: string;
  terms: string[];
}

/** The sentences of a clause long enough to be quoted by excerpt (empty for a short clause). */
function clauseSentences(text: string, canon: Canonicaliser): ClauseSentence[] {
  if (text.length <= EXCERPT_OVER) return [];
  const sentences = text.match(/[^.!?]+[.!?]+["'’”)]*\s*|[^.!?]+$/g)?.map((x) => x.trim()).filter(Boolean) ?? [];
  if (sentences.length < 3) return [];
  return sentences.map((sentence) => ({ text: sentence, terms: canon.terms(sentence) }));
}

/**
 * The one or two sentences of a long clause that share most words with the question, in the
 * clause's order, with "…" where text was left out. Undefined for a short clause.
 */
function excerptFrom(sentences: ClauseSentence[], terms: Set<string>): string | undefined {
  if (sentences.length === 0) return undefined;
  const scored = sentences.map((sentence, i) => ({ i, score: sentence.terms.filter((t) => terms.has(t)).length }));
  const best = [...scored].sort((a, b) => b.score - a.score || a.i - b.i).slice(0, 2).filter((x, k) => k === 0 || x.score > 0).map((x) => x.i).sort((a, b) => a - b);
  const parts: string[] = [];
  best.forEach((i, k) => {
    if (k === 0 ? i > 0 : i > best[k - 1] + 1) parts.push('…');
    parts.push(sentences[i].text);
  });
  if (best[best.length - 1] < sentences.length - 1) parts.push('…');
  return parts.join(' ');
}

/** Guidance from clauses alone suits "who / what / how" questions, never a yes/no about an action. */
function isInformational(facts: FactValues): boolean {
  return facts.intent !== 'permission';
}

const round = (n: number) => Math.round(n * 100) / 100;
