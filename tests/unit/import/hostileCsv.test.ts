// Issue 12, item 14: a hostile CSV must not freeze the app. The file is read on a worker thread with a
// row cap and a memory limit; while it is read, calls through the dispatcher keep answering (within 8-21 ms, measured on this machine).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_IMPORT_ROWS } from '../../../shared/contract.ts';
import { MAX_CSV_BYTES } from '../../../electron/core/csv/decode.ts';
import { scanOffThread } from '../../../electron/core/import/scanOffThread.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(() => t?.cleanup());

/** A header "a", then one-character rows "x" up to `bytes` (built outside the JS heap: the probe measures the app, not this file's garbage). */
function oneCharRows(bytes: number): string {
  const file = Buffer.alloc(bytes, 'x\n');
  file[0] = 'a'.charCodeAt(0);
  return file.toString('base64');
}
/** 2,000,000 rows of one character each under a one-column header: 4 MB, the tester's file. */
const twoMillionRows = () => oneCharRows(2 * 2_000_001);
/** Exactly the largest file allowed (50 MB), of one-character rows: 26 million of them. */
const fiftyMegabytes = () => oneCharRows(MAX_CSV_BYTES);

interface Probe {
  /** Longest round trip of a contacts.list call made while `work` ran. */
  maxCallMs: number;
  calls: number;
  /** Longest event-loop delay seen meanwhile (wall clock: includes time the machine gave this process no CPU). */
  maxLoopDelayMs: number;
  /**
   * Longest time the thread that answers calls was held by work of its own between two 5 ms ticks: the
   * tick's lateness, counted only as far as this thread used the CPU meanwhile (process.threadCpuUsage),
   * so a machine busy with other processes does not count, while any synchronous block (parsing, GC,
   * a copy) does.
   */
  maxHeldMs: number;
  peakRssMb: number;
}

/** Runs `work` while a loop of contacts.list calls, a 5 ms ticker and an event-loop delay histogram watch the thread that answers calls. */
async function probe<R>(work: () => Promise<R>): Promise<{ result: R } & Probe> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let stop = false;
  let maxCallMs = 0;
  let calls = 0;
  let peakRss = process.memoryUsage().rss;
  let maxHeldMs = 0;
  let lastTick = performance.now();
  let lastCpu = process.threadCpuUsage();
  const ticker = setInterval(() => {
    const now = performance.now();
    const cpu = process.threadCpuUsage(lastCpu);
    maxHeldMs = Math.max(maxHeldMs, Math.min(now - lastTick, (cpu.user + cpu.system) / 1000));
    lastTick = now;
    lastCpu = process.threadCpuUsage();
  }, 5);
  const caller = (async () => {
    while (!stop) {
      const started = performance.now();
      const env = await t.core.dispatcher.call('contacts.list', { limit: 25 });
      expect(env.ok).toBe(true);
      maxCallMs = Math.max(maxCallMs, performance.now() - started);
      calls++;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const result = await work();
  stop = true;
  await caller;
  clearInterval(ticker);
  histogram.disable();
  return { result, maxCallMs, calls, maxLoopDelayMs: histogram.max / 1e6, maxHeldMs, peakRssMb: Math.round(peakRss / 1e6) };
}

/**
 * Other calls kept being answered while the file was read: several answered, none waited as long as a
 * parse on the thread that answers calls (11 s before the fix). The figures themselves (calls within
 * 8-21 ms on this machine) are measured and reported, not asserted: timing targets belong to the
 * benchmark, and a shared CI machine can pause any process for a few hundred ms.
 */
function expectResponsive(p: Probe) {
  expect(p.calls).toBeGreaterThan(3);
  expect(p.maxHeldMs).toBeLessThan(1000);
  expect(p.maxCallMs).toBeLessThan(1000);
}

const tooManyRows = expect.stringMatching(new RegExp(`more than ${MAX_IMPORT_ROWS.toLocaleString('en')} rows.*Split it into smaller files`));

// Timing on a shared machine: a whole vitest run (files in parallel on 2 cores) can leave this process
// without a CPU for 100-200 ms now and then, whatever it runs. maxHeldMs does not count that; the call
// round trips do, so a latency test is retried twice: the blocking it guards against (11 s before the
// fix) fails every attempt, a scheduling hiccup does not.
const LATENCY = { retry: 2 };

describe('a hostile CSV', () => {
  it.each([
    ['2,000,000 one-character rows (4 MB)', twoMillionRows],
    ['50 MB of one-character rows', fiftyMegabytes],
  ])('%s: import.preview and import.start refuse it, and other calls keep answering meanwhile', LATENCY, async (_name, file) => {
    t = await testCore({ now: fakeClock() });
    await t.call('contacts.create', { firstName: 'Ann', email: 'ann@x.com' });
    const contentBase64 = file();
    const warn = vi.spyOn(console, 'warn');

    const preview = await probe(() => t.core.dispatcher.call('import.preview', { fileName: 'hostile.csv', contentBase64 }));
    expect(preview.result).toEqual({ ok: false, error: { code: 'TOO_LARGE', message: tooManyRows } });
    const start = await probe(() =>
      t.core.dispatcher.call('import.start', { fileName: 'hostile.csv', contentBase64, mapping: { firstName: 0 }, onDuplicate: 'skip' }),
    );
    expect(start.result).toEqual({ ok: false, error: { code: 'TOO_LARGE', message: tooManyRows } });
    console.log(_name, { preview: { ...preview, result: undefined }, start: { ...start, result: undefined } });
    // Read on the worker, not by the fallback on this thread.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();

    for (const p of [preview, start]) expectResponsive(p);
    // Nothing was written: no bulk action, no item.
    expect(t.core.db.prepare('SELECT count(*) FROM bulk_actions').pluck().get()).toBe(0);
    expect(t.core.db.prepare('SELECT count(*) FROM bulk_action_items').pluck().get()).toBe(0);
  });

  it('a file at the row cap is read whole off the thread that answers calls, and imports every row', LATENCY, async () => {
    t = await testCore({ now: fakeClock() });
    const rows = Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => `P${i},p${i}@x.com`);
    const contentBase64 = Buffer.from(['First Name,Email', ...rows].join('\n')).toString('base64');
    const preview = await probe(() => t.core.dispatcher.call('import.preview', { fileName: 'cap.csv', contentBase64 }));
    expect(preview.result).toMatchObject({ ok: true, result: { totalRows: MAX_IMPORT_ROWS, validRows: MAX_IMPORT_ROWS, invalidRows: 0 } });
    expectResponsive(preview);
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('import.start', {
      fileName: 'cap.csv',
      contentBase64,
      mapping: { firstName: 0, email: 1 },
      onDuplicate: 'skip',
    });
    const items = t.core.db
      .prepare("SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi, sum(state = 'pending') AS pending FROM bulk_action_items WHERE action_id = ?")
      .get(bulkActionId);
    expect(items).toEqual({ n: MAX_IMPORT_ROWS, lo: 1, hi: MAX_IMPORT_ROWS, pending: MAX_IMPORT_ROWS });
    const last = t.core.db.prepare('SELECT payload FROM bulk_action_items WHERE action_id = ? AND seq = ?').pluck().get(bulkActionId, MAX_IMPORT_ROWS);
    expect(JSON.parse(last as string)).toEqual({
      line: MAX_IMPORT_ROWS + 1,
      cells: [`P${MAX_IMPORT_ROWS - 1}`, `p${MAX_IMPORT_ROWS - 1}@x.com`],
      contact: { firstName: `P${MAX_IMPORT_ROWS - 1}`, email: `p${MAX_IMPORT_ROWS - 1}@x.com` },
    });
    // One row more is refused.
    const over = Buffer.from(['First Name', ...rows, 'one more'].join('\n')).toString('base64');
    expect(await t.core.dispatcher.call('import.preview', { fileName: 'over.csv', contentBase64: over })).toEqual({
      ok: false,
      error: { code: 'TOO_LARGE', message: tooManyRows },
    });
  });

  it('one row of 2,000,000 cells (4 MB): refused with the line and what to check, and other calls keep answering', LATENCY, async () => {
    t = await testCore({ now: fakeClock() });
    const file = Buffer.alloc(2 + 4_000_000, 'x,');
    file.write('a\n', 0);
    const contentBase64 = file.toString('base64');
    const preview = await probe(() => t.core.dispatcher.call('import.preview', { fileName: 'wide.csv', contentBase64 }));
    expect(preview.result).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message:
          'Line 2 of the file has 2,000,001 columns; an import takes at most 1,000. Check that the columns are separated by commas, semicolons, tabs or |, or remove the columns you do not need.',
      },
    });
    expectResponsive(preview);
  });

  it('base64 that is not base64 is refused by the worker with the contract message', async () => {
    t = await testCore({ now: fakeClock() });
    const env = await t.core.dispatcher.call('import.preview', { fileName: 'x.csv', contentBase64: 'QU*D' });
    expect(env).toEqual({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/contentBase64: must be base64/) } });
  });
});

/** `bytes` of a repeated text after an optional head (built outside the JS heap, as oneCharRows). */
function filled(bytes: number, fill: string, head = ''): string {
  const file = Buffer.alloc(bytes, fill);
  file.write(head, 0);
  return file.toString('base64');
}
const CARD = 'BEGIN:VCARD\nEND:VCARD\n';
const ONE_CARD = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann.lee@x.com\r\nPHOTO;ENCODING=b;TYPE=JPEG:';

describe('a hostile vCard or Windows-1252 file (issue 13: read in the same worker pass, under the same caps)', () => {
  it.each([
    ['50 MB of empty cards', () => filled(MAX_CSV_BYTES, CARD), { ok: false, error: { code: 'TOO_LARGE', message: tooManyRows } }],
    [
      'one card with a 50 MB folded photo',
      () => filled(MAX_CSV_BYTES, '\r\n /9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsN', ONE_CARD),
      { ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/No row of this file can be imported \(line 1: card 1: the card has no END:VCARD line\)/) } },
    ],
    [
      '50 MB of Windows-1252 one-character rows',
      () => filled(MAX_CSV_BYTES, '\xe9\n', 'a\n'),
      { ok: false, error: { code: 'TOO_LARGE', message: tooManyRows } },
    ],
  ])('%s: refused or read without holding other calls, nothing written', LATENCY, async (name, file, expected) => {
    t = await testCore({ now: fakeClock() });
    const contentBase64 = file();
    const start = await probe(() =>
      t.core.dispatcher.call('import.start', { fileName: 'hostile.vcf', contentBase64, mapping: { firstName: 0 }, onDuplicate: 'skip' }),
    );
    console.log(name, { ...start, result: undefined });
    expect(start.result).toEqual(expected);
    expectResponsive(start);
    expect(t.core.db.prepare('SELECT count(*) FROM bulk_actions').pluck().get()).toBe(0);
    expect(t.core.db.prepare('SELECT count(*) FROM bulk_action_items').pluck().get()).toBe(0);
  });
});

describe('scanOffThread', () => {
  it('reads the file on this thread when the worker cannot start, with the same result and the same cap', async () => {
    const contentBase64 = Buffer.from('First Name,Email\nAnn,ann@x.com\nBo,bad\n').toString('base64');
    const onWorker = await scanOffThread({ purpose: 'preview', contentBase64 });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // As in a package whose worker file is missing.
    const workerUrl = new URL('./noSuchWorker.js', import.meta.url);
    try {
      const here = await scanOffThread({ purpose: 'preview', contentBase64 }, { workerUrl });
      expect(here).toEqual(onWorker);
      expect(here).toMatchObject({ totalRows: 2, validRows: 1, invalidRows: 1 });
      await expect(scanOffThread({ purpose: 'preview', contentBase64: twoMillionRows() }, { workerUrl })).rejects.toMatchObject({
        code: 'TOO_LARGE',
        message: tooManyRows,
      });
      expect(warn).toHaveBeenCalledWith('[kyrios] CSV read on the main thread:', expect.stringContaining('noSuchWorker.js'));
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses a file that needs more memory than the worker may use, and the app keeps running', async () => {
    t = await testCore({ now: fakeClock() });
    // 40,000 rows of 100 cells: within the row cap; with a heap of 32 MB the worker runs out of memory.
    const row = 'x,'.repeat(99) + 'x';
    const contentBase64 = Buffer.from(['a', ...Array.from({ length: 40_000 }, () => row)].join('\n')).toString('base64');
    const result = await scanOffThread(
      { purpose: 'start', contentBase64, mapping: { firstName: 0 } },
      { resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8, stackSizeMb: 4 } },
    ).catch((e: unknown) => e);
    expect(result).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/more memory.*Split it into smaller files/) });
    expect((await t.core.dispatcher.call('contacts.list', {})).ok).toBe(true);
  });
});
