import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { joinLines, parsePolicyText } from '../../src/policy/parse.ts';
import { isStaffroomError } from '../../src/core/errors.ts';

const sample = fs.readFileSync(new URL('../../policies/social-media-policy.txt', import.meta.url), 'utf8');

describe('parsing PDF-extracted policy text', () => {
  const sections = parsePolicyText(sample);

  it('finds the headings of the sample policy in order', () => {
    expect(sections.map((s) => s.title)).toEqual([
      'Scope',
      'Application of this Policy to Academy Governors or MAT Members or Directors',
      'Purpose',
      'Social Media Definition',
      'Use of Social Media',
      'Prohibited use',
      'Employee Responsibility',
      'Communication with Students',
      'Disciplinary Action',
      'Social Media Security',
      'Monitoring the use of Social Media Websites',
      'Employee Groups / Networks',
    ]);
  });

  it('turns bullets whose glyph was lost into separate items and keeps their lead-in', () => {
    const definition = sections[3];
    const polls = definition.items.find((i) => i.text.startsWith('Taking part in online polls'));
    expect(polls?.kind).toBe('bullet');
    expect(polls?.leadIn).toBe('These activities can include, but are not limited to:');
    expect(sections[6].items).toHaveLength(16);
  });

  it('joins lines broken mid-sentence and mends hyphenated words', () => {
    const responsibility = sections[6].items[0].text;
    expect(responsibility).toContain('including likes/re-tweets etc.');
    const groups = sections[7].items.map((i) => i.text).join(' ');
    expect(groups).toContain('this extends to ex-pupils also');
    expect(sections[6].items[2].text).toContain('set at private and pupils are never listed as approved contacts');
  });

  it('reads bullet glyphs () and hyphenation in a fresh document', () => {
    const text = [
      'Acceptable Use',
      '',
      'Staff using school devices must follow these rules at all times while on the premises:',
      '\uF0B7 Devices must be locked when unattended, and passwords must never be shared with anyone',
      '\uF0B7 Staff must report lost devices to the IT depart-',
      'ment the same day so that they can be wiped remotely',
      '\uF0B7 Personal files should not be stored on school laptops or on any shared drive',
      '',
      'Breaches',
      '',
      'Breaches of this policy will be investigated under the disciplinary procedure and may lead to action.',
    ].join('\n');
    const parsed = parsePolicyText(text);
    expect(parsed.map((s) => s.title)).toEqual(['Acceptable Use', 'Breaches']);
    const bullets = parsed[0].items.filter((i) => i.kind === 'bullet');
    expect(bullets).toHaveLength(3);
    expect(bullets[1].text).toBe('Staff must report lost devices to the IT department the same day so that they can be wiped remotely');
  });

  it('reads Markdown with headings and list items', () => {
    const md = '# Photography Policy\n\n## Consent\n\nParents give written consent for photographs of pupils each year when their child joins the school.\n\n- Staff check the consent list before any photograph of a pupil is published anywhere.\n- Images are stored only on school systems and deleted when no longer needed.\n\n## Review\n\nThe governing body reviews this policy every two years and after any serious incident.\n';
    const parsed = parsePolicyText(md);
    expect(parsed.map((s) => s.title)).toEqual(['Consent', 'Review']);
    expect(parsed[0].items.map((i) => i.kind)).toEqual(['paragraph', 'bullet', 'bullet']);
  });

  it('keeps the hyphen of prefixes and drops it inside broken words', () => {
    expect(joinLines(['contact with ex-', 'pupils and re-', 'tweets are moni-', 'tored'])).toBe('contact with ex-pupils and re-tweets are monitored');
  });

  it.each([
    ['a JSON file', JSON.stringify({ name: 'staffroom', version: '1.0.0', scripts: { start: 'tsx src/main.ts' }, dependencies: { a: '1', b: '2' } }, null, 2)],
    ['a binary file', 'PNG\u0000\u0001\u0002 IHDR'],
    ['an empty file', ''],
    ['a CSV file', 'name,platform,owner\nYear 6 parents,WhatsApp,a@b.org\nPE dept,Facebook,c@d.org\n'],
  ])('rejects %s with a clear message', (_what, text) => {
    try {
      parsePolicyText(text);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(isStaffroomError(e, 'POLICY.NOT_A_POLICY')).toBe(true);
      expect((e as Error).message).toMatch(/does not look like a policy/);
    }
  });
});
