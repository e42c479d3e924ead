import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { UnitEntity } from '../../clients/entities/unit.entity';
import { UserOwnedColumns } from './user-child.base';
import { UserEntity } from './user.entity';

/** A profile places a user in one unit of the client's catalogue (USER-SCHEMA.md §3.2). */
@Entity({ name: 'profiles' })
@Index('UQ_profiles_client_user_ext_id', ['clientId', 'userId', 'extId'], { unique: true })
@Index('IDX_profiles_user', ['userId'])
@Index('IDX_profiles_unit', ['unitId'])
export class ProfileEntity extends UserOwnedColumns {
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_profiles_user' })
  user?: Relation<UserEntity>;

  @Column({ name: 'ext_id', type: 'varchar', length: 64 })
  extId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name: string | null;

  /** The unit; a unit still holding profiles cannot be deleted. */
  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @ManyToOne(() => UnitEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'FK_profiles_unit' })
  unit?: Relation<UnitEntity>;

  @Column({ type: 'varchar', length: 16 })
  state: string;

  @Column({ name: 'is_default', type: 'boolean' })
  isDefault: boolean;

  @Column({ name: 'valid_from', type: 'datetime', precision: 3, nullable: true })
  validFrom: Date | null;

  @Column({ name: 'valid_to', type: 'datetime', precision: 3, nullable: true })
  validTo: Date | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  remarks: string | null;
}
