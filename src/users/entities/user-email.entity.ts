import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { UserChildColumns } from './user-child.base';
import { UserEntity } from './user.entity';

@Entity({ name: 'user_emails' })
@Index('IDX_user_emails_user', ['userId'])
@Index('IDX_user_emails_client_value', ['clientId', 'valueNorm'])
export class UserEmailEntity extends UserChildColumns {
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_user_emails_user' })
  user?: Relation<UserEntity>;

  @Column({ type: 'varchar', length: 320 })
  value: string;

  @Column({ name: 'value_norm', type: 'varchar', length: 320 })
  valueNorm: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  display: string | null;
}
