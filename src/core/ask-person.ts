import { VERDICT_LABELS, type Card, type Reply } from './card.ts';
import { describe, emailOf, messengerOf, type BotDeps } from './deps.ts';
import { StaffroomError } from './errors.ts';
import type { Verdict } from '../answers/answer.ts';
import type { ActionTurn, SubmitTurn } from './turn.ts';

/** The form id of the reply box on the card a Head of School receives. */
export const PERSON_REPLY_FORM = 'person.reply';
/** A reply longer than this is almost certainly a paste; chat platforms cap messages near here. */
export const MAX_REPLY_CHARS = 3000;

const privateText = (text: string): Reply[] => [{ kind: 'message', private: true, card: { blocks: [{ type: 'text', text }] } }];

/**
 * "Ask a person": sends the asker's question privately to their Head of School (or the Executive Head
 * when the asker is a Head or has no academy in the directory), with a reply box. Once per question.
 */
export async function askPerson(deps: BotDeps, turn: ActionTurn): Promise<Reply[]> {
  const question = turn.value.q ? await deps.questions.get(turn.value.q) : undefined;
  if (!question) throw new StaffroomError('ASK.UNKNOWN_QUESTION', 'I could not find that question any more. Please ask it again, then press "Ask a person".');
  if (question.platform !== turn.user.platform || question.userId !== turn.user.id) {
    throw new StaffroomError('ASK.NOT_ASKER', 'Only the person who asked this question can send it to a Head of School. Ask it yourself first, then press "Ask a person".');
  }
  const askerEmail = await emailOf(deps, turn.user);
  const route = deps.directory.routeQuestion(askerEmail);
  const who = describe(route.to, route.role, route.academy?.name);
  const messenger = messengerOf(deps, turn.user.platform);
  const recipient = await messenger.resolveUserByEmail(route.to.email);
  if (!recipient) return privateText(`I could not find ${who} on ${turn.user.platform === 'teams' ? 'Teams' : 'this workspace'}, so nothing was sent. Please contact them directly at ${route.to.email}.`);

  const request = await deps.personRequests.create({
    questionId: question.id, platform: turn.user.platform, askerId: turn.user.id,
    recipientId: recipient.id, recipientRole: route.role, at: deps.clock.now(),
  });
  if (!request) return privateText(`You have already sent this question to a person. Their reply will come to you here.`);

  const asker = askerEmail ? deps.directory.nameOf(askerEmail) ?? askerEmail : 'A member of staff';
  const card: Card = {
    title: 'A policy question for you',
    blocks: [
      { type: 'text', text: `${asker} asked Staffroom this question and would like a person to answer it. Your reply goes only to them.` },
      { type: 'quote', text: question.text, source: `Asked ${question.askedAt.slice(0, 10)}` },
      { type: 'context', text: `Staffroom answered: ${VERDICT_LABELS[question.verdict as Verdict] ?? question.verdict}${question.clauseIds.length ? `, citing ${question.clauseIds.join(', ')}` : ''}.` },
    ],
    form: {
      id: PERSON_REPLY_FORM,
      title: 'Reply',
      submitLabel: 'Send reply',
      fields: [{ id: 'reply', label: 'Your reply', type: 'textarea', required: true, maxLength: MAX_REPLY_CHARS, placeholder: 'Your answer to their question' }],
      hidden: { request: request.id },
    },
  };
  try {
    await messenger.sendToUser(recipient, [{ kind: 'message', card }]);
  } catch (e) {
    await deps.personRequests.remove(request.id); // so pressing the button again can retry
    throw e;
  }
  deps.logger.info('question sent to a person', { requestId: request.id, role: route.role });
  return privateText(`Sent privately to ${who}. Their reply will come to you here.`);
}

/** The Head of School's reply: delivered to the asker by the bot, once; the Head's card shows it was sent. */
export async function deliverPersonReply(deps: BotDeps, turn: SubmitTurn): Promise<Reply[]> {
  const request = turn.values.request ? await deps.personRequests.get(turn.values.request) : undefined;
  if (!request) throw new StaffroomError('ASK.UNKNOWN_REQUEST', 'I could not find the question this reply is for.');
  if (request.platform !== turn.user.platform || request.recipientId !== turn.user.id) {
    throw new StaffroomError('ASK.NOT_RECIPIENT', 'Only the person this question was sent to can reply to it.');
  }
  const reply = (turn.values.reply ?? '').trim();
  if (!reply) return privateText('Please write your reply in the box, then press "Send reply".');
  if (reply.length > MAX_REPLY_CHARS) return privateText(`Your reply is ${reply.length.toLocaleString('en-GB')} characters; please keep it under ${MAX_REPLY_CHARS.toLocaleString('en-GB')}. Nothing was sent.`);
  const question = await deps.questions.get(request.questionId);
  if (!(await deps.personRequests.markAnswered(request.id, deps.clock.now()))) return privateText('You have already replied to this question.');

  const replierEmail = await emailOf(deps, turn.user);
  const from = replierEmail ? deps.directory.nameOf(replierEmail) ?? replierEmail : `your ${request.recipientRole}`;
  const asker = { platform: request.platform as SubmitTurn['user']['platform'], id: request.askerId };
  try {
    await messengerOf(deps, asker.platform).sendToUser(asker, [{
      kind: 'message',
      card: {
        title: `A reply from your ${request.recipientRole}`,
        blocks: [
          ...(question ? [{ type: 'quote' as const, text: question.text, source: 'Your question' }] : []),
          { type: 'text', text: reply },
          { type: 'context', text: `From ${from}, through Staffroom.` },
        ],
      },
    }]);
  } catch (e) {
    await deps.personRequests.reopen(request.id);
    throw e;
  }
  deps.logger.info('reply delivered to the asker', { requestId: request.id });
  return [{
    kind: 'update',
    card: {
      title: 'Reply sent',
      blocks: [
        ...(question ? [{ type: 'quote' as const, text: question.text, source: 'Their question' }] : []),
        { type: 'text', text: reply },
        { type: 'context', text: 'Delivered privately to the person who asked.' },
      ],
    },
  }];
}
