import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDirectory, parseDirectory } from '../../src/directory/load.ts';
import { isStaffroomError } from '../../src/core/errors.ts';

const VALID = {
  trust: { name: 'Test Trust' },
  executiveHead: { name: 'Dr Exec', email: 'exec@trust.example' },
  trustee: 'trustee@trust.example',
  admins: [{ name: 'Admin', email: 'Admin@Trust.example' }],
  academies: [
    { id: 'oakfield', name: 'Oakfield', headOfSchool: { email: 'head@oakfield.example' }, dsl: { email: 'dsl@oakfield.example' }, staff: { domains: ['oakfield.example', 'trust.example'], emails: ['sam@trust.example'] } },
    { id: 'hillcrest', name: 'Hillcrest', headOfSchool: { email: 'head@hillcrest.example' }, dsl: { email: 'dsl@hillcrest.example' }, staff: { domains: ['hillcrest.example', 'trust.example'] } },
  ],
};

const problems = (raw: unknown) => {
  const r = parseDirectory(raw);
  return r.ok ? [] : r.problems;
};

describe('trust directory', () => {
  it('ships a valid sample (staffroom.config.yaml)', () => {
    const d = loadDirectory(path.resolve('staffroom.config.yaml'));
    expect(d.trustName).toBe('Riverside Learning Trust');
    expect(d.data.academies.map((a) => a.id)).toEqual(['oakfield', 'hillcrest']);
  });

  it('maps staff by explicit email first, then by a unique domain; a shared domain alone is ambiguous', () => {
    const r = parseDirectory(VALID);
    if (!r.ok) throw new Error(r.problems.join('\n'));
    const d = r.directory;
    expect(d.academyFor('someone@OAKFIELD.example')?.id).toBe('oakfield');
    expect(d.academyFor('sam@trust.example')?.id).toBe('oakfield');
    expect(d.academyFor('other@trust.example')).toBeNull();
    expect(d.academyFor('dsl@hillcrest.example')?.id).toBe('hillcrest');
    expect(d.isAdmin('admin@trust.example')).toBe(true);
    expect(d.isAdmin('sam@trust.example')).toBe(false);
  });

  it('routes a question to the Head of School; a Head or an unknown academy to the Executive Head; the Executive Head to the trustee', () => {
    const r = parseDirectory(VALID);
    if (!r.ok) throw new Error();
    const d = r.directory;
    expect(d.routeQuestion('teacher@hillcrest.example')).toMatchObject({ role: 'Head of School', to: { email: 'head@hillcrest.example' } });
    expect(d.routeQuestion('head@hillcrest.example')).toMatchObject({ role: 'Executive Head', to: { email: 'exec@trust.example' } });
    expect(d.routeQuestion('stranger@elsewhere.example')).toMatchObject({ role: 'Executive Head' });
    expect(d.routeQuestion('exec@trust.example')).toMatchObject({ role: 'trustee contact', to: { email: 'trustee@trust.example' } });
  });

  it('names the field of every problem', () => {
    const bad = structuredClone(VALID) as any;
    bad.academies[1].dsl.email = 'not an email';
    bad.academies[1].id = 'oakfield';
    delete bad.academies[0].headOfSchool;
    bad.academies[0].staff.domains.push('no_domain');
    bad.executiveHed = bad.executiveHead;
    delete bad.executiveHead;
    bad.admins = 'admin@trust.example';
    expect(problems(bad)).toEqual([
      'executiveHed: unknown field (expected one of: trust, academies, executiveHead, trustee, admins)',
      'academies[0].staff.domains[2]: must be an email domain such as oakfield.example',
      'academies[0].headOfSchool: is required (a name and an email)',
      'academies[1].dsl.email: must be an email address',
      'academies[1].id: "oakfield" is used by another academy',
      'executiveHead: is required (a name and an email)',
      'admins: must be a list',
    ]);
    expect(problems({})).toContain('trust: is required, with a name');
    expect(problems({})).toContain('academies: is required (a list of academies)');
    expect(problems('just text')).toHaveLength(1);
  });

  it('fails to load with a clear message naming the file and field, or a missing file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'staffroom-dir-'));
    const file = path.join(dir, 'trust.yaml');
    fs.writeFileSync(file, 'trust:\n  name: T\nacademies: []\nexecutiveHead: x@y.example\ntrustee: t@y.example\n');
    let message = '';
    try {
      loadDirectory(file);
    } catch (e) {
      expect(isStaffroomError(e, 'DIRECTORY.INVALID')).toBe(true);
      message = (e as Error).message;
    }
    expect(message).toBe('trust.yaml has 1 problem(s):\n  - academies: must list at least one academy');
    fs.writeFileSync(file, 'trust: [unclosed\n');
    expect(() => loadDirectory(file)).toThrow(/trust.yaml is not valid YAML/);
    expect(() => loadDirectory(path.join(dir, 'missing.yaml'))).toThrow(/does not exist/);
  });
});
