import type { ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCard, renderForm, renderReply, type AdaptiveCard } from '../../adapters/teams/cards.ts';
import { submitTurn } from '../../adapters/teams/parse.ts';
import { VERDICTS, type Answer } from '../../src/answers/answer.ts';
import { answerCard } from '../../src/core/answer-card.ts';
import type { Card, CardForm, Reply } from '../../src/core/card.ts';
import { concernCard, groupsCard, helpCard } from '../../src/core/help.ts';
import { parseDirectory } from '../../src/directory/load.ts';
import { TRUST } from '../e2e/teams-harness.ts';
import { adaptiveCardValidator } from './teams-schema.ts';

let validate: ValidateFunction;

beforeAll(() => {
  validate = adaptiveCardValidator();
});

function expectValid(card: AdaptiveCard): void {
  const ok = validate(card);
  expect(ok ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
  expect(card.version).toBe('1.5');
}

const directory = (() => {
  const parsed = parseDirectory(TRUST);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.directory;
})();

function answer(verdict: Answer['verdict'], safeguarding = false): Answer {
  return {
    question: 'Can I add one of my pupils as a friend on Facebook?',
    verdict,
    answer: 'No. Staff must not accept pupils as friends on social media.',
    citations: [{ clauseId: 'SMP-7.3', policy: 'Social Media Policy', version: '2024', section: '7. Contact with pupils', text: 'Staff must not accept pupils as friends.' }],
    confidence: 1,
    basis: 'rule',
    followUps: ['Unsure? Ask your Head of School.'],
    safeguarding,
  };
}

const everyField: CardForm = {
  id: 'report.submit',
  title: 'Report a concern',
  submitLabel: 'Send report',
  intro: 'Only the Head of School will see this.',
  hidden: { case: 'SR-7KQ2-M9XD' },
  fields: [
    { id: 'what', label: 'What happened', type: 'textarea', required: true, maxLength: 4000, placeholder: 'Describe it', hint: 'Facts, not opinions.' },
    { id: 'link', label: 'Evidence link', type: 'text', initial: 'https://example.org/post' },
    { id: 'academy', label: 'Academy', type: 'select', required: true, placeholder: 'Choose', options: [{ value: 'oakfield', label: 'Oakfield' }, { value: 'hillcrest', label: 'Hillcrest' }] },
    { id: 'identity', label: 'Identity', type: 'radio', initial: 'confidential', options: [{ value: 'named', label: 'Named' }, { value: 'confidential', label: 'Confidential' }, { value: 'anonymous', label: 'Anonymous' }] },
    { id: 'about', label: 'About', type: 'checkbox', options: [{ value: 'head', label: 'The Head of School' }, { value: 'exec', label: 'The Executive Head' }] },
    { id: 'urgent', label: 'A child is at risk', type: 'checkbox' },
  ],
};

describe('Teams cards: every card kind validates against the Adaptive Cards 1.5 schema', () => {
  it('the validator rejects what Teams would reject (so the checks below can fail)', () => {
    const bad = (node: Record<string, unknown>) => validate({ type: 'AdaptiveCard', version: '1.5', body: [node] });
    expect(bad({ type: 'TextBlock', text: 'x', weight: 'Heavy' })).toBe(false);
    expect(bad({ type: 'Input.Text', label: 'no id', isMultiline: true, colour: 'red' })).toBe(false);
    expect(bad({ type: 'Container', style: 'badge', items: [] })).toBe(false);
    expect(bad({ type: 'TextBlock', text: 'fine', wrap: true })).toBe(true);
  });

  it.each(VERDICTS.map((v) => [v]))('answer card with verdict %s: badge, quoted clause, buttons', (verdict) => {
    const card = renderCard(answerCard(answer(verdict, verdict === 'guidance'), 'q-1', directory.data.academies.map((a) => a.dsl)));
    expectValid(card);
    const json = JSON.stringify(card);
    expect(json).toContain('SMP-7.3');
    expect(card.body.find((n) => n.type === 'Container' && n.style)).toBeTruthy();
    expect(card.actions!.map((a) => a.type)).toEqual(['Action.Submit', 'Action.Submit', 'Action.Submit', 'Action.Submit']);
  });

  it('help, report and groups cards', () => {
    for (const card of [helpCard(directory), concernCard(directory, 'sam@oakfield.example'), groupsCard(directory, null)]) expectValid(renderCard(card));
  });

  it('a form with every field type, as a form reply and inline on a card', () => {
    const form = renderForm(everyField);
    expectValid(form);
    expect(form.body.map((n) => n.type)).toEqual(expect.arrayContaining(['Input.Text', 'Input.ChoiceSet', 'Input.Toggle']));
    const inline = renderCard({ title: 'A policy question for you', blocks: [{ type: 'text', text: 'Reply below.' }], form: everyField, actions: [{ id: 'x', label: 'Later', value: {} }] });
    expectValid(inline);
    // The extra button must not submit (or be blocked by) the form's required inputs.
    expect(inline.actions!.find((a) => a.title === 'Later')).toMatchObject({ associatedInputs: 'none' });
  });

  it('fields, context, dividers, danger/primary buttons and an empty card', () => {
    const card: Card = {
      title: 'Case SR-7KQ2-M9XD',
      blocks: [
        { type: 'fields', fields: [{ label: 'Category', value: 'Social media conduct' }, { label: 'Evidence', value: '' }] },
        { type: 'divider' },
        { type: 'context', text: 'Received 3 Dec' },
        { type: 'fields', fields: [] },
        { type: 'divider' },
      ],
      actions: [{ id: 'ack', label: 'Acknowledge', value: { c: '1' }, style: 'primary' }, { id: 'close', label: 'Close', value: {}, style: 'danger' }],
    };
    const rendered = renderCard(card);
    expectValid(rendered);
    expect(rendered.body[2]).toMatchObject({ separator: true });
    expectValid(renderCard({ blocks: [] }));
  });

  it('every reply kind', () => {
    const replies: Reply[] = [
      { kind: 'message', card: { blocks: [{ type: 'text', text: 'hi' }] }, private: true },
      { kind: 'form', form: everyField },
      { kind: 'update', card: { title: 'Reply sent', blocks: [{ type: 'quote', text: 'q', source: 'Their question' }] } },
    ];
    for (const r of replies) expectValid(renderReply(r));
  });
});

describe('Teams cards: a submit comes back as the Turn the core expects', () => {
  const user = { platform: 'teams' as const, id: 'aad-1' };
  const conversation = { platform: 'teams' as const, id: 'a:1', kind: 'dm' as const };

  it('button data → ActionTurn with the button value', () => {
    const card = renderCard({ blocks: [], actions: [{ id: 'answer.feedback', label: '👍', value: { q: 'q-1', vote: 'up' } }] });
    expect(submitTurn(card.actions![0].data, user, conversation)).toEqual({ kind: 'action', user, conversation, actionId: 'answer.feedback', value: { q: 'q-1', vote: 'up' } });
  });

  it('form data merged with the inputs (as Teams sends it) → SubmitTurn with hidden values and answers', () => {
    const form = renderForm(everyField);
    const data = { ...(form.actions![0].data as object), what: 'A post', academy: 'oakfield', about: 'head,exec', urgent: 'true' };
    expect(submitTurn(data, user, conversation)).toEqual({
      kind: 'submit', user, conversation, formId: 'report.submit',
      values: { case: 'SR-7KQ2-M9XD', what: 'A post', academy: 'oakfield', about: 'head,exec', urgent: 'true' },
    });
  });

  it('data that is not ours → null', () => {
    expect(submitTurn({ id: 'x' }, user, conversation)).toBeNull();
    expect(submitTurn('text', user, conversation)).toBeNull();
  });
});
