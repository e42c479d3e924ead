import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CatalogueColumns } from './catalogue-columns.base';
import type { PropertyScope, PropertyType } from '../catalogue/property-definition.rules';
import { ClientEntity } from './client.entity';

/**
 * A custom property a client defines for users, profiles or credentials (USER-SCHEMA.md §3.4). The rules a
 * definition must satisfy, and that values will be checked against, are in `property-definition.rules.ts`.
 */
@Entity({ name: 'property_definitions' })
@Index('UQ_property_definitions_client_scope_name', ['clientId', 'scope', 'name'], { unique: true })
export class PropertyDefinitionEntity extends CatalogueColumns {
  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'FK_property_definitions_client' })
  client?: Relation<ClientEntity>;

  /** Words separated by single spaces; no word is a filter keyword. */
  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  scope: PropertyScope;

  @Column({ type: 'varchar', length: 16 })
  type: PropertyType;

  @Column({ name: 'max_length', type: 'int', nullable: true })
  maxLength: number | null;

  /** A JavaScript regular expression the whole value must match (string properties only). */
  @Column({ type: 'varchar', length: 256, nullable: true })
  pattern: string | null;

  /** The permitted values as a JSON array of values of `type`; null when any value of the type is allowed. */
  @Column({ name: 'allowed_values', type: 'text', nullable: true })
  allowedValues: string | null;

  @Column({ type: 'boolean' })
  required: boolean;

  @Column({ name: 'unique_per_client', type: 'boolean' })
  uniquePerClient: boolean;
}
