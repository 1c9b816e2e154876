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

/**
 * Runs the json-rules-engine rules over a question's facts; the highest-priority rule that fires
 * decides (ties go to the rule listed first).
 *
 * An Engine keeps its run state on itself, so two questions must never share one at the same time:
 * each run borrows an engine from a small pool (grown on demand, kept for reuse). Priority sets run
 * from the highest down, and a run stops after the first set in which a rule fired.
 */
export class Verdicts {
  private readonly idle: Engine[] = [];
  private readonly order = new Map<string, number>();

  constructor(private readonly rules: RuleFile['rules']) {
    rules.forEach((r, i) => this.order.set(r.name, i));
    this.idle.push(this.build());
  }

  private build(): Engine {
    const engine = new Engine([], { allowUndefinedFacts: true });
    for (const r of this.rules) {
      engine.addRule({
        ...r,
        priority: 1,
        event: { type: r.name, params: r.event.params },
      });
    }
    return engine;
  }

  async decide(facts: FactValues): Promise<RuleDecision | null> {
    const engine = this.idle.pop() ?? this.build();
    let events;
    try {
      ({ events } = await engine.run({ ...facts }));
    } finally {
      if (this.idle.length < 16) this.idle.push(engine);
    }
    let best: RuleDecision | null = null;
    let bestOrder = Infinity;
    for (const ev of events) {
      const p = ev.params ?? {};
      const order = this.order.get(ev.type) ?? Infinity;
      const priority = Number(p.priority ?? 0);
      if (best && (priority < best.priority || (priority === best.priority && order > bestOrder))) continue;
      best = {
        rule: ev.type,
        priority,
        verdict: p.verdict,
        answer: p.answer,
        clauses: p.clauses ?? [],
        safeguarding: Boolean(p.safeguarding),
        retrieveInSection: Boolean(p.retrieve_in_section),
      };
      bestOrder = order;
    }
    return best;
  }
}

/** Copies each rule's priority into its event so the winner can be chosen from events alone. */
export function withPriorities(rules: RuleFile['rules']): RuleFile['rules'] {
  return rules.map((r) => ({ ...r, event: { ...r.event, params: { ...(r.event.params ?? {}), priority: r.priority } } }));
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
