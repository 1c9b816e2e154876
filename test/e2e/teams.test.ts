import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { cardErrors } from '../adapters/teams-schema.ts';
import { testDatabases } from '../helpers/databases.ts';
import { startFakeConnector, type FakeConnector } from './teams-fake-connector.ts';
import { buttonData, cardOf, cardText, shownText, startTeamsBot, teamsMessage, type TeamsBot } from './teams-harness.ts';

const QUESTION = 'Can I add one of my pupils as a friend on Facebook?';
const SAM = { id: '29:sam', name: 'Sam Taylor', aadObjectId: 'aad-sam' };
const PATEL = { id: '29:patel', name: 'Joanna Patel', aadObjectId: 'aad-patel' };

for (const database of testDatabases) {
  describe(`Teams adapter end to end (${database.name})`, () => {
    let connector: FakeConnector;
    let bot: TeamsBot;

    beforeAll(async () => {
      connector = await startFakeConnector();
    });
    afterAll(async () => {
      await connector.close();
    });
    beforeEach(async () => {
      connector.calls.length = 0;
      connector.members.clear();
      connector.failing.clear();
      connector.failingUpdates.clear();
      connector.members.set(SAM.id, { ...SAM, email: 'Sam.Taylor@oakfield.example', tenantId: 'tenant-1' });
      connector.members.set(PATEL.id, { ...PATEL, email: 'j.patel@oakfield.example', tenantId: 'tenant-1' });
      bot = await startTeamsBot(await database.fresh());
    });
    afterEach(async () => {
      await bot.close();
      // Every Adaptive Card the bot sent in the test is one Teams accepts.
      for (const call of connector.calls) {
        for (const a of call.body?.attachments ?? []) expect(cardErrors(a.content), `${call.method} ${call.path}`).toEqual([]);
      }
    });

    it('local mode (no credentials): loopback only, unauthenticated traffic accepted, and it says so at start', () => {
      expect(bot.app.config.host).toBe('127.0.0.1');
      expect(bot.teams.mode).toBe('local');
      expect(bot.logs.some((l) => l.level === 'warn' && String(l.msg).includes('local mode') && String(l.msg).includes('unauthenticated'))).toBe(true);
    });

    it('answers a personal-chat question with an Adaptive Card: verdict badge and the clause it rests on', async () => {
      const message = teamsMessage(connector.url, { from: SAM, text: QUESTION });
      const res = await bot.post(message);
      expect(res.status).toBe(200);

      const reply = await connector.waitFor((c) => c.method === 'POST' && c.activityId === message.id);
      expect(reply.conversationId).toBe(message.conversation.id);
      expect(reply.body.replyToId).toBe(message.id);
      const card = cardOf(reply.body);
      expect(card.version).toBe('1.5');
      const text = cardText(card);
      expect(text).toContain('Not allowed');
      expect(text).toContain('SMP-7.3');
      expect(text).toContain('[👍 Helpful]');
      expect(text).toContain('[Report a concern]');
      // Local mode: no credentials, so nothing is signed on the way out either.
      expect(reply.authorization).toBeUndefined();
    });

    it('handles a card button submit (👍): the vote is stored against the cited clause', async () => {
      const message = teamsMessage(connector.url, { from: SAM, text: QUESTION });
      await bot.post(message);
      const answer = await connector.waitFor((c) => c.activityId === message.id);
      const card = cardOf(answer.body);

      // Teams sends Action.Submit as a message with `value` (the button's data) and no text.
      const submit = teamsMessage(connector.url, { from: SAM, value: buttonData(card, '👍'), replyToId: 'activity-of-the-card' });
      expect((await bot.post(submit)).status).toBe(200);
      const thanks = await connector.waitFor((c) => c.activityId === submit.id);
      expect(cardText(cardOf(thanks.body))).toMatch(/your 👍 is recorded on SMP-7\.3/);

      const votes = await sql<{ clause_id: string; vote: number; user_id: string }>`select clause_id, vote, user_id from feedback`.execute(bot.app.db);
      expect(votes.rows.map((r) => r.clause_id)).toContain('SMP-7.3');
      expect(votes.rows.every((r) => Number(r.vote) === 1 && r.user_id === SAM.aadObjectId)).toBe(true);
    });

    it('stores references on install and first message, and messages people proactively (Ask a person → Head of School → reply back)', async () => {
      // The Head of School installs Staffroom in her personal scope: Teams sends installationUpdate and conversationUpdate.
      const patelChat = { id: 'a:personal-patel', conversationType: 'personal', tenantId: 'tenant-1' };
      expect((await bot.post(teamsMessage(connector.url, { type: 'installationUpdate', action: 'add', from: PATEL, conversation: patelChat }))).status).toBe(200);
      expect((await bot.post(teamsMessage(connector.url, {
        type: 'conversationUpdate', from: PATEL, conversation: patelChat,
        membersAdded: [{ id: PATEL.id, aadObjectId: PATEL.aadObjectId }, { id: '28:staffroom-bot' }],
      }))).status).toBe(200);
      expect(await bot.teams.messenger.resolveUserByEmail('J.Patel@oakfield.example')).toMatchObject({ platform: 'teams', id: PATEL.aadObjectId, email: 'j.patel@oakfield.example' });

      // Sam asks, then presses "Ask a person" on the answer.
      const question = teamsMessage(connector.url, { from: SAM, text: QUESTION });
      await bot.post(question);
      const answer = cardOf((await connector.waitFor((c) => c.activityId === question.id)).body);
      const press = teamsMessage(connector.url, { from: SAM, value: buttonData(answer, 'Ask a person'), replyToId: 'activity-answer' });
      await bot.post(press);
      expect(cardText(cardOf((await connector.waitFor((c) => c.activityId === press.id)).body))).toMatch(/Sent privately to Mrs Patel/);

      // The question reached the Head proactively, through her stored conversation reference.
      const toPatel = await connector.waitFor((c) => c.method === 'POST' && c.path === `/v3/conversations/${patelChat.id}/activities`);
      const patelCard = cardOf(toPatel.body);
      expect(cardText(patelCard)).toContain(QUESTION);
      const replyBox = patelCard.body.find((n: any) => n.type === 'Input.Text');
      expect(replyBox).toMatchObject({ id: 'reply', isMultiline: true, isRequired: true });

      // She types a reply and presses Send: Teams merges the input into the button's data.
      const send = teamsMessage(connector.url, {
        from: PATEL, conversation: patelChat, replyToId: 'activity-patel-card',
        value: { ...buttonData(patelCard, 'Send reply'), reply: 'No — keep pupils off your personal accounts.' },
      });
      expect((await bot.post(send)).status).toBe(200);

      // Her card is updated in place (PUT), and the reply reaches Sam's personal chat proactively.
      const update = await connector.waitFor((c) => c.method === 'PUT' && c.activityId === 'activity-patel-card');
      expect(cardText(cardOf(update.body))).toContain('Reply sent');
      const toSam = await connector.waitFor((c) => c.method === 'POST' && c.path === `/v3/conversations/a:personal-${SAM.id}/activities` && shownText(c.body).includes('keep pupils off'));
      expect(cardText(cardOf(toSam.body))).toContain('A reply from your Head of School');
    });

    it('opens a 1:1 chat with someone seen only in a team roster (POST /v3/conversations)', async () => {
      const channel = { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' };
      await bot.post(teamsMessage(connector.url, {
        type: 'conversationUpdate', from: SAM, conversation: channel,
        channelData: { tenant: { id: 'tenant-1' }, team: { id: '19:general@thread.tacv2' }, eventType: 'teamMemberAdded' },
        membersAdded: [{ id: '28:staffroom-bot' }],
      }));
      const patel = await bot.teams.messenger.resolveUserByEmail('j.patel@oakfield.example');
      expect(patel).not.toBeNull();
      await bot.teams.messenger.sendToUser(patel!, [{ kind: 'message', card: { title: 'Attestation due', blocks: [{ type: 'text', text: 'Please confirm your group.' }] } }]);

      const create = connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
      expect(create?.body).toMatchObject({ isGroup: false, members: [{ id: PATEL.id }], tenantId: 'tenant-1' });
      const sent = await connector.waitFor((c) => c.method === 'POST' && /^\/v3\/conversations\/a:created-\d+\/activities$/.test(c.path));
      expect(cardText(cardOf(sent.body))).toContain('Attestation due');

      // The new chat is remembered: the next message goes straight to it.
      await bot.teams.messenger.sendToUser(patel!, [{ kind: 'message', card: { blocks: [{ type: 'text', text: 'Second' }] } }]);
      expect(connector.calls.filter((c) => c.path === '/v3/conversations')).toHaveLength(1);
      expect(connector.sent(sent.conversationId)).toHaveLength(2);
    });

    it('answers an @mention in a channel in that conversation, with the mention stripped', async () => {
      const thread = { id: '19:staffroom@thread.tacv2;messageid=1700000000000', conversationType: 'channel', tenantId: 'tenant-1' };
      const mention = teamsMessage(connector.url, {
        from: SAM,
        conversation: thread,
        channelData: { tenant: { id: 'tenant-1' }, team: { id: '19:team@thread.tacv2' }, channel: { id: '19:staffroom@thread.tacv2' } },
        text: `<at>Staffroom</at> ${QUESTION}`,
        textFormat: 'xml',
        entities: [{ type: 'mention', text: '<at>Staffroom</at>', mentioned: { id: '28:staffroom-bot', name: 'Staffroom' } }],
      });
      expect((await bot.post(mention)).status).toBe(200);
      const reply = await connector.waitFor((c) => c.method === 'POST' && c.activityId === mention.id);
      expect(reply.conversationId).toBe(thread.id);
      const text = cardText(cardOf(reply.body));
      expect(text).toContain('Not allowed');
      expect(text).toContain('SMP-7.3');
      const stored = await sql<{ text: string }>`select text from questions`.execute(bot.app.db);
      expect(stored.rows[0].text).toBe(QUESTION);
    });

    it('sends private replies asked for in a channel to the asker\'s personal chat, never the channel', async () => {
      const channel = { id: '19:staffroom@thread.tacv2;messageid=1700000000001', conversationType: 'channel', tenantId: 'tenant-1' };
      const report = teamsMessage(connector.url, {
        from: SAM, conversation: channel,
        channelData: { tenant: { id: 'tenant-1' }, team: { id: '19:team@thread.tacv2' } },
        text: '<at>Staffroom</at> report',
        entities: [{ type: 'mention', text: '<at>Staffroom</at>', mentioned: { id: '28:staffroom-bot', name: 'Staffroom' } }],
      });
      expect((await bot.post(report)).status).toBe(200);
      // Sam has not chatted with the bot yet: a 1:1 chat is created and the card goes there.
      const created = await connector.waitFor((c) => c.method === 'POST' && c.path === '/v3/conversations');
      expect(created.body.members).toEqual([expect.objectContaining({ id: SAM.id })]);
      const privately = await connector.waitFor((c) => c.method === 'POST' && /^a:created-/.test(c.conversationId ?? '') && !!c.body.attachments);
      expect(cardText(cardOf(privately.body))).toMatch(/concern/i);
      const inChannel = connector.sent(channel.id);
      expect(inChannel).toHaveLength(1);
      expect(inChannel[0].body.text).toMatch(/private message/);
      expect(inChannel[0].body.attachments ?? []).toHaveLength(0);
    });

    it('handles an adaptiveCard/action invoke (Action.Execute) and answers in the invoke response', async () => {
      const message = teamsMessage(connector.url, { from: SAM, text: QUESTION });
      await bot.post(message);
      const card = cardOf((await connector.waitFor((c) => c.activityId === message.id)).body);
      const invoke = teamsMessage(connector.url, {
        type: 'invoke', name: 'adaptiveCard/action', from: SAM, replyToId: 'activity-answer',
        value: { action: { type: 'Action.Execute', verb: 'vote', data: buttonData(card, '👎') }, trigger: 'manual' },
      });
      const res = await bot.post(invoke);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ statusCode: 200 });
      const thanks = await connector.waitFor((c) => c.method === 'POST' && shownText(c.body).includes('your 👎 is recorded'));
      expect(thanks.conversationId).toBe(message.conversation.id);
      const votes = await sql<{ vote: number }>`select vote from feedback`.execute(bot.app.db);
      expect(votes.rows.map((r) => Number(r.vote))).toContain(-1);
    });

    it('falls back to a new message when the card to update is gone', async () => {
      const patelChat = { id: 'a:personal-patel', conversationType: 'personal', tenantId: 'tenant-1' };
      await bot.post(teamsMessage(connector.url, { type: 'conversationUpdate', from: PATEL, conversation: patelChat, membersAdded: [{ id: '28:staffroom-bot' }] }));
      const question = teamsMessage(connector.url, { from: SAM, text: QUESTION });
      await bot.post(question);
      const answer = cardOf((await connector.waitFor((c) => c.activityId === question.id)).body);
      await bot.post(teamsMessage(connector.url, { from: SAM, value: buttonData(answer, 'Ask a person'), replyToId: 'x' }));
      const patelCard = cardOf((await connector.waitFor((c) => c.method === 'POST' && c.path === `/v3/conversations/${patelChat.id}/activities`)).body);
      connector.failingUpdates.add('deleted-card');
      const send = teamsMessage(connector.url, { from: PATEL, conversation: patelChat, replyToId: 'deleted-card', value: { ...buttonData(patelCard, 'Send reply'), reply: 'Please don\'t.' } });
      await bot.post(send);
      await connector.waitFor((c) => c.method === 'PUT' && c.activityId === 'deleted-card');
      const fresh = await connector.waitFor((c) => c.method === 'POST' && c.conversationId === patelChat.id && shownText(c.body).includes('Reply sent'));
      expect(fresh.activityId).toBe(send.id);
    });

    it('refuses garbage with 400 and ignores unknown activity types, and keeps serving', async () => {
      expect((await bot.post('{"type": "message", ')).status).toBe(400);
      expect((await bot.post('[1,2,3]')).status).toBe(400);
      expect((await bot.post('null')).status).toBe(400);
      expect((await bot.post({ type: 'message', text: QUESTION })).status).toBe(400);
      expect((await bot.post('type=message', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(400);
      expect((await bot.post(teamsMessage(connector.url, { type: 'somethingNew', from: SAM }))).status).toBe(200);
      expect((await bot.post(teamsMessage(connector.url, { from: SAM, value: { not: 'ours' } }))).status).toBe(200);
      expect(connector.sent()).toHaveLength(0);

      const message = teamsMessage(connector.url, { from: SAM, text: QUESTION });
      expect((await bot.post(message)).status).toBe(200);
      await connector.waitFor((c) => c.activityId === message.id);
    });

    it('logs a failed turn (connector outage) without bouncing it to Teams, and never logs the text or an email', async () => {
      const message = teamsMessage(connector.url, { from: SAM, text: QUESTION });
      connector.failing.add(message.conversation.id);
      expect((await bot.post(message)).status).toBe(200);
      expect(bot.logs.some((l) => l.level === 'error' && String(l.scope).startsWith('teams'))).toBe(true);

      connector.failing.clear();
      const again = teamsMessage(connector.url, { from: SAM, text: QUESTION });
      expect((await bot.post(again)).status).toBe(200);
      await connector.waitFor((c) => c.activityId === again.id);
      const logText = JSON.stringify(bot.logs);
      expect(logText).not.toContain('pupils as a friend');
      expect(logText.toLowerCase()).not.toContain('sam.taylor@oakfield.example');
    });
  });
}

describe('Teams adapter with credentials', () => {
  it('rejects a request without a Bot Framework token with 401 and sends nothing', async () => {
    const connector = await startFakeConnector();
    const [sqlite] = testDatabases;
    const bot = await startTeamsBot(await sqlite.fresh(), {
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppTenantId: '00000000-0000-0000-0000-00000000000a',
    });
    try {
      expect(bot.teams.mode).toBe('authenticated');
      const res = await bot.post(teamsMessage(connector.url, { from: SAM, text: QUESTION }));
      expect(res.status).toBe(401);
      await new Promise((r) => setTimeout(r, 300));
      expect(connector.calls).toHaveLength(0);
      const questions = await sql<{ n: number }>`select count(*) as n from questions`.execute(bot.app.db);
      expect(Number(questions.rows[0].n)).toBe(0);
    } finally {
      await bot.close();
      await connector.close();
    }
  });
});
