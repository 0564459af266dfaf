import { FREE_MAIL, SOURCES, SOURCE_WEIGHTS, TAGS, TAG_WEIGHTS, type Pools } from './pools.ts';
import type { Random } from './random.ts';

export const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** A generated contact, in the shape of a `contacts` row. */
export interface SeedContact {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  phoneDigits: string | null;
  company: string | null;
  tags: string[];
  source: string | null;
  createdAt: number;
  updatedAt: number;
}

const TAG_COUNTS = [0, 1, 2, 3];
const TAG_COUNT_WEIGHTS = [35, 35, 20, 10];

/** Letters only, lowercased, accents dropped: "O'Connell" -> "oconnell". */
const mailPart = (s: string) =>
  s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z]+/g, '') || 'contact';

// Phone numbers: the 10-digit national number is an affine bijection of the contact's index over
// [2000000000, 9999999999], so distinct indexes never share a number, and consecutive contacts do not
// get consecutive numbers. P is coprime with the range size (8e9 = 2^12 * 5^9).
const PHONE_RANGE = 8_000_000_000;
const PHONE_STEP = 1_000_003;

function phoneFor(index: number, offset: number, r: Random): { phone: string; digits: string } {
  const national = String(2_000_000_000 + ((index * PHONE_STEP + offset) % PHONE_RANGE));
  const a = national.slice(0, 3);
  const e = national.slice(3, 6);
  const l = national.slice(6);
  const style = r.int(0, 3);
  const phone =
    style === 0
      ? `+1 (${a}) ${e}-${l}`
      : style === 1
        ? `+1 ${a}-${e}-${l}`
        : style === 2
          ? `+1 ${a} ${e} ${l}`
          : `+1.${a}.${e}.${l}`;
  return { phone, digits: '1' + national };
}

/**
 * The contact with global index `index` (unique across a seeded database): its email and phone
 * embed the index, so they are unique by construction.
 */
export function makeContact(
  r: Random,
  pools: Pools,
  id: string,
  index: number,
  phoneOffset: number,
  now: number,
): SeedContact {
  const firstName = r.pick(pools.firstNames);
  const lastName = r.pick(pools.lastNames);
  const companyIndex = r.chance(0.75) ? r.int(0, pools.companies.length - 1) : -1;
  const company = companyIndex >= 0 ? (pools.companies[companyIndex] as string) : null;

  let email: string | null = null;
  if (r.chance(0.96)) {
    const f = mailPart(firstName);
    const l = mailPart(lastName);
    const style = r.int(0, 3);
    const local = style === 0 ? `${f}.${l}` : style === 1 ? `${f[0]}${l}` : style === 2 ? `${f}_${l}` : f;
    const domain =
      companyIndex >= 0 && r.chance(0.55) ? (pools.companyDomains[companyIndex] as string) : r.pick(FREE_MAIL);
    // The index as a digit suffix after a digit-free local part: distinct indexes, distinct emails.
    email = `${local}${index}@${domain}`;
  }

  let phone: string | null = null;
  let phoneDigits: string | null = null;
  if (r.chance(0.9)) {
    const p = phoneFor(index, phoneOffset, r);
    phone = p.phone;
    phoneDigits = p.digits;
  }

  const tagCount = r.weighted(TAG_COUNTS, TAG_COUNT_WEIGHTS);
  const tags: string[] = [];
  while (tags.length < tagCount) {
    const tag = r.weighted(TAGS, TAG_WEIGHTS);
    if (!tags.includes(tag)) tags.push(tag);
  }

  const createdAt = now - Math.floor(r.float() * 3 * YEAR_MS);
  const updatedAt = r.chance(0.5) ? createdAt : createdAt + Math.floor(r.float() * (now - createdAt));
  return {
    id,
    firstName,
    lastName,
    email,
    phone,
    phoneDigits,
    company,
    tags,
    source: r.chance(0.85) ? r.weighted(SOURCES, SOURCE_WEIGHTS) : null,
    createdAt,
    updatedAt,
  };
}
