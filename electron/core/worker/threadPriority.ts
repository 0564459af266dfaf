import fs from 'node:fs';
import os from 'node:os';

/** The nice value of the writer thread (and the checkpoint thread it starts, which inherits it). */
export const BACKGROUND_NICE = 10;

/**
 * Lets the threads that answer the window (the main thread, the readers) run first when this process's
 * threads compete for the CPU: on Linux the calling thread's nice value is raised to `nice` (a thread's
 * own, not the process's; threads it starts inherit it). A busy bulk chunk on the writer then no longer
 * delays the main thread's answer to a list by a scheduler slice (50-300 ms when the machine was loaded,
 * the probe's longest waits). Against other programs nothing changes (the desktop session's scheduling
 * group shares the CPU as before). Best effort: elsewhere, or if it cannot be read or set, nothing is done.
 */
export function runInBackground(nice = BACKGROUND_NICE): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // /proc/thread-self is the calling thread's own entry: "<pid>/task/<tid>".
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    if (os.getPriority(tid) < nice) os.setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
