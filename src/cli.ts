#!/usr/bin/env node
/**
 * `staffroom …`: the admin command line. Run with `npm run -s staffroom -- <command>`.
 * Expected failures print one clear line and exit non-zero; stack traces only with LOG_LEVEL=debug.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig, readEnv } from './config.ts';
import { createLogger, silentLogger } from './core/logger.ts';
import { isStaffroomError, StaffroomError } from './core/errors.ts';
import { openStaffroom, type Staffroom } from './app.ts';
import { importPolicy } from './policy/import.ts';
import type { Answer } from './answers/answer.ts';
import { VERDICT_LABELS } from './core/card.ts';
import { createDatabase, migrateDownAll, migrateToLatest } from './storage/database.ts';

const HELP = `staffroom — policy answers for school staff

Usage: npm run -s staffroom -- <command>

  ask "QUESTION" [--json] [--explain] [--no-record]
                          answer one question; with no QUESTION, answer each line of stdin as JSON
  policy import FILE --code SMP --title "Social Media Policy" --version 2024
                          import a policy (PDF-extracted text or Markdown) as a new version
  policy list             policies and their current versions
  policy show CLAUSE-ID [--version V]
                          one clause, e.g. SMP-7.3
  policy versions CODE    the versions of a policy and what each changed
  rules check             check every rule cites real clauses and known facts
  questions unanswered [--limit N]
                          the admin inbox: unanswered, low-confidence and 👎 questions
  migrate [--down-all]    run database migrations (they also run on every start)
`;

async function withApp<T>(fn: (app: Staffroom) => Promise<T>): Promise<T> {
  const env = readEnv();
  const config = loadConfig(env);
  const app = await openStaffroom(config, { logger: env.LOG_LEVEL === 'debug' ? createLogger({ level: 'debug' }) : silentLogger });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

function formatAnswer(a: Answer): string {
  const lines = [`${VERDICT_LABELS[a.verdict].toUpperCase()} — ${a.question}`, '', a.answer, ''];
  const quote = (c: Answer['citations'][number]) => [`  ${c.clauseId} · ${c.policy} v${c.version} · ${c.section}`, ...wrap(`“${c.text}”`, 76).map((l) => `    ${l}`), ''];
  for (const c of a.citations) lines.push(...quote(c));
  if (a.related?.length) {
    lines.push('  You may find these useful:', '');
    for (const c of a.related) lines.push(...quote(c));
  }
  for (const f of a.followUps ?? []) lines.push(`→ ${f}`);
  lines.push(`(confidence ${a.confidence.toFixed(2)})`);
  return lines.join('\n');
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(/\s+/)) {
    if (line && line.length + w.length + 1 > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

async function ask(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, explain: { type: 'boolean' }, 'no-record': { type: 'boolean' } } });
  const record = !values['no-record'];
  return withApp(async (app) => {
    const answerOne = async (q: string): Promise<Answer> => {
      const a = await app.answerer.ask(q);
      if (record) await app.questions.record({ answer: a, platform: 'cli', userId: null, at: app.clock.now() });
      return a;
    };
    if (positionals.length) {
      const a = await answerOne(positionals.join(' '));
      process.stdout.write((values.json ? JSON.stringify(a) : formatAnswer(a)) + '\n');
      if (values.explain) process.stdout.write(`reads as: ${app.answerer.canonical(a.question)}\nfacts: ${JSON.stringify(app.answerer.facts(a.question))}\nrule: ${a.ruleName ?? '(none)'}\n`);
      return 0;
    }
    if (process.stdin.isTTY) throw new StaffroomError('CLI.NO_QUESTION', 'Give a question: npm run -s staffroom -- ask "Can I add a pupil on Facebook?" (or pipe questions in, one per line).');
    // One question per line in, one JSON object per line out, in order. A line we cannot answer
    // still gets a line (with "error"), so the output stays aligned with the input.
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of rl) {
      if (!line.trim()) continue;
      try {
        process.stdout.write(JSON.stringify(await answerOne(line)) + '\n');
      } catch (e) {
        if (!isStaffroomError(e)) throw e;
        process.stdout.write(JSON.stringify({ question: line.slice(0, 200), verdict: 'not_covered', answer: e.message, citations: [], confidence: 0, error: e.code }) + '\n');
      }
    }
    return 0;
  });
}

async function policy(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { code: { type: 'string' }, title: { type: 'string' }, version: { type: 'string' } } });
  switch (sub) {
    case 'import': {
      const file = positionals[0];
      if (!file) throw new StaffroomError('CLI.USAGE', 'Usage: policy import FILE --code SMP --title "Social Media Policy" --version 2024');
      for (const opt of ['code', 'title', 'version'] as const) if (!values[opt]) throw new StaffroomError('CLI.USAGE', `policy import needs --${opt}.`);
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new StaffroomError('CLI.NO_FILE', `No such file: ${file}`);
      const text = fs.readFileSync(file, 'utf8');
      return withApp(async (app) => {
        const r = await importPolicy(app.policies, app.clock, { code: values.code!, title: values.title!, version: values.version!, text, sourceName: path.basename(file) });
        if (r.alreadyImported) {
          console.log(`${r.code} version ${r.version} is already imported with this text; nothing changed.`);
        } else {
          console.log(`Imported ${r.code} version ${r.version}: ${r.clauseCount} clauses in ${r.sectionCount} sections.`);
          console.log(`  added ${r.changes.added.length}, changed ${r.changes.changed.length}, removed ${r.changes.removed.length}, unchanged ${r.changes.unchanged}`);
          for (const [k, ids] of [['changed', r.changes.changed], ['removed', r.changes.removed]] as const) if (ids.length) console.log(`  ${k}: ${ids.join(', ')}`);
          if (r.changes.added.length && r.changes.added.length < r.clauseCount) console.log(`  added: ${r.changes.added.join(', ')}`);
          const problems = (await app.reloadPolicies(), app.answerer.check());
          if (problems.length) console.log(`Warning: ${problems.length} rule problem(s); run "staffroom rules check".`);
        }
        return 0;
      });
    }
    case 'list':
      return withApp(async (app) => {
        const list = await app.policies.listPolicies();
        if (!list.length) console.log('No policies imported yet.');
        for (const p of list) console.log(`${p.code.padEnd(8)} ${p.title} — version ${p.currentVersion}, ${p.clauseCount} clauses (updated ${p.updatedAt.slice(0, 10)})`);
        return 0;
      });
    case 'show': {
      const id = positionals[0];
      if (!id) throw new StaffroomError('CLI.USAGE', 'Usage: policy show CLAUSE-ID (e.g. SMP-7.3)');
      return withApp(async (app) => {
        const c = await app.policies.getClause(id.toUpperCase(), values.version);
        if (!c) throw new StaffroomError('POLICY.UNKNOWN_CLAUSE', `There is no clause ${id}${values.version ? ` in version ${values.version}` : ''}. Clause ids look like SMP-7.3; "policy list" shows the policies.`);
        console.log(`${c.id} · ${c.policyTitle} v${c.version}\nSection ${c.sectionNo}: ${c.sectionTitle}\n`);
        if (c.leadIn) console.log(`(${c.leadIn})`);
        console.log(wrap(c.text, 100).join('\n'));
        return 0;
      });
    }
    case 'versions': {
      const code = positionals[0];
      if (!code) throw new StaffroomError('CLI.USAGE', 'Usage: policy versions CODE');
      return withApp(async (app) => {
        const versions = await app.policies.listVersions(code.toUpperCase());
        if (!versions.length) throw new StaffroomError('POLICY.UNKNOWN_POLICY', `No policy with the code ${code}.`);
        for (const v of versions) console.log(`${v.version.padEnd(12)} ${v.importedAt.slice(0, 19)}  ${v.sourceName}  +${v.changes.added.length} ~${v.changes.changed.length} -${v.changes.removed.length}`);
        return 0;
      });
    }
    default:
      throw new StaffroomError('CLI.USAGE', 'Usage: policy import|list|show|versions (see --help).');
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'ask':
      return ask(rest);
    case 'policy':
      return policy(rest);
    case 'rules':
      if (rest[0] !== 'check') throw new StaffroomError('CLI.USAGE', 'Usage: rules check');
      return withApp(async (app) => {
        const problems = app.answerer.check();
        for (const p of problems) console.log(`✗ ${p}`);
        if (problems.length) return 1;
        console.log(`✓ rules are consistent with ${app.answerer.clauseCount} clauses.`);
        return 0;
      });
    case 'questions': {
      if (rest[0] !== 'unanswered') throw new StaffroomError('CLI.USAGE', 'Usage: questions unanswered [--limit N]');
      const { values } = parseArgs({ args: rest.slice(1), options: { limit: { type: 'string' } } });
      const limit = Number(values.limit ?? 50);
      if (!Number.isInteger(limit) || limit < 1) throw new StaffroomError('CLI.USAGE', '--limit must be a positive whole number.');
      return withApp(async (app) => {
        const rows = await app.questions.needingReview(limit);
        if (!rows.length) console.log('No questions waiting for review.');
        for (const q of rows) console.log(`${q.askedAt.slice(0, 16).replace('T', ' ')}  ${(q.reviewReason ?? '').padEnd(14)} ${q.verdict.padEnd(12)} ${q.text}`);
        return 0;
      });
    }
    case 'migrate': {
      const config = loadConfig(readEnv());
      const handle = await createDatabase(config.databaseUrl);
      try {
        const result = rest.includes('--down-all') ? await migrateDownAll(handle.db) : await migrateToLatest(handle.db);
        for (const r of result.results ?? []) console.log(`${r.status.padEnd(8)} ${r.direction.padEnd(4)} ${r.migrationName}`);
        if (result.error) throw new StaffroomError('STORAGE.MIGRATION_FAILED', `Migration failed: ${(result.error as Error).message}`);
        if (!result.results?.length) console.log('The database is up to date.');
        return 0;
      } finally {
        await handle.close();
      }
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return command ? 0 : 2;
    default:
      throw new StaffroomError('CLI.USAGE', `Unknown command "${command}". Run with --help for the list.`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (isStaffroomError(e)) {
      process.stderr.write(`staffroom: ${e.message}\n`);
      process.exit(e.code.startsWith('CLI.USAGE') ? 2 : 1);
    }
    if ((e as { code?: string })?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (e as { code?: string })?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      process.stderr.write(`staffroom: ${(e as Error).message}\n`);
      process.exit(2);
    }
    process.stderr.write(`staffroom: something went wrong: ${(e as Error)?.message ?? e}\n`);
    if (process.env.LOG_LEVEL === 'debug') process.stderr.write(String((e as Error)?.stack) + '\n');
    process.exit(1);
  },
);
