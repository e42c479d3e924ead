import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { LoginColumns } from './login-columns';
import { UserOwnedColumns } from './user-child.base';
import { UserEntity } from './user.entity';

/**
 * A credential of a user (USER-SCHEMA.md §3.1): the columns every type shares, the type-specific public
 * attributes as JSON (`data`), and the secrets — a slow hash of the password/PUK (`secret_hash`) and the
 * other hashed or server-only material (`secret_data`: answers, recovery codes, password history). Neither
 * secret column is selected unless asked for explicitly.
 */
@Entity({ name: 'credentials' })
@Index('UQ_credentials_client_user_ext_id', ['clientId', 'userId', 'extId'], { unique: true })
@Index('IDX_credentials_user', ['userId'])
@Index('IDX_credentials_client_type', ['clientId', 'type'])
export class CredentialEntity extends UserOwnedColumns {
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_credentials_user' })
  user?: Relation<UserEntity>;

  @Column({ name: 'ext_id', type: 'varchar', length: 64 })
  extId: string;

  @Column({ type: 'int', default: 0 })
  position: number;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'varchar', length: 16 })
  state: string;

  @Column({ name: 'valid_from', type: 'datetime', precision: 3, nullable: true })
  validFrom: Date | null;

  @Column({ name: 'valid_to', type: 'datetime', precision: 3, nullable: true })
  validTo: Date | null;

  @Column({ name: 'policy_ext_id', type: 'varchar', length: 64, nullable: true })
  policyExtId: string | null;

  /** The type-specific attributes that may be shown (JSON object). */
  @Column({ type: 'text', nullable: true })
  data: string | null;

  @Column({ name: 'secret_hash', type: 'varchar', length: 255, nullable: true, select: false })
  secretHash: string | null;

  /** Hashed or server-only material (JSON object); never shown. */
  @Column({ name: 'secret_data', type: 'text', nullable: true, select: false })
  secretData: string | null;

  @Column(() => LoginColumns, { prefix: false })
  login: LoginColumns;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
