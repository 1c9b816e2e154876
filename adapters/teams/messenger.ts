import { TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Reply } from '../../src/core/card.ts';
import { StaffroomError } from '../../src/core/errors.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Messenger } from '../../src/core/ports.ts';
import type { UserRef } from '../../src/core/turn.ts';
import { cardAttachment, renderReply } from './cards.ts';
import type { TeamsReferenceRepository, TeamsUser } from './references.ts';

/**
 * Reaches Teams users proactively through stored conversation references: their 1:1 chat with the bot
 * (continueConversationAsync), or, when they have only been seen in a team or group chat, a new 1:1 chat
 * created through the same service (createConversationAsync).
 */
export class TeamsMessenger implements Messenger {
  readonly platform = 'teams' as const;

  constructor(
    private readonly adapter: CloudAdapter,
    /** The bot's Microsoft App Id ('' in local mode). */
    private readonly appId: string,
    private readonly refs: TeamsReferenceRepository,
    private readonly logger: Logger,
  ) {}

  /** The Teams user with this email, from the references stored on install or first message. */
  async resolveUserByEmail(email: string): Promise<UserRef | null> {
    const user = await this.refs.findByEmail(email);
    return user ? toUserRef(user) : null;
  }

  /** The email Teams gave for a user who spoke to the bot (stored on install or first message). */
  async lookupEmail(user: UserRef): Promise<string | null> {
    return user.email ?? (await this.refs.findById(user.id))?.email ?? null;
  }

  /**
   * Sends the replies to the user's personal chat. Forms and updates are sent as new cards.
   * Throws `TEAMS.UNREACHABLE` when the bot has no way to reach the user yet.
   */
  async sendToUser(user: UserRef, replies: Reply[]): Promise<void> {
    const known = (await this.refs.findById(user.id)) ?? (user.email ? await this.refs.findByEmail(user.email) : null);
    if (!known) throw new StaffroomError('TEAMS.UNREACHABLE', 'That person has not used Staffroom in Teams yet, so the bot cannot message them.');
    const activities = replies.map((r) => ({ type: 'message', attachments: [cardAttachment(renderReply(r))] }));

    const personal = known.personalConversationId ? await this.refs.conversation(known.personalConversationId) : null;
    if (personal) {
      await this.run((logic) => this.adapter.continueConversationAsync(this.appId, personal, logic), async (context) => {
        for (const a of activities) await context.sendActivity(a);
      });
      return;
    }

    const seen = known.seenConversationId ? await this.refs.conversation(known.seenConversationId) : null;
    if (!seen?.serviceUrl) throw new StaffroomError('TEAMS.UNREACHABLE', 'The bot has no conversation with that person to reach them through.');
    const tenantId = known.tenantId ?? seen.conversation?.tenantId;
    const parameters = {
      isGroup: false,
      bot: seen.bot!,
      members: [{ id: known.teamsId, name: known.name ?? '' }],
      tenantId,
      channelData: tenantId ? { tenant: { id: tenantId } } : undefined,
      activity: undefined as never,
    };
    await this.run(
      (logic) => this.adapter.createConversationAsync(this.appId, seen.channelId ?? 'msteams', seen.serviceUrl!, undefined as never, parameters, logic),
      async (context) => {
        const reference: Partial<ConversationReference> = TurnContext.getConversationReference(context.activity);
        reference.conversation = { ...reference.conversation!, conversationType: 'personal', isGroup: false, tenantId };
        reference.user = { id: known.teamsId, name: known.name ?? '', aadObjectId: known.aadObjectId ?? undefined };
        await this.refs.saveConversation(reference);
        await this.refs.saveUser({ teamsId: known.teamsId, conversationId: reference.conversation.id, personal: true, tenantId: tenantId ?? undefined });
        for (const a of activities) await context.sendActivity(a);
      },
    );
    this.logger.info('opened a personal chat', { platform: 'teams' });
  }

  /**
   * The adapter hands a failing turn to onTurnError, which logs and swallows it; for proactive sends
   * the caller must learn of the failure, so the error is carried out of the turn and rethrown.
   */
  private async run(start: (logic: (context: TurnContext) => Promise<void>) => Promise<void>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: unknown;
    await start(async (context) => {
      try {
        // The proactive turn's activity is synthetic; without its id the sends are new messages in the
        // chat (POST …/activities), not replies to a message that does not exist.
        context.activity.id = undefined;
        await logic(context);
      } catch (error) {
        failure = error;
      }
    });
    if (failure) throw failure;
  }
}

function toUserRef(user: TeamsUser): UserRef {
  const ref: UserRef = { platform: 'teams', id: user.aadObjectId ?? user.teamsId };
  if (user.email) ref.email = user.email;
  if (user.name) ref.name = user.name;
  return ref;
}
