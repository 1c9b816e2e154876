import fs from 'node:fs';
import path from 'node:path';
import { Engine, type RuleProperties } from 'json-rules-engine';
import { StaffroomError } from '../core/errors.ts';
import type { Verdict } from './answer.ts';
import { VERDICTS } from './answer.ts';
import type { FactValues } from './facts.ts';

/** What a rule decides when it fires. */
export interface RuleDecision {
  rule: string;
  priority: number;
  verdict: Verdict;
  answer: string;
  clauses: string[];
  safeguarding: boolean;
  /** Also cite the best-matching clause of the first clause's section (definitions, lists). */
  retrieveInSection: boolean;
  /** Also cite, third, the clause anywhere in the policy that best matches the question (the activity asked about). */
  retrieveRelated: boolean;
}

interface RuleFile {
  policy?: string;
  rules: (RuleProperties & { name: string; priority: number })[];
}

/** All rules from rules/*.rules.json, with the file each came from. */
export function loadRuleFiles(dir: string): { file: string; rules: RuleFile['rules'] }[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.rules.json')).sort();
  return files.map((f) => {
    let parsed: RuleFile;
    try {
      parsed = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    } catch (e) {
      throw new StaffroomError('RULES.BAD_FILE', `${f} is not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(parsed.rules)) throw new StaffroomError('RULES.BAD_FILE', `${f} must have a "rules" array.`);
    return { file: f, rules: parsed.rules };
  });
}

type Leaf = { fact: string; operator: string; value: unknown };

/**
 * The leaf conditions a rule cannot fire without: those directly under its top-level `all`.
 * Checked synchronously before the engine runs, like the alpha network of a Rete engine.
 */
function necessaryLeaves(conditions: any): Leaf[] {
  if (!conditions || !Array.isArray(conditions.all)) return [];
  return conditions.all.filter(isLeaf);
}

const isLeaf = (c: any): c is Leaf => typeof c?.fact === 'string' && ['contains', 'doesNotContain', 'equal', 'notEqual'].includes(c.operator);

function holds(leaf: Leaf, facts: FactValues): boolean {
  const v = facts[leaf.fact];
  switch (leaf.operator) {
    case 'contains':
      return Array.isArray(v) && v.includes(leaf.value as string);
    case 'doesNotContain':
      return !Array.isArray(v) || !v.includes(leaf.value as string);
    case 'equal':
      return v === leaf.value;
    default:
      return v !== leaf.value;
  }
}

/**
 * Runs the json-rules-engine rules over a question's facts; the highest-priority rule that fires
 * decides (ties go to the rule listed first).
 *
 * Speed: a rule whose necessary conditions (its top-level `all` leaves) fail cannot fire, so only
 * the remaining candidates go to the engine, and an engine is built once per distinct candidate
 * set and reused. The engine stops after the highest priority at which a rule fires. An Engine keeps its run state on itself, so concurrent questions never share one:
 * each run borrows an engine from that set's pool.
 */
export class Verdicts {
  private readonly byName = new Map<string, { rule: RuleFile['rules'][number]; order: number }>();
  private readonly screens: { rule: RuleFile['rules'][number]; leaves: Leaf[]; rest: RuleProperties['conditions'] }[];
  private readonly pools = new Map<string, Engine[]>();

  constructor(rules: RuleFile['rules']) {
    rules.forEach((rule, order) => this.byName.set(rule.name, { rule, order }));
    this.screens = rules.map((rule) => {
      const leaves = necessaryLeaves(rule.conditions);
      // The engine gets only what the screen has not already decided: a candidate's screened
      // leaves hold, so they are left out of the conditions it evaluates (and copies per run).
      const rest = leaves.length ? { ...rule.conditions, all: (rule.conditions as { all: unknown[] }).all.filter((c) => !leaves.includes(c as Leaf)) } : rule.conditions;
      return { rule, leaves, rest: rest as RuleProperties['conditions'] };
    });
  }

  /**
   * The engine runs rules by priority, highest first, a priority's rules together. The first rule
   * that fires stops it before the next lower priority: nothing below could win. Its events carry
   * only the rule's name; what the rule decides is read from the rule itself.
   */
  private build(candidates: Verdicts['screens']): Engine {
    const engine = new Engine([], { allowUndefinedFacts: true });
    for (const { rule, rest } of candidates) engine.addRule({ name: rule.name, priority: rule.priority, conditions: rest, event: { type: rule.name } });
    engine.on('success', () => { engine.stop(); });
    return engine;
  }

  async decide(facts: FactValues): Promise<RuleDecision | null> {
    const screened = this.screens.filter((s) => s.leaves.every((l) => holds(l, facts)));
    if (!screened.length) return null;
    const key = screened.map((s) => s.rule.name).join('|');
    let pool = this.pools.get(key);
    if (!pool) {
      if (this.pools.size >= 1000) this.pools.delete(this.pools.keys().next().value as string);
      pool = [];
      this.pools.set(key, pool);
    }
    const engine = pool.pop() ?? this.build(screened);
    let events;
    try {
      ({ events } = await engine.run({ ...facts }));
    } finally {
      if (pool.length < 8) pool.push(engine);
    }
    // The highest priority wins; between equals, the rule listed first.
    let best: { rule: RuleFile['rules'][number]; order: number } | undefined;
    for (const ev of events) {
      const fired = this.byName.get(ev.type);
      if (!fired) continue;
      if (best && (fired.rule.priority < best.rule.priority || (fired.rule.priority === best.rule.priority && fired.order > best.order))) continue;
      best = fired;
    }
    if (!best) return null;
    const p = (best.rule.event.params ?? {}) as Record<string, any>;
    return {
      rule: best.rule.name,
      priority: best.rule.priority,
      verdict: p.verdict,
      answer: p.answer,
      clauses: p.clauses ?? [],
      safeguarding: Boolean(p.safeguarding),
      retrieveInSection: Boolean(p.retrieve_in_section),
      retrieveRelated: Boolean(p.retrieve_related),
    };
  }
}

/**
 * Problems with the rules: a clause that does not exist, a fact nobody provides, a value a fact
 * never takes, a bad verdict, a duplicate name. Empty when all is well.
 */
export function checkRules(files: { file: string; rules: RuleFile['rules'] }[], clauseIds: Set<string>, facts: Map<string, Set<string> | null>): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const visit = (file: string, rule: string, cond: any) => {
    if (!cond || typeof cond !== 'object') return;
    for (const key of ['all', 'any']) if (Array.isArray(cond[key])) cond[key].forEach((c: unknown) => visit(file, rule, c));
    if (cond.not) visit(file, rule, cond.not);
    if (typeof cond.fact === 'string') {
      if (!facts.has(cond.fact)) problems.push(`${file}: rule "${rule}" uses the fact "${cond.fact}", which no fact provider gives.`);
      const values = facts.get(cond.fact);
      if (values && typeof cond.value === 'string' && !values.has(cond.value)) {
        problems.push(`${file}: rule "${rule}" tests ${cond.fact} for "${cond.value}", a value facts.yaml never produces.`);
      }
    }
  };
  for (const { file, rules } of files) {
    for (const r of rules) {
      if (!r.name) problems.push(`${file}: a rule has no name.`);
      if (names.has(r.name)) problems.push(`${file}: two rules are named "${r.name}".`);
      names.add(r.name);
      const p = (r.event?.params ?? {}) as Record<string, unknown>;
      if (!Number.isInteger(r.priority) || r.priority < 1) problems.push(`${file}: rule "${r.name}" needs a whole-number priority of 1 or more.`);
      if (!VERDICTS.includes(p.verdict as Verdict)) problems.push(`${file}: rule "${r.name}" has verdict "${p.verdict}", not one of ${VERDICTS.join(', ')}.`);
      if (typeof p.answer !== 'string' || !p.answer) problems.push(`${file}: rule "${r.name}" has no answer text.`);
      const clauses = Array.isArray(p.clauses) ? (p.clauses as string[]) : [];
      if (!clauses.length) problems.push(`${file}: rule "${r.name}" names no clauses.`);
      for (const id of clauses) if (!clauseIds.has(id)) problems.push(`${file}: rule "${r.name}" cites ${id}, which does not exist.`);
      visit(file, r.name, r.conditions);
    }
  }
  return problems;
}
