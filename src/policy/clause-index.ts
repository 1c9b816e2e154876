import MiniSearch from 'minisearch';
import type { Canonicaliser } from '../answers/text.ts';
import type { Clause } from './clause.ts';

export interface ClauseHit {
  clause: Clause;
  score: number;
  /** Share of the question's search terms found in this clause (0..1). */
  coverage: number;
}

export interface SearchResult {
  hits: ClauseHit[];
  /** The question's distinct search terms. */
  terms: string[];
  /** 0..1: keyword coverage of the best clause, raised by a clear margin over the runner-up. */
  confidence: number;
}

/**
 * BM25 index over clauses (MiniSearch), with the thesaurus and English stemming applied to both
 * clauses and questions. The section title and a bullet's lead-in are indexed with the clause, at
 * lower weight, so a bullet keeps its context.
 */
export class ClauseIndex {
  private readonly search: MiniSearch<{ id: number; text: string; context: string }>;
  private readonly termSets: Set<string>[];
  private readonly positions: Map<Clause, number>;
  private readonly idfCache = new Map<string, number>();
  /** Per term, the positions of the clauses holding it, in order (for idf). */
  private readonly postings = new Map<string, number[]>();
  /** The same, per policy code (for `related`, which ranks one policy's clauses). */
  private readonly postingsByPolicy = new Map<string, Map<string, number[]>>();
  /** Per clause, the length damping of `related`'s score. */
  private readonly damping: number[];

  constructor(private readonly clauses: Clause[], private readonly canon: Canonicaliser) {
    this.search = new MiniSearch({
      fields: ['text', 'context'],
      idField: 'id',
      tokenize: (s) => canon.terms(s),
      processTerm: (t) => t,
      searchOptions: { boost: { text: 2, context: 0.5 }, tokenize: (s) => canon.terms(s), processTerm: (t) => t },
    });
    this.search.addAll(clauses.map((c, id) => ({ id, text: c.text, context: `${c.sectionTitle} ${c.leadIn ?? ''}` })));
    this.positions = new Map(clauses.map((c, i) => [c, i]));
    this.termSets = clauses.map((c) => new Set(canon.terms(`${c.text} ${c.sectionTitle} ${c.leadIn ?? ''}`)));
    const add = (postings: Map<string, number[]>, t: string, i: number) => {
      const list = postings.get(t);
      if (list) list.push(i);
      else postings.set(t, [i]);
    };
    this.termSets.forEach((set, i) => {
      const code = clauses[i].policyCode;
      let own = this.postingsByPolicy.get(code);
      if (!own) this.postingsByPolicy.set(code, (own = new Map()));
      for (const t of set) {
        add(this.postings, t, i);
        add(own, t, i);
      }
    });
    this.damping = this.termSets.map((set) => Math.pow(set.size, 0.3));
  }

  get size(): number {
    return this.clauses.length;
  }

  /** The `limit` best clauses for the question, with a calibrated confidence. */
  query(question: string, limit = 5): SearchResult {
    return this.queryTerms(this.canon.terms(question), limit);
  }

  /** As `query`, for a question already reduced to its search terms (`Canonicaliser.terms`). */
  queryTerms(questionTerms: string[], limit = 5): SearchResult {
    const terms = [...new Set(questionTerms)];
    if (terms.length === 0) return { hits: [], terms, confidence: 0 };
    // The terms are already analysed: the query is not put through the thesaurus and stemmer again.
    const raw = this.search.search(terms.join(' '), { combineWith: 'OR', tokenize: (s) => s.split(' ') }).slice(0, limit);
    const hits = raw.map((r) => {
      const set = this.termSets[r.id as number];
      const found = terms.filter((t) => set.has(t)).length;
      return { clause: this.clauses[r.id as number], score: r.score, coverage: found / terms.length };
    });
    return { hits, terms, confidence: confidenceOf(hits) };
  }

  /**
   * The clause of the same policy as `anchor` that shares the most weight of the question's terms
   * (each term weighted by how rare it is across the index, damped for long clauses), other than
   * `exclude`. A light ranking over one policy's clauses, for citing the clause nearest the question
   * beside a rule's own: far cheaper than a BM25 query over a large index.
   */
  related(terms: string[], anchor: Clause, exclude: Clause[]): Clause | undefined {
    // Only clauses holding a question term can score: they are found through the term's postings.
    const postings = this.postingsByPolicy.get(anchor.policyCode);
    const scores = new Map<number, number>();
    for (const t of new Set(terms)) {
      const list = postings?.get(t);
      if (!list) continue;
      const w = this.idf(t);
      for (const i of list) scores.set(i, (scores.get(i) ?? 0) + w);
    }
    let best: number | undefined;
    let bestScore = 0;
    for (const [i, sum] of scores) {
      if (exclude.includes(this.clauses[i])) continue;
      const score = sum / this.damping[i];
      // Ties go to the clause earlier in the policy.
      if (score > bestScore || (score === bestScore && best !== undefined && i < best)) {
        best = i;
        bestScore = score;
      }
    }
    return best === undefined ? undefined : this.clauses[best];
  }

  private idf(term: string): number {
    let w = this.idfCache.get(term);
    if (w === undefined) {
      w = Math.log(1 + this.termSets.length / Math.max(1, this.postings.get(term)?.length ?? 0));
      this.idfCache.set(term, w);
    }
    return w;
  }

  /** The best keyword coverage of a question's search terms among the given clauses (0..1). */
  coverage(terms: string[], clauses: Clause[]): number {
    if (!terms.length) return 0;
    let best = 0;
    for (const c of clauses) {
      const i = this.positions.get(c);
      if (i === undefined) continue;
      const set = this.termSets[i];
      best = Math.max(best, terms.filter((t) => set.has(t)).length / terms.length);
    }
    return best;
  }
}

/**
 * Confidence from what a person would check: does the best clause contain most of the question's
 * words, and does it stand out from the next one? Raw BM25 scores are not comparable across
 * questions, so only their ratio is used.
 */
export function confidenceOf(hits: ClauseHit[]): number {
  if (!hits.length) return 0;
  const [a, b] = hits;
  const margin = b ? Math.max(0, (a.score - b.score) / a.score) : 1;
  return Math.min(1, 0.75 * a.coverage + 0.25 * margin);
}
