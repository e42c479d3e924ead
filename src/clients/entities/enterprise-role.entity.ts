import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CatalogueColumns } from './catalogue-columns.base';
import { ClientEntity } from './client.entity';

/** An enterprise role of a client's catalogue, granted by ENTERPRISE authorizations (USER-SCHEMA.md §3.2). */
@Entity({ name: 'enterprise_roles' })
@Index('UQ_enterprise_roles_client_ext_id', ['clientId', 'extId'], { unique: true })
export class EnterpriseRoleEntity extends CatalogueColumns {
  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'FK_enterprise_roles_client' })
  client?: Relation<ClientEntity>;

  @Column({ name: 'ext_id', type: 'varchar', length: 64 })
  extId: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;
}
