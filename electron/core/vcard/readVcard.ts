// Reading a vCard file (.vcf) as the import's rows: what Apple Contacts, Google, Outlook and phones export.
import ICAL from 'ical.js';

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;
import { AppError } from '../errors.ts';
import { tooManyRows, type CsvLimits } from '../csv/parse.ts';

/**
 * The columns a vCard becomes, so a .vcf goes through the same preview, mapping, checks and
 * "rows not imported" file as a CSV. The preferred email and phone (PREF, else the first) fill the
 * contact's fields; the others are kept, one per line, in the contact's imported note.
 */
export const VCARD_HEADERS = ['Full name', 'First name', 'Last name', 'Email', 'Other email', 'Phone', 'Other phone', 'Company', 'Categories', 'Note', 'Source'];

/** Where the reader hands each card: its row of cells, or why it cannot be read. `card` counts from 1. */
export interface VcardSink {
  header(headers: string[]): void;
  card(line: number, card: number, cells: string[]): void;
  unreadable(line: number, card: number, reason: string): void;
}

/** Whether the text is a vCard file: its first non-blank line opens a card. */
export const isVcard = (text: string): boolean => /^\ufeff?\s*BEGIN:VCARD[ \t]*\r?$/im.test(text.slice(0, 1024).split('\n', 8).find((l) => l.trim() !== '') ?? '');

/** Properties holding pictures, sounds or keys: never imported, so dropped before parsing (they may be megabytes). */
const BINARY = /^(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]/i;

/** The most text one card may hold once its pictures are left out; past it the card is a problem, not a contact. */
export const MAX_CARD_CHARS = 1024 * 1024;

/**
 * Reads every card in file order, one at a time: lines from BEGIN:VCARD to END:VCARD, with the line
 * number the card starts on. vCard 2.1 (quoted-printable values with their CHARSET, bare TYPE
 * parameters) is brought to 3.0 first; then ical.js (vCard 3.0 and 4.0: folded lines, escapes,
 * structured names) parses it. A card it cannot read is reported with its line and number, and the
 * others are read on. Past `maxRows` cards the read stops with TOO_LARGE, as for a CSV. The text is
 * walked line by line (never split whole: a hostile file of millions of lines) and a card's pictures
 * are skipped as they are read, so one card holds at most MAX_CARD_CHARS.
 */
export function streamVcards(text: string, sink: VcardSink, { maxRows = Infinity }: CsvLimits = {}): void {
  const input = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  sink.header(VCARD_HEADERS);
  let cards = 0;
  let card: string[] | null = null;
  let cardLine = 0;
  let cardChars = 0;
  let inBinary = false;
  const next = () => {
    if (++cards > maxRows) throw tooManyRows(maxRows);
    return cards;
  };
  for (let pos = 0, lineNo = 1; pos < input.length; lineNo++) {
    let end = input.indexOf('\n', pos);
    if (end < 0) end = input.length;
    const line = input.slice(pos, end);
    pos = end + 1;
    if (/^BEGIN:VCARD\s*$/i.test(line)) {
      if (card) sink.unreadable(cardLine, next(), 'the card has no END:VCARD line');
      card = [line];
      cardLine = lineNo;
      cardChars = 0;
      inBinary = false;
    } else if (card && /^END:VCARD\s*$/i.test(line)) {
      card.push(line);
      if (cardChars > MAX_CARD_CHARS) sink.unreadable(cardLine, next(), `the card holds more than ${MAX_CARD_CHARS / 1024 / 1024} MB of text`);
      else readCard(card, cardLine, next(), sink);
      card = null;
    } else if (card) {
      // A picture's continuation lines (indented, or base64 up to a blank line in vCard 2.1) are never kept.
      if (inBinary && (/^[ \t]/.test(line) || /^[A-Za-z0-9+/=]+$/.test(line))) continue;
      inBinary = BINARY.test(line);
      if (inBinary) continue;
      cardChars += line.length;
      if (cardChars <= MAX_CARD_CHARS) card.push(line);
    }
    // Lines outside BEGIN:VCARD ... END:VCARD are not part of any contact.
  }
  if (card) sink.unreadable(cardLine, next(), 'the card has no END:VCARD line');
  if (cards === 0) throw new AppError('VALIDATION', 'The file holds no vCard (no BEGIN:VCARD ... END:VCARD). Export the contacts again as vCard (.vcf).');
}

function readCard(raw: string[], line: number, card: number, sink: VcardSink): void {
  let component: Component;
  try {
    component = new ICAL.Component(ICAL.parse(toVcard3(raw).join('\r\n') + '\r\n'));
  } catch (err) {
    sink.unreadable(line, card, `not a readable vCard (${err instanceof Error ? err.message : String(err)})`);
    return;
  }
  const texts = (name: string) =>
    component.getAllProperties(name).flatMap((p) => p.getValues().map((v) => (Array.isArray(v) ? v.join(' ') : String(v)).trim()));
  const first = (name: string) => texts(name).find(Boolean) ?? '';
  const structured = (name: string, part: number) => {
    const v = component.getFirstPropertyValue(name) as unknown;
    return (Array.isArray(v) ? String(v[part] ?? '') : part === 0 ? String(v ?? '') : '').trim();
  };
  const preferredFirst = (name: string, clean: (v: string) => string) => {
    const props = component.getAllProperties(name);
    const isPref = (p: Property) =>
      [p.getParameter('type')].flat().some((t) => String(t).toLowerCase() === 'pref') || String(p.getParameter('pref') ?? '') === '1';
    const ordered = [...props.filter(isPref), ...props.filter((p) => !isPref(p))];
    const values = [...new Set(ordered.map((p) => clean(String(p.getFirstValue() ?? ''))).filter(Boolean))];
    return [values[0] ?? '', values.slice(1).join(' ::: ')];
  };
  const [email, otherEmails] = preferredFirst('email', (v) => v.replace(/^mailto:/i, '').trim());
  const [phone, otherPhones] = preferredFirst('tel', (v) => v.replace(/^tel:/i, '').replace(/;ext=/i, ' x').trim());
  sink.card(line, card, [
    first('fn'),
    structured('n', 1),
    structured('n', 0),
    email!,
    otherEmails!,
    phone!,
    otherPhones!,
    structured('org', 0),
    texts('categories').filter(Boolean).join(', '),
    texts('note').filter(Boolean).join('\n'),
    // What Kyrios wrote as the contact's source (writeVcard.ts).
    first('x-kyrios-source'),
  ]);
}

/**
 * One card's lines as vCard 3.0 ical.js reads: folded lines joined, binary properties dropped,
 * vCard 2.1's quoted-printable values decoded with their CHARSET (soft line breaks joined) and its bare
 * parameters ("TEL;CELL;VOICE:") written as TYPE=.
 */
export function toVcard3(raw: string[]): string[] {
  const logical: string[] = [];
  let qpOpen = false;
  for (const line of raw) {
    const last = logical.length - 1;
    if (qpOpen && last >= 0) {
      logical[last] = logical[last]!.slice(0, -1) + line.replace(/^[ \t]/, '');
    } else if (/^[ \t]/.test(line) && last >= 0) {
      logical[last] += line.slice(1);
    } else if (line.trim() !== '') {
      logical.push(line);
    }
    const current = logical[logical.length - 1] ?? '';
    qpOpen = isQuotedPrintable(current) && current.endsWith('=');
  }
  return logical.filter((l) => !BINARY.test(l)).map(normalizeProperty);
}

const isQuotedPrintable = (line: string) => /^[^:]*;(?:ENCODING=)?QUOTED-PRINTABLE[;:]/i.test(line);

function normalizeProperty(line: string): string {
  const colon = line.indexOf(':');
  if (colon < 0) return line;
  const [name, ...params] = line.slice(0, colon).split(';');
  let value = line.slice(colon + 1);
  if (/^VERSION$/i.test(name!)) return 'VERSION:3.0';
  const charset = params.find((p) => /^CHARSET=/i.test(p))?.slice(8) ?? 'utf-8';
  const kept: string[] = [];
  let qp = false;
  for (const p of params) {
    if (/^(?:ENCODING=)?QUOTED-PRINTABLE$/i.test(p)) qp = true;
    else if (/^CHARSET=/i.test(p) || /^ENCODING=8BIT$/i.test(p)) continue;
    else kept.push(p.includes('=') ? p : `TYPE=${p}`);
  }
  if (qp) value = decodeQuotedPrintable(value, charset).replace(/\r\n|\r|\n/g, '\\n');
  return [name, ...kept].join(';') + ':' + value;
}

/** Quoted-printable text ("Z=C3=B6e") in its charset; bytes that are not valid in it are read as Windows-1252. */
function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value.slice(i + 1, i + 3);
    if (value[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      for (const b of Buffer.from(value[i]!, 'utf8')) bytes.push(b);
    }
  }
  const data = new Uint8Array(bytes);
  try {
    return new TextDecoder(charset.toLowerCase(), { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
}
