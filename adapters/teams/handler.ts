import {
  ActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ChannelAccount,
} from 'botbuilder';
import type { Reply } from '../../src/core/card.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { BotCore, Messenger } from '../../src/core/ports.ts';
import type { Turn, UserRef } from '../../src/core/turn.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardAttachment, renderReply } from './cards.ts';
import { conversationOf, messageTurn, submitTurn, userOf } from './parse.ts';
import type { TeamsReferenceRepository } from './references.ts';

export interface HandlerDeps {
  core: BotCore;
  refs: TeamsReferenceRepository;
  /** Delivers private replies (and forms) to the asker's 1:1 chat when they spoke in a channel. */
  messenger: Messenger;
  logger: Logger;
}

const SORRY = 'Sorry — something went wrong on my side and I could not finish that. Please try again in a moment.';
const SENT_PRIVATELY = 'I have sent you a private message with the rest.';
const COULD_NOT_DM = 'I could not message you privately. Open a chat with me (Staffroom) and try again there.';
/** Don't ask the roster for the same person's email more than once per process if it fails. */
const MEMBER_LOOKUP_LIMIT = 10_000;

/**
 * The Teams side of the bot: activities → core Turns, core Replies → Adaptive Cards, and conversation
 * references stored on install and on first message so the bot can reach people later.
 */
export class StaffroomTeamsHandler extends ActivityHandler {
  private readonly memberLookups = new Set<string>();

  constructor(private readonly deps: HandlerDeps) {
    super();

    this.onMessage(async (context, next) => {
      const user = await this.remember(context);
      if (user) {
        const turn = messageTurn(context.activity, user);
        if (turn) await this.answer(context, turn, context.activity.replyToId);
      }
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      await this.rememberConversation(context);
      const botId = context.activity.recipient?.id;
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id === botId) await this.rememberRoster(context);
        else await this.rememberMember(context, member);
      }
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberConversation(context);
      await this.rememberRoster(context);
      await next();
    });
  }

  /** Adaptive Card Action.Execute (the `adaptiveCard/action` invoke): the update goes back in the response. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const user = await this.remember(context);
    const turn = user ? submitTurn(invokeValue.action?.data, user, conversationOf(context.activity)) : null;
    if (!turn) return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Not a Staffroom action.' } as never };
    const replies = await this.runCore(context, turn);
    if (!replies) return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: SORRY as never };
    const update = replies.find((r) => r.kind === 'update');
    await this.deliver(context, replies.filter((r) => r !== update), undefined);
    return update
      ? { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: renderReply(update) as never }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Done.' as never };
  }

  /** Runs the core; a bug is logged and the person gets a short, kind message instead of silence. */
  private async runCore(context: TurnContext, turn: Turn): Promise<Reply[] | null> {
    try {
      return await this.deps.core.handle(turn);
    } catch (error) {
      this.deps.logger.error('turn failed', { error, turnKind: turn.kind, conversationKind: turn.conversation.kind });
      await context.sendActivity(SORRY).catch(() => undefined);
      return null;
    }
  }

  private async answer(context: TurnContext, turn: Turn, updateTarget: string | undefined): Promise<void> {
    const replies = await this.runCore(context, turn);
    if (replies) await this.deliver(context, replies, updateTarget);
  }

  /**
   * Sends replies where they belong: in this conversation; privately (the asker's 1:1 chat) for private
   * messages and forms asked for from a channel or group chat; `update` replaces the card the action came from.
   */
  private async deliver(context: TurnContext, replies: Reply[], updateTarget: string | undefined): Promise<void> {
    const personal = conversationOf(context.activity).kind === 'dm';
    const privately: Reply[] = [];
    for (const reply of replies) {
      const attachment = cardAttachment(renderReply(reply));
      if (!personal && (reply.kind === 'form' || (reply.kind === 'message' && reply.private))) {
        privately.push(reply);
      } else if (reply.kind === 'update' && updateTarget) {
        try {
          await context.updateActivity({ type: 'message', id: updateTarget, attachments: [attachment] });
        } catch (error) {
          this.deps.logger.warn('card update failed; sending a new message', { error });
          await context.sendActivity({ type: 'message', attachments: [attachment] });
        }
      } else {
        await context.sendActivity({ type: 'message', attachments: [attachment] });
      }
    }
    if (privately.length) {
      const user = userOf(context.activity);
      try {
        await this.deps.messenger.sendToUser(user, privately);
        await context.sendActivity(SENT_PRIVATELY);
      } catch (error) {
        this.deps.logger.warn('private delivery failed', { error });
        await context.sendActivity(COULD_NOT_DM);
      }
    }
  }

  /** Stores this conversation's reference and the speaker; returns the speaker as the core sees them. */
  private async remember(context: TurnContext): Promise<UserRef | null> {
    const from = context.activity.from;
    if (!from?.id || from.role === 'bot') return null;
    await this.rememberConversation(context);
    const user = await this.rememberMember(context, from);
    return userOf(context.activity, user?.email);
  }

  private async rememberConversation(context: TurnContext): Promise<void> {
    await this.deps.refs.saveConversation(TurnContext.getConversationReference(context.activity));
  }

  /** Stores a member of this conversation, asking Teams once for their email and AAD id if not yet known. */
  private async rememberMember(context: TurnContext, member: ChannelAccount) {
    const { refs, logger } = this.deps;
    const activity = context.activity;
    const known = await refs.findByTeamsId(member.id);
    let email: string | undefined;
    let aadObjectId = member.aadObjectId;
    if (!known?.email && !this.memberLookups.has(member.id)) {
      if (this.memberLookups.size > MEMBER_LOOKUP_LIMIT) this.memberLookups.clear();
      this.memberLookups.add(member.id);
      try {
        const account = await TeamsInfo.getMember(context, member.id);
        email = emailOf(account);
        aadObjectId = aadObjectId ?? account.aadObjectId;
      } catch (error) {
        logger.debug('member lookup failed', { error });
      }
    }
    return refs.saveUser({
      teamsId: member.id,
      aadObjectId: aadObjectId ?? undefined,
      email,
      name: member.name || undefined,
      tenantId: activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id,
      conversationId: activity.conversation.id,
      personal: conversationOf(activity).kind === 'dm',
    });
  }

  /** On install in a team or group chat: every member, so the bot can open a 1:1 chat with them later. */
  private async rememberRoster(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const personal = conversationOf(activity).kind === 'dm';
    let token: string | undefined;
    try {
      do {
        const page = await TeamsInfo.getPagedMembers(context, 500, token);
        for (const m of page.members ?? []) {
          await this.deps.refs.saveUser({
            teamsId: m.id,
            aadObjectId: m.aadObjectId || undefined,
            email: emailOf(m),
            name: m.name || undefined,
            tenantId: m.tenantId || activity.conversation?.tenantId,
            conversationId: activity.conversation.id,
            personal,
          });
        }
        token = page.continuationToken || undefined;
      } while (token);
    } catch (error) {
      this.deps.logger.warn('could not read the conversation roster', { error });
    }
  }
}

function emailOf(account: { email?: string; userPrincipalName?: string }): string | undefined {
  const candidate = account.email || account.userPrincipalName;
  return candidate && /^[^@\s]+@[^@\s]+$/.test(candidate) ? candidate : undefined;
}
