import { Column, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Columns every entry of a client's catalogue carries (units, roles, enterprise roles, property
 * definitions): its id, its client (each entity declares the foreign key with its own name), a free-text
 * description and the timestamps.
 */
export abstract class CatalogueColumns {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id: number;

  @Column({ name: 'client_id', type: 'int' })
  clientId: number;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
