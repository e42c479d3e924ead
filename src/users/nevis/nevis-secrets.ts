import { hashSecret, sha256Hex, verifySecret } from '../../common/crypto/secret-hasher';
import { URN } from '../../scim/schema/urns';

type Obj = Record<string, unknown>;

const asList = (v: unknown): Obj[] =>
  Array.isArray(v) ? v.filter((x): x is Obj => typeof x === 'object' && x !== null) : [];

/**
 * Every plaintext secret a canonical user carries: core `password` and the credentials' write-only inputs
 * (passwords, PUKs, security answers). Stored users never render a secret, so whatever is here is new.
 */
export function plaintextSecrets(resource: Obj): string[] {
  const out: string[] = [];
  if (typeof resource.password === 'string') out.push(resource.password);
  const nevis = resource[URN.nevisUser] as Obj | undefined;
  for (const c of asList(nevis?.credentials)) {
    for (const key of ['password', 'puk']) if (typeof c[key] === 'string') out.push(c[key]);
    for (const q of asList(c.questions)) if (typeof q.answer === 'string') out.push(q.answer);
  }
  return out;
}

/**
 * Slow salted hashes of user-chosen secrets, computed before a transaction opens: scrypt takes tens of
 * milliseconds, and no row lock — nor SQLite's one shared connection — may wait on it (PERFORMANCE.md).
 * A secret that turns up only inside the transaction (a concurrent change) is hashed there, as a fallback.
 */
export class SecretHashes {
  private constructor(private readonly hashes: Map<string, string>) {}

  static async of(plaintexts: readonly string[]): Promise<SecretHashes> {
    const unique = [...new Set(plaintexts)];
    const hashes = await Promise.all(unique.map((p) => hashSecret(p)));
    return new SecretHashes(new Map(unique.map((p, i) => [p, hashes[i]])));
  }

  static readonly none = new SecretHashes(new Map());

  async hash(plaintext: string): Promise<string> {
    return this.hashes.get(plaintext) ?? hashSecret(plaintext);
  }
}

/**
 * A server-generated secret (temporary password ≈ 118 random bits, tickets 256, recovery codes 60 each):
 * random, never chosen by a person, so a fast SHA-256 resists guessing as it does for bearer tokens, and
 * generation inside a transaction stays cheap. The `sha256$` prefix tells the scheme apart from `scrypt$`.
 */
export const hashGenerated = (secret: string): string => `sha256$${sha256Hex(secret)}`;

/** Whether `password` matches any stored hash (the password history rule). */
export async function matchesAny(password: string, hashes: readonly string[]): Promise<boolean> {
  for (const h of hashes) if (await verifySecret(password, h)) return true;
  return false;
}
