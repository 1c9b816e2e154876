/** What the policy says about a question. */
export type Verdict = 'allowed' | 'prohibited' | 'conditional' | 'required' | 'guidance' | 'not_covered';

export const VERDICTS: readonly Verdict[] = ['allowed', 'prohibited', 'conditional', 'required', 'guidance', 'not_covered'];

/** A clause an answer rests on (or, for `not_covered`, one that may be useful). */
export interface Citation {
  clauseId: string;
  policy: string;
  version: string;
  section: string;
  text: string;
  /** For a long clause, the sentences that bear on the question ("…" where text was left out); cards quote this. */
  excerpt?: string;
}

/**
 * The answer to a staff question: a verdict, a short plain-English answer and the clauses it rests on.
 * `followUps` names who to ask or what to do next (the DSL, the Head of School, `/report`).
 */
export interface Answer {
  question: string;
  verdict: Verdict;
  answer: string;
  citations: Citation[];
  /** 0..1, from keyword coverage and the margin between the best clauses; 0.75 or more when a rule decided. */
  confidence: number;
  followUps?: string[];
  /** `rule` (a json-rules-engine rule decided), `retrieval` (clauses only), `safeguarding`, `none`. */
  basis: 'rule' | 'retrieval' | 'safeguarding' | 'none';
  /** The rule that decided, when one did. */
  ruleName?: string;
  /** For `not_covered`: the nearest clauses, offered only as "you may find these useful". */
  related?: Citation[];
  /** True when the question concerns a child at risk: the reply offers the DSL route and /report. */
  safeguarding?: boolean;
}
