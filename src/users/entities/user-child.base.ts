import { Column, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Columns every row owned by a user carries: its id, its tenant (every table has `client_id`) and its user.
 * Each entity declares the foreign key to the user with its own name.
 */
export abstract class UserOwnedColumns {
  /** `int`, not bigint: see PERFORMANCE.md (TypeORM trap 3). */
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  id: number;

  @Column({ name: 'client_id', type: 'int' })
  clientId: number;

  @Column({ name: 'user_id', type: 'bigint' })
  userId: string;
}

/**
 * The rows of a user's multi-valued core attributes: also the element's position, so an attribute reads back
 * in the order it was written, its type and its primary flag.
 */
export abstract class UserChildColumns extends UserOwnedColumns {
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  type: string | null;

  @Column({ type: 'boolean' })
  primary: boolean;
}
