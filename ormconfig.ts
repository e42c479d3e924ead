import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app.config';
import { buildDataSourceOptions } from './src/database/data-source.options';

/** The DataSource the TypeORM CLI uses (`npm run migration:run`), configured from the same environment. */
export default new DataSource({
  ...buildDataSourceOptions(loadConfig(process.env).db),
  migrationsRun: false,
});
