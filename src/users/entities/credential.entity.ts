import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * A credential of a user. In this first slice only the PASSWORD type is written (from core `password`);
 * the secret hash is never selected unless asked for explicitly.
 */
@Entity({ name: 'credentials' })
@Index('UQ_credentials_user_ext_id', ['userId', 'extId'], { unique: true })
@Index('IDX_credentials_client_type', ['clientId', 'type'])
export class CredentialEntity {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id: number;

  @Column({ name: 'client_id', type: 'int' })
  clientId: number;

  @Column({ name: 'user_id', type: 'bigint' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_credentials_user' })
  user?: Relation<UserEntity>;

  @Column({ name: 'ext_id', type: 'varchar', length: 64 })
  extId: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'varchar', length: 16 })
  state: string;

  @Column({ name: 'secret_hash', type: 'varchar', length: 255, nullable: true, select: false })
  secretHash: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
