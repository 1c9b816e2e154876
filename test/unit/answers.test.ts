import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES_DIR, sampleAnswerer, sampleClauses } from '../helpers/sample-answerer.ts';
import { createAnswerer, type Answerer } from '../../src/answers/answerer.ts';
import { isStaffroomError } from '../../src/core/errors.ts';
import { Canonicaliser, withoutPreamble } from '../../src/answers/text.ts';
import { ClauseIndex } from '../../src/policy/clause-index.ts';
import YAML from 'yaml';

let answerer: Answerer;
beforeAll(async () => {
  answerer = await sampleAnswerer();
});

describe('retrieval', () => {
  const canon = new Canonicaliser(YAML.parse(fs.readFileSync(path.join(RULES_DIR, 'thesaurus.yaml'), 'utf8')));
  const index = new ClauseIndex(sampleClauses(), canon);

  it('meets synonyms: kids, Insta and pics find the photographs clause', () => {
    const { hits } = index.query('pics of the kids on insta');
    expect(hits[0].clause.id).toBe('SMP-7.7');
  });

  it('stems: "reasons", "checking" and "usage" find the clause on checking internet use', () => {
    expect(index.query('what reasons justify checking my internet usage').hits[0].clause.id).toBe('SMP-11.2');
  });

  it('is confident on a policy question and not on an unrelated one', () => {
    expect(index.query('who should I report a colleague breach of policy to').confidence).toBeGreaterThan(0.5);
    expect(index.query('how do I book a parking space').confidence).toBeLessThan(0.3);
  });
});

describe('facts', () => {
  it('reads action, audience, platform and channel from everyday wording', () => {
    const f = answerer.facts('Can I DM one of my Year 9 students on Insta from my own phone?');
    expect(f.intent).toBe('permission');
    expect(f.actions).toContain('message');
    expect(f.audience).toContain('pupil');
    expect(f.platforms).toContain('instagram');
    expect(f.channel).toContain('personal_device');
  });

  it('tells an ex-pupil from a pupil, and a relative', () => {
    expect(answerer.facts('Can I accept a friend request from a former student?').audience).toEqual(['ex_pupil']);
    expect(answerer.facts('My nephew is in year 8, can he follow me?').audience).toEqual(expect.arrayContaining(['pupil', 'relative']));
  });

  it('reads Scottish and Northern Irish year groups as pupils, and leaves other codes alone', () => {
    expect(answerer.canonical('Can I give the S4s my email?')).toBe(answerer.canonical('Can I give the pupils my email?'));
    expect(answerer.canonical('one of my P7s added me')).toContain('pupil');
    expect(answerer.canonical('I took my S3 to the museum')).toContain('my pupil to');
    expect(answerer.canonical('my old Galaxy S4 phone')).toContain('s4');
  });

  it('reads pupils mentioned only to deny them as absent', () => {
    expect(answerer.facts('Can I post a photo of the display? No kids in it.').audience ?? []).not.toContain('pupil');
    expect(answerer.facts("Can I share this ADHD strategies post? It's not about any particular child").audience ?? []).not.toContain('pupil');
    expect(answerer.facts('Can I ask a forum for behaviour tips, no specifics about any kids?').audience ?? []).not.toContain('pupil');
    expect(answerer.facts('Can I blog about my burnout, keeping school and kids completely out of it?').audience ?? []).not.toContain('pupil');
    expect(answerer.facts('Is it fine to go on Facebook once the kids have gone home?').audience ?? []).not.toContain('pupil');
    expect(answerer.facts('A looked-after pupil has gone missing from the house. Can I text her?').audience ?? []).toContain('pupil');
    expect(answerer.facts('Can I message a student after the pupils have gone missing from the trip?').audience ?? []).toContain('pupil');
    expect(answerer.facts('Can I share this post about a particular child?').audience).toContain('pupil');
    // Parents and ex-pupils denied in the same breath, and denied links to any of them.
    const none = answerer.facts('Can I post beach photos? There are no pupils or parents on my friends list.').audience ?? [];
    expect(none).not.toContain('pupil');
    expect(none).not.toContain('parent');
    const linked = answerer.facts("Can I network on LinkedIn? I'm not connected to any pupils or ex-pupils on there.").audience ?? [];
    expect(linked).not.toContain('pupil');
    expect(linked).not.toContain('ex_pupil');
    expect(answerer.facts('Can I accept a friend request from a parent? There are no pupils on my list.').audience).toContain('parent');
  });

  it('reads accented letters as plain ones', () => {
    expect(answerer.canonical('Can I review the café?')).toBe(answerer.canonical('Can I review the cafe?'));
    expect(answerer.canonical('my naïve résumé')).toBe('my naive resume');
  });

  it('reads past a chat opener to the question, and leaves questions that only look like one', () => {
    expect(withoutPreamble('Hi team, quick one: can I post this?')).toBe('can I post this?');
    expect(withoutPreamble('Just checking: my BeReal went off in period 3. Can I post it?')).toBe('my BeReal went off in period 3. Can I post it?');
    expect(withoutPreamble('Sorry if this is a silly question but can I like a post?')).toBe('can I like a post?');
    expect(withoutPreamble('Just checking my privacy settings are OK?')).toBe('Just checking my privacy settings are OK?');
    expect(withoutPreamble('Evening classes: can I post the timetable?')).toBe('Evening classes: can I post the timetable?');
    expect(withoutPreamble('Hi')).toBe('Hi');
    // "checking" in the opener is not a question about monitoring.
    expect(answerer.facts('Just checking: my BeReal went off in period 3. Can I post it?').topics).not.toContain('monitoring');
  });

  it('reads conditions: parental consent and senior leadership', () => {
    expect(answerer.facts('Parents have signed the photo consent form, can I post pictures of the class?').conditions).toContain('parental_permission');
    expect(answerer.facts('SLT agreed I can give my number to a pupil').conditions).toContain('senior_leadership');
  });
});

describe('verdicts', () => {
  it.each([
    ['Is it OK to accept a follow request on TikTok from a kid in my form?', 'prohibited', 'SMP-7.3'],
    ['My own daughter attends the academy. Can she be my friend on Facebook?', 'conditional', 'SMP-7.3'],
    ['Can I put pics of the sports day on my Facebook if parents said yes?', 'conditional', 'SMP-7.7'],
    ['Can I leave a bad review of the school cleaning contractor on Trustpilot?', 'prohibited', 'SMP-7.11'],
    ['Do I need to keep my Instagram account private?', 'required', 'SMP-7.3'],
    ['Can I scroll Instagram on my break?', 'allowed', 'SMP-3.5'],
  ])('%s → %s citing %s', async (q, verdict, clause) => {
    const a = await answerer.ask(q);
    expect(a.verdict).toBe(verdict);
    expect(a.citations.map((c) => c.clauseId)).toContain(clause);
    expect(a.citations[0]).toMatchObject({ policy: 'Social Media Policy', version: '2024' });
  });

  it('quotes the sentences of a long clause that bear on the question, keeping the full text', async () => {
    const a = await answerer.ask('Can I text a student on their mobile from my own phone?');
    const long = a.citations.find((c) => c.clauseId === 'SMP-8.13');
    expect(long?.text.length).toBeGreaterThan(1000);
    expect(long?.excerpt).toMatch(/contacting students on their mobile phones/);
    expect(long!.excerpt!.length).toBeLessThan(long!.text.length / 2);
    expect(a.citations.find((c) => c.clauseId === 'SMP-8.9')?.excerpt).toBeUndefined();
  });

  it("fills a one-clause rule's citations with the best matches of its section: a definition and the activities it lists", async () => {
    const a = await answerer.ask('Does uploading videos to YouTube count as social media?');
    const ids = a.citations.map((c) => c.clauseId);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe('SMP-4.1');
    expect(ids).toContain('SMP-4.8');
    expect(ids.every((id) => id.startsWith('SMP-4.'))).toBe(true);
  });

  it('says plainly when the policy does not cover a question, offering nearest clauses only as related', async () => {
    const a = await answerer.ask('Can I wear jeans on a non-uniform day?');
    expect(a.verdict).toBe('not_covered');
    expect(a.citations).toEqual([]);
    expect(a.answer).toMatch(/does not cover/);
    expect(a.followUps?.join(' ')).toMatch(/Head of School/);
    // Off the policy's subject altogether, no clause is offered as "nearest": it would be noise.
    expect(a.related ?? []).toEqual([]);
    expect(a.answer).not.toMatch(/clauses below/);
    // About social media but with no rule for it, the nearest clauses are offered.
    const near = await answerer.ask('Can I message a colleague on Facebook Messenger to ask about swapping a break duty?');
    expect(near.verdict).toBe('not_covered');
    expect(near.related?.length).toBeGreaterThan(0);
    expect(near.answer).toMatch(/clauses below/);
  });

  it('finds a question about leave or legal support not covered, even told inside a social media story', async () => {
    const a = await answerer.ask('A parent posted lies about me on Facebook and I have a hearing about it. Can I get time off to see a solicitor?');
    expect(a.verdict).toBe('not_covered');
    expect(a.citations).toEqual([]);
    expect(a.answer).toMatch(/does not cover/);
    expect(a.ruleName).toBe('employment-matters');
  });

  it('answers the question about the policy that ends a long story, not the details told before it', async () => {
    const story = 'Last month a parent found my address through my posts and turned up at my door. My partner wants me to delete everything, and a pupil once mentioned seeing my holiday photos.';
    const asked = await answerer.ask(`${story} What does the policy advise about keeping myself safe?`);
    expect(asked.verdict).toBe('guidance');
    expect(asked.ruleName).toBe('personal-security');
    expect(asked.citations.map((c) => c.clauseId)).toContain('SMP-10.3');
    // A question that asks leave for something in the story still rests on the story.
    const act = await answerer.ask('I help run the after-school club. A parent told me the E-Safety Policy is only for pupils. One of the Year 5s was telling me about the games he plays online. Can I follow him on Roblox?');
    expect(act.verdict).toBe('prohibited');
    expect(act.citations.map((c) => c.clauseId)).toContain('SMP-7.3');
  });

  it('takes the kind of answer wanted from the sentence that asks, after a story told first', async () => {
    const story = 'There is a political row online and a commentator I follow called a group a name that is an ethnic slur. I agree with his wider point.';
    // A yes/no question about whether something counts rules on it; "what counts" informs.
    expect((await answerer.ask(`${story} Would a plain retweet count as a breach?`)).verdict).toBe('prohibited');
    expect((await answerer.ask(`${story} What counts as a breach here?`)).verdict).toBe('guidance');
    // A filler before "why" does not hide the question's opener.
    expect((await answerer.ask("Honestly, why can't I be friends with pupils on Facebook?")).verdict).toBe('guidance');
    expect((await answerer.ask('Genuine question - why is it such a big deal to ring a pupil from my own phone?')).verdict).toBe('guidance');
    // Asked for the definition itself, a yes/no opener still informs.
    expect((await answerer.ask('Does the policy give a definition of harassment?')).verdict).toBe('guidance');
  });

  it('routes a child at risk to the DSL and 999', async () => {
    const a = await answerer.ask("I'm worried a pupil in my class is self-harming after messages online");
    expect(a.verdict).toBe('guidance');
    expect(a.safeguarding).toBe(true);
    expect(a.followUps?.join(' ')).toMatch(/Designated Safeguarding Lead/);
    expect(a.followUps?.join(' ')).toMatch(/999/);
  });

  it.each([
    ['', 'ANSWERS.EMPTY_QUESTION'],
    ['   \n ', 'ANSWERS.EMPTY_QUESTION'],
    ['x'.repeat(50_000), 'ANSWERS.QUESTION_TOO_LONG'],
    ['??? !!! 123', 'ANSWERS.NOT_A_QUESTION'],
  ])('refuses bad input with a clear message (%#)', async (q, code) => {
    await expect(answerer.ask(q)).rejects.toSatisfy((e) => isStaffroomError(e, code) && (e as Error).message.length > 10);
  });
});

describe('rules check', () => {
  it('passes for the shipped rules', () => {
    expect(answerer.check()).toEqual([]);
  });

  it('fails when a rule cites a missing clause or an unknown fact', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    for (const f of ['thesaurus.yaml', 'facts.yaml']) fs.copyFileSync(path.join(RULES_DIR, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, 'bad.rules.json'), JSON.stringify({
      rules: [{
        name: 'bad', priority: 1,
        conditions: { all: [{ fact: 'mood', operator: 'equal', value: 'happy' }, { fact: 'audience', operator: 'contains', value: 'aliens' }] },
        event: { type: 'verdict', params: { verdict: 'allowed', answer: 'Yes.', clauses: ['SMP-99.1'] } },
      }, {
        name: 'outside', priority: 2,
        conditions: { all: [{ fact: 'intent', operator: 'equal', value: 'permission' }] },
        event: { type: 'verdict', params: { verdict: 'not_covered', answer: 'Not ours.', clauses: ['SMP-7.3'] } },
      }],
    }));
    const broken = await createAnswerer({ clauses: sampleClauses(), rulesDir: dir });
    const problems = broken.check().join('\n');
    expect(problems).toMatch(/cites SMP-99.1, which does not exist/);
    expect(problems).toMatch(/fact "mood", which no fact provider gives/);
    expect(problems).toMatch(/"aliens", a value facts.yaml never produces/);
    expect(problems).toMatch(/rule "outside" decides not_covered, so it must name no clauses/);
  });
});

describe('personal use is allowed only when nothing in the question is a risk', () => {
  // Each question carries a sign of personal use (a hobby, a charity run, a review, a professional
  // network, "nothing to do with school") next to something the policy forbids or conditions.
  const risky: [string, string[]][] = [
    ["Can I post a photo of my Year 9 football team on my running club's Facebook page?", ['prohibited', 'conditional']],
    ["Can I leave a bad review of the school's catering company on TripAdvisor?", ['prohibited']],
    ['Can I share my JustGiving page with my pupils on Instagram?', ['prohibited']],
    ['Can I post about our Ofsted results on LinkedIn?', ['prohibited']],
    ['Can I put the school logo on my baking blog?', ['prohibited']],
    ["Can I write about a difficult pupil on my personal blog? It's nothing to do with school", ['prohibited']],
    ['Can I ask parents to sponsor my marathon through the school Facebook page?', ['prohibited', 'conditional']],
    ["Can I tweet my union's view that the head is incompetent?", ['prohibited']],
    ["Can I share a sexually explicit meme on my band's page?", ['prohibited']],
    ['Can I connect with ex-pupils on LinkedIn?', ['prohibited']],
    ["Can I share the trust's draft budget in my union's WhatsApp group?", ['prohibited']],
    ['Can I post my gig photos on Instagram during my lessons?', ['prohibited']],
  ];
  it.each(risky)('%s', async (question, verdicts) => {
    expect(verdicts).toContain((await answerer.ask(question)).verdict);
  });

  it('allows the same kinds of use when nothing is a risk', async () => {
    for (const q of ['Can I leave a review of a local restaurant on TripAdvisor?', 'Can I share my JustGiving page for the London marathon on Facebook?', 'Can I join a LinkedIn group for SENCOs to swap ideas?']) {
      expect((await answerer.ask(q)).verdict, q).toBe('allowed');
    }
  });
});
