import { StaffroomError } from '../core/errors.ts';

/** One item of a section: a paragraph or a bullet, as clean one-line text. */
export interface ParsedItem {
  kind: 'paragraph' | 'bullet';
  text: string;
  /** For a bullet, the sentence that introduced its list ("This means that adults should:"). */
  leadIn?: string;
}

export interface ParsedSection {
  title: string;
  items: ParsedItem[];
}

/** Bullet glyphs PDF extraction leaves behind ( is Symbol-font U+F0B7), and Markdown's. */
const BULLET = /^\s*(?:[\uF0B7\uF0A7\uF076\uF0D8\u2022\u25AA\u25CF\u25E6\u2023\u2043\u00B7o§]\s+|[-*+]\s+|\d{1,2}[.)]\s+)/u;
const MD_HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
/** Prefixes that keep their hyphen when a word is broken across lines ("ex-\npupils", "re-\ntweets"). */
const HYPHEN_PREFIXES = new Set(['ex', 're', 'non', 'co', 'self', 'e', 'anti', 'pre', 'post', 'multi', 'well', 'cyber', 'sub', 'inter', 'on', 'off', 'part', 'full', 'long', 'short', 'semi', 'so', 'web', 'x']);

const TERMINAL = /[.;:!?)\u201D\u2019"']\s*$/;

function isTitleLike(line: string): boolean {
  const t = line.trim();
  if (!t || t.length > 80) return false;
  if (/[.,;:!?]$/.test(t)) return false;
  if (!/^[A-Z\u00C0-\u00DE]/.test(t)) return false;
  const words = t.split(/\s+/);
  return words.length <= 12 && /[a-z]/i.test(t);
}

/** Joins wrapped lines into one line, mending words hyphenated across the break. */
export function joinLines(lines: string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (!line) continue;
    if (!out) {
      out = line;
      continue;
    }
    const m = /([A-Za-z]+)-$/.exec(out);
    if (m && /^[a-z]/.test(line)) {
      const prefix = m[1].toLowerCase();
      out = HYPHEN_PREFIXES.has(prefix) ? out + line : out.slice(0, -1) + line;
    } else {
      out += ' ' + line;
    }
  }
  return out.replace(/\s+([,.;:])/g, '$1').trim();
}

/**
 * Splits a policy's text (PDF-extracted or Markdown) into sections and items.
 *
 * PDF text: headings are short title-like lines standing alone; bullets start with a glyph or, where
 * extraction dropped the glyph, with a single leading space; lines are broken mid-sentence.
 *
 * @throws StaffroomError POLICY.NOT_A_POLICY when the text has no policy-shaped content.
 */
export function parsePolicyText(input: string): ParsedSection[] {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/\f/g, '\n');
  const lines = text.split('\n');
  const markdown = lines.some((l) => MD_HEADING.test(l));

  const sections: ParsedSection[] = [];
  let section = null as ParsedSection | null;
  let current = null as { kind: ParsedItem['kind']; lines: string[]; leadIn?: string } | null;
  let listLeadIn: string | undefined; // set after an item ending with ':' until a new paragraph
  let lastItemText = '';

  const ensureSection = (): ParsedSection => {
    if (!section) {
      section = { title: 'General', items: [] };
      sections.push(section);
    }
    return section;
  };
  const flush = () => {
    if (!current) return;
    const joined = joinLines(current.lines).replace(BULLET, '').trim();
    if (joined) {
      const item: ParsedItem = { kind: current.kind, text: joined };
      if (current.kind === 'bullet' && current.leadIn) item.leadIn = current.leadIn;
      ensureSection().items.push(item);
      lastItemText = joined;
      if (current.kind === 'paragraph') listLeadIn = joined.endsWith(':') ? joined : undefined;
    }
    current = null;
  };
  const startItem = (kind: ParsedItem['kind'], first: string) => {
    flush();
    current = { kind, lines: [first], leadIn: kind === 'bullet' ? listLeadIn : undefined };
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\t/g, ' ').replace(/\s+$/, '');
    const prevBlank = i === 0 || lines[i - 1].trim() === '';
    const next = lines[i + 1] ?? '';
    if (!line.trim()) {
      flush();
      continue;
    }
    if (markdown) {
      const h = MD_HEADING.exec(line);
      if (h) {
        flush();
        section = { title: h[1].trim(), items: [] };
        sections.push(section);
        listLeadIn = undefined;
        continue;
      }
      if (BULLET.test(line)) startItem('bullet', line);
      else if (current && !prevBlank) current.lines.push(line);
      else startItem('paragraph', line);
      continue;
    }

    const leadingSpace = /^ \S/.test(line) || /^\s{2,}\S/.test(line);
    const glyph = BULLET.test(line) && !/^\s*\d/.test(line);
    const inList = listLeadIn !== undefined || lastItemText.endsWith(':');
    // A heading stands alone after a blank line, is title-like, and is followed by a blank line or
    // by the first line of a paragraph. A leading-space line inside a list is a bullet instead.
    const headingShape = prevBlank && !glyph && isTitleLike(line) && (next.trim() === '' || (line.trim().length < 60 && /^\s*[A-Z]/.test(next)));
    if (headingShape && !(leadingSpace && inList && sections.length > 0)) {
      flush();
      section = { title: line.trim(), items: [] };
      sections.push(section);
      listLeadIn = undefined;
      lastItemText = '';
      continue;
    }
    const prevText = (lines[i - 1] ?? '').trim();
    if (glyph) {
      startItem('bullet', line);
    } else if (leadingSpace && (prevBlank || TERMINAL.test(prevText) || !current)) {
      startItem('bullet', line);
    } else if (current && !prevBlank) {
      current.lines.push(line);
    } else {
      startItem('paragraph', line);
    }
  }
  flush();

  const nonEmpty = sections.filter((s) => s.items.length > 0);
  validatePolicyShape(input, nonEmpty);
  return nonEmpty;
}

function validatePolicyShape(input: string, sections: ParsedSection[]): void {
  const notPolicy = (why: string) =>
    new StaffroomError('POLICY.NOT_A_POLICY', `This file does not look like a policy document: ${why}. Give the text extracted from the policy's PDF, or Markdown with headings.`);
  if (input.includes('\u0000')) throw notPolicy('it is a binary file');
  const replacement = (input.match(/\uFFFD/g) ?? []).length;
  if (replacement > 5) throw notPolicy('it is not UTF-8 text');
  const items = sections.flatMap((s) => s.items);
  const words = items.reduce((n, it) => n + (it.text.match(/[A-Za-z]{2,}/g) ?? []).length, 0);
  if (items.length < 3 || words < 40) throw notPolicy(`it has only ${items.length} passages and ${words} words`);
  const letters = (input.match(/[A-Za-z]/g) ?? []).length;
  const symbols = (input.match(/[{}[\]<>=;|\\]/g) ?? []).length;
  if (symbols > letters * 0.05) throw notPolicy('it looks like code or data, not prose');
  const sentences = items.filter((it) => /[a-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,}/i.test(it.text)).length;
  if (sentences < items.length * 0.5) throw notPolicy('most of its lines are not sentences');
}
