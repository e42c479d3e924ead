import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { PropertyDefinitionEntity } from '../../clients/entities/property-definition.entity';
import { UserOwnedColumns } from './user-child.base';
import { UserEntity } from './user.entity';

/**
 * A custom property value (USER-SCHEMA.md §3.4) of a user (`owner_ext_id` empty), or of one of its
 * profiles or credentials (their extId). `unique_key` — the SHA-256 of the value, set only when the
 * definition is unique per client — makes the database refuse a second holder of the same value.
 */
@Entity({ name: 'property_values' })
@Index(
  'UQ_property_values_client_user_owner_definition',
  ['clientId', 'userId', 'ownerExtId', 'definitionId'],
  { unique: true },
)
@Index('UQ_property_values_client_definition_unique_key', ['clientId', 'definitionId', 'uniqueKey'], {
  unique: true,
})
@Index('IDX_property_values_user', ['userId'])
@Index('IDX_property_values_definition', ['definitionId'])
export class PropertyValueEntity extends UserOwnedColumns {
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_property_values_user' })
  user?: Relation<UserEntity>;

  @Column({ name: 'definition_id', type: 'int' })
  definitionId: number;

  @ManyToOne(() => PropertyDefinitionEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'definition_id', foreignKeyConstraintName: 'FK_property_values_definition' })
  definition?: Relation<PropertyDefinitionEntity>;

  @Column({ name: 'owner_ext_id', type: 'varchar', length: 64 })
  ownerExtId: string;

  @Column({ type: 'text' })
  value: string;

  @Column({ name: 'unique_key', type: 'varchar', length: 64, nullable: true })
  uniqueKey: string | null;
}
