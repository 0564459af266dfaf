// node tests/bench/explain.ts --data-dir DIR
// EXPLAIN QUERY PLAN and one timing of each hot query of the benchmark, on an existing database:
// where a target is missed, this shows which step costs (the page, the total, the search).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DB_FILE_NAME } from '../../electron/core/core.ts';
import { listSql } from '../../electron/core/contacts/listContacts.ts';
import { openDatabase } from '../../electron/core/db/open.ts';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
if (!values['data-dir']) throw new Error('--data-dir is required');
const { db } = await openDatabase({ file: path.join(values['data-dir'], DB_FILE_NAME) });
const s = db
  .prepare(
    'SELECT last_name, email, phone_digits FROM contacts WHERE deleted_at IS NULL AND email IS NOT NULL AND phone_digits IS NOT NULL LIMIT 1 OFFSET 1000',
  )
  .get() as { last_name: string; email: string; phone_digits: string };

const cases: [string, Parameters<typeof listSql>[0]][] = [
  ['first page by name', { sort: 'name', limit: 50 }],
  ['name prefix', { query: s.last_name.slice(0, 3), limit: 50 }],
  ['email', { query: s.email, limit: 50 }],
  ['phone digits', { query: s.phone_digits.slice(-7), limit: 50 }],
];
const time = (f: () => unknown) => {
  f();
  const t = performance.now();
  for (let i = 0; i < 5; i++) f();
  return ((performance.now() - t) / 5).toFixed(2);
};
for (const [name, q] of cases) {
  const built = listSql(q)!;
  const { limit: _l, offset: _o, ...countParams } = built.params;
  console.log(`\n== ${name}: ${JSON.stringify(q)}`);
  for (const [label, sql, params] of [
    ['page', built.sql, built.params],
    ['total', built.countSql, countParams],
  ] as const) {
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[];
    console.log(`  ${label}: ${time(() => db.prepare(sql).all(params))} ms`);
    for (const p of plan) console.log(`     ${p.detail}`);
  }
}
db.close();
