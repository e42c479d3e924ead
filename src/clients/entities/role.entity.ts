import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CatalogueColumns } from './catalogue-columns.base';
import { ClientEntity } from './client.entity';

/**
 * A role of an application in a client's catalogue. Authorizations name it as `<application>.<role>`
 * (USER-SCHEMA.md §3.2); the application has no dot, so the first dot separates the two.
 */
@Entity({ name: 'roles' })
@Index('UQ_roles_client_application_name', ['clientId', 'application', 'name'], { unique: true })
export class RoleEntity extends CatalogueColumns {
  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'FK_roles_client' })
  client?: Relation<ClientEntity>;

  @Column({ type: 'varchar', length: 64 })
  application: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;
}
