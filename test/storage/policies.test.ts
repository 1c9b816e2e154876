import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/databases.ts';
import { openTestApp } from '../helpers/app.ts';
import { importPolicy } from '../../src/policy/import.ts';
import { createDatabase, migrateDownAll, migrateToLatest } from '../../src/storage/database.ts';
import { isStaffroomError } from '../../src/core/errors.ts';
import type { Staffroom } from '../../src/app.ts';

const sample = fs.readFileSync(new URL('../../policies/social-media-policy.txt', import.meta.url), 'utf8');

describe.each(testDatabases)('storage on $name', (database) => {
  let app: Staffroom | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('imports the sample policy on first start, once', async () => {
    const url = await database.fresh();
    app = await openTestApp(url);
    const [policy] = await app.policies.listPolicies();
    expect(policy).toMatchObject({ code: 'SMP', title: 'Social Media Policy', currentVersion: '2024', clauseCount: 73 });
    await app.close();
    app = await openTestApp(url);
    expect(await app.policies.listVersions('SMP')).toHaveLength(1);
    expect((await app.policies.getClause('SMP-7.3'))?.text).toMatch(/pupils are never listed as approved contacts/);
  });

  it('re-imports an edited version keeping ids, and keeps old versions readable', async () => {
    app = await openTestApp(await database.fresh());
    const edited = sample.replace('Pupils must not be discussed on social media sites.', 'Pupils and their families must not be discussed on social media sites or messaging apps.');
    const result = await importPolicy(app.policies, app.clock, { code: 'SMP', title: 'Social Media Policy', version: '2025', text: edited, sourceName: 'smp-2025.txt' });
    expect(result.changes).toMatchObject({ added: [], changed: ['SMP-7.6'], removed: [] });
    expect((await app.policies.getClause('SMP-7.6'))?.text).toMatch(/their families/);
    expect((await app.policies.getClause('SMP-7.6'))?.version).toBe('2025');
    expect((await app.policies.getClause('SMP-7.6', '2024'))?.text).toBe('Pupils must not be discussed on social media sites.');
    const versions = await app.policies.listVersions('SMP');
    expect(versions.map((v) => v.version)).toEqual(['2024', '2025']);
    expect(versions[1].changes.changed).toEqual(['SMP-7.6']);
  });

  it('refuses a reused version with different text and changes nothing', async () => {
    app = await openTestApp(await database.fresh());
    const edited = sample.replace('Taking part in online polls', 'Taking part in online polls and surveys');
    await expect(importPolicy(app.policies, app.clock, { code: 'SMP', title: 'Social Media Policy', version: '2024', text: edited, sourceName: 'x.txt' })).rejects.toSatisfy((e) => isStaffroomError(e, 'POLICY.VERSION_EXISTS'));
    expect((await app.policies.getClause('SMP-4.7'))?.text).toBe('Taking part in online polls');
    const same = await importPolicy(app.policies, app.clock, { code: 'SMP', title: 'Social Media Policy', version: '2024', text: sample, sourceName: 'x.txt' });
    expect(same.alreadyImported).toBe(true);
  });

  it('stores questions redacted, flags the unanswered, and counts feedback per clause version', async () => {
    app = await openTestApp(await database.fresh());
    const unanswered = await app.answerer.ask('How many days of annual leave do I get? Email me at jo.bloggs@oak.sch.uk or call 07700 900123');
    const stored = await app.questions.record({ answer: unanswered, platform: 'slack', userId: 'U1', at: app.clock.now() });
    expect(stored.text).not.toContain('jo.bloggs');
    expect(stored.text).not.toContain('900123');
    expect(stored.text).toContain('[email]');
    const answered = await app.answerer.ask('Can I follow a pupil on Instagram?');
    const q2 = await app.questions.record({ answer: answered, platform: 'slack', userId: 'U1', at: app.clock.now() });
    const inbox = await app.questions.needingReview();
    expect(inbox.map((q) => q.id)).toEqual([stored.id]);
    await app.questions.recordFeedback({ questionId: q2.id, userId: 'U1', vote: 1, clauses: answered.citations.map((c) => ({ clauseId: c.clauseId, version: c.version })), at: app.clock.now() });
    await app.questions.recordFeedback({ questionId: q2.id, userId: 'U2', vote: -1, clauses: [{ clauseId: 'SMP-7.3', version: '2024' }], at: app.clock.now() });
    const counts = await app.questions.feedbackCounts();
    expect(counts.find((c) => c.clauseId === 'SMP-7.3')).toEqual({ clauseId: 'SMP-7.3', version: '2024', up: 1, down: 1 });
    expect((await app.questions.needingReview()).map((q) => q.reviewReason).sort()).toEqual(['thumbs_down', 'unanswered']);
  });

  it('migrates down and up again', async () => {
    const handle = await createDatabase(await database.fresh());
    try {
      expect((await migrateToLatest(handle.db)).error).toBeUndefined();
      const down = await migrateDownAll(handle.db);
      expect(down.error).toBeUndefined();
      expect(down.results?.every((r) => r.status === 'Success')).toBe(true);
      expect((await migrateToLatest(handle.db)).error).toBeUndefined();
    } finally {
      await handle.close();
    }
  });
});
