import { Column, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Columns every child row of a user carries: its tenant (every table has `client_id`), its user, and the
 * element's position so a multi-valued attribute reads back in the order it was written.
 */
export abstract class UserChildColumns {
  /** `int`, not bigint: see PERFORMANCE.md (TypeORM trap 3). */
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id: number;

  @Column({ name: 'client_id', type: 'int' })
  clientId: number;

  @Column({ name: 'user_id', type: 'bigint' })
  userId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  type: string | null;

  @Column({ type: 'boolean' })
  primary: boolean;
}
