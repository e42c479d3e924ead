import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { UserChildColumns } from './user-child.base';
import { UserEntity } from './user.entity';

/** The generic multi-valued attributes (ims, photos, entitlements, roles, x509Certificates). */
export const GENERIC_MULTI_VALUED = ['ims', 'photos', 'entitlements', 'roles', 'x509Certificates'] as const;
export type GenericMultiValued = (typeof GENERIC_MULTI_VALUED)[number];

@Entity({ name: 'user_multi_values' })
@Index('IDX_user_multi_values_user', ['userId'])
export class UserMultiValueEntity extends UserChildColumns {
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_user_multi_values_user' })
  user?: Relation<UserEntity>;

  @Column({ type: 'varchar', length: 32 })
  attribute: GenericMultiValued;

  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  display: string | null;
}
