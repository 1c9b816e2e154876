import fs from 'node:fs';
import path from 'node:path';
import { Engine, type Event, type RuleProperties } from 'json-rules-engine';
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

/**
 * json-rules-engine's own operators, with its checks on the fact's type (a list for `contains`,
 * a number for `lessThan`…): a condition made only of these gives the same answer here as in the engine.
 */
const OPERATORS: Record<string, (fact: any, value: any) => boolean> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => b.indexOf(a) > -1,
  notIn: (a, b) => b.indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => isNumeric(a) && a < b,
  lessThanInclusive: (a, b) => isNumeric(a) && a <= b,
  greaterThan: (a, b) => isNumeric(a) && a > b,
  greaterThanInclusive: (a, b) => isNumeric(a) && a >= b,
};

const isNumeric = (v: unknown) => Number.parseFloat(v as string).toString() !== 'NaN';

/**
 * True when a condition can be decided here from the facts alone: plain comparisons of a fact
 * with a constant, under all / any / not. Conditions with a path, parameters, a fact as the value,
 * a shared condition or an operator of our own are left to the engine.
 */
function decidable(c: any): boolean {
  if (!c || typeof c !== 'object') return false;
  if (Array.isArray(c.all)) return c.all.every(decidable);
  if (Array.isArray(c.any)) return c.any.every(decidable);
  if (c.not) return decidable(c.not);
  return typeof c.fact === 'string' && c.operator in OPERATORS && c.path === undefined && c.params === undefined &&
    !(c.value !== null && typeof c.value === 'object' && !Array.isArray(c.value)) &&
    (!['in', 'notIn'].includes(c.operator) || Array.isArray(c.value));
}

/** A decidable condition's result, as the engine would give it (an empty all or any holds). */
function holds(c: any, facts: FactValues): boolean {
  if (Array.isArray(c.all)) return c.all.every((x: unknown) => holds(x, facts));
  if (Array.isArray(c.any)) return c.any.length === 0 || c.any.some((x: unknown) => holds(x, facts));
  if (c.not) return !holds(c.not, facts);
  return OPERATORS[c.operator](facts[c.fact], c.value);
}

/**
 * A condition a rule cannot fire without, that names the fact values it needs: a decided conjunct
 * (under `all`) of `contains` or `equal` a constant, or `in` a list. `contains` is preferred, being
 * the more selective (a topic or an action, against an intent). Undefined when there is none.
 */
function alphaKey(decided: unknown[]): { fact: string; values: unknown[] } | undefined {
  const conjuncts: any[] = [];
  const flatten = (c: any) => (Array.isArray(c.all) ? c.all.forEach(flatten) : conjuncts.push(c));
  decided.forEach(flatten);
  const plain = (c: any) => typeof c.fact === 'string' && c.path === undefined && c.params === undefined;
  const contains = conjuncts.find((c) => plain(c) && c.operator === 'contains');
  if (contains) return { fact: contains.fact, values: [contains.value] };
  const equal = conjuncts.find((c) => plain(c) && (c.operator === 'equal' || (c.operator === 'in' && Array.isArray(c.value))));
  if (equal) return { fact: equal.fact, values: equal.operator === 'in' ? equal.value : [equal.value] };
  return undefined;
}

/**
 * Runs the json-rules-engine rules over a question's facts; the highest-priority rule that fires
 * decides (ties go to the rule listed first).
 *
 * Speed: the conditions that can be decided from the facts alone (plain comparisons under all /
 * any / not, the alpha network of a Rete engine) are checked here, synchronously, for every rule:
 * a rule whose decided conditions fail cannot fire. Only the remaining candidates go to the engine,
 * with just the conditions still open; an engine is built once per distinct candidate set and
 * reused. The engine runs them by priority and stops after the highest priority at which a rule
 * fires. An Engine keeps its run state on itself, so concurrent questions never share one: each
 * run borrows an engine from that set's pool. A set whose candidates have nothing left open gives
 * the engine no input, so its first run's events stand for every later question that screens to it.
 */
export class Verdicts {
  private readonly byName = new Map<string, { rule: RuleFile['rules'][number]; order: number }>();
  private readonly screens: { rule: RuleFile['rules'][number]; decided: unknown[]; rest: RuleProperties['conditions']; open: boolean }[];
  /**
   * Per distinct candidate set: its idle engines and, once run, the events of a set with no
   * condition left open (the engine gets no input for such a set, so its run always gives these).
   */
  private readonly sets = new Map<string, { engines: Engine[]; settled?: Event[] }>();
  /**
   * Per fact, per value: the screens with a decided condition that holds only when the fact is (or
   * contains) that value. Only they, and the screens with no such condition, are checked for a question.
   */
  private readonly alpha = new Map<string, Map<unknown, number[]>>();
  private readonly unkeyed: number[] = [];

  constructor(rules: RuleFile['rules']) {
    rules.forEach((rule, order) => this.byName.set(rule.name, { rule, order }));
    this.screens = rules.map((rule) => {
      const conditions = rule.conditions as any;
      // The engine gets only what the screen has not already decided: a candidate's decided
      // conditions hold, so they are left out of the conditions it evaluates (and copies per run).
      if (decidable(conditions)) return { rule, decided: [conditions], rest: { all: [] }, open: false };
      if (!Array.isArray(conditions.all)) return { rule, decided: [], rest: rule.conditions, open: true };
      const decided = conditions.all.filter(decidable);
      return { rule, decided, rest: { ...conditions, all: conditions.all.filter((c: unknown) => !decided.includes(c)) }, open: true };
    });
    this.screens.forEach((screen, i) => {
      const key = alphaKey(screen.decided);
      if (!key) return void this.unkeyed.push(i);
      let byValue = this.alpha.get(key.fact);
      if (!byValue) this.alpha.set(key.fact, (byValue = new Map()));
      for (const value of key.values) {
        const list = byValue.get(value);
        if (list) list.push(i);
        else byValue.set(value, [i]);
      }
    });
  }

  /** The screens whose decided conditions all hold for these facts, in rule order. */
  private screen(facts: FactValues): Verdicts['screens'] {
    const candidates = [...this.unkeyed];
    for (const [fact, byValue] of this.alpha) {
      const value = facts[fact];
      for (const v of Array.isArray(value) ? value : [value]) {
        const list = byValue.get(v);
        if (list) for (const i of list) candidates.push(i);
      }
    }
    candidates.sort((a, b) => a - b);
    const out: Verdicts['screens'] = [];
    for (let k = 0; k < candidates.length; k++) {
      if (k > 0 && candidates[k] === candidates[k - 1]) continue;
      const s = this.screens[candidates[k]];
      if (s.decided.every((c) => holds(c, facts))) out.push(s);
    }
    return out;
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
    const screened = this.screen(facts);
    if (!screened.length) return null;
    const key = screened.map((s) => s.rule.name).join('|');
    let set = this.sets.get(key);
    if (!set) {
      if (this.sets.size >= 1000) this.sets.delete(this.sets.keys().next().value as string);
      set = { engines: [] };
      this.sets.set(key, set);
    }
    const open = screened.some((s) => s.open);
    let events = open ? undefined : set.settled;
    if (!events) {
      const engine = set.engines.pop() ?? this.build(screened);
      try {
        // Facts are copied into the engine's almanac only when some candidate has conditions left open.
        ({ events } = await engine.run(open ? { ...facts } : {}));
      } finally {
        if (set.engines.length < 8) set.engines.push(engine);
      }
      if (!open) set.settled = events;
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
      // A rule that finds a question outside the policy cites nothing: the answer offers the nearest clauses as related.
      if (p.verdict === 'not_covered' && clauses.length) problems.push(`${file}: rule "${r.name}" decides not_covered, so it must name no clauses.`);
      if (p.verdict !== 'not_covered' && !clauses.length) problems.push(`${file}: rule "${r.name}" names no clauses.`);
      for (const id of clauses) if (!clauseIds.has(id)) problems.push(`${file}: rule "${r.name}" cites ${id}, which does not exist.`);
      visit(file, r.name, r.conditions);
    }
  }
  return problems;
}
