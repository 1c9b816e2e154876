import { StaffroomError } from '../core/errors.ts';
import { LiteralScreen, requiredLiterals } from './literals.ts';
import type { Canonicaliser } from './text.ts';

/** One fact's definition in rules/facts.yaml. */
export interface FactDefinition {
  kind: 'one' | 'list';
  default?: string;
  values: Record<string, string[]>;
}

export type FactValues = Record<string, string | string[] | boolean | number>;

interface CompiledValue {
  value: string;
  patterns: CompiledPattern[];
  /** Patterns that need no literal text, tried on every question. */
  always: CompiledPattern[];
  /** The extraction pass in which the screen last passed one of this value's patterns. */
  passed: number;
}

interface CompiledPattern {
  regex: RegExp;
  value: CompiledValue;
  /** The extraction pass in which the screen last found one of this pattern's literals. */
  passed: number;
  /** In that pass, the clauses of its literals found so far, one bit each; `all` when every one holds. */
  held: number;
  all: number;
}

/** True when one of the value's patterns matches: those the screen passed this time, and those it never screens. */
function matchesAny(v: CompiledValue, text: string, pass: number): boolean {
  for (const p of v.always) if (p.regex.test(text)) return true;
  if (v.passed !== pass) return false;
  for (const p of v.patterns) if (p.passed === pass && p.held === p.all && p.regex.test(text)) return true;
  return false;
}

/** Facts computed in code from the others (not in facts.yaml). */
export const DERIVED_FACTS = ['online', 'question_words'] as const;

/**
 * Extracts the facts the rules read from a question: each fact in facts.yaml is a set of patterns
 * over the question's canonical text; `online` is derived (a platform named, or posting).
 */
export class FactExtractor {
  private readonly compiled: { name: string; kind: 'one' | 'list'; dflt?: string; values: CompiledValue[] }[];
  /** Patterns that need some literal text: tried only when the question has some of it. */
  private readonly screen = new LiteralScreen<{ pattern: CompiledPattern; bit: number }>();
  /** Marks the patterns a question's literals allow (compared with `pass`, so never cleared). */
  private pass = 0;

  constructor(definitions: Record<string, FactDefinition>, private readonly canon: Canonicaliser) {
    this.compiled = Object.entries(definitions).map(([name, def]) => {
      if (def.kind !== 'one' && def.kind !== 'list') throw new StaffroomError('RULES.BAD_FACT', `Fact "${name}" in facts.yaml needs kind: one or kind: list.`);
      return {
        name,
        kind: def.kind,
        dflt: def.default,
        values: Object.entries(def.values ?? {}).map(([value, patterns]) => {
          const compiled: CompiledValue = { value, patterns: [], passed: 0, always: [] };
          for (const p of patterns) {
            let regex: RegExp;
            try {
              regex = new RegExp(p, 'i');
            } catch (e) {
              throw new StaffroomError('RULES.BAD_PATTERN', `Fact "${name}" value "${value}": bad pattern ${p} (${(e as Error).message}).`);
            }
            // Most patterns cannot match without some words of their own ("befriend", "pupil"): such a
            // pattern is tried only on questions that contain them. The rest always are.
            const clauses = requiredLiterals(p);
            const pattern: CompiledPattern = { regex, value: compiled, passed: 0, held: 0, all: (1 << clauses.length) - 1 };
            compiled.patterns.push(pattern);
            clauses.forEach((literals, i) => { for (const l of literals) this.screen.add(l, { pattern, bit: 1 << i }); });
            if (!clauses.length) compiled.always.push(pattern);
          }
          return compiled;
        }),
      };
    });
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
        for (const p of v.patterns) {
          // Literal words of the pattern: strip escapes such as \b and \w first.
          const literal = p.regex.source.replace(/\\[a-zA-Z]/g, ' ').replace(/\(\?<?[!=]/g, ' ');
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
    const facts: FactValues = {};
    const pass = ++this.pass;
    this.screen.scan(text.toLowerCase(), (targets) => {
      for (const { pattern: p, bit } of targets) {
        if (p.passed !== pass) {
          p.passed = pass;
          p.held = 0;
        }
        p.held |= bit;
        if (p.held === p.all) p.value.passed = pass;
      }
    });
    for (const f of this.compiled) {
      const matches: string[] = [];
      for (const v of f.values) if (matchesAny(v, text, pass)) matches.push(v.value);
      facts[f.name] = f.kind === 'one' ? matches[0] ?? f.dflt ?? 'none' : matches;
    }
    const actions = (facts.actions as string[]) ?? [];
    const platforms = (facts.platforms as string[]) ?? [];
    facts.online = platforms.length > 0 || actions.some((a) => ['publish', 'create_site', 'use_socialmedia'].includes(a));
    facts.question_words = text.split(' ').length;
    return facts;
  }
}
