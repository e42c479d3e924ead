import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ClientEntity } from './client.entity';

/** A SCIM bearer token of one client. Only the SHA-256 of the secret is stored. */
@Entity({ name: 'client_tokens' })
@Index('UQ_client_tokens_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_client_tokens_client', ['clientId'])
export class ClientTokenEntity {
  /** A UUID generated in code (portable across engines). */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'client_id', type: 'int' })
  clientId: number;

  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'FK_client_tokens_client' })
  client?: Relation<ClientEntity>;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, select: false })
  tokenHash: string;

  /** The first characters of the token, so an admin can tell tokens apart. */
  @Column({ name: 'token_prefix', type: 'varchar', length: 16 })
  tokenPrefix: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'last_used_at', type: 'datetime', precision: 3, nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;
}
