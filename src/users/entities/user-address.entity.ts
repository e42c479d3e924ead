import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { UserChildColumns } from './user-child.base';
import { UserEntity } from './user.entity';

@Entity({ name: 'user_addresses' })
@Index('IDX_user_addresses_user', ['userId'])
export class UserAddressEntity extends UserChildColumns {
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_user_addresses_user' })
  user?: Relation<UserEntity>;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  formatted: string | null;

  @Column({ name: 'street_address', type: 'varchar', length: 512, nullable: true })
  streetAddress: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  locality: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  region: string | null;

  @Column({ name: 'postal_code', type: 'varchar', length: 32, nullable: true })
  postalCode: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  country: string | null;
}
