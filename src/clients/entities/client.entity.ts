import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ClientState = 'active' | 'disabled';

/** A tenant ("client" in nevisIDM), named in SCIM URLs by its `extId`. */
@Entity({ name: 'clients' })
@Index('UQ_clients_ext_id', ['extId'], { unique: true })
export class ClientEntity {
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id: number;

  @Column({ name: 'ext_id', type: 'varchar', length: 64 })
  extId: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 16 })
  state: ClientState;

  /** Client settings as JSON, only the values that differ from the defaults. */
  @Column({ type: 'text' })
  settings: string;

  /** Users of the client, kept in the transactions that create and delete them (unfiltered totalResults). */
  @Column({ name: 'user_count', type: 'int', default: 0 })
  userCount: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
