import { ANSWER_ACTIONS } from './answer-card.ts';
import { ask } from './ask.ts';
import { askPerson, deliverPersonReply, PERSON_REPLY_FORM } from './ask-person.ts';
import type { Card, Reply } from './card.ts';
import { emailOf, type BotDeps } from './deps.ts';
import { isStaffroomError } from './errors.ts';
import { feedback } from './feedback.ts';
import { concernCard, groupsCard, helpCard } from './help.ts';
import { home } from './home.ts';
import type { BotCore } from './ports.ts';
import type { Turn, UserRef } from './turn.ts';

export type { BotDeps } from './deps.ts';

/** The bot as created: BotCore with its home view always present. */
export interface StaffroomBot extends BotCore {
  home(user: UserRef): Promise<Card[]>;
}

/** Commands the core answers; the Slack manifest test checks these against manifest.yaml. */
export const COMMANDS = ['policy', 'report', 'groups'] as const;

const SORRY: Reply[] = [{
  kind: 'message', private: true,
  card: { blocks: [{ type: 'text', text: 'Sorry, something went wrong on my side and I could not finish that. It has been logged; please try again in a minute.' }] },
}];

/**
 * The platform-free bot: a Turn in, neutral Replies out. Every flow's errors end in one sink here:
 * a StaffroomError's message is written for the user and is shown; anything else is logged (never
 * the message text) and answered with a short apology.
 *
 * @example
 *   const bot = createBot({ answerer: () => app.answerer, questions: app.questions, ... });
 *   const replies = await bot.handle({ kind: 'message', text: 'Can I add a pupil on Facebook?', user, conversation });
 */
export function createBot(deps: BotDeps): StaffroomBot {
  const log = deps.logger.child('bot');

  async function route(turn: Turn): Promise<Reply[]> {
    switch (turn.kind) {
      case 'message':
        return ask(deps, turn.user, turn.text);
      case 'command':
        switch (turn.command) {
          case 'policy': return ask(deps, turn.user, turn.text, { private: true });
          case 'report': return [{ kind: 'message', private: true, card: concernCard(deps.directory, await emailOf(deps, turn.user)) }];
          case 'groups': return [{ kind: 'message', private: true, card: groupsCard(deps.directory, await emailOf(deps, turn.user)) }];
          default: return [{ kind: 'message', private: true, card: helpCard(deps.directory) }];
        }
      case 'action':
        switch (turn.actionId) {
          case ANSWER_ACTIONS.feedback: return feedback(deps, turn);
          case ANSWER_ACTIONS.askPerson: return askPerson(deps, turn);
          case ANSWER_ACTIONS.report: return [{ kind: 'message', private: true, card: concernCard(deps.directory, await emailOf(deps, turn.user)) }];
          default:
            log.warn('unknown action', { actionId: turn.actionId, platform: turn.user.platform });
            return [];
        }
      case 'submit':
        if (turn.formId === PERSON_REPLY_FORM) return deliverPersonReply(deps, turn);
        log.warn('unknown form', { formId: turn.formId, platform: turn.user.platform });
        return [];
    }
  }

  function sink(e: unknown, turn: Turn): Reply[] {
    const where = { platform: turn.user.platform, kind: turn.kind, ...(turn.kind === 'action' ? { actionId: turn.actionId } : {}), ...(turn.kind === 'command' ? { command: turn.command } : {}) };
    if (isStaffroomError(e)) {
      log.info('turn refused', { ...where, code: e.code });
      return [{ kind: 'message', private: true, card: { blocks: [{ type: 'text', text: e.message }] } }];
    }
    log.error('turn failed', { ...where, error: e });
    return SORRY;
  }

  return {
    async handle(turn) {
      const started = performance.now();
      try {
        const replies = await route(turn);
        log.debug('turn handled', { platform: turn.user.platform, kind: turn.kind, ms: Math.round(performance.now() - started) });
        return replies;
      } catch (e) {
        return sink(e, turn);
      }
    },
    async home(user) {
      try {
        return await home(deps, user);
      } catch (e) {
        log.error('home failed', { platform: user.platform, error: e });
        return [helpCard(deps.directory)];
      }
    },
  };
}
