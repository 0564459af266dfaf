import pg from 'pg';

export type Db = pg.Pool;
export type Tx = pg.PoolClient;

// BIGINT columns hold milliseconds and sequence numbers, all far below 2^53: read them as numbers.
pg.types.setTypeParser(20, (value: string) => Number(value));

export function openPool(databaseUrl: string): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
  // An idle client losing its connection (the database restarting) must not crash the hub.
  pool.on('error', () => {});
  return pool;
}

/** Runs `work` in one transaction: all of it is committed, or none of it. */
export async function inTx<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
