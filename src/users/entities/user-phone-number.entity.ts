import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { UserChildColumns } from './user-child.base';
import { UserEntity } from './user.entity';

@Entity({ name: 'user_phone_numbers' })
@Index('IDX_user_phone_numbers_user', ['userId'])
@Index('IDX_user_phone_numbers_client_value', ['clientId', 'valueNorm'])
export class UserPhoneNumberEntity extends UserChildColumns {
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_user_phone_numbers_user' })
  user?: Relation<UserEntity>;

  @Column({ type: 'varchar', length: 64 })
  value: string;

  @Column({ name: 'value_norm', type: 'varchar', length: 64 })
  valueNorm: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  display: string | null;
}
