/**
 * `npm run bench`: answer latency in process (p50/p99) on the sample policy and on a generated
 * corpus of 2,000 clauses (20 policies), memory for each, then the Slack end-to-end figure.
 * A benchmark, not a test: it prints figures and exits 0.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createAnswerer } from '../src/answers/answerer.ts';
import { clausesFromText } from '../src/policy/assign-ids.ts';
import type { Clause } from '../src/policy/clause.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const rulesDir = `${root}rules`;
const questions = fs
  .readFileSync(`${root}../shared/eval/questions.public.jsonl`, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l).q as string);

const toClauses = (code: string, title: string, text: string): Clause[] => clausesFromText(code, title, '1', text);

/** A deterministic pseudo-random generator, so every run benches the same corpus. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

/** 19 more policies of about 100 clauses each, written from the sample policy's own vocabulary. */
function generatedCorpus(sample: Clause[], target = 2000): Clause[] {
  const rand = rng(42);
  const words = sample.flatMap((c) => c.text.split(/\s+/)).filter((w) => /^[A-Za-z]{3,}$/.test(w));
  const topics = ['Attendance', 'Behaviour', 'Data Protection', 'Health and Safety', 'Equality', 'Whistleblowing', 'Lone Working', 'Staff Code of Conduct', 'Acceptable Use', 'Complaints', 'Exams', 'Trips and Visits', 'Photography', 'Remote Learning', 'Anti-bullying', 'Uniform', 'First Aid', 'Marking', 'Homework'];
  const out = [...sample];
  for (let p = 0; out.length < target && p < topics.length; p++) {
    const sections: string[] = [];
    for (let s = 0; s < 5; s++) {
      sections.push(`${topics[p]} Section ${s + 1}`, '');
      for (let i = 0; i < 20; i++) {
        const n = 12 + Math.floor(rand() * 25);
        const sentence = Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
        sections.push(`Staff ${sentence.toLowerCase()}.`, '');
      }
    }
    out.push(...toClauses(`P${String(p + 1).padStart(2, '0')}`, `${topics[p]} Policy`, sections.join('\n')));
  }
  return out.slice(0, target);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function benchAnswers(label: string, clauses: Clause[], rounds: number): Promise<void> {
  const heapBefore = process.memoryUsage().heapUsed;
  const built = performance.now();
  const answerer = await createAnswerer({ clauses, rulesDir });
  const buildMs = performance.now() - built;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  for (const q of questions) await answerer.ask(q); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = performance.now();
      await answerer.ask(q);
      samples.push(performance.now() - t);
    }
  }
  samples.sort((a, b) => a - b);
  console.log(
    `answers  ${label.padEnd(34)} ${String(clauses.length).padStart(5)} clauses  p50 ${percentile(samples, 50).toFixed(3)} ms  p99 ${percentile(samples, 99).toFixed(3)} ms  ` +
      `(${samples.length} answers; index built in ${buildMs.toFixed(0)} ms, heap ${heapMb >= 0 ? '+' : '−'}${Math.abs(heapMb).toFixed(1)} MB, net of any collection during the build)`,
  );
}

const sample = toClauses('SMP', 'Social Media Policy', fs.readFileSync(`${root}policies/social-media-policy.txt`, 'utf8'));
console.log(`Staffroom bench — node ${process.version}, ${new Date().toISOString()}`);
await benchAnswers('sample policy', sample, 40);
const corpus = generatedCorpus(sample);
await benchAnswers(`generated corpus (${new Set(corpus.map((c) => c.policyCode)).size} policies)`, corpus, 40);
console.log(`memory   rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB after both answer benches`);

if (!process.argv.includes('--answers-only')) {
  const { runSlackBench } = await import('./slack.ts');
  await runSlackBench();
}
process.exit(0);
