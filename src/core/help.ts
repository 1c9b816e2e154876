import type { Directory } from '../directory/directory.ts';
import type { Card } from './card.ts';
import { describe } from './deps.ts';

/** How to ask: shown for an empty message, a greeting, or "help". */
export function helpCard(directory: Directory): Card {
  return {
    title: `Staffroom: ${directory.trustName} policies`,
    blocks: [
      { type: 'text', text: 'Ask me whether something is allowed under the trust\'s policies, in your own words. For example: "Can I add a pupil as a friend on Facebook?" or "Can I post photos of the school trip?"' },
      { type: 'text', text: 'I answer with a verdict, a short answer and the exact clauses it rests on. Message me directly, mention me in a channel (I answer in the thread), or use /policy followed by your question for an answer only you can see.' },
      { type: 'context', text: 'Each answer has buttons: 👍 / 👎 to tell us if it helped, "Ask a person" to send your question privately to your Head of School, and "Report a concern".' },
    ],
  };
}

/**
 * "Report a concern" and `/report`, until private concern reporting is switched on: who to tell,
 * from the trust directory, and the safeguarding route. Nothing is recorded.
 */
export function concernCard(directory: Directory, askerEmail: string | null): Card {
  const academy = directory.academyFor(askerEmail);
  const head = academy ? describe(academy.headOfSchool, 'Head of School', academy.name) : 'your Head of School';
  const exec = describe(directory.data.executiveHead, 'Executive Head');
  const dsls = directory.dslsFor(askerEmail).map((p) => describe(p, 'DSL')).join(' or ');
  return {
    title: 'Report a concern',
    blocks: [
      { type: 'text', text: `Private reporting through /report is not switched on for ${directory.trustName} yet. Until it is, please raise your concern directly with ${head}, or with ${exec} if it is about the Head of School. Do not write the details in this chat.` },
      { type: 'text', text: `🚨 If a child may be at risk, tell the Designated Safeguarding Lead today: ${dsls}. If a child is in immediate danger, call 999.` },
    ],
  };
}

/** `/groups`, until the employee-group register is switched on: the policy's approval route. */
export function groupsCard(directory: Directory, askerEmail: string | null): Card {
  const route = directory.routeQuestion(askerEmail);
  return {
    title: 'Employee groups',
    blocks: [
      { type: 'text', text: `The employee-group register is not switched on for ${directory.trustName} yet. Under the Social Media Policy, a work-related social media site needs approval first: please discuss it with ${describe(route.to, route.role, route.academy?.name)}.` },
      { type: 'context', text: 'Creators of employee groups are responsible for monitoring the content and keeping it within the policy.' },
    ],
  };
}
