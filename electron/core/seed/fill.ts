/** The values a sentence template may name: {first} {last} {company} {product} {city} {day} {phrase} {n}. */
export interface FillValues {
  first: string;
  last: string;
  company: string;
  product: string;
  city: string;
  day: string;
  phrase: string;
  n: number;
}

const PLACEHOLDER = /\{(first|last|company|product|city|day|phrase|n)\}/g;

/** Fills a template; only the placeholders it names are looked up. */
export function fill(template: string, values: FillValues): string {
  if (!template.includes('{')) return template;
  return template.replace(PLACEHOLDER, (_, key: keyof FillValues) => String(values[key]));
}
