import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Runs the real entry point (tsx src/main.ts) with stdin piped, as `npm start` / `npm run chat` do. */
function chat(args: string[], input: string): Promise<{ code: number | null; out: string; err: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Local mode: no platform credentials, a fresh data folder, a free port.
    if (v !== undefined && !/^(SLACK_|Microsoft|DATABASE_URL|STAFFROOM_|PORT$)/.test(k)) env[k] = v;
  }
  env.STAFFROOM_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'staffroom-chat-'));
  env.PORT = '0';
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/main.ts', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

describe('local terminal chat', () => {
  it('npm run chat: asks a question as a chosen user and reads the answer; buttons are numbered choices', async () => {
    const { code, out, err } = await chat(['--chat', '--as', 'sam.taylor@riverside-trust.example'], 'Can I add one of my pupils as a friend on Facebook?\n1\n/quit\n');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('You are now sam.taylor@riverside-trust.example');
    expect(out).toContain('[NOT ALLOWED]');
    expect(out).toContain('└ SMP-7.3 · Social Media Policy v2024');
    expect(out).toContain('1) 👍 Helpful   2) 👎 Not helpful   3) Ask a person   4) Report a concern');
    expect(out).toContain('your 👍 is recorded on SMP-7.3 (v2024)');
    console.log(out.split('\n').filter((l) => /NOT ALLOWED|SMP-7.3 ·|recorded/.test(l)).join('\n'));
  });

  it('npm start with no credentials is the local chat: "Ask a person" reaches the Head of School, whose reply reaches the asker', async () => {
    const script = [
      'Can I add one of my pupils as a friend on Facebook?',
      '3',
      '/as j.patel@oakfield.example',
      '1',
      'No, please keep pupils off your personal accounts.',
      '/as sam.taylor@riverside-trust.example',
      '/quit',
    ].join('\n');
    const { code, out } = await chat([], script + '\n');
    expect(code).toBe(0);
    expect(out).toContain('Staffroom: local chat for Riverside Learning Trust');
    expect(out).toContain('Sent privately to Mrs Joanna Patel (Head of School, Oakfield Primary Academy)');
    expect(out).toContain('== A policy question for you ==');
    expect(out).toContain('== Reply sent ==');
    const asker = out.slice(out.lastIndexOf('You are now sam.taylor'));
    expect(asker).toContain('== A reply from your Head of School ==');
    expect(asker).toContain('No, please keep pupils off your personal accounts.');
  });

  it('refuses an invalid trust directory with a message naming the field', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'staffroom-bad-'));
    const file = path.join(dir, 'trust.yaml');
    fs.writeFileSync(file, fs.readFileSync(path.join(ROOT, 'staffroom.config.yaml'), 'utf8').replace('email: t.reid@oakfield.example', 'email: tom reid'));
    const env = { ...process.env, STAFFROOM_CONFIG: file, STAFFROOM_DATA_DIR: dir };
    const result = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/main.ts', '--chat'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code) => resolve({ code, err }));
      child.stdin.end();
    });
    expect(result.code).toBe(1);
    expect(result.err).toBe('staffroom: trust.yaml has 1 problem(s):\n  - academies[0].dsl.email: must be an email address\n');
  });
});
