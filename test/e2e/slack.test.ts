import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/databases.ts';
import { blockText, buttons, dm, startSlackBot, USERS, type SlackBot } from './slack-harness.ts';

const FRIEND = 'Can I add one of my pupils as a friend on Facebook?';
const STAFF = USERS['sam@oakfield.example'];
const HEAD = USERS['j.patel@oakfield.example'];
const ADMIN = USERS['admin@trust.example'];

for (const database of testDatabases) {
  describe(`Slack end to end (${database.name})`, () => {
    let bot: SlackBot;
    beforeEach(async () => {
      bot = await startSlackBot(await database.fresh());
    });
    afterEach(async () => {
      await bot?.close();
    });

    /** Sends a DM question and returns the answer the bot posted. */
    async function askInDm(text = FRIEND, user = STAFF) {
      const before = bot.fake.of('chat.postMessage').length;
      const res = await bot.event(dm(user, text));
      expect(res.status).toBe(200);
      await bot.fake.waitFor(() => bot.fake.of('chat.postMessage').length > before);
      return bot.fake.of('chat.postMessage')[before];
    }

    it('answers a DM question with the answer blocks: verdict badge, clause id and version, buttons', async () => {
      const started = performance.now();
      const res = await bot.event(dm(STAFF, FRIEND));
      const ackMs = performance.now() - started;
      expect(res.status).toBe(200);
      expect(ackMs).toBeLessThan(3000);
      await bot.fake.waitFor((c) => c.some((x) => x.method === 'chat.postMessage'));
      const [post] = bot.fake.of('chat.postMessage');
      expect(post.body.channel).toBe(`D${STAFF}`);
      expect(post.token).toBe('xoxb-test-token');
      expect(post.body.thread_ts).toBeUndefined();
      const text = blockText(post.body.blocks);
      expect(text).toContain('Not allowed');
      expect(text).toContain('SMP-7.3');
      expect(text).toContain('Social Media Policy v2024');
      expect(buttons(post.body.blocks).map((b) => b.text)).toEqual(['👍 Helpful', '👎 Not helpful', 'Ask a person', 'Report a concern']);
      console.log(`DM answer: ack ${ackMs.toFixed(1)} ms; posted "${post.body.text.slice(0, 60)}…"`);
    });

    it('answers an @mention in a channel in the thread', async () => {
      const event = { type: 'app_mention', channel: 'CSTAFFROOM', user: STAFF, text: `<@UBOT> ${FRIEND}`, ts: '1700000100.000200', event_ts: '1700000100.000200' };
      expect((await bot.event(event)).status).toBe(200);
      await bot.fake.waitFor((c) => c.some((x) => x.method === 'chat.postMessage'));
      const [post] = bot.fake.of('chat.postMessage');
      expect(post.body.channel).toBe('CSTAFFROOM');
      expect(post.body.thread_ts).toBe('1700000100.000200');
      expect(blockText(post.body.blocks)).toContain('SMP-7.3');
    });

    it('/policy answers ephemerally through the response_url, and posts nothing in the channel', async () => {
      const res = await bot.command('/policy', FRIEND, STAFF, 'CGENERAL');
      expect(res.status).toBe(200);
      await bot.fake.waitFor((c) => c.some((x) => x.method === 'response_url'));
      const [reply] = bot.fake.of('response_url');
      expect(reply.body.response_type).toBe('ephemeral');
      expect(blockText(reply.body.blocks)).toContain('Not allowed');
      expect(blockText(reply.body.blocks)).toContain('SMP-7.3');
      expect(bot.fake.of('chat.postMessage')).toHaveLength(0);
    });

    it('stores 👍 per clause version and confirms privately', async () => {
      const post = await askInDm();
      const up = buttons(post.body.blocks).find((b) => b.text.startsWith('👍'))!;
      const res = await bot.action({ user: { id: STAFF }, channel: { id: post.body.channel }, container: { type: 'message', channel_id: post.body.channel, message_ts: '1' }, actions: [{ type: 'button', action_id: up.action_id, value: up.raw }] });
      expect(res.status).toBe(200);
      await bot.fake.waitFor((c) => c.some((x) => x.method === 'response_url'));
      const rows = await bot.app.db.selectFrom('feedback').selectAll().where('user_id', '=', STAFF).execute();
      expect(rows.map((r) => [r.clause_id, r.clause_version, Number(r.vote)])).toContainEqual(['SMP-7.3', '2024', 1]);
      const counts = await bot.app.questions.feedbackCounts();
      expect(counts.find((c) => c.clauseId === 'SMP-7.3')).toMatchObject({ version: '2024', up: 1, down: 0 });
      expect(blockText(bot.fake.of('response_url')[0].body.blocks)).toContain('👍 is recorded');
      console.log(`feedback rows: ${rows.map((r) => `${r.clause_id}@${r.clause_version}=${r.vote}`).join(', ')}`);
    });

    it('"Ask a person" DMs the Head of School, and the Head\'s reply reaches the asker', async () => {
      const post = await askInDm();
      const ask = buttons(post.body.blocks).find((b) => b.text === 'Ask a person')!;
      await bot.action({ user: { id: STAFF }, channel: { id: post.body.channel }, container: { type: 'message', channel_id: post.body.channel, message_ts: '1' }, actions: [{ type: 'button', action_id: ask.action_id, value: ask.raw }] });
      await bot.fake.waitFor(() => bot.fake.of('chat.postMessage').length === 2 && bot.fake.of('response_url').length === 1);

      // Resolved by email through the Web API, and cached.
      expect(bot.fake.of('users.lookupByEmail').map((c) => c.body.email)).toEqual(['j.patel@oakfield.example']);
      expect(bot.fake.of('conversations.open').map((c) => c.body.users)).toEqual([HEAD]);
      const toHead = bot.fake.of('chat.postMessage')[1];
      expect(toHead.body.channel).toBe(`D${HEAD}`);
      expect(blockText(toHead.body.blocks)).toContain(FRIEND);
      expect(blockText(toHead.body.blocks)).toContain('sam@oakfield.example');
      const sent = bot.fake.of('response_url')[0];
      expect(sent.body.response_type).toBe('ephemeral');
      expect(blockText(sent.body.blocks)).toContain('Sent privately to Mrs Patel (Head of School, Oakfield Primary)');
      const cached = await bot.app.db.withTables<{ platform_users: { platform: string; user_id: string; email: string } }>()
        .selectFrom('platform_users').select(['user_id', 'email']).where('email', '=', 'j.patel@oakfield.example').execute();
      expect(cached).toEqual([{ user_id: HEAD, email: 'j.patel@oakfield.example' }]);

      // The Head types in the reply box on the card and presses "Send reply".
      const input = toHead.body.blocks.find((b: any) => b.type === 'input');
      const submit = buttons(toHead.body.blocks).find((b) => b.text === 'Send reply')!;
      const reply = 'No. Keep your profile private and do not accept pupils.';
      await bot.action({
        user: { id: HEAD }, channel: { id: toHead.body.channel }, container: { type: 'message', channel_id: toHead.body.channel, message_ts: '2' },
        actions: [{ type: 'button', action_id: submit.action_id, value: submit.raw }],
        state: { values: { [input.block_id]: { [input.element.action_id]: { type: 'plain_text_input', value: reply } } } },
      });
      await bot.fake.waitFor(() => bot.fake.of('chat.postMessage').length === 3 && bot.fake.of('response_url').length === 2);
      const toAsker = bot.fake.of('chat.postMessage')[2];
      expect(toAsker.body.channel).toBe(`D${STAFF}`);
      expect(blockText(toAsker.body.blocks)).toContain(reply);
      expect(blockText(toAsker.body.blocks)).toContain('A reply from your Head of School');
      const headCard = bot.fake.of('response_url')[1];
      expect(headCard.body.replace_original).toBe(true);
      expect(blockText(headCard.body.blocks)).toContain('Reply sent');

      // Pressing "Send reply" again does not send a second message.
      await bot.action({
        user: { id: HEAD }, channel: { id: toHead.body.channel }, container: { type: 'message', channel_id: toHead.body.channel, message_ts: '2' },
        actions: [{ type: 'button', action_id: submit.action_id, value: submit.raw }],
        state: { values: { [input.block_id]: { [input.element.action_id]: { type: 'plain_text_input', value: reply } } } },
      });
      await bot.fake.waitFor(() => bot.fake.of('response_url').length === 3);
      expect(bot.fake.of('chat.postMessage')).toHaveLength(3);
      expect(blockText(bot.fake.of('response_url')[2].body.blocks)).toContain('already replied');
    });

    it('answers a retried event (same event_id, X-Slack-Retry-Num) exactly once', async () => {
      const event = dm(STAFF, FRIEND);
      const [a, b] = await Promise.all([bot.event(event, { eventId: 'EvRETRY1' }), bot.event(event, { eventId: 'EvRETRY1', retryNum: 1 })]);
      const c = await bot.event(event, { eventId: 'EvRETRY1', retryNum: 2 });
      expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
      await bot.fake.waitFor((x) => x.some((y) => y.method === 'chat.postMessage'));
      await new Promise((r) => setTimeout(r, 300));
      expect(bot.fake.of('chat.postMessage')).toHaveLength(1);
      expect(bot.logs.filter((l) => l.msg === 'duplicate event dropped')).toHaveLength(2);
    });

    it('refuses a bad signature, an old timestamp and garbage with 401/400, and sends nothing', async () => {
      const body = JSON.stringify({ type: 'event_callback', event_id: 'EvBAD', event: dm(STAFF, FRIEND) });
      const badSig = await bot.post(body, { secret: 'not-the-secret' });
      const old = await bot.post(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
      const garbageSigned = await bot.post('{"this is not json', {});
      const garbageUnsigned = await fetch(`${bot.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '\u0000\u0001garbage' });
      expect([badSig.status, old.status, garbageSigned.status, garbageUnsigned.status]).toEqual([401, 401, 400, 401]);
      await new Promise((r) => setTimeout(r, 200));
      expect(bot.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
      console.log(`bad signature ${badSig.status}, 6-minute-old timestamp ${old.status}, signed garbage ${garbageSigned.status}, unsigned garbage ${garbageUnsigned.status}`);
    });

    it('answers a 40,000-character message with a polite error, and keeps working', async () => {
      const post = await askInDm('x'.repeat(40_000));
      expect(blockText(post.body.blocks)).toContain('too long');
      expect(buttons(post.body.blocks)).toEqual([]);
      const next = await askInDm();
      expect(blockText(next.body.blocks)).toContain('SMP-7.3');
      // The question log is written just behind the answer: wait for it, then read the table itself.
      await bot.app.questions.settled();
      const stored = await bot.app.db.selectFrom('questions').select('text').execute();
      expect(stored).toHaveLength(1);
    });

    it('publishes the App Home: how to ask and recent questions; admins also see the inbox and feedback', async () => {
      await askInDm();
      await askInDm('Can I book annual leave in term time?');
      await bot.event({ type: 'app_home_opened', user: STAFF, channel: `D${STAFF}`, tab: 'home', event_ts: '1700000200.000001' });
      await bot.fake.waitFor((c) => c.some((x) => x.method === 'views.publish'));
      const staffHome = bot.fake.of('views.publish')[0];
      expect(staffHome.body.user_id).toBe(STAFF);
      expect(staffHome.body.view.type).toBe('home');
      expect(blockText(staffHome.body.view.blocks)).toContain('Your recent questions');
      expect(blockText(staffHome.body.view.blocks)).toContain(FRIEND);
      expect(blockText(staffHome.body.view.blocks)).not.toContain('Admin:');

      await bot.event({ type: 'app_home_opened', user: ADMIN, channel: `D${ADMIN}`, tab: 'home', event_ts: '1700000201.000001' });
      await bot.fake.waitFor(() => bot.fake.of('views.publish').length === 2);
      const adminHome = blockText(bot.fake.of('views.publish')[1].body.view.blocks);
      expect(adminHome).toContain('Admin: questions needing review');
      expect(adminHome).toContain('annual leave');
      expect(adminHome).toContain('Admin: feedback by clause');
    });

    it('waits out a rate limit on an answer and then posts it once', async () => {
      await bot.close();
      bot = await startSlackBot(await database.fresh(), { rateLimits: { 'chat.postMessage': 1 } });
      expect((await bot.event(dm(STAFF, FRIEND))).status).toBe(200);
      await bot.fake.waitFor(() => bot.fake.of('chat.postMessage').length === 2);
      await new Promise((r) => setTimeout(r, 200));
      const posts = bot.fake.of('chat.postMessage');
      expect(posts).toHaveLength(2);
      expect(blockText(posts[1].body.blocks)).toContain('SMP-7.3');
      expect(bot.logs.some((l) => l.msg === 'slack handler failed')).toBe(false);
    });

    it('logs a failing Slack call without the message text and still acks Slack', async () => {
      await bot.close();
      bot = await startSlackBot(await database.fresh(), { failures: { 'chat.postMessage': 3 } });
      const res = await bot.event(dm(STAFF, FRIEND));
      expect(res.status).toBe(200);
      await bot.fake.waitFor(() => bot.logs.some((l) => l.msg === 'slack handler failed'), 15_000);
      const all = JSON.stringify(bot.logs);
      expect(all).not.toContain('pupils as a friend');
      expect(all).not.toContain('xoxb-test-token');
    });
  });
}
