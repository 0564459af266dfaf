/**
 * Another certificate's fingerprint: `fp` with its first byte changed. Never `fp` itself (always writing
 * 'AA' there left it unchanged for one certificate in 256, and a refusal test then saw the hub accepted).
 */
export const otherFingerprint = (fp: string): string => (fp.startsWith('AA:') ? 'BB:' : 'AA:') + fp.slice(3);
