import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

export type HubCertificate = { key: string; cert: string; fingerprint: string };

/**
 * The hub's self-signed certificate, made on first start and kept in `<dataDir>/tls` (the key with mode 0600).
 * Members pin its SHA-256 fingerprint, which the invite code carries: no certificate authority is involved, and
 * a machine in the middle with another certificate is refused.
 */
export async function ensureCertificate(dataDir: string, hostnames: readonly string[]): Promise<HubCertificate> {
  const dir = path.join(dataDir, 'tls');
  const keyFile = path.join(dir, 'hub-key.pem');
  const certFile = path.join(dir, 'hub-cert.pem');
  if (!fs.existsSync(keyFile) || !fs.existsSync(certFile)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const altNames = hostnames.map((name) =>
      isIp(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name },
    );
    const pems = await generate([{ name: 'commonName', value: 'Kyrios Hub' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      curve: 'P-256',
      notAfterDate: new Date(Date.now() + 10 * 365 * 24 * 60 * 60 * 1000),
      extensions: [{ name: 'subjectAltName', altNames }],
    });
    fs.writeFileSync(keyFile, pems.private, { mode: 0o600 });
    fs.writeFileSync(certFile, pems.cert);
  }
  const key = fs.readFileSync(keyFile, 'utf8');
  const cert = fs.readFileSync(certFile, 'utf8');
  return { key, cert, fingerprint: fingerprintOf(cert) };
}

/** SHA-256 of the certificate, colon-separated hex (what Node's `X509Certificate.fingerprint256` gives). */
export function fingerprintOf(certPem: string): string {
  return new crypto.X509Certificate(certPem).fingerprint256;
}

function isIp(name: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(':');
}
