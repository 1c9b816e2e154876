import readline from 'node:readline';
import type { Card, CardForm, Reply } from '../../src/core/card.ts';
import type { BotCore, Messenger } from '../../src/core/ports.ts';
import type { ConversationRef, Turn, UserRef } from '../../src/core/turn.ts';
import type { Directory } from '../../src/directory/directory.ts';
import type { ChannelAdapter } from '../../src/server.ts';
import { renderCard, type Choice } from './render.ts';

export interface ConsoleAdapterOptions {
  bot: BotCore;
  directory: Directory;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Chat as this directory email; otherwise ask (interactive) or take the first member of staff. */
  as?: string;
}

export interface ConsoleAdapter extends ChannelAdapter {
  readonly messenger: Messenger;
  /** Resolves when the user quits or the input ends. */
  start(): Promise<void>;
}

const CONVERSATION: ConversationRef = { platform: 'console', id: 'terminal', kind: 'dm' };
const HELP = [
  'Type a question, or the number of a choice under an answer.',
  '  /policy <question>   answer privately        /report   report a concern',
  '  /groups              employee groups         /home     your home view',
  '  /as <email or n>     chat as someone else    /who      people in the trust directory',
  '  /quit                leave',
];

/**
 * The local terminal chat over the same core: a newcomer talks to the bot as a person from the trust
 * directory. Buttons are numbered choices; forms are asked field by field. Messages the bot sends to
 * someone else (a question for a Head of School) wait in that person's inbox until you `/as` them.
 */
export function createConsoleAdapter(options: ConsoleAdapterOptions): ConsoleAdapter {
  const { bot, directory, output } = options;
  const people = directory.people();
  const inboxes = new Map<string, Reply[]>();
  let me: UserRef = { platform: 'console', id: '' };
  let choices: Choice[] = [];

  const print = (...lines: string[]) => output.write(lines.join('\n') + '\n');
  const userFor = (email: string): UserRef => {
    const e = email.trim().toLowerCase();
    return { platform: 'console', id: e, email: e, name: directory.nameOf(e) };
  };
  const label = (u: UserRef) => (u.name ? `${u.name} <${u.email}>` : u.email ?? u.id);

  function show(replies: Reply[]): void {
    choices = [];
    for (const r of replies) {
      const card: Card = r.kind === 'form' ? { title: r.form.title, blocks: [], form: r.form } : r.card;
      const note = r.kind === 'update' ? 'updated' : r.kind === 'message' && r.private ? 'only you can see this' : undefined;
      const { lines, choices: more } = renderCard(card, choices.length + 1, note);
      choices.push(...more);
      print('', ...lines);
    }
    print('');
  }

  const messenger: Messenger = {
    platform: 'console',
    async resolveUserByEmail(email) {
      return people.some((p) => p.person.email.toLowerCase() === email.trim().toLowerCase()) ? userFor(email) : null;
    },
    async sendToUser(user, replies) {
      if (user.id === me.id) return show(replies);
      inboxes.set(user.id, [...(inboxes.get(user.id) ?? []), ...replies]);
      print(`📨 A private message was delivered to ${label(userFor(user.id))}. Type "/as ${user.id}" to read it as them.`);
    },
    async lookupEmail(user) {
      return user.email ?? user.id;
    },
  };

  function resolvePerson(arg: string): UserRef | null {
    const n = Number(arg);
    if (Number.isInteger(n) && n >= 1 && n <= people.length) return userFor(people[n - 1].person.email);
    return /@/.test(arg) ? userFor(arg) : null;
  }

  function switchTo(user: UserRef): void {
    me = user;
    choices = [];
    print(`You are now ${label(me)}.`);
    const waiting = inboxes.get(me.id);
    if (waiting?.length) {
      inboxes.delete(me.id);
      print(`You have ${waiting.length} private message(s):`);
      show(waiting);
    }
  }

  const who = () => people.map((p, i) => `  ${i + 1}) ${p.person.name ?? p.person.email} <${p.person.email}>: ${p.roles.join('; ')}`);

  async function start(): Promise<void> {
    const interactive = (options.input as { isTTY?: boolean }).isTTY === true;
    const rl = readline.createInterface({ input: options.input, terminal: interactive });
    const lines = rl[Symbol.asyncIterator]();
    const read = async (prompt: string): Promise<string | null> => {
      if (interactive) output.write(prompt);
      const next = await lines.next();
      if (next.done) return null;
      if (!interactive) print(`${prompt}${next.value}`); // a piped transcript shows what was asked
      return next.value;
    };

    print(`Staffroom: local chat for ${directory.trustName}. Nothing leaves this machine.`);
    let first = options.as ? resolvePerson(options.as) : null;
    if (options.as && !first) print(`"${options.as}" is not an email in the trust directory.`);
    if (!first && interactive) {
      print('Who are you? Pick a person from the trust directory:', ...who());
      while (!first) {
        const answer = await read('number or email> ');
        if (answer === null) return rl.close();
        first = resolvePerson(answer.trim());
      }
    }
    const staff = people.find((p) => p.roles.every((r) => r.startsWith('staff'))) ?? people[0];
    switchTo(first ?? userFor(staff.person.email));
    print(...HELP, '');

    async function fill(form: CardForm): Promise<Record<string, string> | null> {
      if (form.intro) print(form.intro);
      const values: Record<string, string> = {};
      for (const f of form.fields) {
        const opts = f.options ?? [];
        if (opts.length) print(`${f.label}:`, ...opts.map((o, i) => `  ${i + 1}) ${o.label}`));
        const answer = await read(`${f.label}${f.required ? '' : ' (optional)'}> `);
        if (answer === null) return null;
        const picked = opts[Number(answer.trim()) - 1];
        values[f.id] = picked ? picked.value : answer.trim();
      }
      return { ...values, ...(form.hidden ?? {}) };
    }

    for (;;) {
      const line = await read(`${me.email} > `);
      if (line === null) break;
      const text = line.trim();
      if (!text) continue;
      let turn: Turn | null = null;
      const base = { user: me, conversation: CONVERSATION };
      const [cmd, ...rest] = text.split(/\s+/);
      const arg = rest.join(' ');
      if (/^\d+$/.test(text)) {
        const choice = choices[Number(text) - 1];
        if (!choice) {
          print(choices.length ? `Pick a number from 1 to ${choices.length}.` : 'There is nothing to choose just now. Type a question.');
          continue;
        }
        if (choice.kind === 'action') turn = { ...base, kind: 'action', actionId: choice.id, value: choice.value };
        else {
          const values = await fill(choice.form);
          if (!values) break;
          turn = { ...base, kind: 'submit', formId: choice.form.id, values };
        }
      } else if (cmd === '/quit' || cmd === '/exit') break;
      else if (cmd === '/help') { print(...HELP); continue; }
      else if (cmd === '/who') { print(...who()); continue; }
      else if (cmd === '/as') {
        const u = resolvePerson(arg);
        if (u) switchTo(u);
        else print('Usage: /as <email> or /as <number from /who>.');
        continue;
      } else if (cmd === '/home') { show(((await bot.home?.(me)) ?? []).map((card) => ({ kind: 'message', card }))); continue; }
      else if (cmd.startsWith('/')) turn = { ...base, kind: 'command', command: cmd.slice(1), text: arg };
      else turn = { ...base, kind: 'message', text };
      show(await bot.handle(turn));
    }
    rl.close();
    print('Bye.');
  }

  return { name: 'console', messenger, start };
}
