import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { EnterpriseRoleEntity } from '../../clients/entities/enterprise-role.entity';
import { RoleEntity } from '../../clients/entities/role.entity';
import { ProfileEntity } from './profile.entity';
import { UserOwnedColumns } from './user-child.base';
import { UserEntity } from './user.entity';

export type AuthorizationKind = 'APPLICATION' | 'IDM' | 'ENTERPRISE';

/**
 * An authorization of a profile (USER-SCHEMA.md §3.2): a role (APPLICATION, IDM) or an enterprise role
 * (ENTERPRISE) of the client's catalogue, each at most once per profile (the unique indexes).
 */
@Entity({ name: 'authorizations' })
@Index('UQ_authorizations_client_user_ext_id', ['clientId', 'userId', 'extId'], { unique: true })
@Index('UQ_authorizations_client_profile_role', ['clientId', 'profileId', 'roleId'], { unique: true })
@Index('UQ_authorizations_client_profile_enterprise_role', ['clientId', 'profileId', 'enterpriseRoleId'], {
  unique: true,
})
@Index('IDX_authorizations_user', ['userId'])
@Index('IDX_authorizations_profile', ['profileId'])
@Index('IDX_authorizations_role', ['roleId'])
@Index('IDX_authorizations_enterprise_role', ['enterpriseRoleId'])
export class AuthorizationEntity extends UserOwnedColumns {
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_authorizations_user' })
  user?: Relation<UserEntity>;

  @Column({ name: 'profile_id', type: 'int' })
  profileId: number;

  @ManyToOne(() => ProfileEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'profile_id', foreignKeyConstraintName: 'FK_authorizations_profile' })
  profile?: Relation<ProfileEntity>;

  @Column({ name: 'ext_id', type: 'varchar', length: 64 })
  extId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 16 })
  kind: AuthorizationKind;

  @Column({ name: 'role_id', type: 'int', nullable: true })
  roleId: number | null;

  @ManyToOne(() => RoleEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'role_id', foreignKeyConstraintName: 'FK_authorizations_role' })
  role?: Relation<RoleEntity>;

  @Column({ name: 'enterprise_role_id', type: 'int', nullable: true })
  enterpriseRoleId: number | null;

  @ManyToOne(() => EnterpriseRoleEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'enterprise_role_id', foreignKeyConstraintName: 'FK_authorizations_enterprise_role' })
  enterpriseRole?: Relation<EnterpriseRoleEntity>;

  /** IDM only: the data room as JSON. */
  @Column({ name: 'data_room', type: 'text', nullable: true })
  dataRoom: string | null;

  @Column({ name: 'valid_from', type: 'datetime', precision: 3, nullable: true })
  validFrom: Date | null;

  @Column({ name: 'valid_to', type: 'datetime', precision: 3, nullable: true })
  validTo: Date | null;
}
