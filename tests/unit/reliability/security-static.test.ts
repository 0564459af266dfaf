// Checklist items that are proved by what the code does NOT contain: scans of the app's own sources
// (electron/ and renderer/), and the Electron version it is built with.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function sources(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|tsx|html)$/.test(entry.name)) out.push({ file: path.relative(ROOT, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(ROOT, dir));
  return out;
}
const appSources = () => [...sources('electron'), ...sources('renderer')];

describe('the Electron security checklist, in the sources', () => {
  it('weakens no webPreference, enables no Blink feature, opens no external URL, loads no file://', () => {
    const forbidden: [string, RegExp][] = [
      ['shell.openExternal (checklist: do not use openExternal with untrusted content)', /\bopenExternal\b/],
      ['enableBlinkFeatures', /enableBlinkFeatures/],
      ['<webview allowpopups>', /allowpopups/i],
      ['nodeIntegration: true', /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/],
      ['contextIsolation: false', /contextIsolation\s*:\s*false/],
      ['sandbox: false', /sandbox\s*:\s*false/],
      ['webSecurity: false', /webSecurity\s*:\s*false/],
      ['allowRunningInsecureContent: true', /allowRunningInsecureContent\s*:\s*true/],
      ['experimentalFeatures: true', /experimentalFeatures\s*:\s*true/],
      ['webviewTag: true', /webviewTag\s*:\s*true/],
      ['loadFile (file:// origin)', /\.loadFile\(/],
      ['loadURL of file:// or http(s)://', /loadURL\(\s*['"`](file|https?):/],
      ['the remote module', /@electron\/remote|enableRemoteModule/],
      ["'unsafe-eval'", /unsafe-eval['"]?\s*[,;\]]/],
      // Chromium's spellchecker downloads dictionaries: no network the user did not ask for.
      ['spellcheck: true', /spellcheck\s*:\s*true/],
      ['setSpellCheckerEnabled(true)', /setSpellCheckerEnabled\(\s*true/],
    ];
    const found = appSources().flatMap(({ file, text }) =>
      forbidden.filter(([, re]) => re.test(text)).map(([what]) => `${file}: ${what}`),
    );
    expect(found).toEqual([]);
  });

  it('logs only a fixed text, a channel name and the error: never a request, its input or a token', () => {
    const suspicious = appSources().flatMap(({ file, text }) =>
      text
        .split('\n')
        .map((line, i) => ({ line, n: i + 1 }))
        .filter(({ line }) => /console\.(log|info|warn|error|debug)\(/.test(line))
        .filter(({ line }) => /\b(input|payload|body|req|request|headers|token|contact|email|phone|params)\b/.test(line.replace(/'[^']*'|`[^`]*`|"[^"]*"/g, '')))
        .map(({ line, n }) => `${file}:${n}: ${line.trim()}`),
    );
    expect(suspicious).toEqual([]);
  });

  it('is built with a current Electron (45), the version installed', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const declared = Number(/(\d+)/.exec(pkg.devDependencies.electron ?? '')?.[1]);
    expect(declared).toBeGreaterThanOrEqual(45);
    const installed = path.join(ROOT, 'node_modules', 'electron', 'package.json');
    if (fs.existsSync(installed)) {
      const { version } = JSON.parse(fs.readFileSync(installed, 'utf8')) as { version: string };
      expect(Number(version.split('.')[0])).toBe(declared);
    }
  });
});
