import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { StaffroomError } from '../core/errors.ts';
import { Directory, type Academy, type Person, type TrustDirectoryData } from './directory.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const ID = /^[a-z0-9][a-z0-9-]*$/;

/** Collects every problem with its field path, so one run shows them all. */
class Problems {
  readonly list: string[] = [];
  add(at: string, message: string): void {
    this.list.push(`${at}: ${message}`);
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function keys(v: Obj, at: string, allowed: string[], problems: Problems): void {
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) problems.add(at ? `${at}.${k}` : k, `unknown field (expected one of: ${allowed.join(', ')})`);
  }
}

function text(v: Obj, key: string, at: string, problems: Problems, required = true): string | undefined {
  const value = v[key];
  if (value === undefined || value === null || value === '') {
    if (required) problems.add(`${at}.${key}`, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.add(`${at}.${key}`, 'must be text');
    return undefined;
  }
  return value.trim();
}

function email(value: unknown, at: string, problems: Problems): string {
  if (typeof value !== 'string' || !EMAIL.test(value.trim())) {
    problems.add(at, value === undefined || value === null || value === '' ? 'an email address is required' : 'must be an email address');
    return '';
  }
  return value.trim().toLowerCase();
}

function person(value: unknown, at: string, problems: Problems): Person {
  if (typeof value === 'string') return { email: email(value, at, problems) };
  if (!isObj(value)) {
    problems.add(at, value === undefined ? 'is required (a name and an email)' : 'must have a name and an email');
    return { email: '' };
  }
  keys(value, at, ['name', 'email'], problems);
  return { name: text(value, 'name', at, problems, false), email: email(value.email, `${at}.email`, problems) };
}

function list(value: unknown, at: string, problems: Problems): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add(at, 'must be a list');
    return [];
  }
  return value;
}

function academy(value: unknown, at: string, problems: Problems): Academy {
  const empty: Academy = { id: '', name: '', headOfSchool: { email: '' }, dsl: { email: '' }, staff: { domains: [], emails: [] } };
  if (!isObj(value)) {
    problems.add(at, 'must have an id, a name, a headOfSchool and a dsl');
    return empty;
  }
  keys(value, at, ['id', 'name', 'headOfSchool', 'dsl', 'staff'], problems);
  const id = text(value, 'id', at, problems) ?? '';
  if (id && !ID.test(id)) problems.add(`${at}.id`, 'must be lower-case letters, digits and dashes (e.g. oakfield-primary)');
  const staffValue = value.staff ?? {};
  const staff = { domains: [] as string[], emails: [] as string[] };
  if (!isObj(staffValue)) problems.add(`${at}.staff`, 'must have domains and/or emails');
  else {
    keys(staffValue, `${at}.staff`, ['domains', 'emails'], problems);
    list(staffValue.domains, `${at}.staff.domains`, problems).forEach((d, i) => {
      if (typeof d !== 'string' || !DOMAIN.test(d.trim())) problems.add(`${at}.staff.domains[${i}]`, 'must be an email domain such as oakfield.example');
      else staff.domains.push(d.trim().toLowerCase());
    });
    list(staffValue.emails, `${at}.staff.emails`, problems).forEach((e, i) => staff.emails.push(email(e, `${at}.staff.emails[${i}]`, problems)));
  }
  return {
    id,
    name: text(value, 'name', at, problems) ?? '',
    headOfSchool: person(value.headOfSchool, `${at}.headOfSchool`, problems),
    dsl: person(value.dsl, `${at}.dsl`, problems),
    staff,
  };
}

/**
 * Validates parsed YAML as a trust directory. Returns the directory, or every problem found, each
 * naming its field (`academies[1].dsl.email: must be an email address`).
 */
export function parseDirectory(raw: unknown): { ok: true; directory: Directory } | { ok: false; problems: string[] } {
  const problems = new Problems();
  if (!isObj(raw)) return { ok: false, problems: ['the file must be a YAML mapping with trust, academies, executiveHead, trustee and admins'] };
  keys(raw, '', ['trust', 'academies', 'executiveHead', 'trustee', 'admins'], problems);
  let trustName = '';
  if (!isObj(raw.trust)) problems.add('trust', 'is required, with a name');
  else {
    keys(raw.trust, 'trust', ['name'], problems);
    trustName = text(raw.trust, 'name', 'trust', problems) ?? '';
  }
  const academyValues = list(raw.academies, 'academies', problems);
  if (raw.academies !== undefined && academyValues.length === 0 && Array.isArray(raw.academies)) problems.add('academies', 'must list at least one academy');
  if (raw.academies === undefined) problems.add('academies', 'is required (a list of academies)');
  const academies = academyValues.map((a, i) => academy(a, `academies[${i}]`, problems));
  const seen = new Set<string>();
  academies.forEach((a, i) => {
    if (a.id && seen.has(a.id)) problems.add(`academies[${i}].id`, `"${a.id}" is used by another academy`);
    seen.add(a.id);
  });
  const data: TrustDirectoryData = {
    trust: { name: trustName },
    academies,
    executiveHead: person(raw.executiveHead, 'executiveHead', problems),
    trustee: person(raw.trustee, 'trustee', problems),
    admins: list(raw.admins, 'admins', problems).map((a, i) => person(a, `admins[${i}]`, problems)),
  };
  return problems.list.length ? { ok: false, problems: problems.list } : { ok: true, directory: new Directory(data) };
}

/**
 * Reads and validates the trust directory file. Throws `DIRECTORY.NOT_FOUND` or `DIRECTORY.INVALID`
 * with a message naming the file and each bad field.
 *
 * @example
 *   const directory = loadDirectory(config.directoryFile);
 */
export function loadDirectory(file: string): Directory {
  const name = path.basename(file);
  if (!fs.existsSync(file)) {
    throw new StaffroomError('DIRECTORY.NOT_FOUND', `The trust directory ${file} does not exist. Copy the sample staffroom.config.yaml or set STAFFROOM_CONFIG.`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new StaffroomError('DIRECTORY.INVALID', `${name} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const result = parseDirectory(raw);
  if (!result.ok) {
    throw new StaffroomError('DIRECTORY.INVALID', `${name} has ${result.problems.length} problem(s):\n  - ${result.problems.join('\n  - ')}`, { problems: result.problems });
  }
  return result.directory;
}
