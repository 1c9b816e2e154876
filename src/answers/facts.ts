import { StaffroomError } from '../core/errors.ts';
import { LiteralScreen, requiredLiterals } from './literals.ts';
import type { Canonicaliser } from './text.ts';

/**
 * One fact's definition in rules/facts.yaml. A value is its patterns, or its patterns with
 * `unless`: patterns that, when any matches the question, stop the value being taken at all.
 */
export interface FactDefinition {
  kind: 'one' | 'list';
  default?: string;
  values: Record<string, string[] | { patterns: string[]; unless?: string[] }>;
}

export type FactValues = Record<string, string | string[] | boolean | number>;

interface CompiledFact {
  name: string;
  kind: 'one' | 'list';
  dflt?: string;
  values: { value: string; patterns: RegExp[]; unless: RegExp[] }[];
}

/**
 * The patterns, numbered: those of one value consecutively, values in the order of facts.yaml. A
 * question's pass only touches these arrays and the patterns it runs (see LiteralScreen on why).
 */
interface PatternTable {
  regex: RegExp[];
  /** Per pattern: its value's number; its clauses of literals, one bit each (`all`); the extraction
   * pass in which the screen last found one of its literals, and which clauses it found in it. */
  valueOf: Int32Array;
  all: Int32Array;
  passed: Int32Array;
  held: Int32Array;
  /** Per value: its fact's number and name; its patterns, from firstPattern[v] to firstPattern[v + 1]. */
  factOf: Int32Array;
  valueName: string[];
  firstPattern: Int32Array;
  /** Per value: the patterns that veto it (see FactDefinition). */
  unless: RegExp[][];
  /** Per value: the pass in which it became a candidate. */
  candidate: Int32Array;
  /** Values with a pattern that needs no literal text: candidates on every question. */
  alwaysValues: number[];
}

/** A target of the literal screen: a pattern's number and which of its clauses the literal is in. */
const CLAUSE_BITS = 2;

/** Facts computed in code from the others (not in facts.yaml). */
export const DERIVED_FACTS = ['online', 'question_words'] as const;

/**
 * Extracts the facts the rules read from a question: each fact in facts.yaml is a set of patterns
 * over the question's canonical text; `online` is derived (a platform named, or posting).
 */
export class FactExtractor {
  private readonly compiled: CompiledFact[];
  private readonly table: PatternTable;
  /** Patterns that need some literal text: tried only when the question has some of it. */
  private readonly screen = new LiteralScreen<number>();
  /** Marks the patterns a question's literals allow (compared with `pass`, so never cleared). */
  private pass = 0;

  constructor(definitions: Record<string, FactDefinition>, private readonly canon: Canonicaliser) {
    const regex: RegExp[] = [], valueOf: number[] = [], all: number[] = [];
    const factOf: number[] = [], valueName: string[] = [], firstPattern: number[] = [], alwaysValues: number[] = [];
    const unless: RegExp[][] = [];
    const compile = (p: string, name: string, value: string): RegExp => {
      try {
        return new RegExp(p, 'i');
      } catch (e) {
        throw new StaffroomError('RULES.BAD_PATTERN', `Fact "${name}" value "${value}": bad pattern ${p} (${(e as Error).message}).`);
      }
    };
    this.compiled = Object.entries(definitions).map(([name, def], factNo) => {
      if (def.kind !== 'one' && def.kind !== 'list') throw new StaffroomError('RULES.BAD_FACT', `Fact "${name}" in facts.yaml needs kind: one or kind: list.`);
      return {
        name,
        kind: def.kind,
        dflt: def.default,
        values: Object.entries(def.values ?? {}).map(([value, spec]) => {
          const { patterns, unless: vetoes = [] } = Array.isArray(spec) ? { patterns: spec } : spec;
          if (!Array.isArray(patterns) || !Array.isArray(vetoes)) throw new StaffroomError('RULES.BAD_FACT', `Fact "${name}" value "${value}" needs a list of patterns, or patterns: and unless: lists.`);
          const valueNo = valueName.length;
          factOf.push(factNo);
          valueName.push(value);
          firstPattern.push(regex.length);
          unless.push(vetoes.map((p) => compile(p, name, value)));
          const compiled: RegExp[] = [];
          for (const p of patterns) {
            const re = compile(p, name, value);
            // Most patterns cannot match without some words of their own ("befriend", "pupil"): such a
            // pattern is tried only on questions that contain them. The rest always are.
            const clauses = requiredLiterals(p);
            if (clauses.length > 1 << CLAUSE_BITS) throw new Error(`requiredLiterals gave ${clauses.length} clauses; screen targets hold ${1 << CLAUSE_BITS}`);
            const patternNo = regex.length;
            regex.push(re);
            valueOf.push(valueNo);
            all.push((1 << clauses.length) - 1);
            compiled.push(re);
            clauses.forEach((literals, i) => { for (const l of literals) this.screen.add(l, (patternNo << CLAUSE_BITS) | i); });
            if (!clauses.length && alwaysValues.at(-1) !== valueNo) alwaysValues.push(valueNo);
          }
          return { value, patterns: compiled, unless: unless[valueNo] };
        }),
      };
    });
    firstPattern.push(regex.length);
    this.table = {
      regex,
      valueOf: Int32Array.from(valueOf),
      all: Int32Array.from(all),
      passed: new Int32Array(regex.length),
      held: new Int32Array(regex.length),
      factOf: Int32Array.from(factOf),
      valueName,
      firstPattern: Int32Array.from(firstPattern),
      candidate: new Int32Array(valueName.length),
      alwaysValues,
      unless,
    };
  }

  /** Every fact name a rule may use, with the values each can take (for `rules check`). */
  catalogue(): Map<string, Set<string> | null> {
    const m = new Map<string, Set<string> | null>();
    for (const f of this.compiled) m.set(f.name, new Set([...f.values.map((v) => v.value), ...(f.dflt ? [f.dflt] : [])]));
    for (const d of DERIVED_FACTS) m.set(d, null);
    return m;
  }

  /**
   * Words in fact patterns that the thesaurus rewrites before patterns see the text, so the
   * pattern can never match them ("posted" must be written "post").
   */
  unreachableWords(): string[] {
    const problems: string[] = [];
    for (const f of this.compiled) {
      for (const v of f.values) {
        for (const p of [...v.patterns, ...v.unless]) {
          // Literal words of the pattern: strip escapes such as \b and \w first.
          const literal = p.source.replace(/\\[a-zA-Z]/g, ' ').replace(/\(\?<?[!=]/g, ' ');
          for (const word of new Set(literal.match(/[a-z]+/g) ?? [])) {
            const canonical = this.canon.rewrite(word);
            if (canonical !== undefined) problems.push(`facts.yaml: ${f.name}.${v.value} matches "${word}", which the thesaurus reads as "${canonical}"; write "${canonical}" instead.`);
          }
        }
      }
    }
    return [...new Set(problems)];
  }

  extract(question: string): FactValues {
    return this.extractCanonical(this.canon.text(question));
  }

  /** Facts of a question already in canonical form (`Canonicaliser.text`). */
  extractCanonical(text: string): FactValues {
    const t = this.table;
    const pass = ++this.pass;
    // Values with a pattern whose every clause of literals is in the text, then those never screened.
    const candidates: number[] = [];
    this.screen.scan(text.toLowerCase(), (targets) => {
      for (const target of targets) {
        const p = target >> CLAUSE_BITS;
        if (t.passed[p] !== pass) {
          t.passed[p] = pass;
          t.held[p] = 0;
        }
        t.held[p] |= 1 << (target & ((1 << CLAUSE_BITS) - 1));
        const v = t.valueOf[p];
        if (t.held[p] === t.all[p] && t.candidate[v] !== pass) {
          t.candidate[v] = pass;
          candidates.push(v);
        }
      }
    });
    for (const v of t.alwaysValues) {
      if (t.candidate[v] !== pass) {
        t.candidate[v] = pass;
        candidates.push(v);
      }
    }
    // In facts.yaml order, so a one-valued fact takes its first matching value.
    candidates.sort((a, b) => a - b);
    const matches: string[][] = this.compiled.map(() => []);
    for (const v of candidates) {
      for (let p = t.firstPattern[v]; p < t.firstPattern[v + 1]; p++) {
        const screened = t.all[p] === 0 || (t.passed[p] === pass && t.held[p] === t.all[p]);
        if (screened && t.regex[p].test(text)) {
          if (!t.unless[v].some((re) => re.test(text))) matches[t.factOf[v]].push(t.valueName[v]);
          break;
        }
      }
    }
    const facts: FactValues = {};
    this.compiled.forEach((f, i) => {
      facts[f.name] = f.kind === 'one' ? matches[i][0] ?? f.dflt ?? 'none' : matches[i];
    });
    const actions = (facts.actions as string[]) ?? [];
    const platforms = (facts.platforms as string[]) ?? [];
    facts.online = platforms.length > 0 || actions.some((a) => ['publish', 'create_site', 'use_socialmedia'].includes(a));
    facts.question_words = text.split(' ').length;
    return facts;
  }
}
