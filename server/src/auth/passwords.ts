/**
 * Password hashing (argon2id at the OWASP minimum: 19 MiB, 2 passes, 1 lane) and the one-time
 * passwords given at account creation and reset. Hashes are self-describing PHC strings, so
 * stronger parameters later still verify the old hashes.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Algorithm, Options } from '@node-rs/argon2';

/**
 * `Algorithm.Argon2id`: the package declares `Algorithm` as an ambient const enum, which this
 * isolated-modules build cannot read, so its value is spelt out (a test checks the hashes say
 * `$argon2id$`).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- see above
const argon2id: Algorithm = 2;

const argon2Options: Options = { algorithm: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

/** False for a wrong password and for a hash that cannot be read. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * The stand-in hash a sign-in with an unknown username is verified against (passwordWork.ts), so
 * the answer time does not tell which usernames exist: computed once per process, ahead of the
 * first sign-in, so that it costs no more.
 */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  return dummyHash;
}

/** No 0/O, 1/l/I: the password is read aloud or copied from paper. */
const oneTimeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
export const oneTimePasswordLength = 12;

/** 12 characters from a 56-letter alphabet: about 70 bits, from the CSPRNG. */
export function generateOneTimePassword(): string {
  let password = '';
  for (let index = 0; index < oneTimePasswordLength; index += 1) {
    password += oneTimeAlphabet.charAt(randomInt(oneTimeAlphabet.length));
  }
  return password;
}

/** The rule lives with the password schemas (shared: the first-run form applies it too). */
export { passwordIsUsername } from '../../../shared/auth/schemas';
