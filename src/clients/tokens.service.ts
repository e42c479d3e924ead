import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { digestsEqual, sha256Hex } from '../common/crypto/secret-hasher';
import { ScimError } from '../scim/errors/scim-error';
import { ClientEntity } from './entities/client.entity';
import { ClientTokenEntity } from './entities/client-token.entity';

export const TOKEN_PREFIX = 'scim_';
/** `lastUsedAt` is written at most once a minute per token, not on every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

export interface IssuedToken {
  entity: ClientTokenEntity;
  token: string;
}

export type TokenCheck =
  | { ok: true; token: ClientTokenEntity; client: ClientEntity }
  | { ok: false; reason: 'unknown' | 'revoked' | 'expired' };

/** SCIM bearer tokens: 256 random bits, shown once, stored as SHA-256, compared in constant time. */
@Injectable()
export class TokensService {
  constructor(
    @InjectRepository(ClientTokenEntity) private readonly tokens: Repository<ClientTokenEntity>,
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
  ) {}

  async issue(client: ClientEntity, name: string, expiresAt?: Date): Promise<IssuedToken> {
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw ScimError.invalidValue('expiresAt must be in the future');
    }
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const entity: ClientTokenEntity = {
      id: randomUUID(),
      clientId: client.id,
      name,
      tokenHash: sha256Hex(token),
      tokenPrefix: token.slice(0, 9),
      createdAt: new Date(),
      expiresAt: expiresAt ?? null,
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.tokens.insert(entity);
    return { entity, token };
  }

  list(client: ClientEntity): Promise<ClientTokenEntity[]> {
    return this.tokens.find({ where: { clientId: client.id }, order: { createdAt: 'ASC' } });
  }

  async revoke(client: ClientEntity, tokenId: string): Promise<void> {
    const result = await this.tokens.update(
      { id: tokenId, clientId: client.id, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    if (!result.affected) {
      const exists = await this.tokens.exists({ where: { id: tokenId, clientId: client.id } });
      if (!exists) throw ScimError.notFound(`Token '${tokenId}' not found`);
    }
  }

  /** Resolves a presented bearer secret to its token and client. */
  async check(presented: string): Promise<TokenCheck> {
    if (!presented.startsWith(TOKEN_PREFIX) || presented.length > 128)
      return { ok: false, reason: 'unknown' };
    const hash = sha256Hex(presented);
    const token = await this.tokens
      .createQueryBuilder('t')
      .addSelect('t.tokenHash')
      .where('t.tokenHash = :hash', { hash })
      .getOne();
    if (!token || !digestsEqual(token.tokenHash, hash)) return { ok: false, reason: 'unknown' };
    if (token.revokedAt) return { ok: false, reason: 'revoked' };
    const now = Date.now();
    if (token.expiresAt && token.expiresAt.getTime() <= now) return { ok: false, reason: 'expired' };
    const client = await this.clients.findOne({ where: { id: token.clientId } });
    if (!client) return { ok: false, reason: 'unknown' };
    if (!token.lastUsedAt || now - token.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
      token.lastUsedAt = new Date(now);
      await this.tokens.update({ id: token.id }, { lastUsedAt: token.lastUsedAt });
    }
    return { ok: true, token, client };
  }
}
