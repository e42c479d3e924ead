import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ClientEntity } from '../../clients/entities/client.entity';
import { LoginColumns } from './login-columns';

export type UserState = 'active' | 'disabled' | 'archived';

/**
 * A user of one client: the singular core and enterprise attributes. Multi-valued attributes live in
 * child tables. `user_name_norm` (NFKC + lower case) carries the per-client uniqueness and lookups.
 */
@Entity({ name: 'users' })
@Index('UQ_users_client_user_name', ['clientId', 'userNameNorm'], { unique: true })
@Index('UQ_users_client_external_id', ['clientId', 'externalId'], { unique: true })
@Index('IDX_users_client_updated', ['clientId', 'updatedAt'])
@Index('IDX_users_client_created', ['clientId', 'createdAt'])
@Index('IDX_users_client_id', ['clientId', 'id'])
@Index('IDX_users_client_display_name', ['clientId', 'displayNameNorm'])
@Index('IDX_users_client_family_name', ['clientId', 'familyNameNorm'])
@Index('IDX_users_client_given_name', ['clientId', 'givenNameNorm'])
export class UserEntity {
  /** bigint: a string from MariaDB, a number from SQLite — normalised to a string by the repository. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'client_id', type: 'int' })
  clientId: number;

  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'FK_users_client' })
  client?: Relation<ClientEntity>;

  @Column({ name: 'user_name', type: 'varchar', length: 255 })
  userName: string;

  @Column({ name: 'user_name_norm', type: 'varchar', length: 255 })
  userNameNorm: string;

  @Column({ name: 'external_id', type: 'varchar', length: 255, nullable: true })
  externalId: string | null;

  @Column({ name: 'family_name', type: 'varchar', length: 255, nullable: true })
  familyName: string | null;

  /** NFKC + lower case of `familyName`, for case-insensitive filters and sorting (indexed). */
  @Column({ name: 'family_name_norm', type: 'varchar', length: 255, nullable: true })
  familyNameNorm: string | null;

  @Column({ name: 'given_name', type: 'varchar', length: 255, nullable: true })
  givenName: string | null;

  /** NFKC + lower case of `givenName`, for case-insensitive filters and sorting (indexed). */
  @Column({ name: 'given_name_norm', type: 'varchar', length: 255, nullable: true })
  givenNameNorm: string | null;

  @Column({ name: 'middle_name', type: 'varchar', length: 255, nullable: true })
  middleName: string | null;

  @Column({ name: 'honorific_prefix', type: 'varchar', length: 255, nullable: true })
  honorificPrefix: string | null;

  @Column({ name: 'honorific_suffix', type: 'varchar', length: 255, nullable: true })
  honorificSuffix: string | null;

  @Column({ name: 'display_name', type: 'varchar', length: 255, nullable: true })
  displayName: string | null;

  /** NFKC + lower case of `displayName`, for case-insensitive filters and sorting (indexed). */
  @Column({ name: 'display_name_norm', type: 'varchar', length: 255, nullable: true })
  displayNameNorm: string | null;

  @Column({ name: 'nick_name', type: 'varchar', length: 255, nullable: true })
  nickName: string | null;

  @Column({ name: 'profile_url', type: 'varchar', length: 1024, nullable: true })
  profileUrl: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  title: string | null;

  @Column({ name: 'user_type', type: 'varchar', length: 64, nullable: true })
  userType: string | null;

  @Column({ name: 'preferred_language', type: 'varchar', length: 64, nullable: true })
  preferredLanguage: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  locale: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  timezone: string | null;

  /** nevisIDM user state; core `active` is `state === 'active'`. */
  @Column({ type: 'varchar', length: 16 })
  state: UserState;

  @Column({ name: 'employee_number', type: 'varchar', length: 255, nullable: true })
  employeeNumber: string | null;

  @Column({ name: 'cost_center', type: 'varchar', length: 255, nullable: true })
  costCenter: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  organization: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  division: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  department: string | null;

  /** The manager's user id as the connector sent it (resolved within the client when read). */
  @Column({ name: 'manager_value', type: 'varchar', length: 64, nullable: true })
  managerValue: string | null;

  /** nevisIDM isTechnicalUser (null: not set). */
  @Column({ name: 'technical_user', type: 'boolean', nullable: true })
  technicalUser: boolean | null;

  /** YYYY-MM-DD */
  @Column({ name: 'birth_date', type: 'varchar', length: 10, nullable: true })
  birthDate: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  gender: string | null;

  @Column({ name: 'valid_from', type: 'datetime', precision: 3, nullable: true })
  validFrom: Date | null;

  @Column({ name: 'valid_to', type: 'datetime', precision: 3, nullable: true })
  validTo: Date | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  remarks: string | null;

  @Column(() => LoginColumns, { prefix: false })
  login: LoginColumns;

  /** Optimistic lock and `meta.version`. */
  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
