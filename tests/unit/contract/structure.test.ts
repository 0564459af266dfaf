// Structural rules of the core that a grep can hold (issue 17): prepared statements are cached in one
// place only (db/statements.ts), so no module keeps a private cache that outlives a reopened connection.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../../electron');
const sources = fs
  .readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: fs.readFileSync(path.join(root, f), 'utf8') }));

it('no statement cache but the one in db/statements.ts', () => {
  const caches = sources.filter(({ text }) => /new WeakMap<[^>]*Statement/.test(text)).map(({ file }) => file);
  expect(caches).toEqual(['core/db/statements.ts']);
});
