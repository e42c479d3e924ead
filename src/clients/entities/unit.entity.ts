import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CatalogueColumns } from './catalogue-columns.base';
import { ClientEntity } from './client.entity';

/**
 * An organisational unit of a client's catalogue (USER-SCHEMA.md §3.2): profiles place users in units.
 * Units form a tree through `parentExtId`, checked by the service (an existing unit of the same client,
 * no cycles) rather than by a foreign key, so the tree stays addressable by extId on every engine.
 */
@Entity({ name: 'units' })
@Index('UQ_units_client_ext_id', ['clientId', 'extId'], { unique: true })
@Index('IDX_units_client_parent', ['clientId', 'parentExtId'])
export class UnitEntity extends CatalogueColumns {
  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'FK_units_client' })
  client?: Relation<ClientEntity>;

  @Column({ name: 'ext_id', type: 'varchar', length: 64 })
  extId: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ name: 'parent_ext_id', type: 'varchar', length: 64, nullable: true })
  parentExtId: string | null;
}
