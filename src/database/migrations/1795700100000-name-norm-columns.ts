import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { binaryCollation } from './table-api';

const NORM_COLUMNS = [
  ['display_name_norm', 'IDX_users_client_display_name'],
  ['family_name_norm', 'IDX_users_client_family_name'],
  ['given_name_norm', 'IDX_users_client_given_name'],
] as const;

/**
 * Normalised (NFKC + lower case) copies of displayName, name.familyName and name.givenName, indexed with the
 * client, so that case-insensitive `eq`/`sw` filters and sorting on them use an index on every engine; and
 * the (client_id, id) index that list pages are read from; and the clients' user counters.
 */
export class NameNormColumns1795700100000 implements MigrationInterface {
  name = 'NameNormColumns1795700100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const collation = binaryCollation(queryRunner);
    for (const [column, index] of NORM_COLUMNS) {
      await queryRunner.addColumn(
        'users',
        new TableColumn({ name: column, type: 'varchar', length: '255', isNullable: true, collation }),
      );
      await queryRunner.createIndex(
        'users',
        new TableIndex({ name: index, columnNames: ['client_id', column] }),
      );
    }
    // (client_id, id): the list order, so a page of ids is read from the index without a sort.
    await queryRunner.createIndex(
      'users',
      new TableIndex({ name: 'IDX_users_client_id', columnNames: ['client_id', 'id'] }),
    );
    await queryRunner.addColumn(
      'clients',
      new TableColumn({ name: 'user_count', type: 'int', isNullable: false, default: 0 }),
    );
    await queryRunner.query(
      'UPDATE clients SET user_count = (SELECT COUNT(*) FROM users WHERE users.client_id = clients.id)',
    );
    // Existing rows: lower-case in SQL (NFKC is applied to every value written from now on).
    await queryRunner.query(
      'UPDATE users SET display_name_norm = LOWER(display_name), family_name_norm = LOWER(family_name), given_name_norm = LOWER(given_name)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('clients', 'user_count');
    await queryRunner.dropIndex('users', 'IDX_users_client_id');
    for (const [column, index] of NORM_COLUMNS) {
      await queryRunner.dropIndex('users', index);
      await queryRunner.dropColumn('users', column);
    }
  }
}
