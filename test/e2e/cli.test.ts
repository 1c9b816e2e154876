import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
let dir: string;
let env: NodeJS.ProcessEnv;

/** Runs the real CLI as a user would, on a database of its own. */
function staffroom(args: string[], input?: string) {
  const r = spawnSync(tsx, [path.join(root, 'src', 'cli.ts'), ...args], { cwd: dir, env, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'staffroom-cli-'));
  env = { ...process.env, DATABASE_URL: path.join(dir, 'cli.db'), LOG_LEVEL: 'info' };
  delete env.SLACK_BOT_TOKEN;
});

describe('staffroom CLI', () => {
  it('answers a question readably, with the verdict and the clause it rests on', () => {
    const r = staffroom(['ask', 'Can I add one of my pupils as a friend on Facebook?']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^NOT ALLOWED — Can I add one of my pupils/);
    expect(r.out).toContain('SMP-7.3 · Social Media Policy v2024');
  });

  it('prints JSON with --json, and JSON lines for questions on stdin, in order', () => {
    const one = JSON.parse(staffroom(['ask', '--json', 'Do I have to set my Facebook profile to private?']).out);
    expect(one).toMatchObject({ verdict: 'required', citations: expect.arrayContaining([expect.objectContaining({ clauseId: 'SMP-7.3', version: '2024' })]) });
    const r = staffroom(['ask', '--json'], 'Can I follow a pupil on Instagram?\n\nHow many days of annual leave do I get?\nCan I use Facebook during my lunch break?\n');
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.verdict)).toEqual(['prohibited', 'not_covered', 'allowed']);
    expect(lines[1].citations).toEqual([]);
  });

  it('keeps stdin output aligned when a line cannot be answered', () => {
    const r = staffroom(['ask', '--json'], `Can I follow a pupil on Instagram?\n${'blah '.repeat(10_000)}\nCan I post about how badly we did in our Ofsted?\n`);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatchObject({ verdict: 'not_covered', error: 'ANSWERS.QUESTION_TOO_LONG' });
    expect(lines[2].verdict).toBe('prohibited');
  });

  it.each([
    [['ask', ''], /Please type a question/],
    [['ask', 'x '.repeat(25_000)], /characters/],
    [['policy', 'show', 'SMP-99.9'], /There is no clause SMP-99.9/],
    [['policy', 'import', path.join(root, 'package.json'), '--code', 'SMP', '--title', 'Social Media Policy', '--version', '2099'], /does not look like a policy/],
    [['policy', 'import', 'no-such-file.txt', '--code', 'SMP', '--title', 'T', '--version', '1'], /No such file/],
    [['policy', 'import', path.join(root, 'policies', 'social-media-policy.txt'), '--code', 'smp!', '--title', 'T', '--version', '1'], /policy code must be/],
    [['frobnicate'], /Unknown command/],
  ])('refuses bad input with a clear message and a non-zero exit (case %#)', (args, message) => {
    const r = staffroom(args as string[]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('imports a new version keeping clause ids, shows clauses and lists versions', () => {
    const edited = fs.readFileSync(path.join(root, 'policies', 'social-media-policy.txt'), 'utf8').replace('Taking part in online polls', 'Taking part in online polls, surveys and quizzes');
    fs.writeFileSync(path.join(dir, 'smp-2025.txt'), edited);
    const imported = staffroom(['policy', 'import', 'smp-2025.txt', '--code', 'SMP', '--title', 'Social Media Policy', '--version', '2025']);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('added 0, changed 1, removed 0, unchanged 72');
    expect(imported.out).toContain('changed: SMP-4.7');
    expect(staffroom(['policy', 'show', 'SMP-4.7']).out).toContain('surveys and quizzes');
    expect(staffroom(['policy', 'show', 'smp-4.7', '--version', '2024']).out).not.toContain('surveys');
    expect(staffroom(['policy', 'list']).out).toMatch(/SMP\s+Social Media Policy — version 2025, 73 clauses/);
    expect(staffroom(['policy', 'versions', 'SMP']).out).toMatch(/2024[\s\S]*2025/);
  });

  it('lists unanswered questions for admins with contact details redacted', () => {
    staffroom(['ask', 'Can I park in the staff car park overnight? ring me on 07700 900123']);
    const r = staffroom(['questions', 'unanswered']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Can I park in the staff car park overnight? ring me on [phone]');
    expect(r.out).not.toContain('900123');
  });

  it('checks the rules', () => {
    const r = staffroom(['rules', 'check']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rules are consistent with \d+ clauses/);
  });
});
