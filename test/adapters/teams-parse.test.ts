import { describe, expect, it } from 'vitest';
import { conversationOf, messageTurn, parseCommand, stripMentions, userOf } from '../../adapters/teams/parse.ts';

const from = { id: '29:sam', name: 'Sam', aadObjectId: 'aad-sam' };
const personal = { id: 'a:1', conversationType: 'personal' };
const bot = { id: '28:bot', name: 'Staffroom' };

describe('Teams activity → Turn', () => {
  it('a personal-chat message is a MessageTurn from the AAD user', () => {
    const turn = messageTurn({ type: 'message', text: 'Can I post photos of the trip?', from, recipient: bot, conversation: personal as never }, userOf({ from }));
    expect(turn).toEqual({
      kind: 'message', text: 'Can I post photos of the trip?',
      user: { platform: 'teams', id: 'aad-sam', name: 'Sam' },
      conversation: { platform: 'teams', id: 'a:1', kind: 'dm' },
    });
  });

  it('strips the bot mention and Teams markup, keeps other people\'s names', () => {
    const activity = {
      text: '<p><at>Staffroom</at>&nbsp;can I tell <at>Jo Bloggs</at> about it &amp; post it?</p>',
      recipient: bot,
      entities: [
        { type: 'mention', text: '<at>Staffroom</at>', mentioned: { id: '28:bot', name: 'Staffroom' } },
        { type: 'mention', text: '<at>Jo Bloggs</at>', mentioned: { id: '29:jo', name: 'Jo Bloggs' } },
      ],
    };
    expect(stripMentions(activity as never)).toBe('can I tell Jo Bloggs about it & post it?');
  });

  it('channel posts and group chats keep their conversation id; a thread id is recognised', () => {
    expect(conversationOf({ conversation: { id: '19:c@thread.tacv2;messageid=170', conversationType: 'channel' } as never })).toEqual({ platform: 'teams', id: '19:c@thread.tacv2;messageid=170', kind: 'thread', threadId: '170' });
    expect(conversationOf({ conversation: { id: '19:g@thread.v2', conversationType: 'groupChat' } as never })).toEqual({ platform: 'teams', id: '19:g@thread.v2', kind: 'channel' });
  });

  it('manifest commands become CommandTurns; questions that merely start with a command word do not', () => {
    expect(parseCommand('report')).toEqual({ command: 'report', text: '' });
    expect(parseCommand('/report')).toEqual({ command: 'report', text: '' });
    expect(parseCommand('report status SR-7KQ2-M9XD 1234')).toEqual({ command: 'report', text: 'status SR-7KQ2-M9XD 1234' });
    expect(parseCommand('groups')).toEqual({ command: 'groups', text: '' });
    expect(parseCommand('ask can I follow a parent on Instagram?')).toEqual({ command: 'policy', text: 'can I follow a parent on Instagram?' });
    expect(parseCommand("report a colleague's post — who do I tell?")).toBeNull();
    expect(parseCommand('Can I report this?')).toBeNull();
  });

  it('an Action.Submit without our marker, or an empty message, is no turn', () => {
    expect(messageTurn({ type: 'message', value: { foo: 'bar' }, from, recipient: bot, conversation: personal as never }, userOf({ from }))).toBeNull();
    expect(messageTurn({ type: 'message', text: '<at>Staffroom</at>', entities: [{ type: 'mention', text: '<at>Staffroom</at>', mentioned: bot }], from, recipient: bot, conversation: personal as never }, userOf({ from }))).toBeNull();
  });
});
