import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answerer } from '../../src/answers/answerer.ts';
import { createBot, type StaffroomBot } from '../../src/core/bot.ts';
import type { Card, Reply } from '../../src/core/card.ts';
import { depsFrom } from '../../src/core/deps.ts';
import { createLogger } from '../../src/core/logger.ts';
import type { Messenger } from '../../src/core/ports.ts';
import type { Turn, UserRef } from '../../src/core/turn.ts';
import { parseDirectory } from '../../src/directory/load.ts';
import { openTestApp } from '../helpers/app.ts';
import { testDatabases } from '../helpers/databases.ts';
import { TRUST } from '../e2e/slack-harness.ts';

const FRIEND = 'Can I add one of my pupils as a friend on Facebook?';
const staff: UserRef = { platform: 'console', id: 'sam@oakfield.example', email: 'sam@oakfield.example' };
const head: UserRef = { platform: 'console', id: 'j.patel@oakfield.example', email: 'j.patel@oakfield.example' };
const conversation = { platform: 'console' as const, id: 'c', kind: 'dm' as const };

/** The platform boundary: who the bot reached, and with what. */
class RecordingMessenger implements Messenger {
  readonly platform = 'console' as const;
  readonly sent: { to: UserRef; replies: Reply[] }[] = [];
  constructor(private readonly known: string[]) {}
  async resolveUserByEmail(email: string) {
    return this.known.includes(email) ? { platform: 'console' as const, id: email, email } : null;
  }
  async sendToUser(to: UserRef, replies: Reply[]) {
    this.sent.push({ to, replies });
  }
}

const card = (r: Reply[]): Card => {
  const first = r[0];
  if (!first || first.kind === 'form') throw new Error('expected a card');
  return first.card;
};
const text = (c: Card) => JSON.stringify(c);

for (const database of testDatabases) {
  describe(`bot core (${database.name})`, () => {
    let app: Awaited<ReturnType<typeof openTestApp>>;
    let bot: StaffroomBot;
    let messenger: RecordingMessenger;
    let logs: string[];
    let answerer: () => Answerer;

    beforeEach(async () => {
      logs = [];
      app = await openTestApp(await database.fresh(), { logger: createLogger({ level: 'info', write: (l) => logs.push(l) }) });
      messenger = new RecordingMessenger(['j.patel@oakfield.example']);
      const parsed = parseDirectory(TRUST);
      if (!parsed.ok) throw new Error();
      const deps = depsFrom(app, parsed.directory, (p) => (p === 'console' ? messenger : undefined));
      answerer = deps.answerer;
      bot = createBot({ ...deps, answerer: () => answerer() });
    });
    afterEach(() => app.close());

    const say = (text: string, user = staff) => bot.handle({ kind: 'message', user, conversation, text });
    const press = (c: Card, label: string, user = staff) => {
      const a = c.actions!.find((x) => x.label === label)!;
      return bot.handle({ kind: 'action', user, conversation, actionId: a.id, value: a.value });
    };

    it('answers with the verdict, quoted clauses with id and policy version, and the four buttons', async () => {
      const c = card(await say(FRIEND));
      expect(c.verdict).toBe('prohibited');
      const quotes = c.blocks.filter((b) => b.type === 'quote');
      expect(quotes.map((q) => q.type === 'quote' && q.source)).toContain('SMP-7.3 · Social Media Policy v2024 · Employee Responsibility');
      expect(c.actions!.map((a) => a.label)).toEqual(['👍 Helpful', '👎 Not helpful', 'Ask a person', 'Report a concern']);
      expect(await app.questions.recentForUser('console', staff.id)).toHaveLength(1);
    });

    it('answers even when the question log cannot be written, logging that without the question', async () => {
      // The database itself refuses the write, as a full disk would.
      if (app.dbKind === 'sqlite') {
        await sql`create trigger refuse_questions before insert on questions begin select raise(abort, 'disk full'); end`.execute(app.db);
      } else {
        await sql`create function refuse_questions() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`.execute(app.db);
        await sql`create trigger refuse_questions before insert on questions for each row execute function refuse_questions()`.execute(app.db);
      }
      const c = card(await say(FRIEND));
      expect(c.verdict).toBe('prohibited');
      await app.questions.settled();
      expect(logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'could not record a question')).toMatchObject({ level: 'error' });
      expect(logs.join('\n')).not.toContain('pupils');
      // A vote on the answer that was never stored is refused politely.
      expect(text(card(await press(c, '👍 Helpful')))).toContain('could not find that answer');
    });

    it('meets empty and 40,000-character messages politely, storing nothing', async () => {
      expect(text(card(await say('   ')))).toContain('Ask me whether something is allowed');
      expect(text(card(await say('y'.repeat(40_000))))).toContain('too long');
      expect(await app.questions.recentForUser('console', staff.id)).toHaveLength(0);
    });

    it('puts the DSL and 999 banner first on a safeguarding answer', async () => {
      const c = card(await say("I'm worried about a pupil, she told me someone at home hurts her"));
      expect(c.blocks[0]).toMatchObject({ type: 'text' });
      expect(text(c)).toMatch(/call 999.*Mr Reid \(t\.reid@oakfield\.example\)/);
    });

    it('stores 👍 / 👎 per clause version; a vote whose clauses do not match the answer is refused', async () => {
      const c = card(await say(FRIEND));
      expect(text(card(await press(c, '👎 Not helpful')))).toContain('👎 is recorded on SMP-7.3 (v2024)');
      expect((await app.questions.needingReview()).map((q) => q.reviewReason)).toEqual(['thumbs_down']);
      const up = c.actions!.find((a) => a.label === '👍 Helpful')!;
      const forged = await bot.handle({ kind: 'action', user: staff, conversation, actionId: up.id, value: { ...up.value, c: JSON.stringify([['SMP-1.1', '2024']]) } });
      expect(text(card(forged))).toContain('does not match');
      expect((await app.questions.feedbackCounts()).every((x) => x.up === 0)).toBe(true);
    });

    it('relays "Ask a person" to the Head of School once, and only the Head can reply, once', async () => {
      const c = card(await say(FRIEND));
      expect(text(card(await press(c, 'Ask a person', head)))).toContain('Only the person who asked');
      expect(messenger.sent).toHaveLength(0);
      expect(text(card(await press(c, 'Ask a person')))).toContain('Sent privately to Mrs Patel (Head of School, Oakfield Primary)');
      expect(text(card(await press(c, 'Ask a person')))).toContain('already sent');
      expect(messenger.sent).toHaveLength(1);
      const toHead = messenger.sent[0];
      expect(toHead.to.id).toBe(head.id);
      const form = card(toHead.replies).form!;
      const submit = (user: UserRef, reply: string): Promise<Reply[]> => bot.handle({ kind: 'submit', user, conversation, formId: form.id, values: { reply, ...form.hidden } });

      expect(text(card(await submit(staff, 'forged')))).toContain('Only the person this question was sent to');
      expect(text(card(await submit(head, '  ')))).toContain('Please write your reply');
      expect(messenger.sent).toHaveLength(1);
      const done = await submit(head, 'No, please do not.');
      expect(done[0].kind).toBe('update');
      expect(messenger.sent[1].to.id).toBe(staff.id);
      expect(text(card(messenger.sent[1].replies))).toContain('No, please do not.');
      expect(text(card(await submit(head, 'again')))).toContain('already replied');
      expect(messenger.sent).toHaveLength(2);
    });

    it('tells the asker when their Head of School cannot be reached, sending nothing', async () => {
      messenger = new RecordingMessenger([]);
      const c = card(await say(FRIEND));
      expect(text(card(await press(c, 'Ask a person')))).toContain('contact them directly at j.patel@oakfield.example');
      expect(messenger.sent).toHaveLength(0);
    });

    it('sends a bug to one sink: logged without the message text, answered kindly', async () => {
      answerer = () => ({ ask: async () => { throw new TypeError('boom'); } }) as unknown as Answerer;
      const replies = await say(FRIEND);
      expect(text(card(replies))).toContain('Sorry, something went wrong on my side');
      const line = logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'turn failed');
      expect(line).toMatchObject({ level: 'error', platform: 'console', kind: 'message', error: { name: 'TypeError', message: 'boom' } });
      expect(logs.join('\n')).not.toContain('pupils');
    });

    it('answers /report and "Report a concern" with who to tell, from the directory', async () => {
      const viaCommand = await bot.handle({ kind: 'command', user: staff, conversation, command: 'report', text: '' } as Turn);
      expect(viaCommand[0]).toMatchObject({ kind: 'message', private: true });
      expect(text(card(viaCommand))).toMatch(/Mrs Patel \(Head of School, Oakfield Primary\).*Mr Reid/);
      const c = card(await say(FRIEND));
      expect(text(card(await press(c, 'Report a concern')))).toContain('Report a concern');
    });
  });
}
