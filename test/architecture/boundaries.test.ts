import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function specifiers(src: string): string[] {
  const found = [
    ...src.matchAll(/\b(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]/g),
    ...src.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
    ...src.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...src.matchAll(/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1]);
}
const imports = (file: string) => specifiers(fs.readFileSync(path.join(ROOT, file), 'utf8'));

const PLATFORM = /^(@slack\/|botbuilder|botframework-)/;
const ADAPTER = /(^|\/)adapters\//;
/** The composition root wires the adapters to the core; it is the one file of src/ allowed to name them. */
const COMPOSITION_ROOT = path.join('src', 'main.ts');

function violations(list: string[], bad: (spec: string) => boolean): string[] {
  return list.flatMap((f) => imports(f).filter(bad).map((spec) => `${f} imports ${spec}`));
}

describe('architecture', () => {
  it('nothing under src/ (but the composition root) imports @slack/*, botbuilder* or an adapter', () => {
    const src = files('src').filter((f) => f !== COMPOSITION_ROOT);
    expect(src.length).toBeGreaterThan(20);
    expect(violations(src, (s) => PLATFORM.test(s) || ADAPTER.test(s))).toEqual([]);
  });

  it('the composition root imports adapters but no platform SDK itself', () => {
    expect(violations([COMPOSITION_ROOT], (s) => PLATFORM.test(s))).toEqual([]);
  });

  it('each adapter uses only its own platform SDK and no other adapter', () => {
    const rules: Record<string, RegExp> = {
      slack: /^(botbuilder|botframework-)|(^|\/)adapters\/(teams|console)\/|^\.\.\/(teams|console)\//,
      teams: /^@slack\/|(^|\/)adapters\/(slack|console)\/|^\.\.\/(slack|console)\//,
      console: /^(@slack\/|botbuilder|botframework-)|(^|\/)adapters\/(slack|teams)\/|^\.\.\/(slack|teams)\//,
    };
    for (const [name, bad] of Object.entries(rules)) {
      expect(violations(files(path.join('adapters', name)), (s) => bad.test(s)), name).toEqual([]);
    }
  });

  it('the check itself sees every form of import', () => {
    const probe = "import { App } from '@slack/bolt';\nimport type { X } from '../../adapters/slack/index.ts';\nexport * from 'botbuilder';\nconst t = await import('botbuilder-core');\nimport 'botframework-connector';\n";
    expect(specifiers(probe).filter((s) => PLATFORM.test(s) || ADAPTER.test(s))).toHaveLength(5);
  });
});
