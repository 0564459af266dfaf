import { faker } from '@faker-js/faker/locale/en';

// Word pools for the seeder, drawn from faker once per seed. Rows combine them with a fast random
// source; calling faker for every one of a million rows would dominate the seeding time.

export interface Pools {
  firstNames: string[];
  lastNames: string[];
  companies: string[];
  /** The web domain of companies[i]. */
  companyDomains: string[];
  cities: string[];
  streets: string[];
  products: string[];
  catchPhrases: string[];
  jobTitles: string[];
}

const POOL_SIZE = {
  firstNames: 700,
  lastNames: 900,
  companies: 500,
  cities: 200,
  streets: 300,
  products: 250,
  phrases: 300,
  jobs: 120,
};

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 30) || 'company';

function many(count: number, make: () => string): string[] {
  return Array.from({ length: count }, make);
}

/** The pools for a seed: the same seed gives the same pools. */
export function buildPools(seed: number): Pools {
  faker.seed(seed);
  const companies = many(POOL_SIZE.companies, () => faker.company.name());
  const suffixes = ['.com', '.com', '.com', '.io', '.co', '.net', '.org', '.co.uk', '.de'];
  return {
    firstNames: many(POOL_SIZE.firstNames, () => faker.person.firstName()),
    lastNames: many(POOL_SIZE.lastNames, () => faker.person.lastName()),
    companies,
    companyDomains: companies.map((c, i) => slug(c) + suffixes[i % suffixes.length]),
    cities: many(POOL_SIZE.cities, () => faker.location.city()),
    streets: many(POOL_SIZE.streets, () => faker.location.streetAddress()),
    products: many(POOL_SIZE.products, () => faker.commerce.productName()),
    catchPhrases: many(POOL_SIZE.phrases, () => faker.company.catchPhrase()),
    jobTitles: many(POOL_SIZE.jobs, () => faker.person.jobTitle()),
  };
}

// Fixed vocabularies: what a small sales team's CRM holds.
export const TAGS = [
  'customer',
  'lead',
  'prospect',
  'VIP',
  'partner',
  'newsletter',
  'enterprise',
  'SMB',
  'referral',
  'trial',
  'churn-risk',
  'event-2026',
] as const;
export const TAG_WEIGHTS = [14, 14, 10, 3, 4, 12, 5, 8, 5, 6, 3, 4];

export const SOURCES = [
  'website',
  'referral',
  'import',
  'trade show',
  'LinkedIn',
  'cold call',
  'newsletter',
  'partner',
  'ads',
];
export const SOURCE_WEIGHTS = [25, 15, 20, 8, 10, 6, 6, 5, 5];

export const FREE_MAIL = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'hotmail.com', 'aol.com'];

export const PIPELINES: Record<string, readonly string[]> = {
  Sales: ['Lead', 'Qualified', 'Demo', 'Proposal', 'Negotiation', 'Closed'],
  Renewals: ['Upcoming', 'In review', 'Quoted', 'Closed'],
  Partnerships: ['Intro', 'Evaluation', 'Contract', 'Closed'],
};
export const PIPELINE_NAMES = Object.keys(PIPELINES);
export const PIPELINE_WEIGHTS = [70, 20, 10];

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** Sentence templates: {first} {last} {company} {product} {city} {day} {phrase} {n} are filled per row. */
export const NOTE_TEMPLATES = [
  'Spoke with {first} about {product}. They want a quote by {day}.',
  'Met {first} at the {city} trade show. Interested in {product}, budget not confirmed yet.',
  '{first} prefers email over calls. Best time to reach: mornings.',
  'Decision maker is their head of operations; {first} is the champion.',
  'Sent the {product} brochure. Follow up in {n} days if no reply.',
  'Current vendor contract ends next quarter. {company} is reviewing alternatives.',
  '{first} asked for references from customers in {city}.',
  'Pricing objection: needs a discount of about {n}% to move forward.',
  'Renewal looks safe. {first} is happy with support response times.',
  'Pitch angle: "{phrase}". Resonated well on the last call.',
  'Left a voicemail. {first} is travelling until {day}.',
  '{company} is expanding to {city}; could need {n} more seats.',
  'Complaint about delivery delays on {product}; escalated to support.',
  'Wants a demo for the wider team on {day} afternoon.',
];

export const MESSAGE_TEMPLATES: Record<'inbound' | 'outbound', readonly string[]> = {
  inbound: [
    'Hi, could you send me the pricing for {product}?',
    'Thanks for the call yesterday. Can we move our meeting to {day}?',
    'We are still reviewing the proposal internally. I will get back to you soon.',
    'Is the {product} available in larger quantities? We would need about {n}.',
    'Please call me back when you have a minute.',
    'Got it, thanks! Looks good to me.',
    'Our finance team has a question about the invoice.',
    'Can you resend the contract? I cannot find the attachment.',
  ],
  outbound: [
    'Hi {first}, following up on our conversation about {product}.',
    'Hi {first}, here is the quote we discussed. Let me know if you have questions.',
    'Thanks {first}! I have booked {day} at 10:00 for the demo.',
    'Just checking in: did you get a chance to look at the proposal?',
    'Hi {first}, your order of {product} has shipped.',
    'Happy to help. I have attached the case study from a customer in {city}.',
    'Reminder: our call is tomorrow at 14:00.',
    'Welcome aboard, {first}! Your account is ready.',
  ],
};

export const SUBJECT_TEMPLATES = [
  'Quote for {product}',
  'Re: {product} pricing',
  'Meeting follow-up',
  'Proposal for {company}',
  'Question about your invoice',
  'Demo on {day}',
  'Renewal of your subscription',
  'Introduction: {company} x our team',
];

export const TASK_TEMPLATES = [
  'Follow up with {first} {last}',
  'Send proposal to {company}',
  'Prepare demo of {product}',
  'Call back about {product}',
  'Check contract renewal date',
  'Update billing details for {company}',
  'Send thank-you note to {first}',
  'Ask {first} for a referral',
];

export const APPOINTMENT_TEMPLATES = [
  'Demo with {first} {last}',
  'Quarterly review: {company}',
  'Discovery call',
  'Contract signing',
  'Onboarding session',
  'Lunch with {first}',
  '{product} workshop',
];

export const MANUAL_ACTION_NOTES = [
  'Ask about the budget for next quarter.',
  'Confirm the delivery address.',
  'Mention the new {product} bundle.',
  'Remind about the unpaid invoice.',
  'Invite to the webinar on {day}.',
];

export const LOCATIONS_VIRTUAL = ['Zoom', 'Google Meet', 'Microsoft Teams', 'Phone'];
