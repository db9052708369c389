import { randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';

// `Algorithm` is a const enum the native module does not export at run time: name the value here,
// so an isolated-modules build (ts-jest) cannot drop it and fall back to the library's default.
const ARGON2ID: Algorithm.Argon2id = 2;

/** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Password hashes (Argon2id, PHC strings). Neither passwords nor hashes are ever logged. */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash?: string;

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(32).toString('base64url'));
  }

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  /** False for a wrong password and for a hash that is not one (never throws on bad data). */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /**
   * Costs what checking a real account costs, so the response time does not tell whether a
   * username exists. Always false.
   */
  async verifyNobody(password: string): Promise<false> {
    if (!this.dummyHash) this.dummyHash = await this.hash(randomBytes(32).toString('base64url'));
    await this.verify(this.dummyHash, password);
    return false;
  }
}
