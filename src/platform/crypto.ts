import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hash,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * A new secret for people or programs: validation tokens, API tokens, session ids.
 * 20 bytes from the CSPRNG (160 bits, above R18's 128), base64url so it travels in a link.
 */
export function newSecret(bytes = 20): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * What the database keeps of a secret. A plain SHA-256 suffices: every secret hashed here has at
 * least 128 random bits, so there is nothing to brute-force, and a lookup by hash stays possible.
 */
export function hashSecret(secret: string): string {
  // One-shot: a third of createHash's cost, and this runs on every authenticated request.
  return hash('sha256', secret, 'hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(presented: string, storedHash: string | null): boolean {
  if (storedHash === null) return false;
  const a = Buffer.from(hashSecret(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time comparison of two strings of any length (ADMIN_TOKEN and the like). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function deriveKey(secretKey: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'contacthub', purpose, 32));
}

/**
 * Seals small secrets (a token waiting in the outbox, a mailbox message) with AES-256-GCM under a
 * key derived from SECRET_KEY, with a fresh nonce each time: the database alone never yields them.
 */
export class SecretBox {
  private readonly key: Buffer;
  private readonly signingKey: Buffer;

  constructor(secretKey: string) {
    this.key = deriveKey(secretKey, 'outbox-v1');
    this.signingKey = deriveKey(secretKey, 'signing-v1');
  }

  seal(plaintext: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  open(sealed: string): string {
    if (!sealed.startsWith('v1.')) throw new Error('unknown sealed format');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** HMAC for values the server hands out and must recognise later (cookies, CSRF tokens). */
  sign(value: string): string {
    return createHmac('sha256', this.signingKey).update(value).digest('base64url');
  }
}
